"""The store: readers keep working while a load runs, rejected files leave no trace, rollback
restores the previous figures, and each view shows the load the contract says it should."""

from __future__ import annotations

import datetime as dt
import fcntl
import threading
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from data_pipeline import store
from data_pipeline.ingest import ingest
from data_pipeline.problems import Rejected
from store_fixtures import (Project, dump_store, run_cli, write_disbursement, write_revenue, write_trade)

COMMUNES = ["Xã Trà Lĩnh", "Xã Quang Hán", "Phường Thục Phán", "Xã Lũng Nặm", "Xã Hạ Lang", "Xã Hòa An"]


def projects(count: int, plan: float, prefix: str = "Đường giao thông nông thôn") -> list[Project]:
    return [Project(f"{prefix} số {i + 1}", location=COMMUNES[i % len(COMMUNES)], plan=plan, disbursed=plan / 4)
            for i in range(count)]


def state(con: duckdb.DuckDBPyConnection) -> tuple:
    """What a dashboard page sees, in one statement: loads, current rows and their total."""
    return con.execute("""
        select (select max(load_id) from loads),
               (select count(*) from disbursement),
               (select sum(plan_vnd) from disbursement),
               (select count(*) from stg_disbursement)
    """).fetchone()


def read_state(db: Path) -> tuple:
    con = store.read_connection(db)
    try:
        return state(con)
    finally:
        con.close()


def current_figures(db: Path, view: str, *columns: str) -> pd.DataFrame:
    con = store.read_connection(db)
    try:
        result = con.execute(f"select {', '.join(columns)} from {view} order by all")
        return pd.DataFrame(result.fetchall(), columns=[d[0] for d in result.description], dtype=object)
    finally:
        con.close()


# ---------------------------------------------------------------- reading while a load runs

@pytest.mark.parametrize("loader", ["command line in another process", "another thread"])
def test_reader_querying_while_a_load_runs_sees_old_or_new_data_never_a_mix(tmp_path, loader):
    db = tmp_path / "store.duckdb"
    ingest(write_disbursement(tmp_path / "t4.xlsx", projects(40, 1000.0)), db=db)
    old = read_state(db)
    assert old == (1, 40, 40 * 1000.0 * 1e6, 40)
    new = (2, 3000, 3000 * 2000.0 * 1e6, 3040)
    big = write_disbursement(tmp_path / "t5.xlsx", projects(3000, 2000.0), as_of="31/5/2026")

    seen: list[tuple] = []
    errors: list[BaseException] = []
    loading = threading.Event()
    loaded = threading.Event()

    def reader() -> None:
        loading.wait()
        while True:
            done = loaded.is_set()  # read before querying: one more query after the load ends
            try:
                seen.append(read_state(db))
            except BaseException as exc:  # noqa: BLE001 - any failure of a reader is the finding
                errors.append(exc)
            if done:
                return

    thread = threading.Thread(target=reader)
    thread.start()
    loading.set()
    try:
        if loader == "another thread":
            worker = threading.Thread(target=ingest, args=(big,), kwargs={"db": db})
            worker.start()
            worker.join()
        else:
            run = run_cli("ingest", big, "--db", db)
            assert run.code == 0, run.output
    finally:
        loaded.set()
        thread.join()

    assert not errors, errors[:3]
    assert set(seen) <= {old, new}, set(seen) - {old, new}
    assert seen[-1] == new
    assert len(seen) > 1


def test_new_read_connection_sees_a_finished_load_while_an_older_reader_is_still_open(tmp_path):
    """A dashboard session still reading the old snapshot must not keep others on it."""
    db = tmp_path / "store.duckdb"
    ingest(write_disbursement(tmp_path / "t4.xlsx", projects(5, 1000.0)), db=db)
    lingering = store.read_connection(db)
    try:
        assert state(lingering)[0] == 1
        ingest(write_disbursement(tmp_path / "t5.xlsx", projects(7, 3000.0), as_of="31/5/2026"), db=db)
        assert read_state(db) == (2, 7, 7 * 3000.0 * 1e6, 12)
        assert state(lingering) == (1, 5, 5 * 1000.0 * 1e6, 5)  # its own snapshot stays whole
    finally:
        lingering.close()


class SwapDuringAttach:
    """A DuckDB connection whose attach of the snapshot is torn by a publish. DuckDB reads a
    file's headers and then its blocks through two separate opens, so a swap in between pairs one
    file's headers with another's blocks: DuckDB then fails ("No more data remaining in
    MetadataReader", as it did under load) or, worse, reads garbage without noticing. Both are
    played here after the real attach of the old file: the swap, then DuckDB's error or none."""

    def __init__(self, con, swap, error):
        self._con, self._swap, self._error = con, swap, error

    def execute(self, sql, *args):
        self._con.execute(sql, *args)
        if sql.startswith("attach") and self._swap:
            self._swap.pop()()
            if self._error:
                raise duckdb.IOException("IO Error: No more data remaining in MetadataReader")
        return self

    def __getattr__(self, name):
        return getattr(self._con, name)


