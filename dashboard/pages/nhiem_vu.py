"""Nhiệm vụ: scoreboard per lead agency, overdue and due-soon lists, vague reports, task detail.
Drill-downs: a task at ?task=ID, the tasks of a scoreboard line at ?agency=LINE (&doc=DOCUMENT),
the line "Nhiều cơ quan" included.

The lists are fetched a page at a time and the totals come from task_counts, so the page costs
the same for a province's few hundred tasks as for a country's million."""

from urllib.parse import quote

import streamlit as st

from dashboard import data, fmt
from dashboard.widgets import (bar_chart, detail_links, drill_table, empty_state, missing_reports_warning, not_in_link, page_setup,
                               pager, show_chart, unit_sources)

PER_PAGE = 50
ALL_DOCS = "Tất cả văn bản"
RECURRING = "Thường xuyên"  # a recurring task has no deadline and is never overdue
STATUS_LABELS = {"done_on_time": "Hoàn thành đúng hạn", "done_late": "Hoàn thành chậm", "in_progress": "Đang thực hiện",
                 "overdue": "Quá hạn", "not_started": "Chưa thực hiện"}

page_setup("Nhiệm vụ UBND tỉnh giao")

everything = data.mart("task_counts")
if everything.empty or int(everything["total"].iloc[0]) == 0:
    empty_state("nhiệm vụ", "Hãy tải biểu theo dõi nhiệm vụ (mẫu: data/templates/mau_nhiem_vu.xlsx) ở trang «Cập nhật dữ liệu».")
    st.stop()

missing_reports_warning("tasks")

params = st.query_params
task_id = params.get("task")
found = data.mart("task_list", task_id=task_id) if task_id else None
if found is not None and not found.empty:
    task = found.iloc[0]
    st.subheader(fmt.md(task["title"]))
    st.markdown(
        f"**Cơ quan chủ trì:** {fmt.md(task['lead_agency'])}  \n"
        f"**Phối hợp:** {fmt.md(task['coordinating_agencies'])}  \n"
        f"**Văn bản giao:** {fmt.md(task['source_doc'])}  \n"
        f"**Thời hạn:** {RECURRING if task['is_recurring'] else fmt.date(task['deadline'])} · "
        f"**Trạng thái:** {task['status_label']}  \n"
        f"**Sản phẩm đầu ra:** {fmt.md(task['output'])}  \n"
        f"**Báo cáo gần nhất:** {fmt.md(task['progress_note'])}")
    st.caption(f"Điểm báo cáo: {fmt.number(task['report_score'])}/3 (mốc thời gian, số lượng, sản phẩm cụ thể).")
    if task["is_vague"]:
        st.warning("Báo cáo chỉ nêu «đang triển khai / đang phối hợp / đang rà soát», chưa có mốc hoàn thành hay sản phẩm cụ thể.")
    history = data.mart("task_history", task_id=task_id)
    history = history[history["task_id"] == task_id]
    st.markdown("**Diễn biến qua các kỳ báo cáo**")
    st.dataframe(
        history.assign(report_date=history["report_date"].map(fmt.date),
                       status=history["status"].map(STATUS_LABELS).fillna(history["status"]))
        [["report_date", "status", "progress_note", "source_file"]],
        column_config={"report_date": "Đến ngày", "status": "Trạng thái", "progress_note": "Báo cáo",
                       "source_file": "Tệp nguồn"}, hide_index=True, width="stretch")
    if st.button("← Về danh sách nhiệm vụ"):
        del st.query_params["task"]
        st.rerun()
    st.stop()
if task_id:
    not_in_link("nhiệm vụ mã", task_id)


