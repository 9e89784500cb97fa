"""The overview's headline figures compare this period with the one before: which loads count."""

from __future__ import annotations

import datetime as dt

from data_pipeline import marts, store
from data_pipeline.ingest import ingest
from tests.store_fixtures import write_tasks

LEAD = "Sở Xây dựng"


def _tasks(tmp_path, name: str, overdue: int, as_of: str):
    """A sheet with `overdue` tasks past their deadline (1/1/2026) and one task not yet due."""
    rows = [(f"Nhiệm vụ quá hạn {i}", LEAD, "01/01/2026", "Đang thực hiện") for i in range(overdue)]
    rows.append(("Nhiệm vụ còn hạn", LEAD, "31/12/2026", "Đang thực hiện"))
    return write_tasks(tmp_path / name, rows, as_of=as_of)


def _overdue_kpi(db):
    con = store.read_connection(db)
    try:
        kpis = marts.run_mart(con, "overview_kpis")
    finally:
        con.close()
    row = kpis[kpis["metric"] == "overdue_tasks"].iloc[0]
    return row["value"], row["previous"], row["as_of"]


def test_overdue_kpi_compares_the_latest_report_date_with_the_one_before(tmp_path, db):
    ingest(_tasks(tmp_path, "t3.xlsx", 3, "31/3/2026"), db=db)
    ingest(_tasks(tmp_path, "t4.xlsx", 5, "30/4/2026"), db=db)
    ingest(_tasks(tmp_path, "t2.xlsx", 9, "28/2/2026"), db=db)  # an old month loaded late changes nothing
    value, previous, as_of = _overdue_kpi(db)
    assert (value, previous) == (5, 3)
    assert as_of.date() == dt.date(2026, 4, 30)


def test_a_reload_of_the_same_date_replaces_it_and_a_rollback_brings_back_the_load_before(tmp_path, db):
    ingest(_tasks(tmp_path, "t3.xlsx", 3, "31/3/2026"), db=db)
    ingest(_tasks(tmp_path, "t4.xlsx", 5, "30/4/2026"), db=db)
    corrected = ingest(_tasks(tmp_path, "t4b.xlsx", 4, "30/4/2026"), db=db)
    assert _overdue_kpi(db)[:2] == (4, 3)
    store.rollback(db, corrected.load_id)
    assert _overdue_kpi(db)[:2] == (5, 3)


def test_a_single_load_has_no_previous_value(tmp_path, db):
    ingest(_tasks(tmp_path, "t4.xlsx", 2, "30/4/2026"), db=db)
    value, previous, _ = _overdue_kpi(db)
    assert value == 2 and previous != previous  # NaN: nothing to compare with
