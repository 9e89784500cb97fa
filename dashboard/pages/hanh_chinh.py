"""Hành chính: administrative dossiers (backlogs past due, per unit) and petitions (pending long, per
agency). Drill-downs: a unit at ?unit=KEY, a case at ?petition=ID, an agency's petitions at ?agency=NAME."""

import plotly.graph_objects as go
import streamlit as st

from dashboard import data, fmt
from dashboard.widgets import (STATE_COLOURS, as_of_caption, bar_chart, detail_links, drill_table, empty_state, not_in_link,
                               page_setup, show_chart)

page_setup("Thủ tục hành chính, đơn thư")

units = data.mart("dossier_units")
cases = data.mart("petition_cases")
agencies = data.mart("petition_units")
if units.empty and agencies.empty:
    empty_state("thủ tục hành chính và đơn thư", "Hãy tải báo cáo giải quyết thủ tục hành chính (mẫu: "
                "data/templates/mau_thu_tuc_hanh_chinh.xlsx) hoặc sổ theo dõi đơn thư (mẫu: "
                "data/templates/mau_don_thu.xlsx) ở trang «Cập nhật dữ liệu».")
    st.stop()

STATE_TEXT = {"red": "Tồn đọng nhiều", "amber": "Cần chú ý", "green": "Tốt"}
CASE_STATE_TEXT = {"red": "Quá hạn / tồn lâu", "amber": "Tồn khá lâu", "green": "Trong hạn"}
params = st.query_params


def back_button(param: str) -> None:
    if st.button("← Về trang thủ tục hành chính, đơn thư"):
        del st.query_params[param]
        st.rerun()
    st.stop()


def case_table(frame, key: str) -> None:
    shown = frame.assign(link=detail_links(frame["petition_id"], "petition", "hanh_chinh"),
                         received=frame["received_on"].map(fmt.date), due=frame["due_on"].map(fmt.date),
                         state_text=frame["state"].map(CASE_STATE_TEXT).fillna("Đã giải quyết"))
    drill_table(
        shown[["link", "content", "kind_label", "agency", "received", "days_pending", "due", "state_text"]],
        column_config={
            "content": st.column_config.TextColumn("Nội dung đơn", width="large"),
            "kind_label": "Loại đơn", "agency": st.column_config.TextColumn("Cơ quan giải quyết", width="medium"),
            "received": "Ngày nhận", "days_pending": st.column_config.NumberColumn("Số ngày tồn", format="%d"),
            "due": "Hạn giải quyết", "state_text": "Đánh giá",
        }, key=f"cases-{key}")


# --- drill-downs ------------------------------------------------------------------------------

unit_key = params.get("unit")
if unit_key and not units.empty and unit_key in set(units["unit_key"]):
    u = units[units["unit_key"] == unit_key].iloc[0]
    st.subheader(fmt.md(u["unit_name"]) + (f" — {fmt.md(u['field'])}"
                                         if fmt.text(u["field"], "") not in ("", fmt.text(u["unit_name"], "")) else ""))
    st.caption(f"Kỳ báo cáo {fmt.date(u['period_start'])} – {fmt.date(u['period_end'])}"
               + (f" · {fmt.md(u['unit_group'])}" if u["unit_group"] else ""))
    grid = st.grid(3, min_column_width=150, gap="xsmall")
    grid.metric("Nhận giải quyết", fmt.number(u["received_total"]), border=True)
    grid.metric("Kỳ trước chuyển sang", fmt.number(u["carried_over"]), border=True)
    grid.metric("Đã giải quyết", fmt.number(u["settled_total"]), border=True)
    grid.metric("Trước hạn, đúng hạn", fmt.pct(u["on_time_pct"]), border=True)
    grid.metric("Giải quyết quá hạn", fmt.number(u["settled_late"]), border=True)
    grid.metric("Đang giải quyết quá hạn", fmt.number(u["pending_overdue"]), border=True)
    if u["state"] in ("red", "amber"):
        st.warning(f"{STATE_TEXT[u['state']]}: {fmt.number(u['pending_overdue'])} hồ sơ đang giải quyết đã quá hạn.")
    back_button("unit")

