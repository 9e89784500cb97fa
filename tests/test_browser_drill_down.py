"""One tap on a row of a table opens its detail view in the same tab, rows are at least 44 px tall,
and the address is then the view's shared link (copying it keeps the drilled view). Coming back
to the list does not open the row again. Real server, demo store, chromium, both languages."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from browser import TABLETS, dashboard_server, wait_for_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(demo_db):
    with dashboard_server(demo_db) as url:
        yield url


ROW = 44  # a tablet's tap target
HEADER = 36  # the height of Streamlit's grid header, above the first row


def tap_first_row(page, table, into: float = ROW / 2) -> None:
    """A tap `into` px below the top of the first data row (the grid draws on a canvas: by position)."""
    box = table.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + HEADER + into)


def query(page) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


@pytest.mark.parametrize("size", ["landscape", "portrait"])
@pytest.mark.parametrize("locale", ["vi-VN", "en-US"])
def test_a_tap_on_a_scoreboard_row_opens_that_agency_in_the_same_tab(server, browser, size, locale):
    context = browser.new_context(viewport=TABLETS[size], locale=locale, has_touch=True)
    page = context.new_page()
    page.goto(f"{server}/nhiem_vu")
    wait_for_app(page)
    table = page.locator('[data-testid="stDataFrame"]').first
    table.wait_for(timeout=30000)
    assert table.get_by_text("Mở").count() == 0  # no small link column left to aim at
    opened = []
    for into in (3, ROW - 3):  # near the top and near the bottom of the first row: the same row, 44 px tall
        tap_first_row(page, table, into)
        page.wait_for_function("() => location.search.includes('agency=')", timeout=30000)
        wait_for_app(page)
        assert len(context.pages) == 1  # the same tab
        opened.append(query(page)["agency"])
        page.get_by_role("heading", name=opened[-1]).first.wait_for(timeout=30000)
        if len(opened) == 1:
            page.go_back()  # back to the list, which does not open the row again by itself
            page.wait_for_function("() => !location.search.includes('agency=')", timeout=30000)
            wait_for_app(page)
            page.wait_for_timeout(1000)
            assert "agency=" not in page.url
            table = page.locator('[data-testid="stDataFrame"]').first
            table.wait_for(timeout=30000)
    assert opened[0] == opened[1]
    agency = opened[0]
    # the address is the shared link: opened afresh it shows the same agency
    fresh = context.new_page()
    fresh.goto(page.url)
    wait_for_app(fresh)
    fresh.get_by_role("heading", name=agency).first.wait_for(timeout=30000)
    context.close()


def test_a_tap_on_a_row_of_a_communes_profile_opens_its_detail_page_and_back_returns(server, browser):
    context = browser.new_context(viewport=TABLETS["landscape"], locale="en-US", has_touch=True)
    page = context.new_page()
    page.goto(f"{server}/ban_do_xa?commune=01273")
    wait_for_app(page)
    table = page.locator('[data-testid="stDataFrame"]').first  # the commune's projects
    table.wait_for(timeout=30000)
    table.scroll_into_view_if_needed()
    tap_first_row(page, table)
    page.wait_for_url("**/dau_tu_cong?project=*", timeout=30000)
    wait_for_app(page)
    assert len(context.pages) == 1
    project = query(page)["project"]
    assert project.startswith("DA-")
    page.get_by_role("button", name="← Về danh sách dự án").wait_for(timeout=30000)  # the project's own view
    page.go_back()
    wait_for_app(page)
    page.wait_for_timeout(1500)
    assert "/ban_do_xa" in page.url  # back on the map page, not sent to the project again
    assert "/dau_tu_cong" not in page.url
    context.close()
