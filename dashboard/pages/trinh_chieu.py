"""Trình chiếu: the meeting goes through the red warnings one a screen, in large type, and marks the
ones to follow up; the marked list is the brief's conclusions. ?muc=N reopens the N-th item."""

import re

import pandas as pd
import streamlit as st

from dashboard import auth, data, fmt
from dashboard.widgets import PAGE_FILES, STATE_COLOURS, empty_state, not_in_link, page_setup
from data_pipeline import meeting
from data_pipeline.accounts import ROLE_LABELS
from data_pipeline.problems import Rejected

CSS = """
<style>
.st-key-slide {border-left: 14px solid var(--red); background: #fff8f6; border-radius: 14px; padding: 18px 22px;}
.st-key-slide h2 {font-size: 2.1rem; line-height: 1.3; padding: 0; margin: 0 0 12px 0;}
.st-key-slide p, .st-key-slide li {font-size: 1.4rem; line-height: 1.5;}
.st-key-slide [data-testid="stHeaderActionElements"] {display: none;}
.slide-count {font-size: 1.2rem; color: #555; margin-bottom: 4px;}
.slide-label {color: #555;}
.st-key-slide_nav button {min-height: 88px;}
.st-key-slide_nav button p {font-size: 1.4rem;}
</style>
"""
# Full screen inside the page: the top bar, the brief button and the title make way for the warning.
FULL_SCREEN_CSS = """
<style>
header[data-testid="stHeader"], .st-key-brief_bar, [data-testid="stHeading"]:has(h1) {display: none;}
.block-container {padding-top: 1rem;}
.st-key-slide h2 {font-size: 2.5rem;}
.st-key-slide p, .st-key-slide li {font-size: 1.6rem;}
</style>
"""
LINK_PAGES = {"task": "tasks", "project": "investment", "mine": "mining", "item": "revenue"}

page_setup("Trình chiếu cảnh báo đỏ")
st.html(CSS.replace("var(--red)", STATE_COLOURS["red"]))
full_screen = st.session_state.get("full_screen", False)
if full_screen:
    st.html(FULL_SCREEN_CSS)


def switch_full_screen() -> None:
    st.session_state["full_screen"] = not st.session_state.get("full_screen", False)


st.button("Thoát toàn màn hình" if full_screen else "Toàn màn hình",
          icon=":material/fullscreen_exit:" if full_screen else ":material/fullscreen:",
          key="full_screen_button", on_click=switch_full_screen)

if data.store_exists() and not st.session_state.get("follow_up_table_checked"):
    meeting.ensure_tables(data.db_path())
    st.session_state["follow_up_table_checked"] = True


MAX_NUMBER = 10_000_000  # beyond any list of warnings; and DuckDB's offsets are 64-bit


def requested_number() -> int:
    """?muc=N, the N-th red warning; a value that is not such a number is said and the first shown."""
    raw = st.query_params.get("muc")
    if raw is None:
        return 1
    if re.fullmatch(r"[0-9]{1,8}", raw) and 1 <= int(raw) <= MAX_NUMBER:
        return int(raw)
    not_in_link("cảnh báo đỏ số", raw, "số thứ tự phải là một số từ 1; đang hiện cảnh báo đầu tiên")
    return 1


def red_item(number: int) -> pd.DataFrame:
    """The number-th red warning (one row, with `total`), fetched alone: the meeting shows one a screen."""
    return data.mart("red_items", limit=1, offset=number - 1)


number = requested_number()
items = red_item(number)
if items.empty and number > 1:  # past the end (the list got shorter): the last one
    first = red_item(1)
    if not first.empty:
        asked, number = number, int(first["total"].iloc[0])
        items = red_item(number)
        not_in_link("cảnh báo đỏ số", str(asked), f"chỉ có {fmt.number(number)} cảnh báo đỏ, đang hiện cảnh báo cuối")
if items.empty:
    empty_state("cảnh báo đỏ", "Không có cảnh báo đỏ nào, hoặc chưa nạp số liệu ở trang «Cập nhật dữ liệu».")
    st.stop()
total = int(items["total"].iloc[0])
follow_ups = data.mart("follow_ups")
marked = set(follow_ups["item_key"]) if not follow_ups.empty else set()


def go_to(number: int) -> None:
    st.query_params["muc"] = str(number)


account = auth.current_account()
may_change = meeting.may_follow_up(account)  # a signed-in account of the role settings.toml names


def _said(change) -> None:
    """Run a change of the list, saying in Vietnamese why it did not happen if it did not."""
    try:
        change()
    except Rejected as exc:
        st.session_state["follow_up_refused"] = "; ".join(p.message for p in exc.problems)


