"""What the upload page shows before a growth, dossiers or petitions file is confirmed: rows added,
removed and changed against the current view, and totals before and after; the preview predicts
the view once the file is loaded, and writes nothing."""

from __future__ import annotations

import datetime as dt

import duckdb

from data_pipeline import store
from data_pipeline.ingest import ingest, prepare
from data_pipeline.preview import compare_with_current
from reader_builders import write_xlsx
from store_fixtures import dump_store
from watch_sheets import (DOSSIER_SHEET, GROWTH_SHEET, PETITION_SHEET, dossier_rows, growth_rows,
                          petition_case_rows)


def growth_file(path, *, khai_khoang=500, month_line="Tháng 4 năm 2026"):
    rows, merges = growth_rows(khai_khoang, month_line=month_line)
    return write_xlsx(path, {GROWTH_SHEET: rows}, {GROWTH_SHEET: merges})


def view(db, sql: str):
    con = duckdb.connect(str(store.snapshot_path(db)), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_a_revised_month_of_the_scenario_changes_only_the_sector_revised(tmp_path, db):
    ingest(growth_file(tmp_path / "t4.xlsx"), db=db)
    before = dump_store(db)
    comparison = compare_with_current(prepare(growth_file(tmp_path / "t4b.xlsx", khai_khoang=450)), db)
    assert (comparison.added, comparison.removed, comparison.changed) == (0, 0, 1)
    [changed] = comparison.changes[comparison.changes["change"] == "changed"].to_dict("records")
    assert changed["key"] == "04/2026 · II.1" and list(changed["changed_columns"]) == ["target_vnd"]
    assert dump_store(db) == before  # a preview writes nothing


def test_another_month_of_the_scenario_only_adds_that_month(tmp_path, db):
    ingest(growth_file(tmp_path / "t4.xlsx"), db=db)
    may = prepare(growth_file(tmp_path / "t5.xlsx", month_line="Tháng 5 năm 2026"))
    comparison = compare_with_current(may, db)
    assert (comparison.added, comparison.removed, comparison.changed) == (len(may.records), 0, 0)
    assert comparison.total("target_vnd") == (None, 8000.5e9)
    ingest(growth_file(tmp_path / "t5.xlsx", month_line="Tháng 5 năm 2026"), db=db)
    assert view(db, "select count(distinct period) from growth") == [(2,)]


def test_a_newer_dossiers_report_is_compared_unit_by_unit_and_predicts_the_view(tmp_path, db):
    rows, merges = dossier_rows()
    ingest(write_xlsx(tmp_path / "t4.xlsx", {DOSSIER_SHEET: rows}, {DOSSIER_SHEET: merges}), db=db)
    rows, merges = dossier_rows(trà_lĩnh="UBND xã Quảng Uyên")  # one commune reported in place of another
    rows[2] = ["(Từ ngày 15/4/2026 đến ngày 14/5/2026)"]
    newer = write_xlsx(tmp_path / "t5.xlsx", {DOSSIER_SHEET: rows}, {DOSSIER_SHEET: merges})
    comparison = compare_with_current(prepare(newer), db)
    assert (comparison.added, comparison.removed, comparison.changed, comparison.unchanged) == (1, 1, 0, 4)
    assert comparison.total("overdue") == (40.0, 40.0)
    ingest(newer, db=db)
    assert view(db, "select count(*), sum(pending_overdue), max(report_date) from dossiers") == \
        [(5, 40.0, dt.date(2026, 5, 14))]


def test_a_newer_list_of_cases_shows_a_case_settled_and_predicts_the_view(tmp_path, db):
    rows, merges = petition_case_rows()
    ingest(write_xlsx(tmp_path / "t4.xlsx", {PETITION_SHEET: rows}, {PETITION_SHEET: merges}), db=db)
    rows[2] = ["(Số liệu đến ngày 31/5/2026)"]
    rows[5][10:12] = ["Đã ban hành quyết định giải quyết khiếu nại", dt.date(2026, 5, 20)]
    newer = write_xlsx(tmp_path / "t5.xlsx", {PETITION_SHEET: rows}, {PETITION_SHEET: merges})
    comparison = compare_with_current(prepare(newer), db)
    assert (comparison.added, comparison.removed, comparison.changed, comparison.unchanged) == (0, 0, 1, 3)
    [changed] = comparison.changes[comparison.changes["change"] == "changed"].to_dict("records")
    assert {"status", "settled_on"} <= set(changed["changed_columns"])
    assert comparison.total("pending") == (3.0, 2.0)
    ingest(newer, db=db)
    assert view(db, "select sum(pending_count) from petitions") == [(2.0,)]