def task_table(total: int, extra: str, extra_config, *, only: str | None = None, source_doc: str | None = None,
               lead: str | None = None):
    """One page of the current tasks of one kind (task_list's $only) or of one scoreboard line (its
    $lead_agency), with «Trang trước» / «Trang sau»."""
    if total == 0:
        st.success("Không có nhiệm vụ nào.")
        return
    offset = pager(total, PER_PAGE, f"{only or lead}|{source_doc or ALL_DOCS}")
    frame = data.mart("task_list", only=only, source_doc=source_doc, lead_agency=lead, limit=PER_PAGE, offset=offset)
    deadlines = [RECURRING if recurring else fmt.date(d) for d, recurring in zip(frame["deadline"], frame["is_recurring"])]
    shown = frame.assign(deadline=deadlines, link=detail_links(frame["task_id"], "task"))
    drill_table(
        shown[["link", "title", "lead_agency", "deadline", extra, "progress_note"]],
        column_config={
            "title": st.column_config.TextColumn("Nhiệm vụ", width="large"),
            "lead_agency": "Cơ quan chủ trì", "deadline": "Thời hạn",
            extra: extra_config,
            "progress_note": "Báo cáo gần nhất",
        }, key=f"tasks-{only or lead}")


def lead_line_view(line, source_doc: str | None) -> None:
    """The tasks counted on one line of the scoreboard: an agency's, or those given to many at once."""
    st.subheader(fmt.md(line["lead_agency"]))
    if line["is_shared_line"]:
        st.caption("Nhiệm vụ giao chung cho một nhóm cơ quan (các sở, ngành, địa phương, các chủ đầu tư …) hoặc "
                   "cho nhiều cơ quan cùng chủ trì: tính riêng ở dòng này, không cộng vào số liệu của cơ quan nào. "
                   "Cột «Cơ quan chủ trì» ghi đúng như văn bản giao.")
    if source_doc:
        st.caption(f"Văn bản giao: {fmt.md(source_doc)}")
    grid = st.grid(3, min_column_width=150, gap="xsmall")
    grid.metric("Được giao", fmt.number(line["assigned"]), border=True)
    grid.metric("Xong đúng hạn", fmt.number(line["done_on_time"]), border=True)
    grid.metric("Xong chậm", fmt.number(line["done_late"]), border=True)
    grid.metric("Đang làm", fmt.number(line["in_progress"]), border=True)
    grid.metric("Chưa làm", fmt.number(line["not_started"]), border=True)
    grid.metric("Quá hạn", fmt.number(line["overdue"]), border=True)
    task_table(int(line["assigned"]), "status_label", "Trạng thái", source_doc=source_doc, lead=line["lead_agency"])
    if st.button("← Về bảng theo cơ quan"):
        for param in ("agency", "doc"):
            st.query_params.pop(param, None)
        st.rerun()


sources = data.mart("task_sources")
line_name, line_doc = params.get("agency"), params.get("doc") or None
if line_doc and line_doc not in set(sources["source_doc"]):
    not_in_link("văn bản giao", line_doc, "đang tính theo mọi văn bản giao")
    line_doc = None
if line_name:
    lines = data.mart("task_scoreboard", source_doc=line_doc)
    line = lines[lines["lead_agency"] == line_name]
    if not line.empty:
        lead_line_view(line.iloc[0], line_doc)
        st.stop()
    not_in_link("nhiệm vụ của", line_name)

doc = st.selectbox("Văn bản giao", [ALL_DOCS] + list(sources["source_doc"]), key="doc")
source_doc = None if doc == ALL_DOCS else doc

counts = everything if source_doc is None else data.mart("task_counts", source_doc=source_doc)
counts = counts.iloc[0]

c1, c2, c3, c4 = st.columns(4)
c1.metric("Tổng số nhiệm vụ", fmt.number(counts["total"]))
c2.metric("Quá hạn", fmt.number(counts["overdue"]))
c3.metric("Sắp đến hạn", fmt.number(counts["due_soon"]))
c4.metric("Báo cáo chung chung", fmt.number(counts["vague"]))

# Only the open tab runs (a tap on another reruns the page for it): each list costs a query.
tab_board, tab_overdue, tab_soon, tab_vague, tab_coord = st.tabs(
    ["Theo cơ quan", "Quá hạn", "Sắp đến hạn", "Báo cáo chung chung", "Cơ quan phối hợp chậm"],
    key="task_tab", on_change="rerun")


