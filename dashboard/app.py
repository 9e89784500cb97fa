"""Entry of the dashboard: page config, shared chrome and the navigation."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit as st  # noqa: E402

from dashboard import data  # noqa: E402
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
    st.Page("pages/tang_truong.py", title="Tăng trưởng", icon=":material/trending_up:"),
    st.Page("pages/hanh_chinh.py", title="Hành chính", icon=":material/assignment:"),
    st.Page("pages/cap_nhat_du_lieu.py", title="Cập nhật", icon=":material/upload_file:"),
]

# The economic pages share one menu of the top bar: ten links side by side do not fit a portrait
# tablet (820 px), and Streamlit would fold the last ones, Cập nhật among them, into "more".
ECONOMY = ("tang_truong", "dau_tu_cong", "thu_ngan_sach", "cua_khau", "khoang_san")
SECTIONS = {"": [p for p in PAGES if p.url_path not in ECONOMY],
            "Kinh tế": sorted((p for p in PAGES if p.url_path in ECONOMY), key=lambda p: ECONOMY.index(p.url_path))}

inject_css()
page = st.navigation(SECTIONS, position="top")
if os.environ.get("DASHBOARD_DEMO") == "1":
    st.warning("Đang xem **dữ liệu mẫu** (không phải số liệu thật của tỉnh).", icon=":material/science:")
if not data.store_exists() and page.url_path != "cap_nhat_du_lieu":
    st.info("Chưa có kho dữ liệu. Hãy tải biểu số liệu lên ở trang «Cập nhật dữ liệu», "
            "hoặc chạy `python -m data_pipeline demo` để xem dữ liệu mẫu.")
page.run()
