"""The task marts a page asks for one page at a time: task_list's filters and paging, task_counts and
task_sources, each compared with the same figure worked out here from the rows of the `tasks` view;
and the figures stored with each tasks load (note_score, task_reports_by_load,
task_coordination_by_load), compared with the rows they are worked out from, after a rollback and
in a store made before they existed."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from access_fixtures import copy_store
from bench.national_data import Size, build
from data_pipeline import marts, store

DUE_SOON_DAYS = marts.thresholds()["due_soon_days"]

# The lists as a reader of the `tasks` view would pick them, without task_flags.
KINDS = {
    "overdue": "status = 'overdue'",
    "due_soon": f"status in ('in_progress', 'not_started') and deadline between report_date and report_date + {DUE_SOON_DAYS}",
    "vague": "status not in ('done_on_time', 'done_late') and is_vague_report(progress_note)",
}
# task_list's order: overdue longest first, then due soonest, then by agency and title.
ORDER = """order by status = 'overdue' desc, case when status = 'overdue' then report_date - deadline end desc nulls last,
           coalesce(status in ('in_progress', 'not_started') and deadline between report_date and report_date + {d}, false) desc,
           case when status in ('in_progress', 'not_started') and deadline is not null then deadline - report_date end nulls last,
           lead_agency, title, task_id""".format(d=DUE_SOON_DAYS)

# How vague_reports and coordinator_delays read before their figures were stored with each load:
# the regular expressions run over the rows themselves.
# An agency's reports, one load an agency and month: the newest active load holding its own rows
# that month (its own report and the month's compilation say the same thing once).
VAGUE_FROM_ROWS = """
with own as (
    select s.*, l.loaded_at
    from stg_tasks s
    join loads l on l.load_id = s.load_id and l.status = 'active' and l.dataset = 'tasks'
    where coalesce(s.is_own, true)
),
chosen as (
    select coalesce(lead_agency, '(chưa ghi cơ quan)') as agency, date_trunc('month', report_date) as month,
           arg_max(load_id, (report_date, loaded_at, load_id)) as load_id
    from own group by all
),
reports as (
    select s.lead_agency, s.task_id, s.progress_note, s.report_date
    from own s
    join chosen c on c.load_id = s.load_id and c.agency = coalesce(s.lead_agency, '(chưa ghi cơ quan)')
    where s.status not in ('done_on_time', 'done_late') and trim(coalesce(s.progress_note, '')) <> ''
),
scored as (
    select coalesce(lead_agency, '(chưa ghi cơ quan)') as lead_agency, task_id, report_date,
           report_has_date(progress_note) as has_date, report_has_quantity(progress_note) as has_quantity,
           report_has_output(progress_note) as has_output, report_score(progress_note) as score,
           is_vague_report(progress_note) as is_vague
    from reports
)
select lead_agency, count(*) as reports, count(distinct task_id) as tasks, count(*) filter (where is_vague) as vague,
       count(*) filter (where has_date) as with_date, count(*) filter (where has_quantity) as with_quantity,
       count(*) filter (where has_output) as with_output, round(avg(score), 2) as avg_score,
       min(report_date) as first_report_date, max(report_date) as last_report_date
from scored group by lead_agency order by lead_agency
"""
COORDINATION_FROM_ROWS = """
with named as (
    select unnest(coordinating_agency_list(coordinating_agencies)) as agency, status, deadline, completed_on, report_date
    from tasks
),
judged as (
    select *, status in ('overdue', 'done_late') as is_late,
           case when status = 'overdue' then report_date - deadline
                when status = 'done_late' then completed_on - deadline end as days_late
    from named
)
select agency, count(*) as tasks_coordinating,
       count(*) filter (where status in ('done_on_time', 'done_late', 'overdue')) as tasks_due,
       count(*) filter (where status = 'done_on_time') as done_on_time, count(*) filter (where status = 'overdue') as overdue,
       count(*) filter (where status = 'done_late') as done_late, count(*) filter (where is_late) as late,
       round(avg(days_late) filter (where is_late), 1) as avg_days_late, max(days_late) filter (where is_late) as max_days_late,
       max(report_date) as report_date
