"""Who is looking at the dashboard, and what they may open.

`app.py` asks `current_account()` once a run, builds the navigation with `visibility()` (a page the
account may not open is hidden from its navigation), then calls `gate(page, account)`: without the
right role the page never runs, whether it was reached by the navigation or by typing its URL;
pages that change data ask `require(role)` again themselves.

Where the account comes from, first match wins:
- `DASHBOARD_TEST_ACCOUNT=viewer|editor|admin`: a made-up account of that role, for the test suite
  only (tests/conftest.py sets `viewer` for every test). Never set it on a server.
- the account signed in (password, or the province's OIDC provider when settings.toml says
  `sign_in = "oidc"`), looked up again in the store on every run, so a disabled account or a
  changed role takes effect at once. A password sign-in is a session of data_pipeline.sessions,
  kept by this browser session and by an HttpOnly cookie (set through dashboard/session_routes.py),
  so a reload, a new tab or a reconnection after the Wi-Fi dropped stays signed in until the
  session ends;
- with `DASHBOARD_DEMO=1` (scripts/start-demo.sh), a read-only demo viewer.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

import streamlit as st

from dashboard import data
from data_pipeline import accounts, sessions, store
from data_pipeline.accounts import Account, SignInRefused
from data_pipeline.settings import setting

TEST_ACCOUNT_ENV = "DASHBOARD_TEST_ACCOUNT"
DEMO_VIEWER = Account("khach-xem-mau", "Khách xem dữ liệu mẫu", "viewer")
# Pages that change data or show who did what; every other page needs "viewer" (or nothing,
# where settings.toml lets anyone read).
REQUIRED_ROLE = {"cap_nhat_du_lieu": "editor", "tai_khoan": "admin", "nhat_ky": "admin"}
_SESSION_KEY = "signed_in_account"
_TOKEN_KEY = "sign_in_session"
_HANDOFF_KEY = "sign_in_session_handoff"  # (note, until): the cookie still to be set by the browser
_CLEAR_COOKIE_KEY = "sign_in_session_clear"
HOME = "pages/tong_quan.py"
_started: set[str] = set()  # stores whose first admin has been seen to this process


def viewing_requires_sign_in() -> bool:
    return bool(setting("access", "viewing_requires_sign_in", True))


def required_role(url_path: str) -> str | None:
    return REQUIRED_ROLE.get(url_path, "viewer" if viewing_requires_sign_in() else None)


def may_open(url_path: str, account: Account | None) -> bool:
    role = required_role(url_path)
    return role is None or (account is not None and account.can(role))


def visibility(url_path: str, account: Account | None) -> str:
    """For st.Page: a page the account may not open is left out of its navigation."""
    return "visible" if may_open(url_path, account) else "hidden"


# --------------------------------------------------------------------------- the account

def _test_account() -> Account | None:
    role = os.environ.get(TEST_ACCOUNT_ENV)
    if not role:
        return None
    if role not in accounts.ROLES:
        raise RuntimeError(f"{TEST_ACCOUNT_ENV} must be one of {accounts.ROLES}")
    if "test" not in _started:
        _started.add("test")
        print(f"{TEST_ACCOUNT_ENV}={role}: every visitor is signed in as a test account. Never set this on a server.",
              file=sys.stderr)
    return Account(f"kiem-thu-{role}", f"Tài khoản kiểm thử ({role})", role, datasets=store.DATASETS)


@st.cache_data(show_spinner=False, max_entries=256)
def _stored_account(db: str, username: str, data_version: str) -> Account | None:
    con = store.read_connection(Path(db))
    try:
        return accounts.find(con, username)
    except Exception:  # a snapshot published before accounts existed
        return None
    finally:
        con.close()


def _lookup(username: str) -> Account | None:
    if not data.store_exists():
        return None
    found = _stored_account(str(data.db_path()), username, store.data_version(data.db_path()))
    return found if found is not None and not found.disabled else None


@st.cache_data(show_spinner=False, max_entries=1024)
def _stored_session(db: str, token: str, data_version: str) -> tuple[str, dt.datetime] | None:
    con = store.read_connection(Path(db))
    try:
        return sessions.open_row(con, token)
    except Exception:  # a snapshot published before sessions existed
        return None
    finally:
        con.close()


def _session_username() -> str | None:
    """The account of this browser's password session: the one signed in during this browser
    session, else the one its cookie names; None (and the session forgotten) once it has ended."""
    if not data.store_exists():
        return None
    db = data.db_path()
    token = st.session_state.get(_TOKEN_KEY)
    cookie = st.context.cookies.get(sessions.COOKIE)
    if token is None and cookie:
        token = sessions.token_of_cookie(db, cookie)
    row = _stored_session(str(db), token, store.data_version(db)) if token else None
    if row is None or row[1] <= dt.datetime.now():
        for key in (_TOKEN_KEY, _SESSION_KEY, _HANDOFF_KEY):
            st.session_state.pop(key, None)
        if cookie:
            st.session_state[_CLEAR_COOKIE_KEY] = True
        return None
    st.session_state[_TOKEN_KEY] = token
    return row[0]


def keep_session_in_browser() -> None:
    """Have the browser store the cookie of a sign-in just made, or drop the cookie of a session
    that has ended (app.py calls this once a run). The request goes from the page itself, so the
    server can answer with an HttpOnly cookie; the element is hidden by the shared style."""
    handoff = st.session_state.get(_HANDOFF_KEY)
    route = None
    if handoff and handoff[1] > time.time():
        route, body = "session", handoff[0]
    elif st.session_state.pop(_CLEAR_COOKIE_KEY, False):
        route, body = "logout", ""
    if route is None:
        return
    from dashboard.http_guard import base_path

    with st.container(key="session_cookie"):
        st.html(f"<script>fetch({json.dumps(f'{base_path()}/auth/{route}')}, {{method: 'POST', "
                f"credentials: 'same-origin', body: {json.dumps(body)}}});</script>",
                unsafe_allow_javascript=True)


def ensure_first_admin() -> None:
    """On the first start against a store without accounts: create the admin and print its
    password on the server's console, once. Nowhere else is it written."""
    db = data.db_path()
    if str(db) in _started or setting("access", "sign_in", "password") != "password":
        return
    _started.add(str(db))
    password = accounts.ensure_first_admin(db)
    if password:
        print("\n" + "=" * 72 + f"\nĐã tạo tài khoản quản trị đầu tiên: {accounts.FIRST_ADMIN}\n"
              f"Mật khẩu (chỉ in một lần, hãy đổi sau khi đăng nhập): {password}\n" + "=" * 72 + "\n", flush=True)


