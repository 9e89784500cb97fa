"""Reading the growth scenario tracking table: sectors and their numbering, the month it reports
on, values in đồng and rates in %, messy files in every format, and a rejected file that names
the cell and leaves the store as it was."""

from __future__ import annotations

import datetime as dt

import pytest

from data_pipeline.ingest import ingest, prepare
from data_pipeline.problems import Rejected
from data_pipeline.recognise import recognise
from reader_builders import write_csv, write_ods, write_xlsx
from store_fixtures import dump_store, run_cli
from watch_sheets import GROWTH_SHEET, growth_rows

TY = 1_000_000_000


def xlsx(tmp_path, rows, merges=(), name=GROWTH_SHEET):
    return write_xlsx(tmp_path / "kich_ban.xlsx", {name: rows}, {name: list(merges)})


def by_code(prepared) -> dict[str, dict]:
    return {r["sector_code"]: r for r in prepared.records}


def test_scenario_sheet_gives_one_row_per_sector_with_its_numbering_path(tmp_path):
    prepared = prepare(xlsx(tmp_path, *growth_rows()))
    assert prepared.dataset == "growth"  # told from the headers
    rows = by_code(prepared)
    assert list(rows) == ["GRDP", "I", "II", "II.1", "II.2", "II.2.-1"]
    assert rows["II.1"]["sector"] == "Khai khoáng" and rows["II.1"]["parent_code"] == "II"
    assert rows["I"]["parent_code"] is None and rows["GRDP"]["parent_code"] is None
    # An unnumbered "Công nghiệp ..." row folds like "Cộng" but is a sector, not a total.
    assert rows["II.2.-1"]["sector"] == "Công nghiệp chế biến, chế tạo"
    assert "Tổng cộng" not in {r["sector"] for r in prepared.records}


def test_values_are_in_dong_and_rates_in_percent(tmp_path):
    rows = by_code(prepare(xlsx(tmp_path, *growth_rows())))
    grdp, mining = rows["GRDP"], rows["II.1"]
    assert grdp["target_vnd"] == pytest.approx(8000.5 * TY)  # "8.000,5" tỷ đồng, written as text
    assert grdp["actual_vnd"] == 7900 * TY
    assert (grdp["target_growth_pct"], grdp["actual_growth_pct"]) == (10, 9.2)  # "9,2"
    assert (mining["target_vnd"], mining["actual_vnd"]) == (500 * TY, 400 * TY)
    assert mining["cause"] == "Mỏ khai thác cầm chừng"
    assert mining["measure"] == "Nâng công suất mỏ"
    assert mining["responsible_agency"] == "Sở Nông nghiệp và Môi trường"


def test_month_is_the_one_a_title_line_names_though_an_earlier_line_names_the_year(tmp_path):
    prepared = prepare(xlsx(tmp_path, *growth_rows()))
    assert {r["period"] for r in prepared.records} == {dt.date(2026, 4, 1)}
    assert prepared.report_date == dt.date(2026, 4, 30)
    assert prepared.warnings == []


def test_month_comes_from_a_header_when_the_title_names_only_the_year(tmp_path):
    rows, merges = growth_rows(month_line="Năm 2026")
    rows[6][2:4] = ["Kịch bản", "Ước thực hiện 5 tháng"]
    prepared = prepare(xlsx(tmp_path, rows, merges))
    assert {r["period"] for r in prepared.records} == {dt.date(2026, 5, 1)}
    assert prepared.report_date == dt.date(2026, 5, 31)


