"""Marts stored in each published snapshot (marts.STORED) give exactly what their SQL gives, and are
used only while they were worked out by the same SQL with the same thresholds."""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest

from data_pipeline import marts, store
from data_pipeline.ingest import ingest
from reader_builders import write_xlsx

CASES = [("alerts", {}), ("alerts", {"limit": 40, "offset": 0}), ("alerts", {"limit": 7, "offset": 9}),
         ("alerts", {"domain": "tasks", "limit": 5, "offset": 2}), ("alerts", {"severity": 2}),
         ("alert_counts", {}), ("alert_counts", {"domain": "investment"}),
         ("red_items", {"limit": 1, "offset": 0}), ("red_items", {"limit": 3, "offset": 4}),
         ("overview_kpis", {})]


def _stored(db):
    return store.read_connection(db)  # the published snapshot: it holds the stored rows


def _live(db):
    return duckdb.connect(str(db), read_only=True)  # the store as written: no stored rows, the SQL runs


def _run(con, name, **params) -> pd.DataFrame:
    try:
        return marts.run_mart(con, name, **params)
    finally:
        con.close()


def test_the_snapshot_holds_the_stored_marts_and_uses_them(demo_db):
    con = _stored(demo_db)
    try:
        assert marts._usable_stored(con, marts.thresholds()) == set(marts.STORED)
        assert con.execute("select count(*) from stored_alert_rows").fetchone()[0] > 40
    finally:
        con.close()
    con = _live(demo_db)
    try:
        assert marts._usable_stored(con, marts.thresholds()) == frozenset()
    finally:
        con.close()


@pytest.mark.parametrize(("name", "params"), CASES)
def test_stored_rows_give_what_the_sql_gives(demo_db, name, params):
    stored, live = _run(_stored(demo_db), name, **params), _run(_live(demo_db), name, **params)
    assert len(stored) > 0
    pd.testing.assert_frame_equal(stored, live)


def test_another_threshold_is_worked_out_by_the_sql_not_read_from_the_stored_rows(demo_db):
    wider = {"due_soon_days": 60}
    con = _stored(demo_db)
    try:
        # the stored marts that use the threshold are worked out again; those that do not, stay usable
        assert marts._usable_stored(con, marts.thresholds() | wider) == set(marts.STORED) - {"_alert_rows", "overview_kpis"}
    finally:
        con.close()
    stored, live = _run(_stored(demo_db), "alert_counts", **wider), _run(_live(demo_db), "alert_counts", **wider)
    pd.testing.assert_frame_equal(stored, live)
    usual = _run(_stored(demo_db), "alert_counts")
    assert stored["amber"].sum() > usual["amber"].sum()  # more tasks fall due within 60 days than within 7


def test_a_new_load_is_in_the_stored_rows_of_the_next_snapshot(demo_db, tmp_path):
    db = tmp_path / "copy.duckdb"
    shutil.copyfile(demo_db, db)
    rows = [["TỔNG HỢP NHIỆM VỤ UBND TỈNH GIAO (đến ngày 30/11/2026)"], [],
            ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Tình hình thực hiện"],
            [1, "Nhiệm vụ mới quá hạn rất lâu", "Sở Xây dựng", "01/01/2020", "Đang thực hiện"]]
    ingest(write_xlsx(tmp_path / "nv.xlsx", {"Nhiệm vụ": rows}), db=db)
    first = _run(_stored(db), "alerts", limit=1, offset=0)
    assert first["title"].iloc[0].endswith("Nhiệm vụ mới quá hạn rất lâu")


def test_a_publish_that_changes_no_data_copies_the_stored_rows_and_a_load_works_them_out_again(demo_db, tmp_path):
    db = tmp_path / "copy.duckdb"
    shutil.copyfile(demo_db, db)
    shutil.copyfile(store.snapshot_path(demo_db), store.snapshot_path(db))
    # Mark the snapshot's stored rows, so that rows copied over can be told from rows worked out again.
    con = duckdb.connect(str(store.snapshot_path(db)))
    con.execute("update stored_overview_kpis set label = label || ' (đánh dấu)'")
    con.close()

    store.refresh_views(db)  # publishes again; no load, no rollback: the same figures
    assert _run(_stored(db), "overview_kpis")["label"].str.endswith("(đánh dấu)").all()

    rows = [["TỔNG HỢP NHIỆM VỤ UBND TỈNH GIAO (đến ngày 30/11/2026)"], [],
            ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Tình hình thực hiện"],
            [1, "Nhiệm vụ mới", "Sở Xây dựng", "01/01/2020", "Đang thực hiện"]]
    ingest(write_xlsx(tmp_path / "nv.xlsx", {"Nhiệm vụ": rows}), db=db)
    fresh = _run(_stored(db), "overview_kpis")
    assert not fresh["label"].str.endswith("(đánh dấu)").any()
    pd.testing.assert_frame_equal(fresh, _run(_live(db), "overview_kpis"))
