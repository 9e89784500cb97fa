"""The demo store: ten months of the five departmental reports, read by the same reader as any
upload, with a few of every condition the dashboard warns about."""

from __future__ import annotations

import datetime as dt
import time
import unicodedata
from types import SimpleNamespace

import duckdb
import pytest
import python_calamine as calamine

from data_pipeline import demo, store
from data_pipeline.communes import communes
from data_pipeline.settings import setting

REPORT_DATE = dt.date(2026, 10, 31)
MONTH_ENDS = [dt.date(2026, m + 1, 1) - dt.timedelta(days=1) for m in range(1, 11)]
DATASETS = ("tasks", "disbursement", "mining", "revenue", "trade")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo")
    started = time.perf_counter()
    results = demo.build_demo(root / "demo.duckdb", folder=root / "files")
    return SimpleNamespace(db=root / "demo.duckdb", folder=root / "files", results=results,
                           seconds=time.perf_counter() - started)


@pytest.fixture(scope="module")
def con(built):
    connection = duckdb.connect(str(store.snapshot_path(built.db)), read_only=True)
    yield connection
    connection.close()


def rows(con, sql: str, params=None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


def one(con, sql: str, params=None):
    return con.execute(sql, params or []).fetchone()[0]


# ---------------------------------------------------------------- loads and files

def test_demo_makes_a_compilation_a_dataset_and_month_and_the_units_own_reports(built, con):
    # The five datasets of the contract and growth, dossiers, petitions: eight compilations a month,
    # and in the last months the agencies' and communes' own reports of tasks and disbursement.
    unit_reports = sum(len(demo.task_reporting_units(m)) + len(demo.commune_reports(m)) for m in demo.UNIT_REPORT_MONTHS)
    assert len(built.results) == 80 + unit_reports
    assert all(r.load_id is not None for r in built.results)
    loads = rows(con, "select dataset, report_date, status, loaded_by, reporting_unit from loads order by load_id")
    assert len(loads) == 80 + unit_reports
    assert {status for _, _, status, _, _ in loads} == {"active"}
    assert {by for *_, by, _ in loads} == {demo.LOADED_BY}
    for name in DATASETS:
        assert sorted(d for ds, d, _, _, unit in loads if ds == name and unit is None) == MONTH_ENDS, name
    own = {(ds, d.day) for ds, d, _, _, unit in loads if unit is not None}
    assert own == {("tasks", 20), ("disbursement", 20)}  # each unit's report as of the 20th


def test_report_date_is_the_month_end_the_title_states_without_warnings_on_dates(built):
    for result in built.results:
        kinds = {p.kind for p in result.prepared.problems}
        assert "report-date-assumed" not in kinds, result.prepared.meta["file_name"]
        assert "unit-assumed" not in kinds, result.prepared.meta["file_name"]


def test_demo_files_come_in_the_formats_departments_send(built):
    files = sorted(built.folder.iterdir())
    assert len(files) == len(built.results)
    suffixes = [f.suffix for f in files]
    assert suffixes.count(".xlsx") >= 70
    assert ".csv" in suffixes and ".ods" in suffixes
    for path in (f for f in files if f.suffix == ".csv"):
        raw = path.read_bytes()
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")  # Windows-1258, as Vietnamese Excel exports it
        text = raw.decode("cp1258")
        assert not unicodedata.is_normalized("NFC", text)  # tones written as separate marks
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in unicodedata.normalize("NFC", text)
        assert ";" in text.splitlines()[0]


def test_xlsx_sheets_have_title_block_merged_headers_and_signatures(built):
    path = built.folder / "giai_ngan_T05_2026.xlsx"
    wb = calamine.CalamineWorkbook.from_path(str(path))
    sheet = wb.get_sheet_by_name("Giải ngân")
    grid = sheet.to_python(skip_empty_area=False)
    texts = [str(v) for row in grid for v in row if v not in ("", None)]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts
    assert "Đơn vị tính: triệu đồng" in texts
    assert "(Số liệu đến ngày 31/5/2026)" in texts
    assert "(1)" in texts and "TỔNG CỘNG (A+B+C)" in texts
    assert any(t.startswith("Ghi chú") for t in texts) and "NGƯỜI LẬP BIỂU" in texts
    tall = [r for r in sheet.merged_cell_ranges if r[1][0] > r[0][0]]
    assert tall, "headers merged over two rows"


# ---------------------------------------------------------------- current views

def test_current_views_hold_the_october_figures(con):
    assert one(con, "select count(*) from tasks") == len(demo.TASKS)
    assert one(con, "select count(*) from disbursement") == len(demo.PROJECTS)
    assert one(con, "select count(*) from mining") == len(demo.MINES)
    # Revenue and trade keep the monthly series: every month of every item or gate.
    assert one(con, "select count(*) from revenue") == 10 * len(demo.REVENUE_ITEMS)
    assert one(con, "select count(*) from trade") == 10 * len(demo.GATES) * 2
    # the agencies' and communes' own reports of November stand beside the October compilation
    for view in ("tasks", "disbursement"):
        assert sorted(one(con, f"select list(distinct report_date) from {view}")) == [REPORT_DATE, dt.date(2026, 11, 20)]
    assert one(con, "select list(distinct report_date) from mining") == [REPORT_DATE]


def test_money_is_stored_in_dong_and_trade_in_usd(con):
    plan = one(con, "select plan_vnd from disbursement where project_name like 'Dự án đầu tư xây dựng tuyến cao tốc Đồng Đăng%'")
    assert plan == 1_250_000 * 1e6
    total = one(con, "select estimate_vnd from revenue where item_code = 'A' and period = '2026-10-01'")
    assert total == pytest.approx(2_630_000 * 1e6)
    # Customs wrote nghìn USD until May and USD after: both land in USD.
    lows, highs = zip(*rows(con, "select min(value_usd), max(value_usd) from trade where gate = 'Tà Lùng' "
                                 "and direction = 'export' group by period"))
    assert min(lows) > 10_000_000 and max(highs) < 60_000_000


def test_commune_references_resolve_and_multi_commune_locations_stay_null(con):
    codes = {c.code for c in communes()}
    for view in ("tasks", "disbursement", "mining"):
        found = {r[0] for r in rows(con, f"select distinct commune_code from {view} where commune_code is not null")}
        assert found and found <= codes, view
    assert one(con, "select count(*) from disbursement where location like 'Các xã:%'") >= 2
    assert one(con, "select count(*) from disbursement where location like 'Các xã:%' and commune_code is not null") == 0
    assert one(con, "select commune_code from disbursement where project_name like '%Khu công nghiệp Chu Trinh'") == "01288"
    assert one(con, "select count(*) from tasks where commune_code is not null") >= 5
    assert one(con, "select count(*) from mining where commune_code is null") == 0


def test_disbursement_rows_carry_fund_and_sector_from_the_group_rows(con):
    sources = {r[0] for r in rows(con, "select distinct capital_source from disbursement")}
    assert sources == {demo.NSTW, demo.NSDP, demo.CTMTQG}
    assert one(con, "select sector from disbursement where project_name like 'Trường phổ thông nội trú%' limit 1") == \
        "Giáo dục và đào tạo"
    assert one(con, "select count(*) from disbursement where investor is null or sector is null") == 0
    assert one(con, "select count(*) from disbursement where project_name ilike 'tổng%' or project_name like 'Vốn%'") == 0


def test_tasks_of_the_april_notice_keep_its_deadlines(con):
    deadlines = {r[0] for r in rows(con, "select deadline from tasks where source_doc = ?", [demo.TB_T4])}
    assert {dt.date(2026, 5, d) for d in (11, 12, 13, 15, 20, 23)} <= deadlines
    assert one(con, "select count(*) from tasks where source_doc = ? and title like '%Khu công nghiệp Chu Trinh%' "
                    "and commune_code = '01288'", [demo.TB_T4]) == 2


# ---------------------------------------------------------------- what the dashboard warns about

def test_several_agencies_have_several_overdue_tasks(con):
    per_agency = dict(rows(con, "select lead_agency, count(*) from tasks where status = 'overdue' group by 1"))
    assert sum(1 for n in per_agency.values() if n >= 2) >= 3
    assert sum(1 for n in per_agency.values() if n >= 3) >= 2
    assert one(con, "select count(*) from tasks where status = 'overdue' and deadline >= report_date") == 0


def test_some_tasks_fall_due_within_the_warning_window(con):
    days = int(setting("tasks", "due_soon_days", 7))
    due = one(con, "select count(*) from tasks where status in ('in_progress', 'not_started') "
                   "and deadline between report_date and report_date + ?::integer", [days])
    assert due >= 3


def test_vague_progress_reports_without_a_date_are_present(con):
    notes = [r[0] for r in rows(con, "select progress_note from tasks where status not in ('done_on_time', 'done_late') "
                                     "and regexp_matches(lower(progress_note), 'đang (triển khai|phối hợp|rà soát)') "
                                     "and not regexp_matches(progress_note, '\\d')")]
    assert len(notes) >= 3
    assert {n.split()[1] for n in notes} >= {"triển", "phối", "rà"}


def test_recurring_tasks_have_no_deadline_and_are_never_overdue(con):
    recurring = rows(con, "select deadline, status from tasks where is_recurring")
    assert len(recurring) >= 3
    assert all(deadline is None and status != "overdue" for deadline, status in recurring)


def test_some_tasks_were_done_late_and_most_on_time(con):
    late = rows(con, "select completed_on, deadline from tasks where status = 'done_late'")
    assert len(late) >= 3 and all(done > deadline for done, deadline in late)
    assert one(con, "select count(*) from tasks where status = 'done_on_time'") > len(late)
    assert one(con, "select count(*) from tasks where status = 'not_started'") >= 1


def test_key_projects_disburse_slowly_and_one_project_exceeds_its_plan(con):
    elapsed = (REPORT_DATE.timetuple().tm_yday / 365) * 100
    share = float(setting("disbursement", "low_rate_of_elapsed", 0.6))
    low = [r[0] for r in rows(con, "select project_name from disbursement where 100 * disbursed_vnd / plan_vnd < ?",
                               [share * elapsed])]
    assert len(low) >= 4
    assert any("Khu công nghiệp Chu Trinh" in n for n in low)
    assert any(n.startswith("Trường phổ thông nội trú") for n in low)
    assert any("Bắc Kạn - Cao Bằng" in n for n in low)
    assert one(con, "select count(*) from disbursement where disbursed_vnd > plan_vnd") == 1
    assert one(con, "select count(*) from disbursement where is_key_project") >= 8
    assert one(con, "select count(*) from disbursement where 100 * disbursed_vnd / plan_vnd >= ?", [share * elapsed]) >= 10


def test_mines_far_below_and_above_licence_expired_expiring_and_silent(con):
    pro_rata = "licensed_capacity * (period_end - period_start + 1) / 365.0"
    far = float(setting("mining", "far_below_pct", 50))
    assert one(con, f"select count(*) from mining where actual_output < {pro_rata} * ? / 100", [far]) >= 3
    assert one(con, f"select count(*) from mining where actual_output > {pro_rata}") >= 1
    assert one(con, "select count(*) from mining where license_expiry < report_date") >= 1
    months = int(setting("mining", "expiry_warning_months", 6))
    assert one(con, "select count(*) from mining where license_expiry >= report_date "
                    "and license_expiry < report_date + to_months(?::integer)", [months]) >= 1
    assert one(con, "select count(*) from mining where actual_output is null") == 1
    assert {r[0] for r in rows(con, "select distinct unit from mining")} == {"m3/năm", "tấn/năm"}
    assert rows(con, "select distinct period_start, period_end from mining") == [(dt.date(2026, 1, 1), REPORT_DATE)]


def test_revenue_items_behind_and_ahead_of_the_estimate_with_last_year(con):
    points = float(setting("revenue", "behind_pace_points", 5))
    latest = "from revenue where period = '2026-10-01' and estimate_vnd > 0"
    expected = 100 * 10 / 12
    assert one(con, f"select count(*) {latest} and 100 * ytd_actual_vnd / estimate_vnd < ?", [expected - points]) >= 2
    assert one(con, f"select count(*) {latest} and 100 * ytd_actual_vnd / estimate_vnd > ?", [expected + points]) >= 2
    assert one(con, "select count(*) from revenue where ytd_last_year_vnd is null") == 0
    assert one(con, "select parent_item_code from revenue where item_code = 'A.II.4' limit 1") == "A.II"
    parts, whole = rows(con, "select sum(ytd_actual_vnd) filter (where parent_item_code = 'A.I'), "
                             "max(ytd_actual_vnd) filter (where item_code = 'A.I') from revenue where period = '2026-10-01'")[0]
    assert parts == pytest.approx(whole, rel=1e-6)


def test_trade_has_every_gate_month_and_direction_and_one_gate_behind_last_year(con):
    assert {r[0] for r in rows(con, "select distinct gate from trade")} == \
        {"Tà Lùng", "Trà Lĩnh", "Sóc Giang", "Lý Vạn", "Pò Peo", "Bí Hà"}
    assert one(con, "select count(*) from trade where last_year_value_usd is null or value_usd is null") == 0
    assert one(con, "select count(*) from trade where vehicles is not null") >= 60
    change = dict(rows(con, "select gate, 100 * (sum(value_usd) / sum(last_year_value_usd) - 1) from trade group by 1"))
    behind = [g for g, pct in change.items() if pct < float(setting("trade", "behind_last_year_pct", -10))]
    assert behind == ["Trà Lĩnh"]


# ---------------------------------------------------------------- determinism

@pytest.mark.slow
def test_building_twice_gives_the_same_figures(built, con, tmp_path, capfd):
    again = demo.build_demo(tmp_path / "again.duckdb", folder=tmp_path / "files")
    out, err = capfd.readouterr()
    assert out == "" and err == ""  # the command line prints the summary, not the builder
    assert [r.load_id for r in again] == [r.load_id for r in built.results]
    other = duckdb.connect(str(store.snapshot_path(tmp_path / "again.duckdb")), read_only=True)
    try:
        for view in DATASETS:
            query = f"select * from {view} order by all"
            assert other.execute(query).fetchall() == con.execute(query).fetchall(), view
        query = "select load_id, file_name, file_sha256, report_date, row_count from loads where file_name not like '%.ods' order by 1"
        assert other.execute(query).fetchall() == con.execute(query).fetchall()
    finally:
        other.close()
