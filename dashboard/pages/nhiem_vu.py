"""Nhiệm vụ: scoreboard per lead agency, overdue and due-soon lists, vague reports, task detail."""

import streamlit as st

from dashboard import data, fmt
from dashboard.widgets import as_of_caption, empty_state, page_setup, show_chart, bar_chart

page_setup("Nhiệm vụ UBND tỉnh giao")

tasks = data.mart("task_list")
if tasks.empty:
    empty_state("nhiệm vụ", "Hãy tải biểu theo dõi nhiệm vụ (mẫu: data/templates/mau_nhiem_vu.xlsx) ở trang «Cập nhật dữ liệu».")
    st.stop()

params = st.query_params
task_id = params.get("task")
if task_id and task_id in set(tasks["task_id"]):
    task = tasks[tasks["task_id"] == task_id].iloc[0]
    st.subheader(task["title"])
    st.markdown(
        f"**Cơ quan chủ trì:** {task['lead_agency'] or '—'}  \n"
        f"**Phối hợp:** {task['coordinating_agencies'] or '—'}  \n"
        f"**Văn bản giao:** {task['source_doc'] or '—'}  \n"
        f"**Thời hạn:** {'Thường xuyên' if task['is_recurring'] else fmt.date(task['deadline'])} · "
        f"**Trạng thái:** {task['status_label']}  \n"
        f"**Sản phẩm đầu ra:** {task['output'] or '—'}  \n"
        f"**Báo cáo gần nhất:** {task['progress_note'] or '—'}")
    if task["is_vague"]:
        st.warning("Báo cáo chỉ nêu «đang triển khai / đang phối hợp / đang rà soát», chưa có mốc hoàn thành hay sản phẩm cụ thể.")
    history = data.mart("task_history", task_id=task_id)
    history = history[history["task_id"] == task_id]
    st.markdown("**Diễn biến qua các kỳ báo cáo**")
    st.dataframe(
        history.assign(report_date=history["report_date"].map(fmt.date),
                       status=history["status"].map(dict(zip(tasks["status"], tasks["status_label"]))).fillna(history["status"]))
        [["report_date", "status", "progress_note", "source_file"]],
        column_config={"report_date": "Đến ngày", "status": "Trạng thái", "progress_note": "Báo cáo",
                       "source_file": "Tệp nguồn"}, hide_index=True, width="stretch")
    if st.button("← Về danh sách nhiệm vụ"):
        del st.query_params["task"]
        st.rerun()
    st.stop()

docs = sorted(d for d in tasks["source_doc"].dropna().unique())
doc = st.selectbox("Văn bản giao", ["Tất cả văn bản"] + docs, key="doc")
if doc != "Tất cả văn bản":
    tasks = tasks[tasks["source_doc"] == doc]

board = data.mart("task_scoreboard", source_doc=None if doc == "Tất cả văn bản" else doc)

c1, c2, c3, c4 = st.columns(4)
c1.metric("Tổng số nhiệm vụ", fmt.number(len(tasks)))
c2.metric("Quá hạn", fmt.number(int(tasks["is_overdue"].sum())))
c3.metric("Sắp đến hạn", fmt.number(int(tasks["is_due_soon"].sum())))
c4.metric("Báo cáo chung chung", fmt.number(int(tasks["is_vague"].sum())))

tab_board, tab_overdue, tab_soon, tab_vague, tab_coord = st.tabs(
    ["Theo cơ quan", "Quá hạn", "Sắp đến hạn", "Báo cáo chung chung", "Cơ quan phối hợp chậm"])

with tab_board:
    st.dataframe(
        board[["lead_agency", "assigned", "done_on_time", "done_late", "in_progress", "not_started", "overdue", "pct_on_time"]],
        column_config={
            "lead_agency": st.column_config.TextColumn("Cơ quan chủ trì", width="medium"),
            "assigned": st.column_config.NumberColumn("Giao", format="localized", width="small"),
            "done_on_time": st.column_config.NumberColumn("Xong đúng hạn", format="localized", width="small"),
            "done_late": st.column_config.NumberColumn("Xong chậm", format="localized", width="small"),
            "in_progress": st.column_config.NumberColumn("Đang làm", format="localized", width="small"),
            "not_started": st.column_config.NumberColumn("Chưa làm", format="localized", width="small"),
            "overdue": st.column_config.NumberColumn("Quá hạn", format="localized", width="small"),
            "pct_on_time": st.column_config.ProgressColumn("% đúng hạn", format="%.1f%%", min_value=0, max_value=100, width="small"),
        }, hide_index=True, width="stretch")
    top = board[board["overdue"] > 0].head(12)
    if not top.empty:
        show_chart(bar_chart(top, "overdue", "lead_agency", text=[fmt.number(v) for v in top["overdue"]],
                             colour="#c62828", x_title="Số nhiệm vụ quá hạn"))


def task_table(frame, extra: str, extra_label: str):
    if frame.empty:
        st.success("Không có nhiệm vụ nào.")
        return
    shown = frame.assign(deadline=frame["deadline"].map(fmt.date),
                         link="?task=" + frame["task_id"].astype(str))
    st.dataframe(
        shown[["link", "title", "lead_agency", "deadline", extra, "progress_note"]],
        column_config={
            "link": st.column_config.LinkColumn("Chi tiết", display_text="Mở", width="small"),
            "title": st.column_config.TextColumn("Nhiệm vụ", width="large"),
            "lead_agency": "Cơ quan chủ trì", "deadline": "Thời hạn",
            extra: st.column_config.NumberColumn(extra_label, format="localized"),
            "progress_note": "Báo cáo gần nhất",
        }, hide_index=True, width="stretch")


with tab_overdue:
    task_table(tasks[tasks["is_overdue"]].sort_values("days_overdue", ascending=False), "days_overdue", "Số ngày quá hạn")
with tab_soon:
    task_table(tasks[tasks["is_due_soon"]].sort_values("days_left"), "days_left", "Còn (ngày)")
with tab_vague:
    st.caption("Báo cáo chỉ nói «đang triển khai / đang phối hợp / đang rà soát» mà không có mốc thời gian, số lượng hay sản phẩm.")
    task_table(tasks[tasks["is_vague"]], "days_left", "Còn (ngày)")
with tab_coord:
    coord = data.mart("coordinator_delays")
    if coord.empty:
        st.success("Không có cơ quan phối hợp nào trên nhiệm vụ chậm.")
    else:
        st.dataframe(coord, column_config={
            "agency": st.column_config.TextColumn("Cơ quan phối hợp", width="large"),
            "tasks_coordinating": st.column_config.NumberColumn("Nhiệm vụ phối hợp", format="localized"),
            "overdue": st.column_config.NumberColumn("Đang quá hạn", format="localized"),
            "done_late": st.column_config.NumberColumn("Xong chậm", format="localized"),
            "avg_days_overdue": st.column_config.NumberColumn("Quá hạn TB (ngày)", format="localized"),
        }, hide_index=True, width="stretch")

as_of_caption(tasks)
