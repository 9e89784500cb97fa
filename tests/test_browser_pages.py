"""Every page in a real browser at both tablet sizes: it loads, shows no error, and never scrolls sideways;
a shared link reopens the same drill-down."""

from __future__ import annotations

import duckdb
import pytest

from browser import (TABLETS, chromium, dashboard_server, has_horizontal_scroll, screenshot, wait_for_app,
                     wait_for_charts)
from data_pipeline import store

pytestmark = pytest.mark.browser

PAGES = {
    "tong_quan": "Tổng quan điều hành", "nhiem_vu": "Nhiệm vụ UBND tỉnh giao",
    "dau_tu_cong": "Giải ngân vốn đầu tư công", "ban_do_xa": None, "khoang_san": "Khai thác khoáng sản",
    "thu_ngan_sach": "Thu ngân sách nhà nước", "cua_khau": "Xuất nhập khẩu qua cửa khẩu",
    "cap_nhat_du_lieu": None, "trinh_chieu": "Trình chiếu cảnh báo đỏ",
}


@pytest.fixture(scope="module")
def server(demo_db):
    with dashboard_server(demo_db) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.mark.parametrize("size", list(TABLETS))
@pytest.mark.parametrize("path", list(PAGES))
def test_page_loads_without_error_or_sideways_scroll(server, browser, path, size):
    page = browser.new_page(viewport=TABLETS[size])
    page.goto(f"{server}/{path}" if path != "tong_quan" else server)
    wait_for_app(page)
    if PAGES[path]:
        page.get_by_role("heading", name=PAGES[path]).first.wait_for(timeout=20000)
    wait_for_charts(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Page not found" not in page.content()
    assert not has_horizontal_scroll(page), f"{path} scrolls sideways at {size}"
    screenshot(page, f"{path}-{size}")
    page.close()


def test_shared_task_link_reopens_the_task(server, browser, demo_db):
    con = duckdb.connect(str(store.snapshot_path(demo_db)), read_only=True)
    task_id, title = con.execute(
        "select task_id, title from tasks where status = 'overdue' order by task_id limit 1").fetchone()
    con.close()
    page = browser.new_page(viewport=TABLETS["landscape"])
    page.goto(f"{server}/nhiem_vu?task={task_id}")
    wait_for_app(page)
    page.get_by_role("heading", name=title).first.wait_for(timeout=20000)
    screenshot(page, "nhiem_vu-task-link")
    page.close()


def test_tapping_a_warning_opens_its_detail(server, browser):
    page = browser.new_page(viewport=TABLETS["landscape"])
    page.goto(server)
    wait_for_app(page)
    page.get_by_text("Xem chi tiết →").first.click()
    wait_for_app(page)
    assert "?" in page.url and any(k in page.url for k in ("task=", "project=", "mine=", "item="))
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()


@pytest.mark.parametrize("locale", ["vi-VN", "en-US"])
@pytest.mark.parametrize("size", list(TABLETS))
def test_buttons_of_the_home_page_are_at_least_44_px_tall(server, browser, size, locale):
    context = browser.new_context(viewport=TABLETS[size], locale=locale)
    page = context.new_page()
    page.goto(server)
    wait_for_app(page)
    page.get_by_role("heading", name="Tổng quan điều hành").first.wait_for(timeout=20000)
    for name in ("Báo cáo nhanh", "Trang sau"):
        button = page.get_by_role("button", name=name).first
        button.wait_for(timeout=20000)
        box = button.bounding_box()
        assert box["height"] >= 44, f"«{name}» is {box['height']:.0f} px tall at {size}"
    assert page.get_by_role("button", name="Trang sau").count() == 2  # above and below the long list
    context.close()
