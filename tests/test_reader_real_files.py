"""Real spreadsheets other provinces' offices made (../shared/real, read in place), and the command
line on files built here: exit codes, the one summary line, --unit, --dry-run writing nothing."""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT, shared_file
from data_pipeline.ingest import prepare
from data_pipeline.problems import Rejected
from data_pipeline.readers import read_workbook
from data_pipeline.values import parse_number
from reader_builders import write_xlsx

HA_TINH = ("real", "ha_tinh_giai_ngan_2026.csv")
BINH_PHUOC = ("real", "binh_phuoc_bieu_xuat_khau_T2_2020_trong.xlsx")
STATISTICS_XLS = ("real", "danh_sach_dvhc_15_04_2023.xls")


def ha_tinh_total_row() -> list[str]:
    with open(shared_file(*HA_TINH), encoding="utf-8") as fh:
        return next(row for row in csv.reader(fh, delimiter=";") if len(row) > 2 and row[2] == "Tổng cộng")


# ---------------------------------------------------------------- Hà Tĩnh disbursement CSV


def test_ha_tinh_csv_loads_26_projects_matching_its_total_row_within_rounding():
    prepared = prepare(shared_file(*HA_TINH))
    rows = prepared.rows
    assert prepared.dataset == "disbursement"
    assert len(rows) == 26
    assert rows["project_id"].str.fullmatch(r"\d{7}").all()
    assert rows["project_id"].is_unique
    total = ha_tinh_total_row()
    plan_total, disbursed_total = parse_number(total[3]) * 1e6, parse_number(total[6]) * 1e6
    assert (plan_total, disbursed_total) == (635_466e6, 144_766e6)
    # The sheet's total is off by one triệu from the sum of its rows: hidden decimals were rounded.
    assert abs(rows["plan_vnd"].sum() - plan_total) <= 1e6
    assert abs(rows["disbursed_vnd"].sum() - disbursed_total) <= 1e6
    assert rows["plan_vnd"].sum() != plan_total


def test_ha_tinh_csv_reads_the_total_of_split_plan_columns_and_keeps_names():
    rows = prepare(shared_file(*HA_TINH)).rows
    first = rows.iloc[0]
    assert first.project_id == "8119291"
    assert first.project_name.startswith("Nâng cấp tuyến đường trục xã TX.01")
    assert (first.plan_vnd, first.disbursed_vnd) == (17_426e6, 0.0)
    second = rows.iloc[1]
    assert (second.plan_vnd, second.disbursed_vnd) == (219e6, 460e6)  # "Tổng", not "2025 kéo dài" or "2026"
    assert rows["commune_code"].isna().all()
    assert rows["source_row"].tolist() == list(range(8, 34))


def test_ha_tinh_csv_warns_that_it_assumes_trieu_dong_and_flags_disbursement_over_plan():
    prepared = prepare(shared_file(*HA_TINH), report_date=dt.date(2026, 4, 30))
    kinds = [w.kind for w in prepared.warnings]
    assert kinds.count("unit-assumed") == 1
    assert "coi là triệu đồng" in str(next(w for w in prepared.warnings if w.kind == "unit-assumed"))
    over = [w for w in prepared.warnings if w.kind == "disbursed-over-plan"]
    assert [w.row for w in over] == [9]
    assert prepared.report_date == dt.date(2026, 4, 30)


def test_ha_tinh_csv_with_unit_ty_scales_every_value_and_drops_the_warning():
    trieu = prepare(shared_file(*HA_TINH)).rows
    ty = prepare(shared_file(*HA_TINH), unit="tỷ")
    assert not [w for w in ty.warnings if w.kind == "unit-assumed"]
    assert (ty.rows["plan_vnd"] == trieu["plan_vnd"] * 1000).all()
    assert (ty.rows["disbursed_vnd"] == trieu["disbursed_vnd"] * 1000).all()
    assert ty.rows["plan_vnd"].sum() == 635_467e9


