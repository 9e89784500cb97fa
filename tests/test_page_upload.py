"""The update page («Cập nhật dữ liệu») in AppTest: it renders on an empty and on a loaded store,
lists every load, and rolls a load back (after a confirmation) so the current view shows the one
before. AppTest cannot upload a file: the checks an upload runs are tested in test_preview.py,
and the upload click itself in test_browser_upload.py."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from data_pipeline import store
from data_pipeline.upload import ingest_upload
from test_preview import V1, V2, disbursement_file

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
PAGE = "pages/cap_nhat_du_lieu.py"


@pytest.fixture(autouse=True)
def _signed_in_admin(monkeypatch):
    """The update page needs an editor; rolling back needs an administrator."""
    monkeypatch.setenv("DASHBOARD_TEST_ACCOUNT", "admin")


def open_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(PAGE)
    return run(at)


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def history_table(at: AppTest):
    return next(d.value for d in at.dataframe if "Lần nạp" in d.value.columns)


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click()
    return run(at)


def sql(db: Path, query: str):
    con = duckdb.connect(str(store.snapshot_path(db)), read_only=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def two_loads(tmp_path: Path, db: Path) -> tuple[int, int]:
    first = ingest_upload(disbursement_file(tmp_path / "v1.xlsx", "30/4/2026", V1).read_bytes(),
                          "giai_ngan_T4.xlsx", db=db, loaded_by="chuyenvien.stc")
    second = ingest_upload(disbursement_file(tmp_path / "v2.xlsx", "31/5/2026", V2).read_bytes(),
                           "giai_ngan_T5.xlsx", db=db, loaded_by="chuyenvien.stc")
    return first.load_id, second.load_id


def texts(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in [*at.markdown, *at.info, *at.success, *at.warning, *at.caption])


def test_renders_on_an_empty_store(db):
    at = open_page()
    assert at.title[0].value == "Cập nhật dữ liệu"
    assert "Chưa có lần nạp nào" in texts(at)
    assert not at.dataframe
    assert [b.key for b in at.button] == ["notice_read"] and at.button[0].disabled  # nothing to read yet
    assert not db.exists(), "opening the page creates no store"


def test_history_lists_every_load(tmp_path, db):
    first, second = two_loads(tmp_path, db)
    at = open_page()
    history = history_table(at)
    assert list(history["Lần nạp"]) == [str(second), str(first)]
    assert list(history["Tệp"]) == ["giai_ngan_T5.xlsx", "giai_ngan_T4.xlsx"]
    assert list(history["Số liệu đến ngày"]) == ["31/05/2026", "30/04/2026"]
    assert set(history["Loại dữ liệu"]) == {"Giải ngân vốn đầu tư công"}
    assert set(history["Người nạp"]) == {"chuyenvien.stc"}
    assert set(history["Trạng thái"]) == {"Còn hiệu lực"}
    assert at.selectbox(key="rollback_choice").options == [
        f"Lần nạp {second} · Giải ngân vốn đầu tư công · đến ngày 31/05/2026 · giai_ngan_T5.xlsx",
        f"Lần nạp {first} · Giải ngân vốn đầu tư công · đến ngày 30/04/2026 · giai_ngan_T4.xlsx"]


def test_rollback_through_the_page_brings_back_the_load_before(tmp_path, db):
    first, second = two_loads(tmp_path, db)
    assert sql(db, "select distinct load_id from disbursement") == [(second,)]
    at = open_page()
    at.selectbox(key="rollback_choice").set_value(second)
    click(at, "rollback_ask")
    assert "Xác nhận hoàn tác" in "\n".join(w.value for w in at.warning)
    assert sql(db, f"select status from loads where load_id = {second}") == [("active",)], "asking is not doing"
    click(at, "rollback_yes")
    assert sql(db, f"select status from loads where load_id = {second}") == [("rolled_back",)]
    assert sql(db, "select distinct load_id from disbursement") == [(first,)]
    assert sql(db, "select count(*), sum(plan_vnd), sum(disbursed_vnd) from disbursement") == [(3, 1800e6, 300e6)]
    assert sql(db, f"select event, actor from load_events where load_id = {second}")[0][0] == "rollback"
    assert sql(db, "select actor, target from audit_log where action = 'rollback'") == [
        ("kiem-thu-admin", f"lần nạp {second}")], "a rollback is in the audit log, with who did it"
    assert f"Đã hoàn tác lần nạp {second}" in texts(at)
    history = history_table(at).set_index("Lần nạp")
    assert history.loc[str(second), "Trạng thái"] == "Đã hoàn tác"
    assert at.selectbox(key="rollback_choice").options == [
        f"Lần nạp {first} · Giải ngân vốn đầu tư công · đến ngày 30/04/2026 · giai_ngan_T4.xlsx"]


def test_cancelling_a_rollback_changes_nothing(tmp_path, db):
    first, second = two_loads(tmp_path, db)
    at = open_page()
    click(at, "rollback_ask")
    click(at, "rollback_no")
    assert sql(db, "select load_id, status from loads order by load_id") == [(first, "active"), (second, "active")]
    assert not at.warning
