"""Tăng trưởng: the GRDP ≥ 10% scenario month by month: which sectors fall behind their path, by how
much, what is done to make it up and which agency answers for it; a sector's path at ?sector=CODE."""

import plotly.graph_objects as go
import streamlit as st

from dashboard import data, fmt
from dashboard.widgets import (STATE_COLOURS, as_of_caption, bar_chart, detail_links, drill_table, empty_state, not_in_link,
                               page_setup, show_chart)

page_setup("Kịch bản tăng trưởng GRDP")

sectors = data.mart("growth_sectors")
if sectors.empty:
    empty_state("kịch bản tăng trưởng", "Hãy tải bảng theo dõi kịch bản tăng trưởng (mẫu: "
                "data/templates/mau_tang_truong.xlsx) ở trang «Cập nhật dữ liệu».")
    st.stop()

path = data.mart("growth_path")
month = fmt.month(sectors["period"].iloc[0])
STATE_TEXT = {"red": "Hụt xa kịch bản", "amber": "Chậm so kịch bản", "green": "Đạt kịch bản"}
TREND_TEXT = {"closing": "Đang thu hẹp", "widening": "Đang nới rộng", "steady": "Không đổi"}


def gap_text(row) -> str:
    if row["gap_pct"] == row["gap_pct"] and row["gap_pct"] is not None:
        return fmt.signed(row["gap_pct"], suffix="%")
    if row["gap_points"] == row["gap_points"] and row["gap_points"] is not None:
        return fmt.signed(row["gap_points"], suffix=" điểm %")
    return "—"


def path_chart(frame, title: str) -> go.Figure:
    """The scenario's cumulative path and the estimates along it, month by month."""
    months = [fmt.month(p) for p in frame["period"]]
    fig = go.Figure()
    fig.add_scatter(x=months, y=frame["target_vnd"] / 1e9, name="Kịch bản", mode="lines+markers",
                    line=dict(color="#455a64", dash="dash"))
    fig.add_scatter(x=months, y=frame["actual_vnd"] / 1e9, name="Ước thực hiện", mode="lines+markers+text",
                    line=dict(color="#1565c0"), text=[fmt.signed(g, suffix="%") for g in frame["gap_pct"]],
                    textposition="bottom center")
    fig.update_layout(height=340, margin=dict(l=8, r=8, t=40, b=8), yaxis_title="tỷ đồng (lũy kế)",
                      legend=dict(orientation="h", y=1.15), title=title)
    return fig


code = st.query_params.get("sector")
if code and code in set(sectors["sector_code"]):
    row = sectors[sectors["sector_code"] == code].iloc[0]
    st.subheader(fmt.md(row["sector"]))
    st.markdown(
        f"**Tháng {month}:** kịch bản {fmt.money(row['target_vnd'])}, ước thực hiện {fmt.money(row['actual_vnd'])} "
        f"({gap_text(row)}) · tốc độ tăng {fmt.pct(row['actual_growth_pct'])} so kịch bản "
        f"{fmt.pct(row['target_growth_pct'])}  \n"
        f"**Đánh giá:** {STATE_TEXT.get(row['state'], '—')}  \n"
        f"**Cơ quan chủ trì:** {fmt.md(row['responsible_agency'])}  \n"
        f"**Nguyên nhân:** {fmt.md(row['cause'])}  \n"
        f"**Giải pháp bù đắp:** {fmt.md(row['measure'])}")
    if row["lacks_measure"]:
        st.warning("Ngành chậm so kịch bản nhưng chưa nêu giải pháp bù đắp phần thiếu hụt.")
    own = path[path["sector_code"] == code]
    if own["target_vnd"].notna().any():
        show_chart(path_chart(own, f"Lộ trình {row['sector']}"))
    if st.button("← Về toàn bộ ngành, lĩnh vực"):
        del st.query_params["sector"]
        st.rerun()
    st.stop()
if code:
    not_in_link("ngành, lĩnh vực mã", code)

leaves = sectors[sectors["is_leaf"]]
behind = leaves[leaves["is_behind"]].sort_values("gap_pct")
grdp = sectors[sectors["sector_code"] == "GRDP"]
c1, c2, c3, c4 = st.columns(4)
if not grdp.empty:
    g = grdp.iloc[0]
    c1.metric("GRDP so kịch bản", gap_text(g), help=f"Ước thực hiện lũy kế so kịch bản, tháng {month}")
    c2.metric("Tốc độ tăng GRDP", fmt.pct(g["actual_growth_pct"]), help=f"Kịch bản: {fmt.pct(g['target_growth_pct'])}")
