"""The one-tap brief on every page: a small popover in the shared chrome with the meeting brief as
PDF and Word and the offline copy as one HTML file. Each file is made only when its button is
tapped (Streamlit's deferred download), from the store as it is at that moment.

A tap both asks for the file and reruns the page (the button's on_click): the two share one
`MadeFile`, so the file is made once, and a brief that cannot be made is said on the page, in
Vietnamese, while the download brings a file of the same format saying why."""

from __future__ import annotations

import threading
import time

import streamlit as st

from data_pipeline import store
from data_pipeline.problems import Rejected
from data_pipeline.settings import geo_path

from . import data
from .brief import FORMATS, build, failure_document, file_name, fonts, why_not_made

BUTTONS = (("pdf", "Báo cáo nhanh (PDF)", ":material/picture_as_pdf:"),
           ("docx", "Báo cáo nhanh (Word)", ":material/description:"),
           ("html", "Bản sao ngoại tuyến (HTML)", ":material/offline_pin:"))
FRESH_S = 30  # the rerun and the download of one tap take the same file, made once
_FAILURE = "brief_failure"


class MadeFile:
    """The last file of one kind made for one browser session, and why it failed, if it did."""

    def __init__(self, kind: str):
        self.kind = kind
        self._lock = threading.Lock()
        self._made: tuple[float, str, bytes, str | None] | None = None

    def get(self, db, geo) -> tuple[bytes, str | None]:
        """(the file, None), or (a file saying why, the reason) when the brief cannot be made."""
        version = store.data_version(db)
        with self._lock:  # the tap's rerun and its download ask at the same moment
            if self._made and self._made[1] == version and time.monotonic() - self._made[0] < FRESH_S:
                return self._made[2], self._made[3]
            try:
                made, failure = build(db, self.kind, geo), None
            except Exception as exc:  # the page says why; the download says it too
                failure = why_not_made(self.kind, exc)
                made = failure_document(self.kind, failure)
            self._made = (time.monotonic(), version, made, failure)
            return made, failure


def _made_file(kind: str) -> MadeFile:
    return st.session_state.setdefault(f"brief_file_{kind}", MadeFile(kind))


def _tapped(kind: str) -> None:
    _, failure = _made_file(kind).get(data.db_path(), geo_path())
    failures = st.session_state.setdefault(_FAILURE, {})
    if failure:
        failures[kind] = failure
    else:
        failures.pop(kind, None)


def brief_buttons() -> None:
    for failure in st.session_state.get(_FAILURE, {}).values():
        st.error(failure, icon=":material/error:")
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
            db, geo = data.db_path(), geo_path()
            for kind, label, icon in BUTTONS:
                made = _made_file(kind)
                st.download_button(label, data=lambda made=made: made.get(db, geo)[0], file_name=file_name(kind),
                                   mime=FORMATS[kind], icon=icon, on_click=_tapped, args=(kind,), width="stretch",
                                   key=f"brief_{kind}")
