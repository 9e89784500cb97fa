"""A password sign-in lasts the meeting: it survives a reload, a new tab and a reconnection after
the network dropped for longer than Streamlit keeps a disconnected session, by an HttpOnly,
SameSite cookie; resetting the password, disabling the account or changing its role ends every
open tab at once, and "Đăng xuất" ends it on every device. Real server, real store, chromium."""

from __future__ import annotations

import pytest

from access_fixtures import PASSWORDS, add_accounts, copy_store
from browser import TABLETS, NetworkCut, dashboard_server, wait_for_app
from data_pipeline import accounts, sessions

pytestmark = pytest.mark.browser

HOME = "Tổng quan điều hành"
SIGN_IN = "Đăng nhập"
DISCONNECTED_TTL_S = 2  # Streamlit forgets a disconnected tab after this (120 s by default)


@pytest.fixture(scope="module")
def store_db(demo_db, tmp_path_factory):
    db = copy_store(demo_db, tmp_path_factory.mktemp("sessions"))
    add_accounts(db)
    for name in ("lanhdao2", "lanhdao3", "lanhdao4"):
        accounts.add_account(db, name, "viewer", actor="kiem-thu", password=PASSWORDS["lanhdao"])
    return db


@pytest.fixture(scope="module")
def server(store_db):
    with dashboard_server(store_db, DASHBOARD_TEST_ACCOUNT="",
                          STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL=str(DISCONNECTED_TTL_S)) as url:
        yield url


def new_context(browser, locale: str = "vi-VN"):
    return browser.new_context(viewport=TABLETS["landscape"], locale=locale)


def signed_in_page(context, server: str, username: str):
    page = context.new_page()
    page.goto(server)
    wait_for_app(page)
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORDS["lanhdao" if username.startswith("lanhdao") else username])
    button = page.get_by_role("button", name=SIGN_IN)
    assert button.bounding_box()["height"] >= 44  # a tablet's tap target
    button.click()
    wait_for_app(page)
    page.get_by_role("heading", name=HOME).first.wait_for(timeout=30000)
    wait_for_cookie(context)
    return page


def wait_for_cookie(context, timeout_s: float = 10) -> dict:
    import time

    deadline = time.time() + timeout_s
    while time.time() < deadline:
        found = [c for c in context.cookies() if c["name"] == sessions.COOKIE]
        if found:
            return found[0]
        time.sleep(0.2)
    raise AssertionError("the session cookie was never set")


def expect_home(page) -> None:
    wait_for_app(page)
    page.get_by_role("heading", name=HOME).first.wait_for(timeout=30000)
    assert page.get_by_label("Mật khẩu").count() == 0


def expect_sign_in(page) -> None:
    wait_for_app(page)
    page.get_by_role("heading", name=SIGN_IN).first.wait_for(timeout=30000)
    page.locator('input[type="password"]').first.wait_for(timeout=30000)
    assert page.get_by_role("heading", name=HOME).count() == 0


def rerun(page) -> None:
    """Any tap that runs the page again: here the navigation's Nhiệm vụ."""
    page.get_by_role("link", name="Nhiệm vụ").first.click()
    wait_for_app(page)


@pytest.mark.parametrize("locale", ["vi-VN", "en-US"])
def test_sign_in_survives_reload_and_new_tab_by_an_httponly_strict_cookie(server, browser, locale):
    context = new_context(browser, locale)
    page = signed_in_page(context, server, "lanhdao")
    cookie = wait_for_cookie(context)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert 11.5 * 3600 < cookie["expires"] - __import__("time").time() <= 12 * 3600 + 60
    assert page.evaluate("() => document.cookie").find(sessions.COOKIE) == -1  # scripts cannot read it
    page.reload()
    expect_home(page)
    tab = context.new_page()
    tab.goto(f"{server}/nhiem_vu")
    wait_for_app(tab)
    tab.get_by_role("heading", name="Nhiệm vụ").first.wait_for(timeout=30000)
    assert tab.get_by_label("Mật khẩu").count() == 0
    other_device = new_context(browser, locale).new_page()  # no cookie: asked to sign in
    other_device.goto(server)
    expect_sign_in(other_device)
    context.close()
    other_device.context.close()


def test_sign_in_survives_a_network_drop_longer_than_the_server_keeps_the_tab(server, browser):
    link = NetworkCut(server)  # the tablet reaches the server through a link that can drop
    context = new_context(browser)
    try:
        page = signed_in_page(context, link.url, "lanhdao2")
        link.cut()  # the page's WebSocket is closed, and every attempt to reconnect fails
        page.wait_for_timeout((DISCONNECTED_TTL_S + 4) * 1000)  # the server has dropped this tab's session
        with page.expect_websocket(timeout=60000):  # the page reconnects once the link is back
            link.restore()
        page.locator('[data-testid="stDialog"]').wait_for(state="hidden", timeout=30000)  # no "connection error"
        rerun(page)
        page.get_by_role("heading", name="Nhiệm vụ").first.wait_for(timeout=30000)
        assert page.get_by_label("Mật khẩu").count() == 0
    finally:
        context.close()
        link.close()


@pytest.mark.parametrize("change", ["password", "disable", "role"])
def test_an_account_change_ends_its_open_tabs_at_once(server, browser, store_db, change):
    name = {"password": "lanhdao3", "disable": "lanhdao4", "role": "cv.stc"}[change]
    context = new_context(browser)
    page = signed_in_page(context, server, name)
    tab = context.new_page()
    tab.goto(server)
    expect_home(tab)
    if change == "password":
        accounts.set_password(store_db, name, actor="quantri2", password="mat-khau-moi-2026")
    elif change == "disable":
        accounts.set_disabled(store_db, name, True, actor="quantri2")
    else:
        accounts.set_role(store_db, name, "viewer", actor="quantri2")
    rerun(page)
    expect_sign_in(page)
    tab.reload()
    expect_sign_in(tab)
    context.close()


def test_signing_out_ends_the_session_on_every_device(server, browser):
    tablet, laptop = new_context(browser), new_context(browser, "en-US")
    on_tablet = signed_in_page(tablet, server, "quantri2")
    on_laptop = signed_in_page(laptop, server, "quantri2")
    on_tablet.get_by_role("button", name="Quản lý").click()  # the menu that holds "Đăng xuất"
    on_tablet.get_by_role("menuitem", name="Đăng xuất").first.click()
    expect_sign_in(on_tablet)
    on_tablet.wait_for_function("() => true")
    on_tablet.reload()
    expect_sign_in(on_tablet)
    assert not [c for c in tablet.cookies() if c["name"] == sessions.COOKIE]  # the cookie is dropped too
    rerun_page = on_laptop
    rerun_page.reload()
    expect_sign_in(rerun_page)
    tablet.close()
    laptop.close()


def test_a_forged_session_cookie_is_refused(server, browser, store_db):
    context = new_context(browser)
    page = signed_in_page(context, server, "lanhdao")
    cookie = wait_for_cookie(context)
    token, _, mac = cookie["value"].rpartition(".")
    context.clear_cookies()
    context.add_cookies([{**cookie, "value": token[:-2] + "xx." + mac}])
    fresh = context.new_page()
    fresh.goto(server)
    expect_sign_in(fresh)
    context.close()