# ---------------------------------------------------------------- Bình Phước empty form


def test_empty_binh_phuoc_form_is_rejected_as_having_no_data_rows():
    with pytest.raises(Rejected) as exc:
        prepare(shared_file(*BINH_PHUOC))
    assert [p.kind for p in exc.value.problems] == ["no-data"]
    message = str(exc.value.problems[0])
    assert message.startswith("Sheet1")
    assert "không có dòng dữ liệu" in message


def test_empty_binh_phuoc_form_is_rejected_as_empty_even_when_read_as_trade():
    with pytest.raises(Rejected) as exc:
        prepare(shared_file(*BINH_PHUOC), dataset="trade")
    assert [p.kind for p in exc.value.problems] == ["no-data"]


def test_binh_phuoc_form_units_inside_merged_header_cells_are_read():
    from data_pipeline.layout import header_labels
    sheet = read_workbook(shared_file(*BINH_PHUOC)).sheets[0]
    labels = header_labels(sheet, 0, 2)
    assert labels[3] == ["Tháng 02", "Trị giá (Triệu USD)"]
    assert labels[7] == ["02 Tháng", "Trị giá (Triệu USD)"]


# ---------------------------------------------------------------- statistics office .xls


def test_statistics_office_xls_is_read_with_codes_as_text():
    workbook = read_workbook(shared_file(*STATISTICS_XLS))
    assert workbook.kind == "xls"
    sheet = workbook.sheets[0]
    header, data = sheet.rows[0], [r for r in sheet.rows[1:] if any(str(c).strip() for c in r)]
    assert header[:6] == ["Tỉnh Thành Phố", "Mã TP", "Quận Huyện", "Mã QH", "Phường Xã", "Mã PX"]
    assert len(data) == 10_603
    assert data[0][:6] == ["Thành phố Hà Nội", "01", "Quận Ba Đình", "001", "Phường Phúc Xá", "00001"]
    codes = [r[5] for r in data if r[5] != ""]  # five island districts have no communes
    assert len(codes) == 10_598
    assert all(isinstance(c, str) and len(c) == 5 and c.isdigit() for c in codes)
    assert all(isinstance(r[1], str) and len(r[1]) == 2 for r in data)
    cao_bang = [r for r in data if r[1] == "04"]
    assert cao_bang and all(r[0] == "Tỉnh Cao Bằng" for r in cao_bang)


def test_statistics_office_xls_is_refused_as_no_known_form():
    with pytest.raises(Rejected) as exc:
        prepare(shared_file(*STATISTICS_XLS))
    assert [p.kind for p in exc.value.problems] == ["no-header"]


# ---------------------------------------------------------------- command line


def run_cli(*args: str, db: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, DASHBOARD_DB=str(db), PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "data_pipeline", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def sheet(tmp_path) -> Path:
    rows = [["BÁO CÁO GIẢI NGÂN VỐN ĐẦU TƯ CÔNG"], ["(Số liệu đến ngày 30/4/2026)"], ["ĐVT: triệu đồng"],
            ["STT", "Tên dự án", "Chủ đầu tư", "Địa điểm", "Kế hoạch vốn", "Giải ngân"],
            [1, "Cao tốc Đồng Đăng - Trà Lĩnh", "Ban QLDA ĐTXD các công trình giao thông", "Xã Trà Lĩnh", 1500, 600],
            [2, "Hạ tầng KCN Chu Trinh", "Ban Quản lý Khu kinh tế tỉnh", "Phường Tân Giang", 300, 90]]
    folder = tmp_path / "upload"
    folder.mkdir()
    return write_xlsx(folder / "giai_ngan.xlsx", {"Biểu 1": rows})


def test_cli_ingest_loads_and_prints_one_summary_line(sheet, tmp_path):
    db = tmp_path / "store" / "kho.duckdb"
    done = run_cli("ingest", str(sheet), "--db", str(db), db=db)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 1
    assert "disbursement" in lines[0] and "2 dòng" in lines[0] and "load_id=1" in lines[0]
    assert "Traceback" not in done.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select dataset, row_count, report_date from loads").fetchall() == [
            ("disbursement", 2, dt.date(2026, 4, 30))]
        assert con.execute("select project_name, commune_code, plan_vnd, disbursed_vnd from disbursement "
                           "order by project_name").fetchall() == [
            ("Cao tốc Đồng Đăng - Trà Lĩnh", "01447", 1500e6, 600e6),
            ("Hạ tầng KCN Chu Trinh", "01288", 300e6, 90e6)]


