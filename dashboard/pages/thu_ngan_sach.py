"""Thu ngân sách: the item tree with estimate and pace, items behind, monthly chart."""

import plotly.graph_objects as go
import streamlit as st

from dashboard import data, fmt
from dashboard.widgets import as_of_caption, empty_state, kpi_card, not_in_link, page_setup, show_chart

PROVINCE = "Toàn tỉnh"  # the area of the province's own figures in the revenue sheets (the others are communes)

page_setup("Thu ngân sách nhà nước")

items = data.mart("revenue_items", area=PROVINCE)
if items.empty:
    empty_state("thu ngân sách", "Hãy tải biểu thu ngân sách (mẫu: data/templates/mau_thu_ngan_sach.xlsx) ở trang «Cập nhật dữ liệu».")
    st.stop()

top = items[items["parent_item_code"].isna()].iloc[0]
c1, c2, c3 = st.columns(3)
with c1:
    kpi_card(f"Lũy kế đến tháng {fmt.month(top['period'])}", fmt.money(top["ytd_actual_vnd"]), "green",
             f"Dự toán {fmt.money(top['estimate_vnd'])}")
with c2:
    state = "red" if top["is_behind"] else ("amber" if top["pct_of_estimate"] < top["expected_pct"] else "green")
    kpi_card("So dự toán", fmt.pct(top["pct_of_estimate"]), state, f"tiến độ thời gian {fmt.pct(top['expected_pct'])}")
with c3:
    ly = top["pct_of_last_year"]
    kpi_card("So cùng kỳ năm trước", fmt.pct(ly), "red" if ly == ly and ly < 100 else "green", "")

selected = st.query_params.get("item")
shown = items.assign(
    name=["\u2003" * int(d) + n for d, n in zip(items["depth"], items["item_name"])],
    estimate_ty=(items["estimate_vnd"] / 1e9).map(fmt.decimal), ytd_ty=(items["ytd_actual_vnd"] / 1e9).map(fmt.decimal),
    month_ty=(items["month_actual_vnd"] / 1e9).map(fmt.decimal),
    pct_of_estimate=items["pct_of_estimate"].map(fmt.pct), pct_of_last_year=items["pct_of_last_year"].map(fmt.pct),
    flag=["⚠️ chậm" if b else "" for b in items["is_behind"]])
if selected and selected in set(items["item_code"]):
    st.info(f"Chỉ tiêu {fmt.md(selected)}: " + " · ".join(map(fmt.md, items.loc[items["item_code"] == selected, "item_name"])))
elif selected:
    not_in_link("chỉ tiêu mã", selected, "đang hiện toàn bộ các chỉ tiêu")
st.dataframe(
    shown[["item_code", "name", "ytd_ty", "pct_of_estimate", "estimate_ty", "month_ty", "pct_of_last_year", "flag"]],
    column_config={
        "item_code": st.column_config.TextColumn("Mã", width="small"),
        "name": st.column_config.TextColumn("Chỉ tiêu", width="large"),
        "ytd_ty": st.column_config.TextColumn("Lũy kế (tỷ đồng)", width="small"),
        "pct_of_estimate": st.column_config.TextColumn("% dự toán", width="small"),
        "estimate_ty": st.column_config.TextColumn("Dự toán (tỷ đồng)", width="small"),
        "month_ty": st.column_config.TextColumn("Trong tháng (tỷ đồng)", width="small"),
        "pct_of_last_year": st.column_config.TextColumn("% cùng kỳ", width="small"),
        "flag": "Cảnh báo",
    }, hide_index=True, width="stretch", height=420)

monthly = data.mart("revenue_monthly")
if not monthly.empty:
    labels = [fmt.month(p) for p in monthly["period"]]
    fig = go.Figure()
    fig.add_bar(x=labels, y=monthly["month_actual_vnd"] / 1e9, name="Thu trong tháng", marker_color="#1565c0",
                text=[fmt.number(v / 1e9, 1) for v in monthly["month_actual_vnd"]], textposition="outside")
    fig.add_scatter(x=labels, y=monthly["pct_of_estimate"], name="Lũy kế % dự toán", yaxis="y2", mode="lines+markers+text",
                    text=[fmt.pct(v) for v in monthly["pct_of_estimate"]], textposition="top center", line=dict(color="#2e7d32"))
    fig.add_scatter(x=labels, y=monthly["expected_pct"], name="Tiến độ thời gian", yaxis="y2", mode="lines",
                    line=dict(color="#ef8f00", dash="dash"))
    fig.update_layout(height=360, margin=dict(l=8, r=8, t=40, b=8), yaxis_title="tỷ đồng",
                      yaxis2=dict(overlaying="y", side="right", title="%", showgrid=False),
                      legend=dict(orientation="h", y=1.15), separators=",.")
    show_chart(fig)

as_of_caption(items, date_col="period")
