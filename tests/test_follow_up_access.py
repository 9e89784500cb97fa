"""The follow-up list is the meeting's conclusions: only a signed-in account of the role settings.toml
names (follow_up_role) marks, unmarks or clears it, clearing asks to confirm, and every change is in
the audit log under the account that made it."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from data_pipeline import meeting, store
from data_pipeline.accounts import Account
from data_pipeline.problems import Rejected
from store_fixtures import dump_store
from test_page_meeting import meeting_env, open_page  # noqa: F401  (fixture)

SETTINGS = Path(__file__).resolve().parent.parent / "settings.toml"


def settings_with(tmp_path: Path, monkeypatch, **changes: str) -> None:
    text = SETTINGS.read_text()
    for line, replacement in changes.items():
        assert line in text, line
        text = text.replace(line, replacement)
    (tmp_path / "settings.toml").write_text(text)
    monkeypatch.setenv("DASHBOARD_SETTINGS", str(tmp_path / "settings.toml"))


def audit_rows(db: Path, prefix: str = "follow_up") -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("select actor, action, detail from audit_log where action like ? order by event_at",
                           [prefix + "%"]).fetchall()
    finally:
        con.close()


def follow_up_keys(db: Path) -> list[tuple]:
    con = store.read_connection(db)
    try:
        return con.execute("select item_key, marked_by from follow_ups order by marked_at").fetchall()
    finally:
        con.close()


def test_anonymous_visitors_neither_mark_nor_clear_when_viewing_needs_no_sign_in(meeting_env, tmp_path, monkeypatch):
    settings_with(tmp_path, monkeypatch, **{"viewing_requires_sign_in = true": "viewing_requires_sign_in = false"})
    monkeypatch.delenv("DASHBOARD_TEST_ACCOUNT")
    at = open_page()
    assert at.button(key="toggle_follow_up").disabled
    assert any("Đăng nhập" in c.value and "đánh dấu" in c.value for c in at.caption)
    before = dump_store(meeting_env, with_audit=True)
    con = store.read_connection(meeting_env)
    item = meeting.red_items(con, limit=1).iloc[0].to_dict()
    con.close()
    for change in (lambda: meeting.mark(meeting_env, item, None), lambda: meeting.clear(meeting_env, None)):
        with pytest.raises(Rejected) as refused:
            change()
        assert refused.value.problems[0].kind == "follow-up-not-allowed"
    assert dump_store(meeting_env, with_audit=True) == before


def test_marking_is_recorded_under_the_account_and_clearing_asks_to_confirm(meeting_env):
    at = open_page(muc="1")
    at.button(key="toggle_follow_up").click().run()
    assert [by for _, by in follow_up_keys(meeting_env)] == ["kiem-thu-viewer"]
    at.button(key="clear_follow_ups").click().run()
    assert len(follow_up_keys(meeting_env)) == 1, "one tap empties nothing"
    assert any("Xác nhận xoá" in w.value for w in at.warning)
    at.button(key="clear_follow_ups_no").click().run()
    assert len(follow_up_keys(meeting_env)) == 1
    at.button(key="clear_follow_ups").click().run()
    at.button(key="clear_follow_ups_yes").click().run()
    assert not at.exception
    assert follow_up_keys(meeting_env) == []
    assert [(actor, action) for actor, action, _ in audit_rows(meeting_env)] == [
        ("kiem-thu-viewer", "follow_up_mark"), ("kiem-thu-viewer", "follow_up_clear")]
    assert audit_rows(meeting_env)[-1][2] == "1 nội dung"


def test_the_follow_up_role_setting_leaves_the_list_to_editors(meeting_env, tmp_path, monkeypatch):
    settings_with(tmp_path, monkeypatch, **{'follow_up_role = "viewer"': 'follow_up_role = "editor"'})
    assert open_page().button(key="toggle_follow_up").disabled
    with pytest.raises(Rejected):
        meeting.clear(meeting_env, Account("lanhdao", "Lãnh đạo", "viewer"))
    monkeypatch.setenv("DASHBOARD_TEST_ACCOUNT", "editor")
    at = open_page()
    assert not at.button(key="toggle_follow_up").disabled
    at.button(key="toggle_follow_up").click().run()
    assert [by for _, by in follow_up_keys(meeting_env)] == ["kiem-thu-editor"]


def test_a_disabled_account_may_not_change_the_list(meeting_env):
    con = store.read_connection(meeting_env)
    item = meeting.red_items(con, limit=1).iloc[0].to_dict()
    con.close()
    with pytest.raises(Rejected):
        meeting.mark(meeting_env, item, Account("cu", "Cán bộ cũ", "admin", disabled=True))
    assert follow_up_keys(meeting_env) == []