def test_cli_dry_run_validates_and_writes_nothing_at_all(sheet, tmp_path):
    store_dir = tmp_path / "store"
    store_dir.mkdir()
    db = store_dir / "kho.duckdb"
    done = run_cli("ingest", str(sheet), "--db", str(db), "--dry-run", db=db)
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 1
    assert "disbursement" in done.stdout and "2 dòng" in done.stdout
    assert list(store_dir.iterdir()) == []


def test_cli_says_it_recognised_the_dataset_and_accepts_it_named(sheet, tmp_path):
    db = tmp_path / "kho.duckdb"
    recognised = run_cli("ingest", str(sheet), "--dry-run", db=db)
    assert "(disbursement, nhận dạng từ tiêu đề cột)" in recognised.stdout
    named = run_cli("ingest", str(sheet), "--dataset", "disbursement", "--dry-run", db=db)
    assert named.returncode == 0, named.stderr
    assert "dataset=disbursement" in named.stdout and "nhận dạng" not in named.stdout


def test_cli_unit_conflicting_with_the_sheet_exits_2_with_a_vietnamese_message(sheet, tmp_path):
    db = tmp_path / "kho.duckdb"
    done = run_cli("ingest", str(sheet), "--unit", "tỷ", db=db)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip() == 'Biểu 1: bảng ghi đơn vị "triệu đồng" nhưng lệnh chỉ định "tỷ đồng"'
    assert not db.exists()


def test_cli_ha_tinh_csv_prints_the_unit_warning_and_loads_26_projects(tmp_path):
    db = tmp_path / "kho.duckdb"
    done = run_cli("ingest", str(shared_file(*HA_TINH)), "--report-date", "2026-04-30", db=db)
    assert done.returncode == 0, done.stderr
    assert "26 dòng" in done.stdout
    assert "coi là triệu đồng" in done.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        plan, disbursed = con.execute("select sum(plan_vnd), sum(disbursed_vnd) from disbursement").fetchone()
    assert (plan, disbursed) == (635_467e6, 144_767e6)


def test_cli_empty_form_exits_2_naming_the_sheet_and_no_data(tmp_path):
    db = tmp_path / "kho.duckdb"
    done = run_cli("ingest", str(shared_file(*BINH_PHUOC)), db=db)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Sheet1") and "không có dòng dữ liệu" in lines[0]
    assert "Traceback" not in done.stderr
    assert not db.exists()


def test_cli_bad_cell_exits_2_naming_sheet_row_and_column_header(tmp_path):
    rows = [["ĐVT: triệu đồng"], ["STT", "Tên dự án", "Kế hoạch vốn năm 2026", "Giải ngân"],
            [1, "Dự án A", "12a", 5], [2, "Dự án B", 10, "31/02/2026"]]
    path = write_xlsx(tmp_path / "loi.xlsx", {"Biểu 1": rows})
    done = run_cli("ingest", str(path), db=tmp_path / "kho.duckdb")
    assert done.returncode == 2
    assert done.stderr.splitlines()[:2] == [
        'Biểu 1, dòng 3, cột "Kế hoạch vốn năm 2026": "12a" không phải là số',
        'Biểu 1, dòng 4, cột "Giải ngân": "31/02/2026" không phải là số',
    ]