@pytest.mark.parametrize("duckdb_notices", [True, False], ids=["duckdb fails", "duckdb does not notice"])
@pytest.mark.parametrize("asked", ["any version", "the version before the swap"])
def test_a_snapshot_swapped_in_while_it_is_attached_is_read_whole_or_refused(tmp_path, monkeypatch, asked,
                                                                           duckdb_notices):
    db = tmp_path / "store.duckdb"
    ingest(write_disbursement(tmp_path / "t4.xlsx", projects(5, 1000.0)), db=db)
    other = tmp_path / "other" / "store.duckdb"
    ingest(write_disbursement(tmp_path / "t5.xlsx", projects(300, 3000.0), as_of="31/5/2026"), db=other)
    before = store.data_version(db)

    def publish_other() -> None:
        tmp = store.snapshot_path(db).with_name("swap.tmp")
        tmp.write_bytes(store.snapshot_path(other).read_bytes())
        tmp.replace(store.snapshot_path(db))

    swaps = [publish_other]
    real_connect = duckdb.connect
    monkeypatch.setattr(store.duckdb, "connect", lambda path, *a, **k: (
        SwapDuringAttach(real_connect(path, *a, **k), swaps, duckdb_notices) if path == ":memory:"
        else real_connect(path, *a, **k)))

    if asked == "any version":
        con = store.read_connection(db)
        try:
            assert state(con) == (1, 300, 300 * 3000.0 * 1e6, 300)  # attached again: the new file, whole
        finally:
            con.close()
    else:
        with pytest.raises(store.SnapshotChanged):
            store.read_connection(db, version=before)
    assert not swaps


def test_read_snapshot_is_published_while_the_writer_still_holds_the_store(tmp_path, monkeypatch):
    """Publishing after releasing the lock would let a second load write the store while the
    first one copies it, or publish an older copy over a newer one."""
    db = tmp_path / "store.duckdb"
    held: list[bool] = []
    real_publish = store.publish

    def checking_publish(path):
        with open(path.with_name(path.name + ".lock"), "a+") as probe:
            try:
                fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                held.append(True)
            else:
                fcntl.flock(probe, fcntl.LOCK_UN)
                held.append(False)
        real_publish(path)

    monkeypatch.setattr(store, "publish", checking_publish)
    result = ingest(write_disbursement(tmp_path / "t4.xlsx", projects(3, 1000.0)), db=db)
    store.rollback(db, result.load_id)
    assert held == [True, True]


