"""The scoreboard line "Nhiều cơ quan" in a real browser: its shared link reopens the tasks given to
many agencies at once, at both tablet sizes, with no error and no sideways scroll."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from browser import TABLETS, chromium, dashboard_server, has_horizontal_scroll, screenshot, wait_for_app
from test_tasks_of_many_agencies import MANY, many_db  # noqa: F401  (the store, a module fixture)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(many_db):  # noqa: F811
    with dashboard_server(many_db) as url:
        yield url


@pytest.mark.parametrize("size", list(TABLETS))
def test_shared_link_of_the_line_of_many_lists_its_tasks(server, size):
    with chromium() as browser:
        page = browser.new_page(viewport=TABLETS[size])
        page.goto(f"{server}/nhiem_vu?agency={quote(MANY)}")
        wait_for_app(page)
        page.get_by_role("heading", name=MANY).first.wait_for(timeout=20000)
        page.get_by_text("không cộng vào số liệu của cơ quan nào").first.wait_for(timeout=20000)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stDataFrame"]').count() == 1
        assert not has_horizontal_scroll(page), f"the line of many scrolls sideways at {size}"
        screenshot(page, f"nhiem_vu-many-{size}")
        page.get_by_role("button", name="← Về bảng theo cơ quan").click()
        wait_for_app(page)
        page.get_by_role("heading", name="Nhiệm vụ UBND tỉnh giao").first.wait_for(timeout=20000)
        assert "agency=" not in page.url
        page.close()
