"""Every unit's monthly report updates its own part of the province's picture.

Before the 23rd of each month every agency and commune sends its own report; Văn phòng UBND tỉnh
and Sở Tài chính also send compilations of the whole province. These tests load real files
through the command line and the library, and read the current views the pages read.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from data_pipeline import accounts, store
from data_pipeline.accounts import UploadPermit
from data_pipeline.ingest import apply_scope, ingest, prepare
from data_pipeline.preview import compare_with_current
from data_pipeline.problems import Rejected
from store_fixtures import Project, dump_store, run_cli, write_disbursement, write_tasks

STC, SXD, SCT = "Sở Tài chính", "Sở Xây dựng", "Sở Công Thương"
AGENCIES = [STC, SXD, SCT, "Sở Y tế", "Sở Nội vụ"]
TRA_LINH, HOA_AN, QUANG_UYEN = "01447", "01654", "01576"


def compilation_tasks(count: int = 20) -> list[tuple]:
    """The province's table: tasks NV-1… led in turn by the five agencies, all in progress."""
    return [(f"Nhiệm vụ số {i} của tỉnh", AGENCIES[i % len(AGENCIES)], "31/12/2026", "Đang thực hiện")
            for i in range(count)]


def own_report(agency: str, tasks: list[tuple], status: str) -> list[tuple]:
    return [(title, lead, deadline, status) for title, lead, deadline, _ in tasks if lead == agency]


