"""Entry of the dashboard: page config, shared chrome and the navigation."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

from dashboard import auth, data, streamlit_words  # noqa: E402
from dashboard.brief_buttons import brief_buttons  # noqa: E402
from dashboard.widgets import inject_css  # noqa: E402

st.set_page_config(page_title="Bảng điều hành UBND tỉnh Cao Bằng", page_icon=":material/monitoring:", layout="wide",
                   initial_sidebar_state="collapsed")

account = auth.current_account()
PAGES = [
    st.Page("pages/tong_quan.py", title="Tổng quan", icon=":material/home:", default=True),
    st.Page("pages/nhiem_vu.py", title="Nhiệm vụ", icon=":material/checklist:"),
    st.Page("pages/dau_tu_cong.py", title="Đầu tư", icon=":material/construction:"),
    st.Page("pages/ban_do_xa.py", title="Bản đồ", icon=":material/map:"),
    st.Page("pages/khoang_san.py", title="Khoáng sản", icon=":material/landslide:"),
    st.Page("pages/thu_ngan_sach.py", title="Ngân sách", icon=":material/account_balance:"),
    st.Page("pages/cua_khau.py", title="Cửa khẩu", icon=":material/local_shipping:"),
    st.Page("pages/tang_truong.py", title="Tăng trưởng", icon=":material/trending_up:"),
    st.Page("pages/hanh_chinh.py", title="Hành chính", icon=":material/assignment:"),
    st.Page("pages/trinh_chieu.py", title="Trình chiếu", icon=":material/slideshow:"),
    st.Page("pages/cap_nhat_du_lieu.py", title="Cập nhật", icon=":material/upload_file:",
            visibility=auth.visibility("cap_nhat_du_lieu", account)),
    st.Page("pages/tai_khoan.py", title="Tài khoản", icon=":material/group:",
            visibility=auth.visibility("tai_khoan", account)),
    st.Page("pages/nhat_ky.py", title="Nhật ký", icon=":material/history:",
            visibility=auth.visibility("nhat_ky", account)),
]

# The economic pages share one menu of the top bar: ten links side by side do not fit a portrait
# tablet (820 px), and Streamlit would fold the last ones, Cập nhật among them, into "more".
ECONOMY = ("tang_truong", "dau_tu_cong", "thu_ngan_sach", "cua_khau", "khoang_san")


def economy_menu(sections: dict) -> dict:
    top = sections[""]
    economy = sorted((p for p in top if p.url_path in ECONOMY), key=lambda p: ECONOMY.index(p.url_path))
    others = {name: pages for name, pages in sections.items() if name}
    return {"": [p for p in top if p.url_path not in ECONOMY], "Kinh tế": economy, **others}


def failure_page() -> None:
    """What a viewer sees of a page that failed: a Vietnamese note with a code to quote; the
    traceback (file paths, SQL) goes only to the server's log, under the same code."""
    code = f"{dt.datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"
    print(f"Trang {page.url_path} gặp lỗi (mã {code}):\n{traceback.format_exc()}", file=sys.stderr, flush=True)
    st.error(f"Trang này gặp lỗi không mong đợi nên chưa hiển thị được. Hãy tải lại trang; nếu vẫn lỗi, báo quản trị "
             f"hệ thống mã lỗi **{code}**.", icon=":material/error:")


inject_css()
streamlit_words.install()
auth.keep_session_in_browser()  # a sign-in just made outlives this tab; an ended one leaves it
data.pin_version()  # one snapshot for every figure of this run
page = st.navigation(economy_menu(auth.menu(PAGES, account)),
                     position="top" if auth.may_open("tong_quan", account) else "hidden")
if os.environ.get("DASHBOARD_DEMO") == "1" or data.is_demo_store():
    st.warning("Đang xem **dữ liệu mẫu** (không phải số liệu thật của tỉnh).", icon=":material/science:")
auth.gate(page, account)  # the sign-in form or a refusal instead of a page the account may not open
if data.store_exists():
    brief_buttons()
if not data.store_exists() and page.url_path != "cap_nhat_du_lieu":
    st.info("Chưa có kho dữ liệu. Cán bộ được giao cập nhật số liệu tải biểu lên ở trang «Cập nhật dữ liệu».")
    if auth.may_open("cap_nhat_du_lieu", account):
        st.page_link("pages/cap_nhat_du_lieu.py", label="Mở trang «Cập nhật dữ liệu»", icon=":material/upload_file:")
try:
    page.run()
except Exception:  # st.stop and st.rerun are not Exceptions: only real failures land here
    if os.environ.get("DASHBOARD_PAGE_ERRORS") == "raise":  # the test suite sees the failure itself
        raise
    failure_page()
