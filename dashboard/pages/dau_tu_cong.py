"""Đầu tư công: the year's disbursement against its path, breakdowns, low projects, key projects.
Totals come from project_totals; each list is fetched a page at a time (disbursement_projects with
only / limit / offset), and ?project= fetches that one project."""


import plotly.graph_objects as go
import streamlit as st

from dashboard import data, fmt
from dashboard.widgets import (STATE_COLOURS, bar_chart, detail_links, drill_table, empty_state, not_in_link, page_setup, pager,
                               show_chart, unit_sources)

PER_PAGE = 50
KEY_PER_PAGE = 20

page_setup("Giải ngân vốn đầu tư công")

totals = data.mart("project_totals")
if totals.empty or not totals["projects"].iloc[0]:
    empty_state("giải ngân", "Hãy tải biểu giải ngân (mẫu: data/templates/mau_giai_ngan.xlsx) ở trang «Cập nhật dữ liệu».")
    st.stop()

def project_table(frame, key: str):
    shown = frame.assign(link=detail_links(frame["project_id"], "project"),
                         plan_ty=(frame["plan_vnd"] / 1e9).map(fmt.decimal),
                         disbursed_ty=(frame["disbursed_vnd"] / 1e9).map(fmt.decimal),
                         rate_pct=frame["rate_pct"].map(fmt.pct), expected_pct=frame["expected_pct"].map(fmt.pct))
    drill_table(
        shown[["link", "project_name", "rate_pct", "expected_pct", "plan_ty", "disbursed_ty", "investor", "obstacle"]],
        column_config={
            "project_name": st.column_config.TextColumn("Dự án", width="large"),
            "investor": "Chủ đầu tư",
            "plan_ty": st.column_config.TextColumn("Kế hoạch (tỷ đồng)", width="small"),
            "disbursed_ty": st.column_config.TextColumn("Giải ngân (tỷ đồng)", width="small"),
            "rate_pct": st.column_config.TextColumn("Tỷ lệ", width="small"),
            "expected_pct": st.column_config.TextColumn("Cần đạt", width="small"),
            "obstacle": "Vướng mắc",
        }, key=f"projects-{key}")


def project_page(key: str, count: int, per_page: int = PER_PAGE, **only):
    """One page of the list (with its pager above it); `count` is the list's length from project_totals."""
    offset = pager(count, per_page, key)
    return data.mart("disbursement_projects", limit=per_page, offset=offset, **only)


project_id = st.query_params.get("project")
chosen = data.mart("disbursement_projects", project_id=project_id) if project_id else None
if chosen is not None and not chosen.empty:
    p = chosen.iloc[0]
    st.subheader(fmt.md(p["project_name"]))
    st.markdown(
        f"**Chủ đầu tư:** {fmt.md(p['investor'])} · **Địa điểm:** {fmt.md(p['location'])}  \n"
        f"**Nguồn vốn:** {fmt.md(p['capital_source'])} · **Ngành:** {fmt.md(p['sector'])}"
        f"{' · **Dự án trọng điểm**' if p['is_key_project'] else ''}  \n"
        f"**Kế hoạch vốn:** {fmt.money(p['plan_vnd'])} · **Đã giải ngân:** {fmt.money(p['disbursed_vnd'])} "
        f"(**{fmt.pct(p['rate_pct'])}**, cần đạt {fmt.pct(p['expected_pct'])})  \n"
        f"**Vướng mắc:** {fmt.md(p['obstacle'])}")
    history = data.mart("project_history", project_id=project_id)
    history = history[history["project_id"] == project_id]
    if not history.empty:
        fig = bar_chart(history.assign(label=history["report_date"].map(fmt.date)), "rate_pct", "label",
                        text=[fmt.pct(v) for v in history["rate_pct"]], horizontal=False, x_title="",
                        y_title="Tỷ lệ giải ngân (%)")
        show_chart(fig)
    if st.button("← Về danh sách dự án"):
        del st.query_params["project"]
        st.rerun()
    st.stop()
