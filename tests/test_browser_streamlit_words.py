"""Streamlit's own words in the page are Vietnamese whatever the tablet's language: the uploader,
the tables' toolbar and its tooltips, and the dialog shown when the Wi-Fi drops. Real server, demo
store, chromium in en-US (where an English word would pass unnoticed in vi-VN too)."""

from __future__ import annotations

import pytest

from browser import TABLETS, NetworkCut, dashboard_server, wait_for_app

pytestmark = pytest.mark.browser

ENGLISH = ("Upload", "per file", "Drag and drop", "Connection error", "Search", "Fullscreen", "Show/hide columns",
           "Streamlit server is not responding")


@pytest.fixture(scope="module")
def server(demo_db):
    with dashboard_server(demo_db, DASHBOARD_TEST_ACCOUNT="editor") as url:
        yield url


@pytest.fixture(params=["en-US", "vi-VN"])
def page(browser, request):
    context = browser.new_context(viewport=TABLETS["portrait"], locale=request.param)
    yield context.new_page()
    context.close()


def visible_text(page) -> str:
    return page.locator("body").inner_text()


def test_the_uploader_speaks_vietnamese(server, page):
    page.goto(f"{server}/cap_nhat_du_lieu")
    wait_for_app(page)
    uploader = page.locator('[data-testid="stFileUploader"]').first
    uploader.wait_for(timeout=30000)
    page.wait_for_function("() => document.querySelector('[data-testid=stFileUploader]')?.innerText.includes('mỗi tệp')",
                           timeout=15000)
    text = uploader.inner_text()
    assert "Chọn tệp" in text and "Tối đa 50 MB mỗi tệp • XLSX" in text
    assert not [w for w in ENGLISH if w in text]


def test_the_table_toolbar_and_its_tooltips_speak_vietnamese(server, page):
    page.goto(f"{server}/nhiem_vu")
    wait_for_app(page)
    table = page.locator('[data-testid="stDataFrame"]').first
    table.wait_for(timeout=30000)
    table.hover()
    buttons = page.locator('[data-testid="stBaseButton-elementToolbar"]')
    buttons.first.wait_for(timeout=10000)
    labels = {b.get_attribute("aria-label") for b in buttons.all()}
    assert {"Tìm", "Toàn màn hình", "Ẩn, hiện cột"} <= labels, labels
    assert not labels & set(ENGLISH)
    buttons.first.hover()
    tooltip = page.locator('[role="tooltip"]').first
    tooltip.wait_for(timeout=10000)
    assert tooltip.inner_text().strip() in {"Tìm", "Toàn màn hình", "Ẩn, hiện cột"}


def test_a_dropped_connection_is_told_in_vietnamese(server, page):
    link = NetworkCut(server)
    try:
        page.goto(link.url)
        wait_for_app(page)
        link.cut()
        dialog = page.locator('[data-testid="stDialog"]').first
        dialog.wait_for(timeout=30000)
        page.wait_for_function("() => document.querySelector('[data-testid=stDialog]')?.innerText.includes('Mất kết nối')",
                               timeout=10000)
        text = dialog.inner_text()
        assert "Không liên lạc được với máy chủ" in text
        assert not [w for w in ENGLISH if w in visible_text(page)]
        link.restore()
        dialog.wait_for(state="hidden", timeout=60000)  # back by itself, nothing to tap
    finally:
        link.close()
