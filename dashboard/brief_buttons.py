"""The one-tap brief on every page: a small popover in the shared chrome with the meeting brief as
PDF and Word and the offline copy as one HTML file. Each file is made only when its button is
tapped (Streamlit's deferred download), from the store as it is at that moment."""

from __future__ import annotations

import streamlit as st

from data_pipeline.problems import Rejected
from data_pipeline.settings import geo_path

from . import data
from .brief import FORMATS, build, file_name, fonts

BUTTONS = (("pdf", "Báo cáo nhanh (PDF)", ":material/picture_as_pdf:"),
           ("docx", "Báo cáo nhanh (Word)", ":material/description:"),
           ("html", "Bản sao ngoại tuyến (HTML)", ":material/offline_pin:"))


def _maker(kind: str):
    db, geo = data.db_path(), geo_path()
    return lambda: build(db, kind, geo)


def brief_buttons() -> None:
    with st.container(key="brief_bar", horizontal=True, horizontal_alignment="right"), \
            st.popover("Báo cáo nhanh", icon=":material/summarize:", key="brief_popover"):
            st.caption("Báo cáo phục vụ phiên họp: các chỉ tiêu chính, cảnh báo, nhiệm vụ theo cơ quan, dự án, "
                       "mỏ, thu ngân sách, xuất nhập khẩu, bản đồ và các nội dung đánh dấu theo dõi. "
                       "Bản sao ngoại tuyến mở được trên máy tính bảng khi không có mạng.")
            try:
                fonts.font_file()
            except Rejected as exc:  # said here, since a failed download would say nothing
                st.warning(str(exc.problems[0]))
                return
            for kind, label, icon in BUTTONS:
                st.download_button(label, data=_maker(kind), file_name=file_name(kind), mime=FORMATS[kind],
                                   icon=icon, on_click="ignore", width="stretch", key=f"brief_{kind}")