def current(db: Path, sql: str) -> list[tuple]:
    con = store.read_connection(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def tasks_by_agency(db: Path) -> dict[str, tuple[int, str]]:
    return {agency: (n, status) for agency, n, status in current(
        db, "select lead_agency, count(*), string_agg(distinct status, ',') from tasks group by 1")}


@pytest.fixture
def province(tmp_path, db) -> list[tuple]:
    """A store holding the province's compilation of 20 tasks of 5 agencies, as of 31/10/2026."""
    tasks = compilation_tasks()
    ingest(write_tasks(tmp_path / "tong_hop_T10.xlsx", tasks, as_of="31/10/2026"), db=db)
    return tasks


def test_an_agencys_own_report_changes_only_its_own_tasks(tmp_path, db, province):
    before = current(db, f"select * exclude (load_id, source_file, source_row, report_date, note_score, coordinating_list) "
                         f"from tasks where lead_agency <> '{STC}' order by task_id")
    path = write_tasks(tmp_path / "stc_T11.xlsx", own_report(STC, province, "Đã hoàn thành"), as_of="20/11/2026")
    result = run_cli("ingest", path, "--db", db)
    assert result.code == 0, result.stderr
    assert result.stdout.rstrip().endswith(f"reporting_unit={STC}")
    assert "báo cáo của Sở Tài chính" in result.stdout
    by_agency = tasks_by_agency(db)
    assert sum(n for n, _ in by_agency.values()) == 20
    assert by_agency[STC] == (4, "done_on_time")
    assert {a: v for a, v in by_agency.items() if a != STC} == {a: (4, "in_progress") for a in AGENCIES if a != STC}
    after = current(db, f"select * exclude (load_id, source_file, source_row, report_date, note_score, coordinating_list) "
                        f"from tasks where lead_agency <> '{STC}' order by task_id")
    assert after == before
    # every figure keeps its provenance: the agency's rows are of its own report, the others' of the table
    dates = dict(current(db, "select lead_agency, max(report_date) from tasks group by 1"))
    assert dates[STC] == dt.date(2026, 11, 20) and dates[SXD] == dt.date(2026, 10, 31)


def test_preview_says_what_a_units_report_updates_and_what_stays(tmp_path, db, province):
    path = write_tasks(tmp_path / "stc.xlsx", own_report(STC, province, "Đã hoàn thành"), as_of="20/11/2026")
    prepared = apply_scope(prepare(path), db=db)
    comparison = compare_with_current(prepared, db)
    assert comparison.scope_sentence == ("Biểu của Sở Tài chính: cập nhật 4 nhiệm vụ của Sở Tài chính; "
                                         "16 nhiệm vụ của 4 cơ quan khác giữ nguyên.")
    # the diff compares with the unit's own current rows only
    assert comparison.total("tasks") == (4.0, 4.0)
    assert (comparison.added, comparison.removed, comparison.changed) == (0, 0, 4)


def test_a_task_a_units_new_report_no_longer_lists_is_no_longer_current(tmp_path, db, province):
    kept = own_report(STC, province, "Đang thực hiện")[:3]
    ingest(write_tasks(tmp_path / "stc.xlsx", kept, as_of="20/11/2026"), db=db)
    assert tasks_by_agency(db)[STC][0] == 3
    assert current(db, "select count(*) from tasks")[0][0] == 19


def test_two_units_then_a_compilation_then_an_older_units_report(tmp_path, db, province):
    ingest(write_tasks(tmp_path / "stc.xlsx", own_report(STC, province, "Đã hoàn thành"), as_of="20/11/2026"), db=db)
    ingest(write_tasks(tmp_path / "sxd.xlsx", own_report(SXD, province, "Chưa triển khai"), as_of="21/11/2026"), db=db)
    assert tasks_by_agency(db)[STC][1] == "done_on_time" and tasks_by_agency(db)[SXD][1] == "not_started"
    # a newer compilation of the whole province supersedes both
    ingest(write_tasks(tmp_path / "tong_hop_T11.xlsx", province, as_of="30/11/2026"), db=db)
    assert set(tasks_by_agency(db).values()) == {(4, "in_progress")}
    # an agency's report older than that compilation changes nothing now, and is kept in history
    old = write_tasks(tmp_path / "sct_cu.xlsx", own_report(SCT, province, "Đã hoàn thành"), as_of="25/11/2026")
    prepared = apply_scope(prepare(old), db=db)
    assert "cũ hơn số liệu hiện hành" in compare_with_current(prepared, db).scope_sentence
    ingest(old, db=db)
    assert tasks_by_agency(db)[SCT] == (4, "in_progress")
    history = store.history(db, "tasks")
    assert list(history["reporting_unit"].fillna("tinh")) == ["tinh", STC, SXD, "tinh", SCT]
    assert set(history["status"]) == {"active"}


def test_rolling_back_a_units_report_restores_its_previous_rows(tmp_path, db, province):
    first = ingest(write_tasks(tmp_path / "stc1.xlsx", own_report(STC, province, "Chưa triển khai"),
                               as_of="20/11/2026"), db=db)
    second = ingest(write_tasks(tmp_path / "stc2.xlsx", own_report(STC, province, "Đã hoàn thành"),
                                as_of="21/11/2026"), db=db)
    ingest(write_tasks(tmp_path / "sxd.xlsx", own_report(SXD, province, "Đã hoàn thành"), as_of="22/11/2026"), db=db)
    assert tasks_by_agency(db)[STC][1] == "done_on_time"
    store.rollback(db, second.load_id)
    assert tasks_by_agency(db)[STC][1] == "not_started"  # its previous report
    assert tasks_by_agency(db)[SXD][1] == "done_on_time"  # another unit's report stays
    store.rollback(db, first.load_id)
    assert tasks_by_agency(db)[STC] == (4, "in_progress")  # back to the province's table
    assert current(db, "select count(*) from stg_tasks")[0][0] == 20 + 4 + 4 + 4  # nothing deleted


def test_reporting_unit_tinh_forces_a_compilation(tmp_path, db, province):
    path = write_tasks(tmp_path / "stc.xlsx", own_report(STC, province, "Đã hoàn thành"), as_of="20/11/2026")
    result = run_cli("ingest", path, "--db", db, "--reporting-unit", "tinh")
    assert result.code == 0, result.stderr
    assert result.stdout.rstrip().endswith("reporting_unit=tinh")
    assert current(db, "select count(*) from tasks")[0][0] == 4  # the province's table is now these 4 tasks


def test_a_units_report_with_another_units_row_warns_and_leaves_that_unit_alone(tmp_path, db, province):
    rows = own_report(STC, province, "Đã hoàn thành") + [("Nhiệm vụ số 1 của tỉnh", SXD, "31/12/2026", "Đã hoàn thành")]
    path = write_tasks(tmp_path / "stc.xlsx", rows, as_of="20/11/2026")
    result = run_cli("ingest", path, "--db", db, "--reporting-unit", STC)
    assert result.code == 0, result.stderr
    assert "dòng 9" in result.stderr and "Sở Xây dựng" in result.stderr and "không thuộc Sở Tài chính" in result.stderr
    assert tasks_by_agency(db)[SXD] == (4, "in_progress")


def test_an_editor_limited_to_an_agency_cannot_send_another_agencys_task(tmp_path, db, province):
    result = run_cli("users", "add", "cv.stc", "--role", "editor", "--datasets", "tasks",
                     "--agencies", "sở tài chính", "--db", db)
    assert result.code == 0, result.stderr
    editor = next(a for a in accounts.list_accounts(db) if a.username == "cv.stc")
    assert editor.agencies == (STC,)
    rows = own_report(STC, province, "Đã hoàn thành") + [("Nhiệm vụ mới", SXD, "31/12/2026", "Đang thực hiện")]
    path = write_tasks(tmp_path / "stc.xlsx", rows, as_of="20/11/2026")
    before = dump_store(db)
    with pytest.raises(Rejected) as refused:
        ingest(path, db=db, loaded_by="cv.stc", permit=UploadPermit(editor))
    assert [p.row for p in refused.value.problems] == [9]
    assert "Sở Xây dựng" in refused.value.problems[0].message
    assert dump_store(db) == before
    # without that row the editor's file loads as the agency's own report, whatever it says
    clean = write_tasks(tmp_path / "stc_ok.xlsx", rows[:-1], as_of="20/11/2026")
    loaded = ingest(clean, db=db, loaded_by="cv.stc", permit=UploadPermit(editor), reporting_unit="tinh")
    assert loaded.prepared.meta["reporting_unit"] == STC
    assert current(db, "select count(*) from tasks")[0][0] == 20


def test_an_editor_cannot_take_over_another_agencys_task(tmp_path, db, province):
    editor = accounts.Account("cv.stc", "Chuyên viên", "editor", ("tasks",), agencies=(STC,))
    moved = [("Nhiệm vụ số 1 của tỉnh", STC, "31/12/2026", "Đã hoàn thành")]  # Sở Xây dựng's task
    with pytest.raises(Rejected) as refused:
        ingest(write_tasks(tmp_path / "stc.xlsx", moved, as_of="20/11/2026"), db=db, permit=UploadPermit(editor))
    assert "đang thuộc Sở Xây dựng" in refused.value.problems[0].message
    assert refused.value.problems[0].row == 5


def test_a_report_dated_after_the_day_of_loading_is_refused(tmp_path, db, province):
    before = dump_store(db)
    path = write_tasks(tmp_path / "stc.xlsx", own_report(STC, province, "Đã hoàn thành"), as_of="31/12/2035")
    result = run_cli("ingest", path, "--db", db)
    assert result.code == 2
    assert "31/12/2035" in result.stderr and "sau ngày nạp" in result.stderr
    assert "Traceback" not in result.stderr
    assert dump_store(db) == before
    future = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert run_cli("ingest", path, "--db", db, "--report-date", future).code == 2


# ---------------------------------------------------------------- disbursement

PROJECTS = [Project(f"Dự án {i}", location=["Xã Trà Lĩnh", "Xã Hòa An", "Xã Quảng Uyên"][i % 3],
                    plan=1000 * (i + 1), disbursed=100 * (i + 1)) for i in range(9)]


def test_two_communes_reports_leave_the_other_projects_and_the_provinces_rate_true(tmp_path, db):
    ingest(write_disbursement(tmp_path / "stc.xlsx", PROJECTS, as_of="31/10/2026"), db=db)
    editor = accounts.Account("cv.xa", "Chuyên viên xã", "editor", ("disbursement",), (TRA_LINH, HOA_AN))
    ours = [Project(p.name, location=p.location, plan=p.plan, disbursed=p.plan) for p in PROJECTS
            if p.location in ("Xã Trà Lĩnh", "Xã Hòa An")]  # every project of the two communes
    loaded = ingest(write_disbursement(tmp_path / "xa.xlsx", ours, as_of="20/11/2026"), db=db,
                    permit=UploadPermit(editor))
    assert loaded.prepared.meta["reporting_unit"] == f"{TRA_LINH}; {HOA_AN}"
    (count, plan, disbursed), = current(db, "select count(*), sum(plan_vnd), sum(disbursed_vnd) from disbursement")
    assert count == 9
    assert plan == sum(p.plan for p in PROJECTS) * 1e6
    expected = sum(p.plan if p.location in ("Xã Trà Lĩnh", "Xã Hòa An") else p.disbursed for p in PROJECTS)
    assert disbursed == expected * 1e6
    # the overview's rate is the province's, over all nine projects
    con = store.read_connection(db)
    try:
        from data_pipeline import marts
        rate = marts.run_mart(con, "overview_kpis").set_index("metric").loc["disbursement_rate", "value"]
    finally:
        con.close()
    assert rate == pytest.approx(100 * expected / sum(p.plan for p in PROJECTS))


def test_a_commune_editor_cannot_move_another_communes_project_to_itself(tmp_path, db):
    ingest(write_disbursement(tmp_path / "stc.xlsx", PROJECTS, as_of="31/10/2026"), db=db)
    editor = accounts.Account("cv.tralinh", "Chuyên viên xã", "editor", ("disbursement",), (TRA_LINH,))
    stolen = [Project("Dự án 1", location="Xã Trà Lĩnh", plan=2000, disbursed=2000)]  # Hòa An's project
    before = dump_store(db)
    with pytest.raises(Rejected) as refused:
        ingest(write_disbursement(tmp_path / "xa.xlsx", stolen, as_of="20/11/2026"), db=db,
               permit=UploadPermit(editor))
    assert refused.value.problems[0].row == 10
    assert "Xã Hòa An" in refused.value.problems[0].message
    assert dump_store(db, with_audit=False) == before


def test_a_single_communes_sheet_is_that_communes_report(tmp_path, db):
    ingest(write_disbursement(tmp_path / "stc.xlsx", PROJECTS, as_of="31/10/2026"), db=db)
    mine = [Project(p.name, investor=f"UBND xã {i}", location=p.location, plan=p.plan, disbursed=0)
            for i, p in enumerate(PROJECTS) if p.location == "Xã Quảng Uyên"]
    result = run_cli("ingest", write_disbursement(tmp_path / "qu.xlsx", mine, as_of="20/11/2026"), "--db", db)
    assert result.code == 0, result.stderr
    assert result.stdout.rstrip().endswith(f"reporting_unit={QUANG_UYEN}")
    rows = current(db, "select commune_code, sum(disbursed_vnd) from disbursement group by 1")
    assert dict(rows)[QUANG_UYEN] == 0
    assert dict(rows)[TRA_LINH] == sum(p.disbursed for p in PROJECTS if p.location == "Xã Trà Lĩnh") * 1e6


# ---------------------------------------------------------------- who has reported

def board(db: Path, today: dt.date) -> dict[tuple[str, str], tuple[str, object]]:
    rows = current(db, f"select month, reporting_unit, state, reported_at from report_status_on(date '{today}') "
                       "where dataset = 'tasks'")
    return {(f"{m:%Y-%m}", unit): (state, at) for m, unit, state, at in rows}


def loaded_on(db: Path, load_id: int, at: dt.datetime) -> None:
    """When a report arrived (the tests cannot wait for the 23rd): set its loaded_at, then republish."""
    with store.writer(db, publish_after=True) as con:
        con.execute("update loads set loaded_at = ? where load_id = ?", [at, load_id])


def test_the_board_says_who_reported_on_time_late_or_not_at_all(tmp_path, db, province):
    stc = ingest(write_tasks(tmp_path / "stc.xlsx", own_report(STC, province, "Đang thực hiện"),
                             as_of="20/11/2026"), db=db)
    sxd = ingest(write_tasks(tmp_path / "sxd.xlsx", own_report(SXD, province, "Đang thực hiện"),
                             as_of="21/11/2026"), db=db)
    loaded_on(db, stc.load_id, dt.datetime(2026, 11, 21, 9, 0))
    loaded_on(db, sxd.load_id, dt.datetime(2026, 11, 25, 9, 0))
    before_due = board(db, dt.date(2026, 11, 22))
    assert before_due[("2026-11", STC)][0] == "on_time"
    assert before_due[("2026-11", SCT)] == ("due", None)
    after_due = board(db, dt.date(2026, 12, 7))
    assert after_due[("2026-11", STC)][0] == "on_time"
    assert after_due[("2026-11", SXD)] == ("late", dt.datetime(2026, 11, 25, 9, 0))
    assert after_due[("2026-11", SCT)] == ("missing", None)
    assert after_due[("2026-12", SCT)] == ("due", None)
    assert {u for (m, u) in after_due if m == "2026-11"} == set(AGENCIES)


def test_missing_reports_name_the_units_after_the_due_day(tmp_path, db, province):
    ingest(write_tasks(tmp_path / "stc.xlsx", own_report(STC, province, "Đang thực hiện"), as_of="20/11/2026"), db=db)
    con = store.read_connection(db)
    try:
        from data_pipeline import marts
        missing = marts.run_mart(con, "missing_reports", dataset="tasks")
    finally:
        con.close()
    if dt.date.today() <= dt.date(2026, 11, 23):
        pytest.skip("the due day of November 2026 has not passed on this machine's clock")
    assert sorted(missing["unit_name"]) == sorted(a for a in AGENCIES if a != STC)


def test_a_store_made_before_units_keeps_its_figures(tmp_path, db):
    """A store whose rows predate load_units: upgrading fills each row's unit, and the next unit's
    report merges with the old compilation instead of hiding it."""
    tasks = compilation_tasks()
    ingest(write_tasks(tmp_path / "tong_hop.xlsx", tasks, as_of="31/10/2026"), db=db)
    con = duckdb.connect(str(db))
    con.execute("update stg_tasks set report_unit = null, is_own = null")
    con.execute("delete from load_units")
    con.execute("update schema_meta set value = 'old' where key = 'sql_version'")
    con.close()
    ingest(write_tasks(tmp_path / "stc.xlsx", own_report(STC, tasks, "Đã hoàn thành"), as_of="20/11/2026"), db=db)
    assert tasks_by_agency(db)[STC] == (4, "done_on_time")
    assert current(db, "select count(*) from tasks")[0][0] == 20


def write_projects_csv(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    """A disbursement CSV as a department exports it: code, name, investor, place, plan, disbursed."""
    lines = ["Mã dự án;Tên dự án;Chủ đầu tư;Địa điểm;Kế hoạch vốn;Giải ngân"]
    lines += [f"{code};{name};{investor};Xã Trà Lĩnh;1000,5;{i % 900},0" for i, (code, name, investor) in enumerate(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_large_units_report_taking_over_projects_names_each_without_a_dict_per_row(tmp_path, db):
    """A 6,000-row report of Sở Xây dựng, read column by column, lists three projects the current
    figures show under Sở Y tế: each is warned about by name and sheet row, and the check works a
    column at a time (a dict per row of a 500,000-row file took the upload page 500 MB)."""
    ingest(write_projects_csv(tmp_path / "tong_hop.csv", [(f"DA{i:05d}", f"Dự án số {i}", "Sở Y tế") for i in range(3)]
                              + [("DB00001", "Trạm y tế", "Sở Nội vụ")]), db=db, unit="triệu",
           report_date=dt.date(2026, 10, 31))
    big = write_projects_csv(tmp_path / "sxd.csv", [(f"DA{i:05d}", f"Dự án số {i}", SXD) for i in range(6000)])
    prepared = apply_scope(prepare(big, unit="triệu", report_date=dt.date(2026, 11, 20)), db=db)
    assert prepared.meta["reporting_unit"] == SXD
    assert "_dicts" not in vars(prepared.records)  # still columns: no dict was made per row
    moved = [p for p in prepared.problems if p.kind == "moved-row"]
    assert [(p.row, p.severity) for p in moved] == [(2, "warning"), (3, "warning"), (4, "warning")]
    assert "«Dự án số 1» (DA00001) đang thuộc Sở Y tế" in moved[1].message
    assert SXD in moved[1].message