def board_panel():
    board = data.mart("task_scoreboard", source_doc=source_doc)
    doc_param = f"&doc={quote(source_doc)}" if source_doc else ""
    board = board.assign(link=[f"?agency={quote(name)}{doc_param}" for name in board["lead_agency"]],
                         as_of=board["report_date"].map(fmt.date), pct_on_time=board["pct_on_time"].map(fmt.pct))  # each agency's figures are of its own report
    drill_table(
        board[["link", "lead_agency", "assigned", "done_on_time", "done_late", "in_progress", "not_started", "overdue",
               "pct_on_time", "as_of"]],
        column_config={
            "lead_agency": st.column_config.TextColumn("Cơ quan chủ trì", width="medium"),
            "assigned": st.column_config.NumberColumn("Giao", format="%d", width="small"),
            "done_on_time": st.column_config.NumberColumn("Xong đúng hạn", format="%d", width="small"),
            "done_late": st.column_config.NumberColumn("Xong chậm", format="%d", width="small"),
            "in_progress": st.column_config.NumberColumn("Đang làm", format="%d", width="small"),
            "not_started": st.column_config.NumberColumn("Chưa làm", format="%d", width="small"),
            "overdue": st.column_config.NumberColumn("Quá hạn", format="%d", width="small"),
            "pct_on_time": st.column_config.TextColumn("% đúng hạn", width="small"),
            "as_of": st.column_config.TextColumn("Số liệu đến", width="small"),
        }, key="scoreboard")
    if board["is_shared_line"].any():
        st.caption("«Nhiều cơ quan»: nhiệm vụ giao chung cho một nhóm cơ quan hoặc nhiều cơ quan cùng chủ trì, "
                   "tính riêng, không cộng vào cơ quan nào. Bấm «Mở» ở mỗi dòng để xem các nhiệm vụ.")
    top = board[board["overdue"] > 0].head(12)
    if not top.empty:
        show_chart(bar_chart(top, "overdue", "lead_agency", text=[fmt.number(v) for v in top["overdue"]],
                             colour="#c62828", x_title="Số nhiệm vụ quá hạn"))


COORD_SORTS = {  # label: (column, descending)
    "Số nhiệm vụ chậm": ("rank", False), "Tỷ lệ chậm": ("pct_late", True),
    "Số ngày chậm trung bình": ("avg_days_late", True), "Số nhiệm vụ phối hợp": ("tasks_coordinating", True),
}


def coordinator_ranking_panel():
    st.caption("Xếp hạng các cơ quan phối hợp theo nhiệm vụ chậm: đang quá hạn hoặc hoàn thành sau thời hạn. "
               "Tỷ lệ chậm tính trên các nhiệm vụ đã đến hạn (đã xong hoặc quá hạn); số ngày chậm là số ngày quá "
               "hạn đến ngày số liệu, hoặc số ngày hoàn thành sau thời hạn. Mỗi cơ quan được tính trên mọi nhiệm vụ ghi tên "
               "cơ quan đó ở cột «Cơ quan phối hợp».")
    coord = data.mart("coordinator_delays")
    if coord.empty:
        st.info("Chưa có nhiệm vụ nào ghi cơ quan phối hợp.")
        return
    sort = st.segmented_control("Xếp theo", list(COORD_SORTS), default="Số nhiệm vụ chậm", key="coord_sort")
    column, descending = COORD_SORTS.get(sort or "Số nhiệm vụ chậm")
    shown = coord.sort_values([column, "rank"], ascending=[not descending, True], na_position="last", kind="stable")
    shown = shown.assign(pct_late=shown["pct_late"].map(fmt.pct), avg_days_late=shown["avg_days_late"].map(
        lambda v: fmt.number(v, 1)))
    st.dataframe(
        shown[["rank", "agency", "tasks_coordinating", "late", "overdue", "done_late", "pct_late", "avg_days_late"]],
        column_config={
            "rank": st.column_config.NumberColumn("Hạng", format="%d", width="small"),
            "agency": st.column_config.TextColumn("Cơ quan phối hợp", width="medium"),
            "tasks_coordinating": st.column_config.NumberColumn("Phối hợp", format="%d", width="small"),
            "late": st.column_config.NumberColumn("Chậm", format="%d", width="small"),
            "overdue": st.column_config.NumberColumn("Quá hạn", format="%d", width="small"),
            "done_late": st.column_config.NumberColumn("Xong chậm", format="%d", width="small"),
            "pct_late": st.column_config.TextColumn("Tỷ lệ chậm", width="small"),
            "avg_days_late": st.column_config.TextColumn("Chậm TB (ngày)", width="small"),
        }, hide_index=True, width="stretch")
    top = coord[coord["late"] > 0].head(10)
    if not top.empty:
        show_chart(bar_chart(top, "late", "agency",
                             text=[f"{fmt.number(n)} ({fmt.pct(p)})" for n, p in zip(top["late"], top["pct_late"])],
                             colour="#ef8f00", x_title="Số nhiệm vụ phối hợp bị chậm (tỷ lệ chậm)"))


