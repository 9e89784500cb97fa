"""Khoáng sản: output against licensed capacity; far below or above; licences; mines that did not report."""

import streamlit as st

from dashboard import data, fmt
from dashboard.widgets import as_of_caption, bar_chart, detail_links, drill_table, empty_state, not_in_link, page_setup, show_chart

page_setup("Khai thác khoáng sản")

mines = data.mart("mines")
if mines.empty:
    empty_state("khoáng sản", "Hãy tải biểu mỏ khoáng sản (mẫu: data/templates/mau_khoang_san.xlsx) ở trang «Cập nhật dữ liệu».")
    st.stop()

c1, c2, c3, c4 = st.columns(4)
c1.metric("Số mỏ", fmt.number(len(mines)))
c2.metric("Thấp xa công suất", fmt.number(int(mines["is_far_below"].sum())))
c3.metric("Giấy phép hết hạn / sắp hết", f"{fmt.number(int(mines['is_expired'].sum()))} / {fmt.number(int(mines['is_expiring'].sum()))}")
c4.metric("Chưa báo cáo", fmt.number(int(mines["not_reported"].sum())))

mine_id = st.query_params.get("mine")
if mine_id and mine_id in set(mines["mine_id"]):
    m = mines[mines["mine_id"] == mine_id].iloc[0]
    st.subheader(fmt.md(m["mine_name"]))
    st.markdown(f"**Khoáng sản:** {fmt.md(m['mineral'])} · **Tổ chức:** {fmt.md(m['company'])} · **Xã:** {fmt.md(m['commune_name'])}  \n"
                f"**Công suất cấp phép:** {fmt.number(m['licensed_capacity'])} {fmt.md(fmt.unit(m['unit']), '')} · "
                f"**Sản lượng thực tế:** {fmt.number(m['actual_output'])} ({fmt.pct(m['pct_of_licence'])} so công suất cùng kỳ)  \n"
                f"**Hết hạn giấy phép:** {fmt.date(m['license_expiry'])} · **Tình trạng:** {fmt.md(m['status'])}")
elif mine_id:
    not_in_link("mỏ có số giấy phép", mine_id)

shown = mines.assign(link=detail_links(mines["mine_id"], "mine"), license_expiry=mines["license_expiry"].map(fmt.date),
                     licensed_capacity=mines["licensed_capacity"].map(fmt.number),
                     actual_output=mines["actual_output"].map(fmt.number), unit=mines["unit"].map(fmt.unit),
                     pct_of_licence=mines["pct_of_licence"].map(fmt.pct))
config = {
    "mine_name": st.column_config.TextColumn("Mỏ", width="medium"), "mineral": "Khoáng sản", "company": "Tổ chức",
    "commune_name": "Xã, phường",
    "licensed_capacity": "Công suất/năm", "actual_output": "Sản lượng",
    "unit": "Đơn vị",
    "pct_of_licence": st.column_config.TextColumn("% công suất", width="small"),
    "license_expiry": "Hết hạn GP",
}
cols = ["link", *config]
tab_low, tab_above, tab_licence, tab_missing, tab_all = st.tabs(
    ["Thấp xa công suất", "Vượt công suất", "Giấy phép", "Chưa báo cáo", "Tất cả mỏ"])
with tab_low:
    low = shown[shown["is_far_below"]]
    if low.empty:
        st.success("Không có mỏ khai thác thấp xa công suất.")
    else:
        worst = mines.loc[low.index].head(15)
        show_chart(bar_chart(worst, "pct_of_licence", "mine_name", text=[fmt.pct(v) for v in worst["pct_of_licence"]],
                             colour="#c62828", x_title="% công suất cấp phép (cùng kỳ)"))
        drill_table(low[cols], config, key="low")
with tab_above:
    above = shown[shown["is_above"]]
    if above.empty:
        st.success("Không có mỏ vượt công suất.")
    else:
        drill_table(above[cols], config, key="above")
with tab_licence:
    lic = shown[shown["is_expired"] | shown["is_expiring"]]
    if lic.empty:
        st.success("Không có giấy phép hết hạn hoặc sắp hết hạn.")
    else:
        drill_table(lic[cols + ["status"]], config | {"status": "Tình trạng"}, key="licence")
with tab_missing:
    missing = shown[shown["not_reported"]]
    if missing.empty:
        st.success("Mọi mỏ đều đã báo cáo.")
    else:
        drill_table(missing[cols], config, key="missing")
with tab_all:
    drill_table(shown[cols], config, key="all")

as_of_caption(mines)
