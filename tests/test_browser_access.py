"""Sign-in and roles in a real browser against a real server, with real accounts in the store: nothing
shows before signing in, a viewer's navigation has no update or admin pages and typing their URLs
shows a refusal, an administrator's navigation fits a portrait tablet, and tables offer no
unescaped download. Debian's headless chromium; screenshots in tests/artifacts/."""

from __future__ import annotations

import pytest

from access_fixtures import PASSWORDS, add_accounts, copy_store
from browser import TABLETS, chromium, dashboard_server, has_horizontal_scroll, screenshot, wait_for_app

pytestmark = pytest.mark.browser

UPLOADER = '[data-testid="stFileUploader"]'
NAV_LINK = '[data-testid="stTopNavLink"]'


@pytest.fixture(scope="module")
def server(demo_db, tmp_path_factory):
    db = copy_store(demo_db, tmp_path_factory.mktemp("access"))
    add_accounts(db)
    with dashboard_server(db, DASHBOARD_TEST_ACCOUNT="") as url:  # no test account: real sign-in
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def new_page(browser, size: str = "portrait"):
    return browser.new_context(viewport=TABLETS[size]).new_page()


def sign_in(page, username: str, password: str) -> None:
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    wait_for_app(page)


def go_within_session(page, path: str) -> None:
    """Open a URL inside the same browser session, as a typed or bookmarked link does once signed in."""
    page.evaluate(f"() => {{ history.pushState({{}}, '', '/{path}'); dispatchEvent(new PopStateEvent('popstate')); }}")
    wait_for_app(page)


def nav_texts(page) -> str:
    return " ".join(page.locator(NAV_LINK).all_inner_texts()) + " " + page.locator(
        '[data-testid="stTopNav"]').inner_text()


def test_nothing_shows_before_signing_in_even_by_url(server, browser):
    page = new_page(browser)
    for path in ("", "dau_tu_cong", "cap_nhat_du_lieu", "tai_khoan", "nhat_ky"):
        page.goto(f"{server}/{path}")
        wait_for_app(page)
        page.get_by_role("heading", name="Đăng nhập").first.wait_for(timeout=20000)
        assert page.locator('[data-testid="stMetric"]').count() == 0, path
        assert page.locator(UPLOADER).count() == 0, path
        assert page.locator('[data-testid="stTopNav"]').count() == 0, path
    screenshot(page, "sign-in-portrait")
    page.close()


def test_viewer_cannot_reach_the_update_page_by_navigation_or_url(server, browser):
    page = new_page(browser)
    page.goto(server)
    wait_for_app(page)
    sign_in(page, "lanhdao", PASSWORDS["lanhdao"])
    page.get_by_role("heading", name="Tổng quan điều hành").first.wait_for(timeout=30000)
    nav = nav_texts(page)
    assert "Nhiệm vụ" in nav and "Kinh tế" in nav
    assert "Cập nhật" not in nav and "Quản lý" not in nav and "Nhật ký" not in nav
    assert page.locator('a[href$="/cap_nhat_du_lieu"]').count() == 0
    for path in ("cap_nhat_du_lieu", "tai_khoan", "nhat_ky"):
        go_within_session(page, path)
        page.get_by_text("Tài khoản của bạn không được mở trang này").first.wait_for(timeout=20000)
        assert page.locator(UPLOADER).count() == 0, path
        assert page.locator('[data-testid="stDataFrame"]').count() == 0, path
    screenshot(page, "viewer-refused-portrait")
    page.goto(f"{server}/cap_nhat_du_lieu")  # a fresh visit to the link: still signed in, still refused
    wait_for_app(page)
    page.get_by_text("Tài khoản của bạn không được mở trang này").first.wait_for(timeout=20000)
    assert page.locator(UPLOADER).count() == 0
    page.close()


def test_wrong_password_is_refused_in_the_browser(server, browser):
    page = new_page(browser)
    page.goto(server)
    wait_for_app(page)
    sign_in(page, "lanhdao", "khong-phai-mat-khau")
    page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng.").wait_for(timeout=20000)
    assert page.locator('[data-testid="stMetric"]').count() == 0
    page.close()


@pytest.mark.parametrize("size", list(TABLETS))
def test_administrator_menu_fits_the_tablet_and_opens_accounts_and_audit(server, browser, size):
    page = new_page(browser, size)
    page.goto(server)
    wait_for_app(page)
    sign_in(page, "quantri2", PASSWORDS["quantri2"])
    page.get_by_role("heading", name="Tổng quan điều hành").first.wait_for(timeout=30000)
    assert not has_horizontal_scroll(page)
    nav = page.locator('[data-testid="stTopNav"]').inner_text()
    assert "more" not in nav.lower(), f"the top bar folded pages away at {size}: {nav!r}"
    assert "Quản lý" in nav
    screenshot(page, f"admin-home-{size}")
    go_within_session(page, "nhat_ky")
    page.get_by_role("heading", name="Nhật ký").first.wait_for(timeout=30000)
    page.get_by_role("button", name="Tải về CSV").wait_for(timeout=30000)
    page.get_by_role("button", name="Tải về Excel").wait_for(timeout=30000)
    assert not has_horizontal_scroll(page)
    table = page.locator('[data-testid="stDataFrame"]').first
    table.hover()
    page.wait_for_timeout(500)
    assert page.get_by_role("button", name="Download as CSV").count() == 0, \
        "Streamlit's own table download writes formulas unescaped"
    screenshot(page, f"admin-audit-{size}")
    go_within_session(page, "tai_khoan")
    page.get_by_role("heading", name="Tài khoản").first.wait_for(timeout=30000)
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=30000)
    page.get_by_text("Thêm tài khoản").first.wait_for(timeout=30000)
    assert not has_horizontal_scroll(page)
    screenshot(page, f"admin-accounts-{size}")
    page.close()
