"""The Nhiệm vụ page's coordinator ranking and vague-report panels in a real browser on a portrait
tablet: reached by tapping their tabs, re-sorted by a tap, never scrolling sideways."""

from __future__ import annotations

import pytest

from browser import TABLETS, chromium, dashboard_server, has_horizontal_scroll, screenshot, wait_for_app, wait_for_charts

pytestmark = pytest.mark.browser


def test_coordinator_ranking_and_vague_reports_on_a_portrait_tablet(demo_db):
    with dashboard_server(demo_db) as server, chromium() as browser:
        page = browser.new_page(viewport=TABLETS["portrait"])
        page.goto(f"{server}/nhiem_vu")
        wait_for_app(page)
        page.get_by_role("tab", name="Cơ quan phối hợp chậm").click()
        wait_for_app(page)
        page.get_by_text("Xếp hạng các cơ quan phối hợp").wait_for(timeout=60000)
        wait_for_charts(page, timeout=60000)
        assert not has_horizontal_scroll(page), "the coordinator ranking scrolls sideways at 820 px"
        button = page.get_by_role("button", name="Tỷ lệ chậm").or_(page.get_by_role("radio", name="Tỷ lệ chậm")).first
        assert button.bounding_box()["height"] >= 44
        button.click()
        wait_for_app(page)
        screenshot(page, "nhiem_vu-coordinators-portrait")

        page.get_by_role("tab", name="Báo cáo chung chung").click()
        wait_for_app(page)
        page.get_by_text("Cơ quan báo cáo chủ yếu chung chung: Sở Nội vụ").wait_for(timeout=60000)
        assert not has_horizontal_scroll(page), "the vague-report panel scrolls sideways at 820 px"
        assert page.locator('[data-testid="stException"]').count() == 0
        screenshot(page, "nhiem_vu-vague-reports-portrait")
