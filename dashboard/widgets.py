"""Small reusable pieces of the pages: KPI cards, warning list, charts with values on bars."""

from __future__ import annotations

import functools
import html
from urllib.parse import parse_qsl, quote

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from data_pipeline.text import printable

from . import fmt

STATE_COLOURS = {"red": "#c62828", "amber": "#ef8f00", "green": "#2e7d32"}
STATE_LABELS = {"red": "Cảnh báo đỏ", "amber": "Cần chú ý", "green": "Đạt"}
PAGE_FILES = {
    "overview": "pages/tong_quan.py", "tasks": "pages/nhiem_vu.py", "investment": "pages/dau_tu_cong.py",
    "map": "pages/ban_do_xa.py", "mining": "pages/khoang_san.py", "revenue": "pages/thu_ngan_sach.py",
    "trade": "pages/cua_khau.py", "upload": "pages/cap_nhat_du_lieu.py",
    "growth": "pages/tang_truong.py", "admin": "pages/hanh_chinh.py",
}

CSS = """
<style>
/* Tablet first: nothing wider than the screen, big tap targets. */
.block-container {padding-top: 3.6rem; padding-left: 1rem; padding-right: 1rem; max-width: 100%;}
button, [role="tab"], a[data-testid="stPageLink-NavLink"], div[data-baseweb="select"] > div,
[data-testid="stButtonGroup"] button, [data-baseweb="input"] {min-height: 44px;}
/* Beats Streamlit's own button style (about 40 px tall: one class), yields to a page's own (key + button). */
button[data-testid^="stBaseButton"], button[data-testid="stPopoverButton"] {min-height: 44px;}
[data-testid="stTopNavLink"], [data-testid="stTopNavSection"], [data-testid="stTopNavDropdownLink"] {
    min-height: 44px; align-items: center;}
[data-testid="stMarkdownContainer"] p {overflow-wrap: anywhere;}
.kpi {border-radius: 10px; padding: 10px 12px; margin-bottom: 8px; background: #fafafa;
      border-left: 8px solid var(--c); min-height: 104px;}
.kpi .label {font-size: 0.95rem; color: #333;}
.kpi .value {font-size: 1.7rem; font-weight: 700; color: var(--c); line-height: 1.25;}
.kpi .sub {font-size: 0.85rem; color: #555;}
.st-key-page_nav a[data-testid="stPageLink-NavLink"] {border: 1px solid #ddd; border-radius: 8px; padding: 0 10px;}
/* Nine pages fit the top bar of a portrait tablet only without their icons. */
@media (max-width: 900px) {[data-testid="stTopNavLink"] > span:first-child {display: none;}}
.st-key-session_cookie, .st-key-streamlit_words {display: none;}
.alert {padding: 8px 10px; border-radius: 8px; margin: 4px 0; border-left: 6px solid var(--c); background: #fff8f6;}
</style>
"""


def inject_css() -> None:
    st.html(CSS)


def page_setup(title: str) -> None:
    from ._entry import run_through_app
    run_through_app()  # a page file run on its own (older multipage mode) goes through app.py and its sign-in
    st.title(title)


def kpi_card(label: str, value: str, state: str, sub: str = "") -> None:
    colour = STATE_COLOURS.get(state, "#455a64")
    st.markdown(
        f'<div class="kpi" style="--c:{colour}" title="{html.escape(STATE_LABELS.get(state, ""))}">'
        f'<div class="label">{html.escape(label)}</div><div class="value">{html.escape(value)}</div>'
        f'<div class="sub">{html.escape(sub)}</div></div>', unsafe_allow_html=True)


def empty_state(what: str, how: str = "Hãy tải biểu số liệu lên ở trang «Cập nhật dữ liệu».") -> None:
    st.info(f"Chưa có dữ liệu {what}. {how}")


def bar_chart(frame: pd.DataFrame, x: str, y: str, *, text: list[str], colour: str | list[str] = "#1565c0",
              horizontal: bool = True, height: int | None = None, x_title: str = "", y_title: str = "") -> go.Figure:
    """A bar chart whose values are written on the bars, readable without hover."""
    orientation = "h" if horizontal else "v"
    fig = go.Figure(go.Bar(
        x=frame[x] if horizontal else frame[y], y=frame[y] if horizontal else frame[x],
        orientation=orientation, text=text, textposition="auto", marker_color=colour,
        # White on the coloured bar, dark beside it: never grey on blue.
        insidetextfont=dict(color="white"), outsidetextfont=dict(color="#212121"),
        hovertemplate=None, cliponaxis=False))
    fig.update_layout(
        height=height or max(260, 34 * len(frame) + 80), margin=dict(l=8, r=8, t=30, b=8),
        separators=",.", xaxis_title=x_title, yaxis_title=y_title, showlegend=False)
    if horizontal:
        fig.update_yaxes(autorange="reversed", automargin=True)
    values = pd.to_numeric(frame[x], errors="coerce").dropna()
    if not values.empty and (values % 1 == 0).all():  # a count: whole ticks, never "0,5 hồ sơ"
        ticks = dict(tickformat=",d", dtick=1 if values.abs().max() <= 10 else None, rangemode="tozero")
        (fig.update_xaxes if horizontal else fig.update_yaxes)(**ticks)
    return fig