petition_id = params.get("petition")
if petition_id and not cases.empty and petition_id in set(cases["petition_id"]):
    c = cases[cases["petition_id"] == petition_id].iloc[0]
    st.subheader(fmt.md(fmt.text(c["content"], "") or c["petition_id"]))
    st.markdown(
        f"**Số đơn:** {fmt.md(c['petition_id'])} · **Loại đơn:** {c['kind_label']}  \n"
        f"**Cơ quan giải quyết:** {fmt.md(c['agency'])} · **Địa bàn:** {fmt.md(c['commune_name'])}  \n"
        f"**Ngày nhận đơn:** {fmt.date(c['received_on'])} · **Hạn giải quyết:** {fmt.date(c['due_on'])}  \n"
        f"**Tình trạng:** {c['status_label']}"
        + (f", đã tồn {fmt.number(c['days_pending'])} ngày" if c["status"] == "pending" else
           f" ngày {fmt.date(c['settled_on'])}") + f"  \n**Kết quả giải quyết:** {fmt.md(c['status_text'])}")
    if c["state"] == "red":
        st.error("Đơn đã quá hạn giải quyết hoặc tồn quá lâu.")
    back_button("petition")

agency = params.get("agency")
if agency and not agencies.empty and agency in set(agencies["agency"]):
    a = agencies[agencies["agency"] == agency].iloc[0]
    st.subheader(fmt.md(agency))
    grid = st.grid(3, min_column_width=150, gap="xsmall")
    grid.metric("Tổng số đơn", fmt.number(a["received"]), border=True)
    grid.metric("Đã giải quyết", fmt.number(a["settled"]), border=True)
    grid.metric("Đang giải quyết", fmt.number(a["pending"]), border=True)
    grid.metric("Tồn lâu, quá hạn", fmt.number(a["pending_long"]), border=True)
    own = cases[cases["agency"] == agency] if not cases.empty else cases
    if not own.empty:
        case_table(own, "agency")
    back_button("agency")

for param, what in (("unit", "đơn vị mã"), ("petition", "đơn thư số"), ("agency", "cơ quan giải quyết")):
    if params.get(param):  # a drill-down above would have stopped the page
        not_in_link(what, params.get(param))

# --- the page ---------------------------------------------------------------------------------

tab_dossiers, tab_petitions = st.tabs(["Thủ tục hành chính", "Đơn thư"])

with tab_dossiers:
    if units.empty:
        empty_state("thủ tục hành chính", "Hãy tải báo cáo giải quyết thủ tục hành chính ở trang «Cập nhật dữ liệu».")
    else:
        trend = data.mart("dossier_trend")
        backlog = units[units["pending_overdue"].fillna(0) > 0]
        c1, c2, c3, c4 = st.columns(4)
        c1.metric("Hồ sơ nhận giải quyết", fmt.number(units["received_total"].sum()))
        c2.metric("Giải quyết trước hạn, đúng hạn", fmt.pct(trend["on_time_pct"].iloc[-1]))
        c3.metric("Đang giải quyết quá hạn", fmt.number(units["pending_overdue"].sum()))
        c4.metric("Đơn vị có hồ sơ tồn quá hạn", fmt.number(len(backlog)))
        if backlog.empty:
            st.success("Không đơn vị nào có hồ sơ đang giải quyết quá hạn.")
        else:
            top = backlog.head(15)
            show_chart(bar_chart(top, "pending_overdue", "unit_name", text=[fmt.number(v) for v in top["pending_overdue"]],
                                 colour=[STATE_COLOURS[s] for s in top["state"]],
                                 x_title="Hồ sơ đang giải quyết quá hạn"))
        shown = units.assign(link=detail_links(units["unit_key"], "unit"), state_text=units["state"].map(STATE_TEXT),
                             on_time_pct=units["on_time_pct"].map(fmt.pct))
        drill_table(
            shown[["link", "unit_name", "state_text", "on_time_pct", "pending_overdue", "received_total", "settled_total",
                   "settled_late", "pending_total", "unit_group"]],
            column_config={
                "unit_name": st.column_config.TextColumn("Đơn vị", width="medium"), "unit_group": "Cấp",
                "received_total": st.column_config.NumberColumn("Nhận giải quyết", format="%d"),
                "settled_total": st.column_config.NumberColumn("Đã giải quyết", format="%d"),
                "settled_late": st.column_config.NumberColumn("Giải quyết quá hạn", format="%d"),
                "pending_total": st.column_config.NumberColumn("Đang giải quyết", format="%d"),
                "pending_overdue": st.column_config.NumberColumn("Đang quá hạn", format="%d"),
                "on_time_pct": st.column_config.TextColumn("% đúng hạn", width="small"),
                "state_text": "Đánh giá",
            }, key="dossier-units")
        if len(trend) > 1:
            fig = go.Figure()
            dates = [fmt.date(d) for d in trend["report_date"]]
            fig.add_bar(x=dates, y=trend["pending_overdue"], name="Đang giải quyết quá hạn", marker_color="#c62828",
                        text=[fmt.number(v) for v in trend["pending_overdue"]], textposition="outside")
            fig.update_layout(height=300, margin=dict(l=8, r=8, t=40, b=8), title="Hồ sơ tồn quá hạn qua các kỳ báo cáo",
                              showlegend=False)
            show_chart(fig)
        as_of_caption(units)