def test_two_loads_at_once_both_land_and_the_snapshot_shows_both(tmp_path):
    db = tmp_path / "store.duckdb"
    files = [write_disbursement(tmp_path / "t4.xlsx", projects(300, 1000.0), as_of="30/4/2026"),
             write_disbursement(tmp_path / "t5.xlsx", projects(600, 2000.0), as_of="31/5/2026")]
    results: list = [None, None]

    def load(i: int) -> None:
        results[i] = ingest(files[i], db=db)

    threads = [threading.Thread(target=load, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.load_id for r in results) == [1, 2]
    published, written = dump_store(store.snapshot_path(db)), dump_store(db)
    assert published == written
    assert len(published["loads"]) - 1 == 2


# ---------------------------------------------------------------- nothing written unless loaded

def test_rejected_file_leaves_every_table_and_view_unchanged(tmp_path):
    db = tmp_path / "store.duckdb"
    ingest(write_disbursement(tmp_path / "t4.xlsx", projects(5, 1000.0)), db=db)
    before = dump_store(db), dump_store(store.snapshot_path(db)), store.data_version(db)
    bad = projects(5, 1000.0)
    bad[3].plan = "12a"
    with pytest.raises(Rejected):
        ingest(write_disbursement(tmp_path / "t5.xlsx", bad, as_of="31/5/2026"), db=db)
    assert (dump_store(db), dump_store(store.snapshot_path(db)), store.data_version(db)) == before


def test_load_failing_inside_its_transaction_leaves_no_trace(tmp_path):
    db = tmp_path / "store.duckdb"
    ingest(write_disbursement(tmp_path / "t4.xlsx", projects(5, 1000.0)), db=db)
    before = dump_store(db), dump_store(store.snapshot_path(db))
    rows = pd.DataFrame([{"project_id": "DA-1", "project_name": "Cầu Bản Giốc", "is_key_project": False,
                          "source_row": 10},
                         {"project_id": "DA-2", "project_name": None, "is_key_project": False, "source_row": 11}])
    meta = {"file_name": "hong.xlsx", "file_sha256": "0" * 64, "report_date": dt.date(2026, 5, 31),
            "loaded_by": "kiem_thu"}
    with pytest.raises(Rejected) as caught:
        store.write_load(db, dataset="disbursement", rows=rows, meta=meta, problems=[])
    assert "dữ liệu cũ giữ nguyên" in str(caught.value)
    assert (dump_store(db), dump_store(store.snapshot_path(db))) == before


def test_values_far_down_a_mostly_empty_column_are_stored_with_their_type(tmp_path):
    """Rows reach DuckDB as Python objects whose column types it infers from a sample."""
    db = tmp_path / "store.duckdb"
    rows = [{"project_id": f"DA-{i}", "project_name": f"Dự án {i}", "is_key_project": False, "plan_vnd": None,
             "obstacle": None, "source_row": 10 + i} for i in range(5000)]
    rows[4321].update(plan_vnd=1.5e9, obstacle="Vướng giải phóng mặt bằng")
    meta = {"file_name": "thua.xlsx", "file_sha256": "0" * 64, "report_date": dt.date(2026, 5, 31),
            "loaded_by": "kiem_thu"}
    store.write_load(db, dataset="disbursement", rows=rows, meta=meta, problems=[])
    stored = current_figures(db, "disbursement", "project_id", "plan_vnd", "obstacle", "report_date")
    filled = stored[stored.obstacle.notna()]
    assert filled.values.tolist() == [["DA-4321", 1.5e9, "Vướng giải phóng mặt bằng", dt.date(2026, 5, 31)]]
    assert stored.plan_vnd.notna().sum() == 1


# ---------------------------------------------------------------- rollback

def test_rollback_restores_the_previous_figures_and_deletes_nothing(tmp_path):
    db = tmp_path / "store.duckdb"
    a = write_disbursement(tmp_path / "giai_ngan_t4.xlsx", projects(4, 1000.0), as_of="30/4/2026")
    b = write_disbursement(tmp_path / "giai_ngan_t5.xlsx", projects(6, 2500.0), as_of="31/5/2026")
    for f in (a, b):
        run = run_cli("ingest", f, "--db", db)
        assert run.code == 0, run.output
    assert read_state(db) == (2, 6, 6 * 2500.0 * 1e6, 10)

    run = run_cli("rollback", "2", "--db", db)
    assert run.code == 0, run.output
    assert "Traceback" not in run.output
    assert run.stdout.startswith("Đã hoàn tác lần nạp 2 (disbursement)")

    figures = current_figures(db, "disbursement", "load_id", "project_name", "plan_vnd", "disbursed_vnd")
    assert set(figures.load_id) == {1}
    assert len(figures) == 4
    assert figures.plan_vnd.sum() == 4 * 1000.0 * 1e6
    assert figures.disbursed_vnd.sum() == 4 * 250.0 * 1e6
    assert read_state(db) == (2, 4, 4 * 1000.0 * 1e6, 10)  # load 2's rows are still stored

    dump = dump_store(db)
    loads = pd.DataFrame(dump["loads"][1:], columns=dump["loads"][0]).set_index("load_id")
    assert loads.status.to_dict() == {1: "active", 2: "rolled_back"}
    events = dump["load_events"][1:]
    assert [(e[1], e[2]) for e in events] == [("rollback", 2)]

    history = run_cli("history", "--db", db)
    assert history.code == 0, history.output
    lines = history.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("1\tdisbursement\t30/04/2026") and "đang dùng" in lines[0]
    assert lines[1].startswith("2\tdisbursement\t31/05/2026") and "đã hoàn tác" in lines[1]

    again = run_cli("rollback", "2", "--db", db)
    assert again.code == 2 and "đã được hoàn tác trước đó" in again.stderr
    unknown = run_cli("rollback", "9", "--db", db)
    assert unknown.code == 2 and "Không có lần nạp số 9" in unknown.stderr


# ---------------------------------------------------------------- which load a view shows

def test_view_shows_the_later_report_date_even_when_it_was_loaded_first(tmp_path):
    db = tmp_path / "store.duckdb"
    may = ingest(write_disbursement(tmp_path / "t5.xlsx", projects(3, 5000.0), as_of="31/5/2026"), db=db)
    ingest(write_disbursement(tmp_path / "t4.xlsx", projects(8, 1000.0), as_of="30/4/2026"), db=db)
    figures = current_figures(db, "disbursement", "load_id", "report_date", "plan_vnd")
    assert set(figures.load_id) == {may.load_id}
    assert set(figures.report_date) == {dt.date(2026, 5, 31)}
    assert figures.plan_vnd.sum() == 3 * 5000.0 * 1e6


def test_view_shows_the_later_load_when_report_dates_tie(tmp_path):
    db = tmp_path / "store.duckdb"
    ingest(write_disbursement(tmp_path / "t4.xlsx", projects(3, 5000.0)), db=db)
    corrected = ingest(write_disbursement(tmp_path / "t4_sua.xlsx", projects(3, 4000.0)), db=db)
    figures = current_figures(db, "disbursement", "load_id", "plan_vnd")
    assert set(figures.load_id) == {corrected.load_id}
    assert figures.plan_vnd.sum() == 3 * 4000.0 * 1e6


REVENUE_ITEMS = [("A", "Tổng thu NSNN trên địa bàn", 3000.0), ("I", "Thu nội địa", 2000.0),
                 ("1", "Thu từ khu vực ngoài quốc doanh", 500.0)]


def revenue(month: int, actual: float) -> list[tuple]:
    return [(code, name, estimate, actual * (3 - i), actual * (3 - i) * month)
            for i, (code, name, estimate) in enumerate(REVENUE_ITEMS)]


def test_revenue_view_keeps_each_month_from_the_latest_load_covering_it(tmp_path):
    db = tmp_path / "store.duckdb"
    march = ingest(write_revenue(tmp_path / "thu_t3.xlsx", 3, revenue(3, 100.0)), db=db)
    april = ingest(write_revenue(tmp_path / "thu_t4.xlsx", 4, revenue(4, 120.0)), db=db)
    march_fixed = ingest(write_revenue(tmp_path / "thu_t3_sua.xlsx", 3, revenue(3, 110.0)), db=db)
    figures = current_figures(db, "revenue", "period", "item_code", "month_actual_vnd", "load_id")
    by_month = figures.groupby("period").agg(loads=("load_id", set), total=("month_actual_vnd", "sum"))
    assert by_month.loads.to_dict() == {dt.date(2026, 3, 1): {march_fixed.load_id}, dt.date(2026, 4, 1): {april.load_id}}
    assert by_month.total.to_dict() == {dt.date(2026, 3, 1): 110.0 * 6 * 1e6, dt.date(2026, 4, 1): 120.0 * 6 * 1e6}
    assert sorted(figures.item_code.unique()) == ["A", "A.I", "A.I.1"]

    store.rollback(db, march_fixed.load_id)
    figures = current_figures(db, "revenue", "period", "load_id")
    assert set(figures[figures.period == dt.date(2026, 3, 1)].load_id) == {march.load_id}


def test_trade_view_keeps_each_month_from_the_latest_load_covering_it(tmp_path):
    db = tmp_path / "store.duckdb"
    first = ingest(write_trade(tmp_path / "xnk_t4.xlsx", [("3/2026", "Cửa khẩu quốc tế Tà Lùng", 100, 50),
                                                         ("4/2026", "Tà Lùng", 110, 60),
                                                         ("4/2026", "Trà Lĩnh", 10, 6)]), db=db)
    second = ingest(write_trade(tmp_path / "xnk_t5.xlsx", [("4/2026", "Tà Lùng", 115, 61),
                                                          ("5/2026", "Tà Lùng", 130, 70)]), db=db)
    assert (first.prepared.report_date, second.prepared.report_date) == (dt.date(2026, 4, 30), dt.date(2026, 5, 31))
    figures = current_figures(db, "trade", "period", "gate", "direction", "value_usd", "load_id")
    exports = {(r.period.month, r.gate): (r.value_usd, r.load_id)
               for r in figures[figures.direction == "export"].itertuples()}
    assert exports == {(3, "Tà Lùng"): (100_000.0, first.load_id), (4, "Tà Lùng"): (115_000.0, second.load_id),
                       (4, "Trà Lĩnh"): (10_000.0, first.load_id), (5, "Tà Lùng"): (130_000.0, second.load_id)}

    store.rollback(db, second.load_id)
    figures = current_figures(db, "trade", "period", "gate", "direction", "value_usd", "load_id")
    assert set(figures.load_id) == {first.load_id}
    assert {(r.period.month, r.gate) for r in figures.itertuples()} == {(3, "Tà Lùng"), (4, "Tà Lùng"), (4, "Trà Lĩnh")}
    assert set(figures[(figures.period == dt.date(2026, 4, 1)) & (figures.gate == "Tà Lùng")
                       & (figures.direction == "export")].value_usd) == {110_000.0}