def upload_limit_note() -> None:
    """The size limit in Vietnamese, beside the uploader whose own line Streamlit writes in English."""
    st.caption(f"Mỗi tệp tối đa {fmt.number(st.get_option('server.maxUploadSize'))} MB.")


def show_chart(fig: go.Figure) -> None:
    fmt.literal_figure(fig)  # sheet text on the chart is text, not plotly's markup
    fig.update_layout(separators=",.")
    st.plotly_chart(fig, width="stretch", config={"displayModeBar": False, "locale": "vi"})


def link(page: str, label: str, **params) -> None:
    st.page_link(PAGE_FILES[page], label=label, query_params=params or None)


def not_in_link(what: str, value: str, instead: str = "đang hiện toàn bộ danh sách") -> None:
    """A page's link asks for something the current figures do not have (an old, mistyped or forged
    link): say so, in Vietnamese, and show the page without it."""
    shown = value if len(value) <= 60 else value[:59] + "…"
    st.warning(f"Đường dẫn hỏi {what} «{fmt.md(printable(shown))}», nhưng số liệu hiện hành không có; {instead}.",
               icon=":material/link_off:")


def detail_links(values, param: str, page: str = "") -> list[str]:
    """The shared link of each value's detail view (`page?param=value`, for a LinkColumn), the value
    encoded: a code holding & = # or / from a sheet stays inside its own parameter."""
    return [f"{page}?{param}={quote(str(v), safe='')}" for v in values]


DRILL_HINT = "Chạm vào một dòng để xem chi tiết."


def drill_table(frame: pd.DataFrame, column_config: dict, key: str, **options) -> None:
    """A table whose rows open their detail view, the `link` column (detail_links): one tap on
    any cell of a row, each row 44 px tall, in the same tab, and the address is then that view's
    shared link. The link column itself is not shown, so the figures get its width."""
    widget = f"{key}-{st.session_state.get(f'drill_{key}', 0)}"
    st.dataframe(frame, column_config={**column_config, "link": None}, hide_index=True, width="stretch",
                 row_height=44, on_select=functools.partial(_row_tapped, widget, key, list(frame["link"])),
                 selection_mode="single-cell", key=widget, **options)
    st.caption(DRILL_HINT)
    target = st.session_state.pop(f"drill_to_{key}", None)
    if target is not None:  # a view on another page: it opens with its parameters in the address
        st.switch_page(f"pages/{target[0]}.py", query_params=target[1])


def _row_tapped(widget: str, key: str, links: list[str]) -> None:
    """The tap, handled before the page runs again: the next run draws the detail view."""
    cells = st.session_state[widget]["selection"]["cells"]
    if not cells:
        return
    page, _, query = links[cells[0][0]].partition("?")
    params = dict(parse_qsl(query))
    # A fresh table after the tap, so that coming back to the list does not open the row again.
    st.session_state[f"drill_{key}"] = st.session_state.get(f"drill_{key}", 0) + 1
    if page:
        st.session_state[f"drill_to_{key}"] = (page, params)
    else:
        st.query_params.update(params)


def as_of_caption(frame: pd.DataFrame, date_col: str = "report_date", file_col: str = "source_file") -> None:
    if frame.empty:
        return
    dates = ", ".join(sorted({fmt.date(d) for d in frame[date_col].dropna()})) if date_col in frame else ""
    files = ", ".join(sorted({str(f) for f in frame[file_col].dropna()}))[:300] if file_col in frame else ""
    st.caption(f"Số liệu đến ngày {dates} · nguồn: {fmt.md(files)}")


REPORT_STATES = {"on_time": "Đã gửi đúng hạn", "late": "Gửi muộn", "missing": "Chưa gửi", "due": "Chưa đến hạn"}


