"""The presentation page's logic (AppTest): one red warning a screen in the alerts mart's order, next and
previous, ?muc=N, and marking for follow-up written to the store."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import fmt
from data_pipeline import marts, meeting, store

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
PAGE = "pages/trinh_chieu.py"


@pytest.fixture
def meeting_env(demo_db, tmp_path, monkeypatch) -> Path:
    copy = tmp_path / "meeting.duckdb"
    shutil.copyfile(demo_db, copy)
    shutil.copyfile(store.snapshot_path(demo_db), store.snapshot_path(copy))
    monkeypatch.setenv("DASHBOARD_DB", str(copy))
    return copy


def red_items(db: Path):
    """The red warnings with their reports, worked out here from the whole alerts and _item_reports
    marts (what the page showed before it asked the store for one item at a time)."""
    con = store.read_connection(db)
    try:
        alerts, reports = marts.run_mart(con, "alerts"), marts.run_mart(con, "_item_reports")
    finally:
        con.close()
    red = alerts[alerts["severity"] == meeting.RED]
    merged = red.merge(reports, on=["link_param", "link_value"], how="left", sort=False)
    merged["item_key"] = merged["link_param"] + ":" + merged["link_value"]
    return merged.reset_index(drop=True)


def open_page(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def shown_title(at: AppTest) -> str:
    """The item's title as the leader reads it (the page escapes the sheet's text for Markdown)."""
    return re.sub(r"\\(.)", r"\1", next(m.value for m in at.markdown if m.value.startswith("## "))[3:])


def counter(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "slide-count" in m.value)


def test_first_screen_is_the_most_serious_red_warning(meeting_env):
    items = red_items(meeting_env)
    at = open_page()
    assert shown_title(at) == items.iloc[0]["title"]
    assert f"Cảnh báo đỏ 1/{len(items)}" in counter(at)
    body = "\n".join(m.value for m in at.markdown)
    assert "**Trách nhiệm:**" in body and "**Thời hạn:**" in body and "**Báo cáo gần nhất:**" in body
    assert at.button(key="previous_item").disabled


def test_next_and_previous_walk_the_list(meeting_env):
    items = red_items(meeting_env)
    at = open_page()
    at.button(key="next_item").click().run()
    assert shown_title(at) == items.iloc[1]["title"] and at.query_params["muc"] == "2"
    at.button(key="next_item").click().run()
    at.button(key="previous_item").click().run()
    assert shown_title(at) == items.iloc[1]["title"]


def test_a_shared_link_reopens_the_same_item_and_the_last_has_no_next(meeting_env):
    items = red_items(meeting_env)
    at = open_page(muc=str(len(items)))
    assert shown_title(at) == items.iloc[-1]["title"]
    assert at.button(key="next_item").disabled
    assert shown_title(open_page(muc="9999")) == items.iloc[-1]["title"]
    assert shown_title(open_page(muc="không")) == items.iloc[0]["title"]


def test_task_screen_shows_its_latest_report(meeting_env):
    items = red_items(meeting_env)
    number = next(i for i, row in enumerate(items.itertuples(), start=1) if row.link_param == "task")
    at = open_page(muc=str(number))
    body = "\n".join(m.value for m in at.markdown)
    assert items.iloc[number - 1]["responsible"] in body
    assert str(items.iloc[number - 1]["report_text"]) in body


def test_marking_writes_the_follow_up_list_and_unmarking_removes_it(meeting_env):
    items = red_items(meeting_env)
    at = open_page(muc="2")
    at.button(key="toggle_follow_up").click().run()
    assert not at.exception
    con = store.read_connection(meeting_env)
    try:
        keys = [r[0] for r in con.execute("select item_key from follow_ups").fetchall()]
    finally:
        con.close()
    assert keys == [items.iloc[1]["item_key"]]
    assert "★ đã đánh dấu theo dõi" in counter(at)
    assert any(fmt.md(items.iloc[1]["title"]) in m.value for m in at.markdown if m.value.startswith("- "))
    at.button(key="toggle_follow_up").click().run()
    con = store.read_connection(meeting_env)
    try:
        assert con.execute("select count(*) from follow_ups").fetchone()[0] == 0
    finally:
        con.close()


def test_empty_store_says_what_is_missing(db):
    db.parent.mkdir(parents=True, exist_ok=True)
    at = open_page()
    assert any("Chưa có dữ liệu cảnh báo đỏ" in i.value for i in at.info)
