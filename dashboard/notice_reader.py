"""«Đọc thông báo kết luận»: paste or upload a conclusion notice, correct the tasks it proposes in a
table, confirm them as a load of tasks. Reading, checking and loading are data_pipeline's
(notice, notice_load); this only lays them out."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import data, fmt
from data_pipeline.notice import extract_tasks, notice_text, source_doc_of
from data_pipeline.notice_load import field_label, load_notice_tasks, proposal_rows
from data_pipeline.problems import Problem, Rejected
from data_pipeline.upload import display_name

UNEXPECTED = "Lỗi không mong đợi ({}); dữ liệu trong kho giữ nguyên."
PROPOSAL = "notice_proposal"


def _problems(problems: list[Problem]) -> pd.DataFrame:
    return pd.DataFrame({
        "Dòng": [str(p.row) if p.row is not None else "—" for p in problems],
        "Cột": [p.column or "—" for p in problems],
        "Nội dung": [p.message for p in problems],
    })


def _read(pasted: str, uploaded) -> None:
    """Propose the tasks of the uploaded file, else of the pasted text; keep them for the table."""
    try:
        if uploaded is not None:
            text, origin = notice_text(uploaded.getvalue(), uploaded.name), display_name(uploaded.name)
        else:
            text, origin = pasted, None
        tasks = extract_tasks(text)
    except Rejected as exc:
        st.error("Không đọc được thông báo: " + "; ".join(p.message for p in exc.problems))
        return
    except Exception as exc:  # the last guard: a message, never a traceback
        st.error(UNEXPECTED.format(type(exc).__name__))
        return
    version = st.session_state.get(PROPOSAL, {}).get("version", 0) + 1
    st.session_state[PROPOSAL] = {"rows": proposal_rows(tasks), "source_doc": source_doc_of(text) or "",
                                  "origin": origin, "version": version}


def _editor(rows: list[dict], version: int) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["keep", "title", "lead_agency", "coordinating_agencies", "deadline", "output"])
    return st.data_editor(
        frame, key=f"notice_table_{version}", num_rows="dynamic", hide_index=True, width="stretch",
        column_config={
            "keep": st.column_config.CheckboxColumn("Nạp", default=True, width="small",
                                                    help="Bỏ chọn những dòng không phải nhiệm vụ."),
            "title": st.column_config.TextColumn(field_label("title"), width="large"),
            "lead_agency": st.column_config.TextColumn(field_label("lead_agency"), width="medium"),
            "coordinating_agencies": st.column_config.TextColumn(
                field_label("coordinating_agencies"), width="medium", help="Các cơ quan cách nhau bởi dấu «;»."),
            "deadline": st.column_config.DateColumn(field_label("deadline"), format="DD/MM/YYYY", width="small"),
            "output": st.column_config.TextColumn(field_label("output"), width="medium"),
        })


def _confirm(edited: pd.DataFrame, source_doc: str, report_date: dt.date, origin: str | None, loaded_by: str,
             permit) -> None:
    rows = [{k: (None if (not isinstance(v, (list, tuple)) and pd.isna(v)) else v) for k, v in r.items()}
            for r in edited.to_dict("records")]
    try:
        result = load_notice_tasks(rows, source_doc, db=data.db_path(), report_date=report_date, origin=origin,
                                   loaded_by=loaded_by, permit=permit)
    except Rejected as exc:
        if exc.left_unpublished:
            st.warning("Bảng nhiệm vụ đã ghi vào kho nhưng chưa hiện trên bảng điều hành:")
        else:
            st.error("Bảng nhiệm vụ chưa nạp được; kho dữ liệu giữ nguyên. Hãy sửa các ô nêu dưới đây rồi bấm lại.")
        st.dataframe(_problems(exc.problems), hide_index=True, width="stretch")
        return
    except Exception as exc:  # the last guard: a message, never a traceback
        st.error(UNEXPECTED.format(type(exc).__name__))
        return
    st.session_state.pop(PROPOSAL, None)
    st.session_state["notice_done"] = (f"Đã nạp {fmt.number(len(result.prepared.records))} nhiệm vụ của "
                                       f"«{source_doc}», số liệu đến ngày {fmt.date(result.prepared.report_date)}. "
                                       f"Mã lần nạp (load_id): {result.load_id}.")
    st.rerun()


def show_notice_reader(loaded_by: str, permit=None) -> None:
    """`permit` as for `ingest`: the signed-in account's right to load these tasks."""
    st.subheader("Đọc thông báo kết luận")
    st.caption("Dán nội dung, hoặc tải tệp (.txt, .docx) thông báo kết luận: trang đề xuất các nhiệm vụ trong đó "
               "(nội dung, cơ quan chủ trì, cơ quan phối hợp, thời hạn, sản phẩm đầu ra). Sửa lại trong bảng, bỏ "
               "chọn dòng không phải nhiệm vụ, rồi bấm «Xác nhận nạp nhiệm vụ».")
    done = st.session_state.pop("notice_done", None)
    if done:
        st.success(done)
    pasted = st.text_area("Nội dung thông báo", key="notice_text", height=160,
                          placeholder="Dán toàn văn thông báo kết luận vào đây")
    uploaded = st.file_uploader("Hoặc tải tệp thông báo", type=["txt", "docx"], key="notice_file")
    if st.button("Đọc các nhiệm vụ", key="notice_read", disabled=not (pasted.strip() or uploaded)):
        _read(pasted, uploaded)
    proposal = st.session_state.get(PROPOSAL)
    if not proposal:
        return
    version = proposal["version"]
    if not proposal["rows"]:
        st.warning("Không tìm thấy câu giao nhiệm vụ nào (kiểu «Giao Sở … chủ trì, phối hợp với … trước ngày …»). "
                   "Có thể thêm nhiệm vụ bằng tay vào bảng dưới đây.")
    else:
        st.info(f"Đề xuất {fmt.number(len(proposal['rows']))} nhiệm vụ. Hãy kiểm tra từng dòng trước khi nạp.")
    c1, c2 = st.columns([2, 1])
    source_doc = c1.text_input(field_label("source_doc"), value=proposal["source_doc"], key=f"notice_doc_{version}",
                               placeholder="Ví dụ: Thông báo 145/TB-UBND ngày 12/5/2026")
    report_date = c2.date_input("Ngày số liệu", value=dt.date.today(), format="DD/MM/YYYY",
                                key=f"notice_date_{version}")
    edited = _editor(proposal["rows"], version)
    st.caption("Các nhiệm vụ này là một lần nạp riêng của văn bản giao: không thay thế biểu theo dõi nhiệm vụ "
               "hằng tháng. Nạp lại cùng văn bản sẽ thay lần nạp trước của văn bản đó.")
    if st.button("Xác nhận nạp nhiệm vụ", key="notice_confirm", type="primary"):
        _confirm(edited, source_doc, report_date, proposal["origin"], loaded_by, permit)