c3.metric("Ngành chậm so kịch bản", f"{fmt.number(len(behind))}/{fmt.number(len(leaves))}")
c4.metric("Chậm mà chưa có giải pháp", fmt.number(int(behind["lacks_measure"].sum())))

st.subheader(f"Ngành, lĩnh vực chậm so lộ trình tháng {month}")
if behind.empty:
    st.success("Mọi ngành, lĩnh vực đều đạt lộ trình kịch bản.")
else:
    show_chart(bar_chart(behind, "gap_pct", "sector", text=[gap_text(r) for _, r in behind.iterrows()],
                         colour=[STATE_COLOURS[s] for s in behind["state"]],
                         x_title="Ước thực hiện so kịch bản lũy kế (%)"))
    shown = behind.assign(link=detail_links(behind["sector_code"], "sector"),
                          shortfall=behind["shortfall_vnd"].map(fmt.money),
                          gap=[gap_text(r) for _, r in behind.iterrows()],
                          trend=behind["trend"].map(TREND_TEXT).fillna("—"),
                          agency=behind["responsible_agency"].fillna("Chưa giao"),
                          measure=behind["measure"].fillna("").replace("", "Chưa có giải pháp"),
                          cause=behind["cause"].map(fmt.text))
    drill_table(
        shown[["link", "sector", "gap", "measure", "shortfall", "trend", "agency", "cause"]],
        column_config={
            "sector": st.column_config.TextColumn("Ngành, lĩnh vực", width="medium"),
            "gap": "So kịch bản", "shortfall": "Phần hụt", "trend": "So tháng trước",
            "agency": st.column_config.TextColumn("Cơ quan chủ trì", width="medium"),
            "measure": st.column_config.TextColumn("Giải pháp bù đắp", width="large"),
            "cause": st.column_config.TextColumn("Nguyên nhân", width="medium"),
        }, key="behind")

tab_agency, tab_grdp, tab_all = st.tabs(["Cơ quan chịu trách nhiệm", "Lộ trình GRDP", "Tất cả ngành"])
with tab_agency:
    agencies = data.mart("growth_agencies")
    st.dataframe(
        agencies.assign(shortfall=agencies["shortfall_vnd"].map(fmt.money))[
            ["agency", "sectors", "behind", "far_behind", "shortfall", "behind_without_measure", "behind_sectors"]],
        column_config={
            "agency": st.column_config.TextColumn("Cơ quan chủ trì", width="medium"),
            "sectors": st.column_config.NumberColumn("Số ngành", format="%d", width="small"),
            "behind": st.column_config.NumberColumn("Chậm", format="%d", width="small"),
            "far_behind": st.column_config.NumberColumn("Hụt xa", format="%d", width="small"),
            "shortfall": "Phần hụt",
            "behind_without_measure": st.column_config.NumberColumn("Chưa có giải pháp", format="%d", width="small"),
            "behind_sectors": st.column_config.TextColumn("Ngành chậm", width="large"),
        }, hide_index=True, width="stretch")
with tab_grdp:
    total = path[path["sector_code"] == "GRDP"]
    if total.empty or total["target_vnd"].isna().all():
        st.info("Biểu chưa có dòng Tổng sản phẩm trên địa bàn (GRDP).")
    else:
        show_chart(path_chart(total, "GRDP: kịch bản và ước thực hiện lũy kế"))
with tab_all:
    tree = sectors.assign(
        name=["\u2003" * max(int(d) - 1, 0) + s for d, s in zip(sectors["depth"], sectors["sector"])],
        link=detail_links(sectors["sector_code"], "sector"),
        target=sectors["target_vnd"].map(fmt.money), actual=sectors["actual_vnd"].map(fmt.money),
        gap=[gap_text(r) for _, r in sectors.iterrows()], state_text=sectors["state"].map(STATE_TEXT),
        target_growth_pct=sectors["target_growth_pct"].map(fmt.pct),
        actual_growth_pct=sectors["actual_growth_pct"].map(fmt.pct),
        responsible_agency=sectors["responsible_agency"].map(fmt.text))
    drill_table(
        tree[["link", "name", "target", "actual", "gap", "target_growth_pct", "actual_growth_pct", "state_text",
              "responsible_agency"]],
        column_config={
            "name": st.column_config.TextColumn("Ngành, lĩnh vực", width="medium"),
            "target": "Kịch bản", "actual": "Ước thực hiện", "gap": "So kịch bản",
            "target_growth_pct": "Tăng theo kịch bản", "actual_growth_pct": "Tăng ước thực hiện",
            "state_text": "Đánh giá", "responsible_agency": "Cơ quan chủ trì",
        }, key="sector-tree")

as_of_caption(sectors)
