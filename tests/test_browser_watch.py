"""In a real browser at both tablet sizes: the top bar holds every page without folding any into
Streamlit's "more" menu, the economic pages open from their menu, the Tăng trưởng and Hành chính
pages never scroll sideways, and their shared links and warnings open the right drill-down."""

from __future__ import annotations

import re

import duckdb
import pytest

from browser import TABLETS, chromium, dashboard_server, has_horizontal_scroll, screenshot, wait_for_app, wait_for_charts
from data_pipeline import store

pytestmark = pytest.mark.browser

TOP_LINKS = ["Tổng quan", "Nhiệm vụ", "Bản đồ", "Hành chính", "Trình chiếu"]
ECONOMY = ["Tăng trưởng", "Đầu tư", "Ngân sách", "Cửa khẩu", "Khoáng sản"]
HEADINGS = {"tang_truong": "Kịch bản tăng trưởng GRDP", "hanh_chinh": "Thủ tục hành chính, đơn thư"}


@pytest.fixture(scope="module")
def server(demo_db):
    with dashboard_server(demo_db) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def one(db, query: str):
    con = duckdb.connect(str(store.snapshot_path(db)), read_only=True)
    try:
        return con.execute(query).fetchone()
    finally:
        con.close()


@pytest.mark.parametrize("size", list(TABLETS))
def test_top_bar_fits_every_page_without_a_more_menu(server, browser, size):
    page = browser.new_page(viewport=TABLETS[size])
    page.goto(server)
    wait_for_app(page)
    nav = page.locator('[data-testid="stTopNav"]')
    assert not re.search(r"\d+\s*more", nav.inner_text()), "pages folded into the overflow menu"
    links = page.locator('[data-testid="stTopNavLink"]')
    assert [re.sub(r"^[a-z_]+\s+", "", t.strip()) for t in links.all_inner_texts()] == TOP_LINKS
    menu = page.locator('[data-testid="stTopNavSection"]').filter(has_text="Kinh tế")
    assert menu.count() == 1
    for box in [links.nth(i).bounding_box() for i in range(links.count())] + [menu.bounding_box()]:
        assert box["x"] >= 0 and box["x"] + box["width"] <= TABLETS[size]["width"]
        assert box["height"] >= 44  # a tap target
    assert not has_horizontal_scroll(page)
    page.close()


def test_economic_pages_open_from_their_menu(server, browser):
    page = browser.new_page(viewport=TABLETS["portrait"])
    page.goto(server)
    wait_for_app(page)
    page.locator('[data-testid="stTopNavSection"]').click()
    items = page.locator('[data-testid="stTopNavDropdownLink"]')
    items.first.wait_for()
    assert [re.sub(r"^[a-z_]+\s+", "", t.strip()) for t in items.all_inner_texts()] == ECONOMY
    screenshot(page, "top-bar-economy-menu-portrait")
    items.filter(has_text="Tăng trưởng").click()
    wait_for_app(page)
    assert page.url.endswith("/tang_truong")
    page.get_by_role("heading", name=HEADINGS["tang_truong"]).first.wait_for(timeout=20000)
    page.close()


@pytest.mark.parametrize("size", list(TABLETS))
@pytest.mark.parametrize("path", list(HEADINGS))
def test_new_pages_load_without_error_or_sideways_scroll(server, browser, path, size):
    page = browser.new_page(viewport=TABLETS[size])
    page.goto(f"{server}/{path}")
    wait_for_app(page)
    page.get_by_role("heading", name=HEADINGS[path]).first.wait_for(timeout=20000)
    wait_for_charts(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert not has_horizontal_scroll(page), f"{path} scrolls sideways at {size}"
    screenshot(page, f"{path}-{size}")
    page.close()


def test_shared_links_reopen_a_sector_and_a_case(server, browser, demo_db):
    code, sector = one(demo_db, "select sector_code, sector from growth where sector = 'Khai khoáng' limit 1")
    pid, content = one(demo_db, "select petition_id, content from petitions where status = 'pending' "
                                "order by received_on limit 1")
    page = browser.new_page(viewport=TABLETS["portrait"])
    page.goto(f"{server}/tang_truong?sector={code}")
    wait_for_app(page)
    page.get_by_role("heading", name=sector).first.wait_for(timeout=20000)
    page.goto(f"{server}/hanh_chinh?petition={pid}")
    wait_for_app(page)
    page.get_by_role("heading", name=content).first.wait_for(timeout=20000)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()


def test_tapping_a_growth_warning_opens_the_sector(server, browser):
    page = browser.new_page(viewport=TABLETS["landscape"])
    page.goto(server)
    wait_for_app(page)
    page.locator('[data-testid="stButtonGroup"] button', has_text="Tăng trưởng").click()
    wait_for_app(page)
    page.get_by_text("Xem chi tiết →").first.click()
    wait_for_app(page)
    assert "/tang_truong?sector=" in page.url
    page.get_by_role("heading", name=HEADINGS["tang_truong"]).first.wait_for(timeout=20000)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()
