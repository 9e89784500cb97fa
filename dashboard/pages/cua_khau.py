"""Cửa khẩu: exports and imports by gate and month, against last year, vehicles."""

import plotly.graph_objects as go
import streamlit as st

from dashboard import data, fmt
from dashboard.widgets import as_of_caption, bar_chart, empty_state, page_setup, show_chart

page_setup("Xuất nhập khẩu qua cửa khẩu")

gates = data.mart("trade_gates")
if gates.empty:
    empty_state("xuất nhập khẩu", "Hãy tải biểu xuất nhập khẩu (mẫu: data/templates/mau_xuat_nhap_khau.xlsx) ở trang «Cập nhật dữ liệu».")
    st.stop()

monthly = data.mart("trade_monthly")
c1, c2, c3, c4 = st.columns(4)
c1.metric("Xuất khẩu (lũy kế)", fmt.usd(gates["export_usd"].sum()))
c2.metric("Nhập khẩu (lũy kế)", fmt.usd(gates["import_usd"].sum()))
total, last = gates["total_usd"].sum(), gates["last_year_usd"].sum()
c3.metric("So cùng kỳ", fmt.signed(100 * (total / last - 1), suffix="%") if last else "—")
c4.metric("Phương tiện", fmt.number(gates["vehicles"].sum()))

show_chart(bar_chart(gates, "total_usd", "gate",
                     text=[f"{fmt.usd(v)} ({fmt.signed(c, suffix='%')})" for v, c in zip(gates["total_usd"], gates["change_pct"])],
                     colour=["#c62828" if b else "#1565c0" for b in gates["is_behind"]],
                     x_title="Kim ngạch lũy kế (USD), trong ngoặc: so cùng kỳ"))

gate = st.pills("Cửa khẩu", list(gates["gate"]), format_func=fmt.md, default=None, key="gate")
frame = monthly if not gate else monthly[monthly["gate"] == gate]
by_month = frame.groupby(["period", "direction_label"], as_index=False)[["value_usd", "last_year_value_usd"]].sum(min_count=1)
fig = go.Figure()
for label, colour in (("Xuất khẩu", "#1565c0"), ("Nhập khẩu", "#6a1b9a")):
    part = by_month[by_month["direction_label"] == label]
    fig.add_bar(x=[fmt.month(p) for p in part["period"]], y=part["value_usd"] / 1e6, name=label, marker_color=colour,
                text=[fmt.number(v / 1e6, 1) for v in part["value_usd"]], textposition="outside")
ly = by_month.groupby("period", as_index=False)["last_year_value_usd"].sum(min_count=1)
fig.add_scatter(x=[fmt.month(p) for p in ly["period"]], y=ly["last_year_value_usd"] / 1e6, name="Tổng cùng kỳ năm trước",
                mode="lines+markers", line=dict(color="#ef8f00", dash="dash"))
fig.update_layout(barmode="group", height=360, margin=dict(l=8, r=8, t=40, b=8), yaxis_title="triệu USD",
                  legend=dict(orientation="h", y=1.15), separators=",.", title=gate or "Tất cả cửa khẩu")
show_chart(fig)

st.dataframe(
    fmt.as_text(gates.assign(latest_period=gates["latest_period"].map(fmt.month),
                             change_pct=gates["change_pct"].map(lambda v: fmt.signed(v, suffix="%"))),
                fmt.number, "export_usd", "import_usd", "last_year_usd")[
        ["gate", "export_usd", "import_usd", "last_year_usd", "change_pct", "vehicles", "latest_period"]],
    column_config={
        "gate": "Cửa khẩu", "export_usd": "Xuất khẩu (USD)", "import_usd": "Nhập khẩu (USD)",
        "last_year_usd": "Cùng kỳ (USD)", "change_pct": "So cùng kỳ",
        "vehicles": st.column_config.NumberColumn("Phương tiện", format="%d"),
        "latest_period": "Đến tháng",
    }, hide_index=True, width="stretch")

as_of_caption(monthly, date_col="period")