def current_account() -> Account | None:
    test = _test_account()
    if test is not None:
        return test
    ensure_first_admin()
    if setting("access", "sign_in", "password") == "oidc":
        username = _oidc_username()
    else:
        username = _session_username()
    if username:
        account = _lookup(username)
        if account is not None:
            return account
        if setting("access", "sign_in", "password") != "oidc":  # the provider's sign-in stays; no access
            st.session_state.pop(_TOKEN_KEY, None)  # disabled or removed since: signed out
    if os.environ.get("DASHBOARD_DEMO") == "1":
        return DEMO_VIEWER
    return None


def _oidc_username() -> str | None:
    try:
        info = st.user.to_dict()
    except Exception:  # no [auth] section in .streamlit/secrets.toml
        return None
    if not info.get("is_logged_in"):
        return None
    username = accounts.normal_username(info.get("email") or "")
    if username and st.session_state.get(_SESSION_KEY) != username:
        st.session_state[_SESSION_KEY] = username
        found = _lookup(username)
        from data_pipeline import audit
        audit.record(data.db_path(), username, "sign_in" if found else "sign_in_failed", target=username,
                     detail="OIDC" if found else "OIDC: chưa được cấp tài khoản",
                     outcome="ok" if found else "refused")
    return username


# --------------------------------------------------------------------------- the navigation

MENU_PAGES = ("cap_nhat_du_lieu", "tai_khoan", "nhat_ky")


def menu(pages: list, account: Account | None) -> dict:
    """The navigation: the read pages in the top bar, and one menu (a dropdown at the top) holding
    the update and admin pages the account may open and the way to sign in or out, so the bar
    still fits a portrait tablet. Pages the account may not open stay registered, hidden, so
    their URL shows a Vietnamese refusal instead of Streamlit's own "page not found"."""
    top, own = [], []
    for page in pages:
        (own if page.url_path in MENU_PAGES and page.visibility == "visible" else top).append(page)
    if not os.environ.get(TEST_ACCOUNT_ENV):
        if account is not None and account != DEMO_VIEWER:
            name = account.username if len(account.username) <= 16 else account.username[:15] + "…"
            own.append(st.Page(sign_out, title=f"Đăng xuất ({name})", icon=":material/logout:", url_path="dang_xuat"))
        else:
            own.append(st.Page(sign_in_page, title="Đăng nhập", icon=":material/login:", url_path="dang_nhap"))
    if not own:
        return {"": top}
    return {"": top, "Quản lý" if account is not None and account.can("editor") else "Tài khoản": own}