def missing_reports_warning(dataset: str | None = None) -> None:
    """After the due day, the units that have not sent their report of the month the figures are for."""
    from dashboard import data
    missing = data.mart("missing_reports", dataset=dataset)
    if missing.empty:
        return
    for (name, month, due), group in missing.groupby(["dataset", "month", "due_date"], sort=False):
        units = "; ".join(group["unit_name"].astype(str))
        st.warning(f"**{len(group)} đơn vị chưa gửi báo cáo {DATASET_NOUNS.get(name, name)} tháng {fmt.month(month)}** "
                   f"(hạn {fmt.date(due)}): {fmt.md(units)}. Số liệu của các đơn vị này vẫn là số liệu cũ.")


DATASET_NOUNS = {"tasks": "nhiệm vụ", "disbursement": "giải ngân", "mining": "khoáng sản", "revenue": "thu ngân sách",
                 "trade": "xuất nhập khẩu", "growth": "tăng trưởng", "dossiers": "thủ tục hành chính",
                 "petitions": "đơn thư"}


def unit_sources(dataset: str) -> None:
    """Each unit's figures with the date and file they come from: a compilation and newer own reports."""
    from dashboard import data
    units = data.mart("current_units", dataset=dataset)
    if units.empty:
        return
    own = units[units["part"] == "unit"]
    whole = units[units["part"] != "unit"]
    dates = sorted({d for d in units["report_date"].dropna()})
    shown = ", ".join(fmt.date(d) for d in dates[-3:])
    parts = []
    if not whole.empty:
        first = whole.iloc[0]
        parts.append(f"biểu tổng hợp đến ngày {fmt.date(first['report_date'])} ({fmt.md(first['file_name'])})")
    if not own.empty:
        newer = " mới hơn" if not whole.empty else ""
        parts.append(f"{fmt.number(own['load_id'].nunique())} báo cáo riêng{newer} của "
                     f"{fmt.number(own['unit_name'].nunique())} đơn vị")
    st.caption(f"Số liệu đến ngày {'…, ' if len(dates) > 3 else ''}{shown} · nguồn: " + "; ".join(parts))
    with st.expander("Nguồn số liệu của từng đơn vị"):
        st.dataframe(pd.DataFrame({
            "Đơn vị": units["unit_name"],
            "Số liệu đến ngày": units["report_date"].map(fmt.date),
            "Nguồn": [("Báo cáo riêng" if part == "unit" else "Biểu tổng hợp" if part == "compilation" else "Văn bản giao")
                      for part in units["part"]],
            "Tệp": units["file_name"],
            "Số dòng": units["rows"].map(fmt.number),
        }), hide_index=True, width="stretch")


def _pager_state(total: int, per_page: int, key: str) -> tuple[str, int, int]:
    pages = max(1, -(-int(total) // per_page))
    state = f"pager_{key}"
    return state, min(max(1, st.session_state.get(state, 1)), pages), pages


def _pager_bar(total: int, per_page: int, key: str, suffix: str = "") -> None:
    state, page, pages = _pager_state(total, per_page, key)

    def turn(step: int) -> None:  # a callback: the page changes before the buttons are drawn
        st.session_state[state] = min(max(1, st.session_state.get(state, 1) + step), pages)

    if pages > 1:
        first = (page - 1) * per_page
        back, label, forward = st.columns([1, 2, 1], vertical_alignment="center")
        back.button("‹ Trang trước", key=f"{state}_back{suffix}", disabled=page == 1, width="stretch",
                    on_click=turn, args=(-1,))
        forward.button("Trang sau ›", key=f"{state}_next{suffix}", disabled=page == pages, width="stretch",
                       on_click=turn, args=(1,))
        label.markdown(f"<div style='text-align:center'>Trang {fmt.number(page)}/{fmt.number(pages)} · "
                       f"dòng {fmt.number(first + 1)}–{fmt.number(min(first + per_page, total))} "
                       f"trên {fmt.number(total)}</div>", unsafe_allow_html=True)


def pager(total: int, per_page: int, key: str) -> int:
    """Offset of the page of a long list to show, chosen by tapping «Trang trước» / «Trang sau».
    The list itself is fetched a page at a time (the list marts take $limit and $offset), so a
    national list of a million rows costs the same as a province's. Give each list, with its
    filters, its own key: a new filter then starts again at the first page."""
    _pager_bar(total, per_page, key)
    _, page, _ = _pager_state(total, per_page, key)
    return (page - 1) * per_page


def pager_below(total: int, per_page: int, key: str) -> None:
    """The same pager again under the list, so the next page is a tap away at its end too."""
    _pager_bar(total, per_page, key, suffix="_below")
