"""Reading petitions: a list of cases (kinds ticked, results in words, dates received) and a
summary per unit; the petitioner's name never read; bad cells rejected by sheet, row and column."""

from __future__ import annotations

import datetime as dt

import pytest

from data_pipeline.datasets.petitions import is_settled, kind_of
from data_pipeline.ingest import ingest, prepare
from data_pipeline.problems import Rejected
from reader_builders import write_ods, write_xlsx
from store_fixtures import dump_store, run_cli
from watch_sheets import PETITION_SHEET, petition_case_rows, petition_summary_rows


def xlsx(tmp_path, rows, merges=(), name=PETITION_SHEET):
    return write_xlsx(tmp_path / "don_thu.xlsx", {name: rows}, {name: list(merges)})


def test_a_list_of_cases_gives_one_row_per_case_with_kind_status_and_dates(tmp_path):
    prepared = prepare(xlsx(tmp_path, *petition_case_rows()))
    assert prepared.dataset == "petitions"
    got = [(r["kind"], r["agency"], r["commune_code"], r["received_on"], r["status"], r["settled_on"])
           for r in prepared.records]
    assert got == [
        ("complaint", "UBND xã Trà Lĩnh", "01447", dt.date(2026, 1, 5), "pending", None),
        ("denunciation", "Thanh tra tỉnh", None, dt.date(2026, 3, 5), "settled", dt.date(2026, 4, 2)),
        ("recommendation", "Sở Nông nghiệp và Môi trường", "01273", dt.date(2026, 4, 20), "pending", None),
        ("recommendation", "UBND phường Thục Phán", "01273", dt.date(2026, 2, 10), "pending", None),
    ]
    assert all(r["is_case"] and r["received_count"] == 1 for r in prepared.records)
    assert prepared.records[0]["due_on"] == dt.date(2026, 2, 19)
    assert prepared.report_date == dt.date(2026, 4, 30)


def test_the_petitioners_name_is_never_read(tmp_path):
    prepared = prepare(xlsx(tmp_path, *petition_case_rows()))
    values = {str(v) for r in prepared.records for v in r.values()}
    assert not any("Nguyễn Văn An" in v or "Hoàng Thị Bình" in v for v in values)


def test_a_summary_gives_one_row_per_unit_and_works_out_what_is_pending(tmp_path):
    prepared = prepare(xlsx(tmp_path, *petition_summary_rows()))
    got = [(r["agency"], r["received_count"], r["complaint_count"], r["denunciation_count"],
            r["recommendation_count"], r["settled_count"], r["pending_count"], r["pending_overdue_count"],
            r["commune_code"], r["is_case"]) for r in prepared.records]
    assert got == [
        ("Thanh tra tỉnh", 10, 5, 5, 0, 8, 2, 0, None, False),
        ("UBND phường Thục Phán", 20, 5, 0, 15, 12, 8, 0, "01273", False),
        ("Sở Nông nghiệp và Môi trường", 15, 5, 0, 10, 11, 4, 3, None, False),
    ]
    assert prepared.report_date == dt.date(2026, 4, 30)


def test_ods_list_of_cases_reads_like_the_workbook(tmp_path):
    rows, merges = petition_case_rows()
    expected = prepare(xlsx(tmp_path, rows, merges)).records
    got = prepare(write_ods(tmp_path / "don_thu.ods", {PETITION_SHEET: rows}, {PETITION_SHEET: merges})).records
    keys = ("petition_id", "kind", "received_on", "status", "settled_on", "commune_code")
    assert [tuple(r[k] for k in keys) for r in got] == [tuple(r[k] for k in keys) for r in expected]


@pytest.mark.parametrize("text, settled", [
    ("Đã ban hành quyết định giải quyết khiếu nại", True), ("Đã trả lời công dân", True),
    ("Công dân rút đơn", True), ("Đình chỉ giải quyết", True), ("Đã chuyển đơn đến cơ quan có thẩm quyền", True),
    ("Đang xác minh", False), ("Chưa giải quyết", False), ("Đang xem xét, giải quyết", False),
    ("Tạm đình chỉ chờ kết quả giám định", False), ("", None), ("Ghi chú khác", None),
])
def test_a_result_cell_says_settled_or_pending(text, settled):
    assert is_settled(text) is settled


@pytest.mark.parametrize("text, kind", [
    ("Đơn khiếu nại", "complaint"), ("Tố cáo", "denunciation"), ("Kiến nghị, phản ánh", "recommendation"),
    ("Phản ánh ô nhiễm", "recommendation"), ("Khiếu nại và tố cáo cán bộ", "denunciation"), ("Khác", None),
])
def test_kind_is_read_from_the_words(text, kind):
    assert kind_of(text) == kind


def test_a_case_without_a_date_received_is_rejected_naming_the_cell(tmp_path):
    with pytest.raises(Rejected) as exc:
        prepare(xlsx(tmp_path, *petition_case_rows(received_second=None)))
    [problem] = exc.value.problems
    assert (problem.kind, problem.sheet, problem.row, problem.column) == ("missing-cell", PETITION_SHEET, 7, "Ngày nhận đơn")


def test_a_bad_date_is_rejected_and_the_store_is_unchanged(tmp_path):
    db = tmp_path / "store.duckdb"
    ingest(xlsx(tmp_path, *petition_case_rows()), db=db)
    before = dump_store(db)
    rows, merges = petition_case_rows(received_second="32/13/2026")
    bad = write_xlsx(tmp_path / "don_thu_loi.xlsx", {PETITION_SHEET: rows}, {PETITION_SHEET: merges})
    run = run_cli("ingest", bad, "--db", db)
    assert run.code == 2
    assert 'Sổ đơn, dòng 7, cột "Ngày nhận đơn": "32/13/2026"' in run.stderr
    assert "Traceback" not in run.output
    assert dump_store(db) == before
