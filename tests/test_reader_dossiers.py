"""Reading the report on administrative procedures: the official three-row header, group and total
rows, communes among the units, totals worked out or checked, and rejected figures named by cell."""

from __future__ import annotations

import datetime as dt

import pytest

from data_pipeline.ingest import ingest, prepare
from data_pipeline.problems import Rejected
from data_pipeline.recognise import recognise
from reader_builders import write_csv, write_xlsx
from store_fixtures import dump_store, run_cli
from watch_sheets import DOSSIER_SHEET, dossier_rows


def xlsx(tmp_path, rows, merges=(), name=DOSSIER_SHEET):
    return write_xlsx(tmp_path / "tthc.xlsx", {name: rows}, {name: list(merges)})


def by_unit(prepared) -> dict[str, dict]:
    return {r["unit_name"]: r for r in prepared.records}


def test_three_row_header_maps_every_count_to_its_column(tmp_path):
    prepared = prepare(xlsx(tmp_path, *dossier_rows()))
    assert prepared.dataset == "dossiers"
    u = by_unit(prepared)["Sở Nông nghiệp và Môi trường"]
    assert {k: u[k] for k in ("received_total", "carried_over", "received_new", "settled_total", "settled_early",
                              "settled_on_time", "settled_late", "pending_total", "pending_in_time",
                              "pending_overdue")} == {
        "received_total": 380, "carried_over": 80, "received_new": 300, "settled_total": 250, "settled_early": 70,
        "settled_on_time": 150, "settled_late": 30, "pending_total": 130, "pending_in_time": 110,
        "pending_overdue": 20}
    assert prepared.warnings == []


def test_group_and_total_rows_are_not_units_but_name_the_level(tmp_path):
    prepared = prepare(xlsx(tmp_path, *dossier_rows()))
    assert [(r["unit_name"], r["unit_group"]) for r in prepared.records] == [
        ("Sở Tư pháp", "Cấp tỉnh"), ("Sở Nông nghiệp và Môi trường", "Cấp tỉnh"),
        ("Công an tỉnh", "Cấp tỉnh"),  # "Công an" folds like "Cộng" but is a unit
        ("UBND xã Trà Lĩnh", "Cấp xã"), ("UBND phường Thục Phán", "Cấp xã")]


def test_a_group_heading_in_capitals_is_the_same_level_in_sentence_case(tmp_path):
    """Many offices write "I. CẤP TỈNH": the level reads "Cấp tỉnh", as where it is written so, and
    an acronym stays in capitals ("UBND cấp xã")."""
    rows, merges = dossier_rows()
    rows[8][1], rows[12][1] = "CẤP TỈNH", "UBND CẤP XÃ"
    levels = {r["unit_name"]: r["unit_group"] for r in prepare(xlsx(tmp_path, rows, merges)).records}
    assert levels["Sở Tư pháp"] == "Cấp tỉnh"
    assert levels["UBND phường Thục Phán"] == "UBND cấp xã"


def test_commune_units_resolve_to_their_code_and_agencies_to_none(tmp_path):
    units = by_unit(prepare(xlsx(tmp_path, *dossier_rows())))
    assert units["UBND xã Trà Lĩnh"]["commune_code"] == "01447"
    assert units["UBND phường Thục Phán"]["commune_code"] == "01273"
    assert units["Sở Tư pháp"]["commune_code"] is None


def test_period_and_report_date_come_from_the_title(tmp_path):
    prepared = prepare(xlsx(tmp_path, *dossier_rows()))
    assert {(r["period_start"], r["period_end"]) for r in prepared.records} == {(dt.date(2026, 3, 15), dt.date(2026, 4, 14))}
    assert prepared.report_date == dt.date(2026, 4, 14)


def test_totals_left_out_are_worked_out_from_their_parts(tmp_path):
    rows = [["BÁO CÁO GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THÁNG 4 NĂM 2026"],
            ["STT", "Đơn vị", "Kỳ trước chuyển sang", "Mới tiếp nhận", "Đã giải quyết trước hạn",
             "Đã giải quyết đúng hạn", "Đã giải quyết quá hạn", "Đang giải quyết quá hạn", "Đang giải quyết trong hạn"],
            [1, "Sở Xây dựng", 10, 90, 40, 45, 5, 3, 7]]
    u = prepare(xlsx(tmp_path, rows)).records[0]
    assert (u["received_total"], u["settled_total"], u["pending_total"]) == (100, 90, 10)


def test_a_total_that_disagrees_with_its_parts_is_loaded_with_a_warning_naming_the_cell(tmp_path):
    prepared = prepare(xlsx(tmp_path, *dossier_rows(settled_late=9)))  # 60 + 35 + 9 ≠ 100
    [warning] = prepared.warnings
    assert (warning.kind, warning.sheet, warning.row) == ("inconsistent-total", DOSSIER_SHEET, 10)
    assert warning.column == "Số hồ sơ đã giải quyết - Tổng số"
    assert "104" in warning.message


def test_csv_without_merges_reads_like_the_workbook(tmp_path):
    rows, merges = dossier_rows()
    expected = prepare(xlsx(tmp_path, rows, merges)).records
    got = prepare(write_csv(tmp_path / "tthc.csv", rows, encoding="cp1258")).records
    assert [(r["unit_name"], r["received_total"], r["settled_late"], r["pending_overdue"]) for r in got] == \
        [(r["unit_name"], r["received_total"], r["settled_late"], r["pending_overdue"]) for r in expected]


def test_dossier_and_petition_summaries_are_told_apart():
    dossiers = [["Đơn vị"], ["Số hồ sơ tiếp nhận", "Tổng số"], ["Số hồ sơ đã giải quyết", "Tổng số"],
                ["Số hồ sơ đang giải quyết", "Tổng số"]]
    petitions = [["Cơ quan, đơn vị"], ["Tổng số đơn"], ["Kết quả giải quyết", "Đã giải quyết"],
                 ["Kết quả giải quyết", "Đang giải quyết"]]
    assert recognise(dossiers).dataset == "dossiers"
    assert recognise(petitions).dataset == "petitions"


@pytest.mark.parametrize("cell, text", [(-3, "-3"), ("12,5", "12,5"), ("mười", "mười")])
def test_a_count_that_is_not_a_whole_number_is_rejected_naming_the_cell(tmp_path, cell, text):
    rows, merges = dossier_rows(settled_late=cell)
    with pytest.raises(Rejected) as exc:
        prepare(xlsx(tmp_path, rows, merges))
    [problem] = [p for p in exc.value.problems if p.severity == "error"]
    assert (problem.sheet, problem.row, problem.column) == (DOSSIER_SHEET, 10, "Số hồ sơ đã giải quyết - Quá hạn")
    assert text in problem.message


def test_an_unknown_commune_is_rejected_and_the_store_is_unchanged(tmp_path):
    db = tmp_path / "store.duckdb"
    ingest(xlsx(tmp_path, *dossier_rows()), db=db)
    before = dump_store(db)
    rows, merges = dossier_rows(trà_lĩnh="UBND xã Trà Lĩnh Cũ")
    bad = write_xlsx(tmp_path / "tthc_loi.xlsx", {DOSSIER_SHEET: rows}, {DOSSIER_SHEET: merges})
    run = run_cli("ingest", bad, "--db", db)
    assert run.code == 2
    assert 'TTHC, dòng 14, cột "Đơn vị": "xã Trà Lĩnh Cũ" không phải là xã, phường nào của tỉnh Cao Bằng' in run.stderr
    assert "Traceback" not in run.output
    assert dump_store(db) == before