if project_id:
    not_in_link("dự án mã", project_id)

trajectory = data.mart("disbursement_trajectory")
total = totals.iloc[0]
total_plan, total_disbursed = total["plan_vnd"], total["disbursed_vnd"]
latest = trajectory.iloc[-1] if not trajectory.empty else None
c1, c2, c3 = st.columns(3)
c1.metric("Kế hoạch vốn", fmt.money(total_plan))
c2.metric("Đã giải ngân", fmt.money(total_disbursed),
          f"{fmt.pct(latest['rate_pct'])} (cần đạt {fmt.pct(latest['expected_pct'])})" if latest is not None else None,
          delta_color="off", delta_arrow="off")
c3.metric("Dự án giải ngân thấp", fmt.number(int(total["low"])))

if len(trajectory) >= 1:
    labels = [fmt.date(d) for d in trajectory["report_date"]]
    fig = go.Figure()
    fig.add_bar(x=labels, y=trajectory["rate_pct"], name="Tỷ lệ giải ngân", marker_color="#1565c0",
                text=[fmt.pct(v) for v in trajectory["rate_pct"]], textposition="outside")
    fig.add_scatter(x=labels, y=trajectory["expected_pct"], name="Tiến độ thời gian", mode="lines+markers",
                    line=dict(color="#ef8f00", dash="dash"))
    fig.update_layout(height=340, margin=dict(l=8, r=8, t=30, b=8), yaxis_title="% kế hoạch vốn",
                      legend=dict(orientation="h", y=1.12), separators=",.")
    show_chart(fig)

tab_low, tab_key, tab_by, tab_all = st.tabs(["Giải ngân thấp", "Dự án trọng điểm", "Theo chủ đầu tư, ngành, nguồn vốn", "Tất cả dự án"])
with tab_low:
    st.caption("Thấp: tỷ lệ giải ngân dưới mức so với thời gian đã qua trong năm.")
    if not total["low"]:
        st.success("Không có dự án giải ngân thấp.")
    else:
        project_table(project_page("projects_low", int(total["low"]), only="low"), "low")
with tab_key:
    if not total["key"]:
        st.info("Biểu chưa đánh dấu dự án trọng điểm (cột «Dự án trọng điểm»).")
    else:
        for row in project_page("projects_key", int(total["key"]), KEY_PER_PAGE, only="key").itertuples():
            colour = STATE_COLOURS[row.state]
            # Project name and obstacle are the sheet's own text: shown, never run.
            st.markdown(f'<div class="alert" style="--c:{colour}"><b>{fmt.html_text(row.project_name)}</b><br>'
                        f"{fmt.money(row.disbursed_vnd)} / {fmt.money(row.plan_vnd)} · <b>{fmt.pct(row.rate_pct)}</b>"
                        f" · {fmt.html_text(row.obstacle, 'chưa ghi vướng mắc')}</div>", unsafe_allow_html=True)
            st.page_link("pages/dau_tu_cong.py", label="Xem chi tiết →", query_params={"project": row.project_id})
with tab_by:
    breakdown = data.mart("disbursement_breakdown")
    names = {"investor": "Chủ đầu tư", "sector": "Ngành, lĩnh vực", "capital_source": "Nguồn vốn"}
    dim = st.segmented_control("Xem theo", list(names), format_func=names.get, default="investor", key="dim")
    part = breakdown[breakdown["dimension"] == (dim or "investor")].head(15)
    show_chart(bar_chart(part, "rate_pct", "name", text=[f"{fmt.pct(r)} · {fmt.money(p)}" for r, p in zip(part["rate_pct"], part["plan_vnd"])],
                         x_title="Tỷ lệ giải ngân (%)"))
with tab_all:
    projects = project_page("projects_all", int(total["projects"]))
    project_table(projects, "all")

unit_sources("disbursement")