with tab_petitions:
    if agencies.empty:
        empty_state("đơn thư", "Hãy tải sổ theo dõi hoặc báo cáo đơn thư ở trang «Cập nhật dữ liệu».")
    else:
        c1, c2, c3, c4 = st.columns(4)
        received, settled_count = agencies["received"].sum(), agencies["settled"].sum()
        c1.metric("Tổng số đơn", fmt.number(received))
        c2.metric("Đã giải quyết", fmt.number(settled_count))
        c3.metric("Đang giải quyết", fmt.number(agencies["pending"].sum()))
        c4.metric("Tồn lâu, quá hạn", fmt.number(agencies["pending_long"].sum()))
        kinds = agencies[["complaints", "denunciations", "recommendations"]].sum()
        st.caption(f"Khiếu nại {fmt.number(kinds['complaints'])} · Tố cáo {fmt.number(kinds['denunciations'])} · "
                   f"Kiến nghị, phản ánh {fmt.number(kinds['recommendations'])}")
        pending = cases[cases["status"] == "pending"] if not cases.empty else cases
        st.subheader("Đơn đang giải quyết, tồn lâu nhất trước")
        if pending.empty:
            st.success("Không có đơn nào đang giải quyết." if not cases.empty
                       else "Báo cáo tổng hợp không có danh sách từng đơn; xem số liệu theo cơ quan dưới đây.")
        else:
            case_table(pending, "pending")
        st.subheader("Theo cơ quan giải quyết")
        drill_table(
            agencies.assign(link=detail_links(agencies["agency"], "agency"))[
                ["link", "agency", "received", "complaints", "denunciations", "recommendations", "settled", "pending",
                 "pending_long", "max_days_pending"]],
            column_config={
                "agency": st.column_config.TextColumn("Cơ quan, đơn vị", width="medium"),
                "received": st.column_config.NumberColumn("Tổng số đơn", format="%d"),
                "complaints": st.column_config.NumberColumn("Khiếu nại", format="%d"),
                "denunciations": st.column_config.NumberColumn("Tố cáo", format="%d"),
                "recommendations": st.column_config.NumberColumn("Kiến nghị, phản ánh", format="%d"),
                "settled": st.column_config.NumberColumn("Đã giải quyết", format="%d"),
                "pending": st.column_config.NumberColumn("Đang giải quyết", format="%d"),
                "pending_long": st.column_config.NumberColumn("Tồn lâu, quá hạn", format="%d"),
                "max_days_pending": st.column_config.NumberColumn("Tồn lâu nhất (ngày)", format="%d"),
            }, key="petition-agencies")
        as_of_caption(agencies)