from judged group by agency order by agency
"""


def connect(db):
    return store.read_connection(db)


def run(db, name: str, **params) -> pd.DataFrame:
    con = connect(db)
    try:
        return marts.run_mart(con, name, **params)
    finally:
        con.close()


def ids(db, where: str = "true", params: list | None = None, order: str = "order by task_id") -> list[str]:
    con = connect(db)
    try:
        return [r[0] for r in con.execute(f"select task_id from tasks where {where} {order}", params or []).fetchall()]
    finally:
        con.close()


def one(db, query: str, params: list | None = None):
    con = connect(db)
    try:
        return con.execute(query, params or []).fetchone()
    finally:
        con.close()


def frame(db, query: str) -> pd.DataFrame:
    con = connect(db)
    try:
        return con.execute(query).df()
    finally:
        con.close()


def assert_same_rows(mart: pd.DataFrame, rows: pd.DataFrame, key: str) -> None:
    got = mart[list(rows.columns)].sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, rows.sort_values(key).reset_index(drop=True), check_dtype=False)


# ------------------------------------------------------------------ task_list filters, task_counts, task_sources

def test_without_parameters_task_list_gives_every_current_task_once_in_its_order(demo_db):
    listed = run(demo_db, "task_list")
    assert list(listed["task_id"]) == ids(demo_db, order=ORDER)


@pytest.mark.parametrize("only", sorted(KINDS))
def test_only_gives_the_tasks_of_that_kind_and_task_counts_counts_them(demo_db, only):
    expected = ids(demo_db, KINDS[only], order=ORDER)
    assert expected, f"the demo has no {only} task: the test would prove nothing"
    assert list(run(demo_db, "task_list", only=only)["task_id"]) == expected
    counts = run(demo_db, "task_counts", only=only).iloc[0]
    assert counts["total"] == counts[only] == len(expected)


def test_task_counts_without_filters_equal_the_tasks_view(demo_db):
    counts = run(demo_db, "task_counts").iloc[0]
    assert counts["total"] == len(ids(demo_db))
    for kind, where in KINDS.items():
        assert counts[kind] == len(ids(demo_db, where)), kind
    assert counts["overdue"] > 0 and counts["due_soon"] > 0 and counts["vague"] > 0


@pytest.mark.parametrize("column", ["source_doc", "commune_code", "lead_agency"])
def test_each_filter_gives_the_tasks_with_that_value_and_their_counts(demo_db, column):
    value, = one(demo_db, f"select {column} from tasks where {column} is not null "
                          f"group by 1 order by count(*) desc, 1 limit 1")
    expected = ids(demo_db, f"{column} = ?", [value], order=ORDER)
    assert 1 < len(expected) < len(ids(demo_db))
    assert list(run(demo_db, "task_list", **{column: value})["task_id"]) == expected
    counts = run(demo_db, "task_counts", **{column: value}).iloc[0]
    assert counts["total"] == len(expected)
    for kind, where in KINDS.items():
        assert counts[kind] == len(ids(demo_db, f"{column} = ? and {where}", [value])), kind


def test_filters_combine(demo_db):
    doc, agency = one(demo_db, "select source_doc, lead_agency from tasks where status = 'overdue' "
                               "group by all order by count(*) desc, 1, 2 limit 1")
    expected = ids(demo_db, f"source_doc = ? and lead_agency = ? and {KINDS['overdue']}", [doc, agency], order=ORDER)
    assert expected
    listed = run(demo_db, "task_list", source_doc=doc, lead_agency=agency, only="overdue")
    assert list(listed["task_id"]) == expected
    assert run(demo_db, "task_counts", source_doc=doc, lead_agency=agency, only="overdue").iloc[0]["total"] == len(expected)


def test_task_id_gives_that_task_alone_with_its_flags(demo_db):
    task_id, status, deadline, report_date = one(
        demo_db, "select task_id, status, deadline, report_date from tasks where status = 'overdue' order by task_id limit 1")
    found = run(demo_db, "task_list", task_id=task_id)
    assert list(found["task_id"]) == [task_id]
    assert bool(found["is_overdue"].iloc[0]) and found["days_overdue"].iloc[0] == (report_date - deadline).days
    assert found["status_label"].iloc[0] == "Quá hạn"
    assert run(demo_db, "task_list", task_id="không có nhiệm vụ này").empty
    assert run(demo_db, "task_counts", task_id=task_id).iloc[0]["total"] == 1


def test_task_sources_lists_every_document_once_with_its_tasks(demo_db):
    sources = run(demo_db, "task_sources")
    expected = frame(demo_db, "select source_doc, count(*) as tasks from tasks where source_doc is not null "
                              "group by 1 order by 1")
    assert len(expected) > 1
    pd.testing.assert_frame_equal(sources, expected, check_dtype=False)


def test_limit_and_offset_cut_the_ordered_list(demo_db):
    whole = list(run(demo_db, "task_list")["task_id"])
    assert list(run(demo_db, "task_list", limit=10, offset=20)["task_id"]) == whole[20:30]
    assert list(run(demo_db, "task_list", limit=10, offset=len(whole) - 3)["task_id"]) == whole[-3:]


# ------------------------------------------------------------------ paging at a larger size

@pytest.fixture(scope="module")
def small_national(tmp_path_factory):
    """The national generator at a thousandth of its size: 1,000 tasks, some 140 of them overdue."""
    db = tmp_path_factory.mktemp("national") / "small.duckdb"
    build(db, Size().scaled(0.001))
    return db


def test_page_two_of_the_overdue_list_is_rows_51_to_100(small_national):
    whole = ids(small_national, KINDS["overdue"], order=ORDER)
    assert len(whole) > 100
    page_two = run(small_national, "task_list", only="overdue", limit=50, offset=50)
    assert list(page_two["task_id"]) == whole[50:100]
    assert page_two["is_overdue"].all()
    counts = run(small_national, "task_counts").iloc[0]
    assert counts["overdue"] == len(whole)


def test_pages_of_every_kind_together_give_the_whole_list_once(small_national):
    for only in KINDS:
        total = int(run(small_national, "task_counts", only=only).iloc[0]["total"])
        pages = [run(small_national, "task_list", only=only, limit=50, offset=o) for o in range(0, total, 50)]
        assert list(pd.concat(pages)["task_id"]) == ids(small_national, KINDS[only], order=ORDER), only


# ------------------------------------------------------------------ figures stored with each tasks load

def assert_stored_figures_match_rows(db) -> None:
    unscored = one(db, "select count(*) from stg_tasks where note_score is distinct from report_score(progress_note)")[0]
    assert unscored == 0
    assert_same_rows(run(db, "vague_reports"), frame(db, VAGUE_FROM_ROWS), "lead_agency")
    assert_same_rows(run(db, "coordinator_delays"), frame(db, COORDINATION_FROM_ROWS), "agency")


def test_stored_figures_equal_the_figures_of_the_rows(demo_db):
    assert_stored_figures_match_rows(demo_db)
    assert not run(demo_db, "vague_reports").empty and not run(demo_db, "coordinator_delays").empty


ROLLED_BACK = {
    # the first tasks load: its tasks count once, in the next active load instead
    "first": "select min(load_id) from loads where dataset = 'tasks'",
    # two compilations in the middle of the year
    "middle": "select load_id from loads where dataset = 'tasks' and reporting_unit is null "
              "and month(report_date) in (5, 7)",
    # the newest compilation and an agency's newest own report: the ranking then shows what came before
    "newest": "select max(load_id) from loads where dataset = 'tasks' and reporting_unit is null "
              "union all select max(load_id) from loads where reporting_unit = 'Sở Tài chính'",
}


@pytest.mark.parametrize("rolled_back", list(ROLLED_BACK))
def test_after_a_rollback_the_marts_still_equal_the_rows(demo_db, tmp_path, rolled_back):
    db = copy_store(demo_db, tmp_path / "store")
    before = run(db, "vague_reports")
    con = duckdb.connect(str(db), read_only=True)
    load_ids = [r[0] for r in con.execute(ROLLED_BACK[rolled_back]).fetchall()]
    con.close()
    assert load_ids
    for load_id in load_ids:
        store.rollback(db, load_id, actor="kiem-thu")
    assert_stored_figures_match_rows(db)
    assert not run(db, "vague_reports").equals(before)


def test_a_store_made_before_the_stored_figures_gets_them_at_the_next_start(demo_db, tmp_path):
    db = copy_store(demo_db, tmp_path / "store")
    expected = run(db, "vague_reports"), run(db, "coordinator_delays"), run(db, "task_list")
    con = duckdb.connect(str(db))
    con.execute("drop table task_reports_by_load")
    con.execute("drop view tasks")
    con.execute("alter table stg_tasks drop column note_score")
    con.execute("alter table stg_tasks drop column coordinating_list")
    con.execute("delete from schema_meta")
    con.close()
    store.refresh_views(db)
    assert_stored_figures_match_rows(db)
    for before, after in zip(expected, (run(db, "vague_reports"), run(db, "coordinator_delays"), run(db, "task_list"))):
        pd.testing.assert_frame_equal(after, before)


def test_a_change_to_how_the_figures_are_worked_out_works_them_out_again(demo_db, tmp_path):
    db = copy_store(demo_db, tmp_path / "store")
    con = duckdb.connect(str(db))
    con.execute("update task_reports_by_load set vague = vague + 100")  # figures of an older rule
    con.execute("update stg_tasks set note_score = 3")
    con.execute("update schema_meta set value = 'older' where key in ('sql_version', 'derived_tasks_version')")
    con.close()
    store.refresh_views(db)
    assert_stored_figures_match_rows(db)


def test_a_new_tasks_load_brings_its_figures_in_the_same_write(demo_db, tmp_path):
    from data_pipeline.ingest import ingest
    from test_marts_task_quality import tasks_sheet

    db = copy_store(demo_db, tmp_path / "store")
    ingest(tasks_sheet(tmp_path / "nv.xlsx", "30/11/2026", [
        ("Nhiệm vụ mới", "Sở Tài chính", "Sở Xây dựng; Sở Công Thương", "31/10/2026", "Đang triển khai", None,
         "Đang triển khai"),
        ("Nhiệm vụ khác", "Sở Tài chính", "Sở Y tế", "31/12/2026", "Đang triển khai", None,
         "Đã trình UBND tỉnh dự thảo ngày 20/11")]), db=db, reporting_unit="tinh")  # the whole province's table
    assert_stored_figures_match_rows(db)
    coord = run(db, "coordinator_delays").set_index("agency")
    assert coord.loc["Sở Xây dựng", "overdue"] == 1 and coord.loc["Sở Y tế", "tasks_coordinating"] == 1
