"""«Đọc thông báo kết luận» on the update page, in AppTest: paste a real notice, get the proposed
tasks in an editable table, correct it, confirm, and find the load in the store; a table that
fails the tasks checks is refused naming the table's row and column, and the store stays as it was."""

from __future__ import annotations

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from conftest import shared_file
from data_pipeline import store
from store_fixtures import dump_store
from test_page_upload import APP, PAGE

QN_DOC = "Thông báo 660/TB-UBND ngày 31/12/2024"
STEERING = "Ban Chỉ đạo xoá nhà tạm, nhà dột nát huyện Bình Sơn"


@pytest.fixture(autouse=True)
def _signed_in_editor_of_tasks(monkeypatch):
    """The notice reader sits on the update page, which needs an account that may load tasks."""
    monkeypatch.setenv("DASHBOARD_TEST_ACCOUNT", "admin")


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def proposed(db) -> AppTest:
    """The update page with the Quảng Ngãi notice pasted and read."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page(PAGE)
    run(at)
    text = shared_file("examples", "quang_ngai_660_TB-UBND_2024.txt").read_text(encoding="utf-8")
    at.text_area(key="notice_text").input(text)
    run(at)
    at.button(key="notice_read").click()
    return run(at)


def edit(at: AppTest, **state) -> None:
    """Cell edits as the table sends them (AppTest cannot type into the grid)."""
    at.session_state["notice_table_1"] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **state}


def confirm(at: AppTest) -> AppTest:
    at.button(key="notice_confirm").click()
    return run(at)


def rows(db, query: str) -> list[tuple]:
    con = duckdb.connect(str(store.snapshot_path(db)), read_only=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def test_pasted_notice_is_proposed_as_an_editable_table(db):
    at = proposed(db)
    [table] = at.data_editor
    frame = table.value
    assert table.editing_mode == "dynamic"
    assert len(frame) == 9
    assert list(frame["lead_agency"][:5]) == [STEERING] * 5
    assert frame["keep"].all()
    assert at.text_input(key="notice_doc_1").value == QN_DOC
    assert any("Đề xuất 9 nhiệm vụ" in i.value for i in at.info)


def test_corrected_table_is_loaded_as_tasks_of_the_notice(db):
    at = proposed(db)
    edit(at, edited_rows={0: {"lead_agency": "Ban Chỉ đạo huyện Bình Sơn"}, 3: {"keep": False}})
    run(at)
    at = confirm(at)
    assert any("Đã nạp 8 nhiệm vụ" in s.value and QN_DOC in s.value for s in at.success), [s.value for s in at.success]
    loaded = rows(db, "select source_doc, lead_agency, title from tasks order by source_row")
    assert len(loaded) == 8
    assert {doc for doc, _, _ in loaded} == {QN_DOC}
    assert loaded[0][1] == "Ban Chỉ đạo huyện Bình Sơn"
    assert not any(title.startswith("Phối hợp chặt chẽ") for *_, title in loaded)  # the row left out
    assert rows(db, "select reporting_unit, dataset, row_count from loads") == [(QN_DOC, "tasks", 8)]
    assert not at.data_editor  # the proposal is done with


def test_table_failing_the_tasks_checks_is_refused_naming_row_and_column(db):
    at = proposed(db)
    before = dump_store(db) if db.exists() else None
    edit(at, edited_rows={2: {"lead_agency": ""}})
    run(at)
    at = confirm(at)
    assert any("chưa nạp được" in e.value and "giữ nguyên" in e.value for e in at.error)
    problems = next(d.value for d in at.dataframe if "Dòng" in d.value.columns)
    assert problems.iloc[0].to_dict() == {"Dòng": "3", "Cột": "Cơ quan chủ trì", "Nội dung": "chưa ghi cơ quan chủ trì"}
    assert (dump_store(db) if db.exists() else None) == before
    assert at.data_editor  # still there to correct


def test_two_tasks_with_the_same_content_name_both_rows(db):
    at = proposed(db)
    first = at.data_editor[0].value["title"][0]
    edit(at, edited_rows={6: {"title": first}})
    run(at)
    at = confirm(at)
    problems = next(d.value for d in at.dataframe if "Dòng" in d.value.columns)
    row = problems.iloc[0]
    assert (row["Dòng"], row["Cột"]) == ("7", "Nội dung nhiệm vụ") and "với dòng 1" in row["Nội dung"]
