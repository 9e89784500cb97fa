"""The national-size generator of the benchmarks, run at a tiny size: the store it writes must be
one the pipeline and the dashboard accept as their own."""

from __future__ import annotations

import pytest

from bench.national_data import Size, build
from data_pipeline import marts, store

KEYS = {"tasks": "task_id", "disbursement": "project_id", "mining": "mine_id"}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    db = tmp_path_factory.mktemp("national") / "tiny.duckdb"
    counts = build(db, Size().scaled(0.0005))
    return db, counts


def test_the_commune_dimension_holds_every_commune_of_the_34_provinces(tiny):
    db, counts = tiny
    con = store.read_connection(db)
    assert counts["communes"] == 3321
    assert con.execute("select count(*), count(distinct commune_code) from communes").fetchone() == (3321, 3321)
    kinds = dict(con.execute("select commune_type, count(*) from communes group by 1").fetchall())
    assert set(kinds) == {"xã", "phường", "đặc khu"}
    assert con.execute("select commune_name from communes where commune_code = '01273'").fetchone() is not None


def test_every_load_holds_the_rows_it_declares_and_history_spans_the_planned_months(tiny):
    db, _ = tiny
    con = store.read_connection(db)
    declared = con.execute("""
        select l.dataset, l.load_id, l.row_count, count(s.load_id) as written
        from loads l left join (
            select load_id from stg_tasks union all select load_id from stg_disbursement
            union all select load_id from stg_mining union all select load_id from stg_revenue
            union all select load_id from stg_trade) s using (load_id)
        group by all having l.row_count <> count(s.load_id)""").fetchall()
    assert declared == []
    loads = dict(con.execute("select dataset, count(*) from loads group by 1").fetchall())
    size = Size()
    # every month each lead agency's own report (a few skip the last month), and a compilation a quarter
    unit_reports = 12 * size.units - size.units_missing_last_month
    assert loads == {"tasks": unit_reports + 3, "disbursement": 12, "mining": 12, "revenue": 60, "trade": 60}
    own = con.execute("select count(*) from loads where dataset = 'tasks' and reporting_unit is not null").fetchone()[0]
    assert own == unit_reports


def test_rows_keep_the_contract_keys_unique_and_communes_resolved(tiny):
    db, _ = tiny
    con = store.read_connection(db)
    for dataset, key in KEYS.items():
        dupes = con.execute(f"select count(*) - count(distinct {key}) from {dataset}").fetchone()[0]
        assert dupes == 0, dataset
        unknown = con.execute(f"select count(*) from {dataset} where commune_code is not null "
                              "and commune_code not in (select commune_code from communes)").fetchone()[0]
        assert unknown == 0, dataset
    current = con.execute("select max(report_date) from tasks").fetchone()[0]
    assert str(current) == "2026-10-20"  # the units' own reports of the last month


def test_every_mart_runs_on_it_and_the_overview_has_every_figure(tiny):
    db, _ = tiny
    con = store.read_connection(db)
    for name in marts.mart_names():
        marts.run_mart(con, name)
    kpis = marts.run_mart(con, "overview_kpis")
    assert len(kpis) == 8 and kpis["value"].notna().all()
    assert len(marts.run_mart(con, "commune_metrics")) == 3321


def test_tasks_loads_carry_the_figures_an_upload_would_have_worked_out(tiny):
    from test_task_marts import assert_stored_figures_match_rows

    db, _ = tiny
    assert_stored_figures_match_rows(db)
    assert not marts.run_mart(store.read_connection(db), "vague_reports").empty
