"""Entry of the dashboard: page config, shared chrome and the navigation."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

from dashboard import data  # noqa: E402
from dashboard.brief_buttons import brief_buttons  # noqa: E402
from dashboard.widgets import inject_css  # noqa: E402

st.set_page_config(page_title="Bảng điều hành UBND tỉnh Cao Bằng", page_icon=":material/monitoring:", layout="wide",
                   initial_sidebar_state="collapsed")

PAGES = [
    st.Page("pages/tong_quan.py", title="Tổng quan", icon=":material/home:", default=True),
    st.Page("pages/nhiem_vu.py", title="Nhiệm vụ", icon=":material/checklist:"),
    st.Page("pages/dau_tu_cong.py", title="Đầu tư", icon=":material/construction:"),
    st.Page("pages/ban_do_xa.py", title="Bản đồ", icon=":material/map:"),
    st.Page("pages/khoang_san.py", title="Khoáng sản", icon=":material/landslide:"),
    st.Page("pages/thu_ngan_sach.py", title="Ngân sách", icon=":material/account_balance:"),
    st.Page("pages/cua_khau.py", title="Cửa khẩu", icon=":material/local_shipping:"),
    st.Page("pages/cap_nhat_du_lieu.py", title="Cập nhật", icon=":material/upload_file:"),
    st.Page("pages/trinh_chieu.py", title="Trình chiếu", icon=":material/slideshow:"),
]

inject_css()
# Short titles keep all eight pages in the top bar of a portrait tablet (820 px) without
# Streamlit folding some into its "more" menu.
page = st.navigation(PAGES, position="top")
if os.environ.get("DASHBOARD_DEMO") == "1":
    st.warning("Đang xem **dữ liệu mẫu** (không phải số liệu thật của tỉnh).", icon=":material/science:")
if data.store_exists():
    brief_buttons()
if not data.store_exists() and page.url_path != "cap_nhat_du_lieu":
    st.info("Chưa có kho dữ liệu. Hãy tải biểu số liệu lên ở trang «Cập nhật dữ liệu», "
            "hoặc chạy `python -m data_pipeline demo` để xem dữ liệu mẫu.")
page.run()