def vague_agencies_panel():
    st.caption("Mỗi báo cáo tiến độ của nhiệm vụ chưa hoàn thành, qua mọi kỳ báo cáo, được chấm 0–3 điểm: "
               "có mốc thời gian, có số lượng, có sản phẩm cụ thể. Báo cáo 0 điểm («đang triển khai», "
               "«đang phối hợp», «đang rà soát» …) là chung chung.")
    vague = data.mart("vague_reports")
    if vague.empty:
        st.info("Chưa có báo cáo tiến độ nào của nhiệm vụ chưa hoàn thành.")
        return
    mostly = vague[vague["is_mostly_vague"]]
    if mostly.empty:
        st.success("Không có cơ quan nào báo cáo chủ yếu chung chung.")
    else:
        names = "; ".join(f"{a} ({fmt.pct(p)})" for a, p in zip(mostly["lead_agency"], mostly["pct_vague"]))
        st.warning(f"Cơ quan báo cáo chủ yếu chung chung: {names}")
    vague = vague.assign(pct_vague_text=vague["pct_vague"].map(fmt.pct),
                         avg_score=vague["avg_score"].map(lambda v: fmt.number(v, 1)))
    st.dataframe(
        vague[["lead_agency", "reports", "vague", "pct_vague_text", "with_date", "with_quantity", "with_output", "avg_score"]],
        column_config={
            "lead_agency": st.column_config.TextColumn("Cơ quan chủ trì", width="medium"),
            "reports": st.column_config.NumberColumn("Số báo cáo", format="%d", width="small"),
            "vague": st.column_config.NumberColumn("Chung chung", format="%d", width="small"),
            "pct_vague_text": st.column_config.TextColumn("Tỷ lệ chung chung", width="small"),
            "with_date": st.column_config.NumberColumn("Có mốc thời gian", format="%d", width="small"),
            "with_quantity": st.column_config.NumberColumn("Có số lượng", format="%d", width="small"),
            "with_output": st.column_config.NumberColumn("Có sản phẩm", format="%d", width="small"),
            "avg_score": st.column_config.TextColumn("Điểm TB (0–3)", width="small"),
        }, hide_index=True, width="stretch")


with tab_board:
    if tab_board.open:
        board_panel()
with tab_overdue:
    if tab_overdue.open:
        task_table(int(counts["overdue"]), "days_overdue",
                   st.column_config.NumberColumn("Số ngày quá hạn", format="%d"), only="overdue", source_doc=source_doc)
with tab_soon:
    if tab_soon.open:
        task_table(int(counts["due_soon"]), "days_left", st.column_config.NumberColumn("Còn (ngày)", format="%d"),
                   only="due_soon", source_doc=source_doc)
with tab_vague:
    if tab_vague.open:
        vague_agencies_panel()
        st.markdown("**Nhiệm vụ có báo cáo gần nhất chung chung**")
        task_table(int(counts["vague"]), "days_left", st.column_config.NumberColumn("Còn (ngày)", format="%d"),
                   only="vague", source_doc=source_doc)
with tab_coord:
    if tab_coord.open:
        coordinator_ranking_panel()

unit_sources("tasks")