# --------------------------------------------------------------------------- the gate

def gate(page, account: Account | None) -> None:
    """Stop here, showing the sign-in form or a refusal, unless the account may open the page."""
    if may_open(page.url_path, account):
        return
    if account is None or account == DEMO_VIEWER:
        sign_in_form()
    else:
        st.error("Tài khoản của bạn không được mở trang này. Hãy liên hệ quản trị viên nếu cần quyền.",
                 icon=":material/block:")
        st.page_link(HOME, label="Về trang Tổng quan", icon=":material/home:")
    st.stop()


def require(role: str) -> Account:
    """A page's own check of the role it needs (app.py has checked already; this holds even if not)."""
    from dashboard._entry import run_through_app
    run_through_app()
    account = current_account()
    if account is None or not account.can(role):
        st.error("Tài khoản của bạn không được mở trang này.", icon=":material/block:")
        st.stop()
    return account


def sign_in_page() -> None:
    sign_in_form(then=HOME)


def sign_out() -> None:
    account = current_account()
    if account is not None and account != DEMO_VIEWER and setting("access", "sign_in", "password") != "oidc":
        sessions.sign_out_everywhere(data.db_path(), account.username)  # every tab and device
        _stored_session.clear()
        st.session_state[_CLEAR_COOKIE_KEY] = True
    elif account is not None and account != DEMO_VIEWER:
        from data_pipeline import audit
        audit.record(data.db_path(), account.username, "sign_out", target=account.username)
    for key in (_SESSION_KEY, _TOKEN_KEY, _HANDOFF_KEY):
        st.session_state.pop(key, None)
    if setting("access", "sign_in", "password") == "oidc":
        st.logout()
    st.switch_page(HOME)


def client_address() -> str | None:
    """The visitor's address, for slowing down repeated failed sign-ins and for the audit log.
    Streamlit gives None for a connection from this machine: there, with `behind_proxy` (nginx or
    Caddy here forwarding the visitors), the address the proxy saw is the last of X-Forwarded-For;
    otherwise the address is not known (None)."""
    peer = st.context.ip_address
    if isinstance(peer, str) and peer:
        return peer[:64]
    if not setting("access", "behind_proxy", False):
        return None
    forwarded = [part.strip() for part in (st.context.headers.get("X-Forwarded-For") or "").split(",")]
    return forwarded[-1][:64] if forwarded and forwarded[-1] else None


def sign_in_form(then: str | None = None) -> None:
    st.title("Đăng nhập")
    st.caption("Bảng điều hành UBND tỉnh Cao Bằng chứa số liệu nội bộ; hãy đăng nhập để tiếp tục.")
    if setting("access", "sign_in", "password") == "oidc":
        if st.button("Đăng nhập bằng tài khoản của tỉnh", type="primary", key="oidc_sign_in"):
            st.login()
        if st.session_state.get(_SESSION_KEY):
            st.error("Tài khoản này chưa được cấp quyền xem bảng điều hành. Hãy liên hệ quản trị viên.")
            if st.button("Đăng xuất", key="oidc_sign_out"):
                st.session_state.pop(_SESSION_KEY, None)
                st.logout()
        return
    with st.form("sign_in", border=True):
        username = st.text_input("Tên đăng nhập", key="sign_in_username", autocomplete="username")
        password = st.text_input("Mật khẩu", type="password", key="sign_in_password",
                                 autocomplete="current-password")
        submitted = st.form_submit_button("Đăng nhập", type="primary")
    if not submitted:
        return
    try:
        account = accounts.sign_in(data.db_path(), username, password, client=client_address())
    except SignInRefused as exc:
        st.error(str(exc), icon=":material/lock:")
        return
    try:
        token = sessions.open_session(data.db_path(), account.username)
    except Exception as exc:  # the store is busy or read-only: no session could be written
        st.error(f"Không mở được phiên đăng nhập: {exc}", icon=":material/lock:")
        return
    st.session_state[_SESSION_KEY] = account.username
    st.session_state[_TOKEN_KEY] = token
    st.session_state[_HANDOFF_KEY] = (sessions.handoff(data.db_path(), token), time.time() + sessions.HANDOFF_SECONDS - 5)
    _stored_account.clear()
    if then:
        st.switch_page(then)
    st.rerun()