def toggle(item: dict, was_marked: bool) -> None:
    if was_marked:
        _said(lambda: meeting.unmark(data.db_path(), item["item_key"], account))
    else:  # who marked it, as the brief's conclusions and the audit log say
        _said(lambda: meeting.mark(data.db_path(), item, account))


def clear_controls(count: int) -> None:
    """Emptying the list for the next meeting: asked, then confirmed."""
    if not st.session_state.get("clear_pending"):
        if st.button("Xoá danh sách theo dõi (cho phiên họp sau)…", key="clear_follow_ups"):
            st.session_state["clear_pending"] = True
            st.rerun()
        return
    st.warning(f"Xác nhận xoá cả {fmt.number(count)} nội dung của danh sách theo dõi? Các nội dung này sẽ không "
               "còn trong mục «Kết luận» của báo cáo nhanh.")
    yes, no = st.columns(2)
    if yes.button("Xác nhận xoá", key="clear_follow_ups_yes", type="primary"):
        st.session_state.pop("clear_pending", None)
        _said(lambda: meeting.clear(data.db_path(), account))
        st.rerun()
    if no.button("Hủy", key="clear_follow_ups_no"):
        st.session_state.pop("clear_pending", None)
        st.rerun()


def _has(value) -> bool:
    return value is not None and not pd.isna(value) and str(value).strip() != ""


item = items.iloc[0].to_dict()

with st.container(key="slide"):
    st.markdown(f'<div class="slide-count">Cảnh báo đỏ {number}/{total} · '
                f'{meeting.DOMAIN_LABELS.get(item["domain"], item["domain"])}'
                f'{" · ★ đã đánh dấu theo dõi" if item["item_key"] in marked else ""}</div>', unsafe_allow_html=True)
    st.markdown(f"## {fmt.md(item['title'])}")
    lines = [f"**Trách nhiệm:** {fmt.md(item['responsible'])}",
             f"**Thời hạn:** {fmt.date(item['deadline'])}"]
    if _has(item.get("coordinating_agencies")):
        lines.append(f"**Phối hợp:** {fmt.md(item['coordinating_agencies'])}")
    if _has(item.get("expected_output")):
        lines.append(f"**Sản phẩm:** {fmt.md(item['expected_output'])}")
    if _has(item.get("plan_vnd")):
        lines.append(f"**Kế hoạch vốn:** {fmt.money(item['plan_vnd'])} · **đã giải ngân:** "
                     f"{fmt.money(item['disbursed_vnd'])}")
    report = item.get("report_text")
    lines.append(f"**Báo cáo gần nhất:** {fmt.md(report, 'chưa có nội dung báo cáo')}")
    st.markdown("  \n".join(lines))
    if _has(item.get("source_file")):
        st.caption(f"Nguồn: {fmt.md(item['source_file'])}, số liệu đến ngày {fmt.date(item['report_date'])}")

is_marked = item["item_key"] in marked
with st.container(key="slide_nav", horizontal=True):
    st.button("◀ Trước", key="previous_item", on_click=go_to, args=(number - 1,), disabled=number <= 1,
              width="stretch")
    st.button("★ Bỏ theo dõi" if is_marked else "☆ Đánh dấu theo dõi", key="toggle_follow_up",
              on_click=toggle, args=(item, is_marked), width="stretch", disabled=not may_change)
    st.button("Sau ▶", key="next_item", on_click=go_to, args=(number + 1,), disabled=number >= total,
              width="stretch", type="primary")

if item["link_param"] in LINK_PAGES:
    st.page_link(PAGE_FILES[LINK_PAGES[item["link_param"]]], label="Xem chi tiết →",
                 query_params={item["link_param"]: item["link_value"]})

refused = st.session_state.pop("follow_up_refused", None)
if refused:
    st.error(refused, icon=":material/block:")
if not may_change:
    st.caption(f"Đăng nhập bằng tài khoản có vai trò «{ROLE_LABELS[meeting.follow_up_role()]}» trở lên để đánh dấu "
               "theo dõi.")

st.subheader(f"Danh sách theo dõi ({fmt.number(len(follow_ups))})")
if follow_ups.empty:
    st.caption("Chưa đánh dấu nội dung nào. Các nội dung đánh dấu được đưa vào mục «Kết luận» của báo cáo nhanh.")
else:
    for row in follow_ups.itertuples():
        who = f" — {fmt.md(row.responsible)}" if _has(row.responsible) else ""
        st.markdown(f"- {fmt.md(row.title)}{who} (thời hạn {fmt.date(row.deadline)})")
    st.caption("Các nội dung này được đưa vào mục «Kết luận» của báo cáo nhanh (nút «Báo cáo nhanh» ở đầu trang).")
    if may_change:
        clear_controls(len(follow_ups))
