"""Tổng quan: the few numbers leaders ask for first, then every warning, most serious first: the counts
from alert_counts, the warnings themselves a page of 40 at a time from alerts."""


import streamlit as st

from data_pipeline.meeting import DOMAIN_LABELS
from dashboard import data, fmt
from dashboard.widgets import (STATE_COLOURS, empty_state, kpi_card, link, missing_reports_warning, page_setup, pager,
                               pager_below)

PER_PAGE = 40

page_setup("Tổng quan điều hành")

kpis = data.mart("overview_kpis")
if kpis.empty:
    empty_state("để tổng hợp")
    st.stop()
missing_reports_warning()

LINK_PAGES = {"task": "tasks", "project": "investment", "mine": "mining", "item": "revenue",
              "sector": "growth", "unit": "admin", "petition": "admin", "agency": "admin"}


def change_text(row) -> str:
    parts = []
    if row.target == row.target and row.target is not None and row.unit == "pct":
        parts.append(f"cần đạt {fmt.pct(row.target)}")
    if row.previous == row.previous and row.previous is not None:
        delta = row.value - row.previous
        unit = "" if row.unit == "count" else " điểm %"
        better = (delta < 0) == bool(row.lower_is_better) if delta else None
        word = "tốt hơn" if better else ("xấu đi" if better is False else "không đổi")
        parts.append(f"{fmt.signed(delta, 0 if row.unit == 'count' else 1)}{unit} so cuối tháng trước ({word})")
    parts.append(f"đến {fmt.date(row.as_of)}")
    return " · ".join(parts)


columns = st.columns(4)
for i, row in enumerate(kpis.itertuples()):
    with columns[i % 4]:
        kpi_card(row.label, fmt.kpi_value(row.value, row.unit), row.state, change_text(row))

st.subheader("Cảnh báo")
counts = data.mart("alert_counts")
if counts.empty or not counts["total"].sum():
    st.success("Không có cảnh báo nào.")
else:
    by_domain = dict(zip(counts["domain"], counts["total"]))
    choice = st.pills("Lĩnh vực", ["Tất cả"] + [DOMAIN_LABELS[d] for d in DOMAIN_LABELS if by_domain.get(d)],
                      default="Tất cả", key="alert_domain")
    domain = next((d for d, label in DOMAIN_LABELS.items() if label == choice), None)
    shown = counts if domain is None else counts[counts["domain"] == domain]
    total, red = int(shown["total"].sum()), int(shown["red"].sum())
    st.caption(f"{fmt.number(total)} cảnh báo ({fmt.number(red)} đỏ, {fmt.number(total - red)} vàng) · đỏ trước, vàng sau")
    offset = pager(total, PER_PAGE, f"alerts_{domain or 'all'}")
    for row in data.mart("alerts", domain=domain, limit=PER_PAGE, offset=offset).itertuples():
        colour = STATE_COLOURS["red" if row.severity == 1 else "amber"]
        who = f" — {fmt.text(row.responsible)}" if fmt.text(row.responsible, "") else ""
        with st.container(border=False):  # the title and agency are the sheet's own text: shown, never run
            st.markdown(f'<div class="alert" style="--c:{colour}"><b>{DOMAIN_LABELS[row.domain]}</b>: '
                        f"{fmt.html_text(row.title + who)}</div>", unsafe_allow_html=True)
            link(LINK_PAGES[row.link_param], "Xem chi tiết →", **{row.link_param: row.link_value})
    pager_below(total, PER_PAGE, f"alerts_{domain or 'all'}")