def test_a_sheet_of_rates_only_is_read(tmp_path):
    rows = [["KỊCH BẢN TĂNG TRƯỞNG THÁNG 6 NĂM 2026"],
            ["TT", "Ngành, lĩnh vực", "Kịch bản tăng trưởng (%)", "Ước thực hiện (%)", "Cơ quan chủ trì"],
            [1, "Nông nghiệp", "4,5", "4,1", "Sở Nông nghiệp và Môi trường"],
            [2, "Du lịch", 12, "13,5", "Sở Văn hóa, Thể thao và Du lịch"]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert [(r["sector"], r["target_growth_pct"], r["actual_growth_pct"], r["target_vnd"]) for r in prepared.records] == [
        ("Nông nghiệp", 4.5, 4.1, None), ("Du lịch", 12, 13.5, None)]
    assert prepared.report_date == dt.date(2026, 6, 30)


def test_a_long_table_with_a_month_column_keeps_each_row_in_its_month(tmp_path):
    rows = [["THEO DÕI KỊCH BẢN TĂNG TRƯỞNG NĂM 2026"], ["Đơn vị tính: triệu đồng"],
            ["Tháng", "STT", "Ngành", "Kịch bản", "Ước thực hiện"],
            ["3/2026", 1, "Xây dựng", 300_000, 290_000],
            ["Tháng 4", 1, "Xây dựng", 400_000, 380_000]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert [(r["period"], r["sector_code"], r["actual_vnd"]) for r in prepared.records] == [
        (dt.date(2026, 3, 1), "1", 290_000 * 1e6), (dt.date(2026, 4, 1), "1", 380_000 * 1e6)]
    assert prepared.report_date == dt.date(2026, 4, 30)


@pytest.mark.parametrize("fmt", ["csv-cp1258", "csv-utf8-bom", "ods"])
def test_csv_and_ods_give_the_same_rows_as_xlsx(tmp_path, fmt):
    rows, merges = growth_rows()
    expected = prepare(xlsx(tmp_path, rows, merges)).records
    if fmt == "ods":
        path = write_ods(tmp_path / "kich_ban.ods", {GROWTH_SHEET: rows}, {GROWTH_SHEET: merges})
    else:
        path = write_csv(tmp_path / "kich_ban.csv", rows, encoding="cp1258" if fmt == "csv-cp1258" else "utf-8-sig")
    got = prepare(path).records
    keys = ("period", "sector_code", "sector", "parent_code", "target_vnd", "actual_vnd", "target_growth_pct",
            "actual_growth_pct", "measure", "responsible_agency")
    assert [same(r, keys) for r in got] == [same(r, keys) for r in expected]


def same(record: dict, keys: tuple[str, ...]) -> tuple:
    """A record's fields, floats rounded: "8.000,5" in a CSV and 8000.5 in a workbook are one figure."""
    return tuple(round(record[k], 3) if isinstance(record[k], float) else record[k] for k in keys)


def test_disbursement_and_revenue_sheets_are_not_taken_for_growth():
    disbursement = ["STT", "Tên dự án", "Ngành, lĩnh vực", "Kế hoạch vốn năm 2026", "Thực hiện giải ngân", "Ghi chú"]
    revenue = ["STT", "Chỉ tiêu", "Dự toán năm 2026", "Ước thực hiện tháng 4", "Ước thực hiện 4 tháng"]
    assert recognise([[h] for h in disbursement]).dataset == "disbursement"
    assert recognise([[h] for h in revenue]).dataset == "revenue"


def test_a_sector_number_given_twice_in_one_month_is_an_error(tmp_path):
    rows, merges = growth_rows()
    rows[12][0] = 1  # "Xây dựng" numbered 1 like "Khai khoáng" above it
    with pytest.raises(Rejected) as exc:
        prepare(xlsx(tmp_path, rows, merges))
    assert any(p.kind == "duplicate-key" and p.row == 13 for p in exc.value.problems)


def test_a_sheet_without_an_estimate_column_names_what_it_lacks(tmp_path):
    rows = [["KỊCH BẢN TĂNG TRƯỞNG THÁNG 4 NĂM 2026"], ["STT", "Ngành, lĩnh vực", "Kịch bản", "Cơ quan chủ trì"],
            [1, "Xây dựng", 400, "Sở Xây dựng"]]
    with pytest.raises(Rejected) as exc:
        prepare(xlsx(tmp_path, rows), dataset="growth")
    assert any(p.kind == "missing-column" and "Ước thực hiện" in p.message for p in exc.value.problems)


def test_bad_figure_is_rejected_naming_sheet_row_and_column_and_the_store_is_unchanged(tmp_path):
    db = tmp_path / "store.duckdb"
    good = xlsx(tmp_path, *growth_rows())
    ingest(good, db=db)
    before = dump_store(db)
    bad = write_xlsx(tmp_path / "kich_ban_loi.xlsx", {GROWTH_SHEET: growth_rows("5oo")[0]},
                     {GROWTH_SHEET: growth_rows()[1]})
    run = run_cli("ingest", bad, "--db", db)
    assert run.code == 2
    assert 'Kịch bản T4, dòng 12, cột "Giá trị tăng thêm lũy kế (giá so sánh 2010) - Kịch bản": "5oo"' in run.stderr
    assert "Traceback" not in run.output
    assert dump_store(db) == before


def test_a_sheet_naming_only_the_year_is_rejected_for_want_of_a_month(tmp_path):
    rows = [["KỊCH BẢN TĂNG TRƯỞNG NĂM 2026"], ["STT", "Ngành, lĩnh vực", "Kịch bản", "Ước thực hiện"],
            [1, "Xây dựng", 400, 380]]
    with pytest.raises(Rejected) as exc:
        prepare(xlsx(tmp_path, rows))
    assert [p.kind for p in exc.value.problems if p.severity == "error"] == ["missing-period"]
    assert prepare(xlsx(tmp_path, rows), report_date=dt.date(2026, 7, 31)).records[0]["period"] == dt.date(2026, 7, 1)
