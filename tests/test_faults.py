"""Faults, each through the real command line in a subprocess: a load killed with SIGKILL half-way,
a store that cannot be written (read-only, disk full), and backup then restore of the whole store."""

from __future__ import annotations

import csv
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from access_fixtures import add_accounts, copy_store
from data_pipeline import accounts, store
from store_fixtures import ROOT, Project, dump_store, run_cli, write_disbursement


def disbursement_csv(path: Path, rows: int, plan: float = 1000.5) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, delimiter=";")
        out.writerow(["Mã dự án", "Tên dự án", "Chủ đầu tư", "Địa điểm", "Kế hoạch vốn", "Giải ngân"])
        for i in range(rows):
            out.writerow([f"DA{i:06d}", f"Dự án số {i}", "Sở Xây dựng", "Phường Thục Phán",
                          f"{plan + i}".replace(".", ","), f"{i % 900},0"])
    return path


def holds_lock(pid: int) -> bool:
    """The process holds a flock (the store's writer lock: it is inside a write)."""
    return any(line.split()[1:2] == ["FLOCK"] and line.split()[4] == str(pid)
               for line in Path("/proc/locks").read_text().splitlines() if len(line.split()) > 4)


def whole_store(db: Path) -> dict:
    return dump_store(db, with_audit=True)


# ------------------------------------------------------------------ SIGKILL in the middle of a load

@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux /proc/locks to see the writer's lock")
def test_a_load_killed_half_way_leaves_the_store_as_before_and_the_next_start_needs_no_repair(tmp_path):
    db = tmp_path / "store.duckdb"
    assert run_cli("ingest", disbursement_csv(tmp_path / "t4.csv", 50), "--db", db, "--unit", "triệu",
                   "--report-date", "2026-04-30").code == 0
    before = whole_store(db), whole_store(store.snapshot_path(db))
    big = disbursement_csv(tmp_path / "t5.csv", 40_000, plan=2000.5)
    child = subprocess.Popen([sys.executable, "-m", "data_pipeline", "ingest", str(big), "--db", str(db),
                              "--unit", "triệu", "--report-date", "2026-05-31"], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while not holds_lock(child.pid) and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert child.poll() is None, "the load ended before it took the store"
    time.sleep(0.05)  # inside the write: the 40,000 rows are going in
    child.send_signal(signal.SIGKILL)
    child.wait()
    after = whole_store(db), whole_store(store.snapshot_path(db))
    if after != before:  # only a kill after the commit could do this, and then the load is there whole
        con = duckdb.connect(str(db), read_only=True)
        loaded = con.execute("select count(*) from stg_disbursement where load_id = 2").fetchone()[0]
        con.close()
        assert loaded == 40_000, "a killed load left part of its rows"
        pytest.fail("the load committed before the kill; this machine is faster than the test assumes")
    # The next start: a load and a read work at once, with no repair.
    run = run_cli("ingest", disbursement_csv(tmp_path / "t6.csv", 20, plan=3000.5), "--db", db, "--unit", "triệu",
                  "--report-date", "2026-06-30")
    assert run.code == 0, run.output
    con = store.read_connection(db)
    assert con.execute("select count(*), min(load_id) from disbursement").fetchone() == (20, 2)
    assert con.execute("select count(*) from loads").fetchone()[0] == 2
    con.close()


# ------------------------------------------------------------------ a store that cannot be written

def read_only(folder: Path) -> list[str]:
    """Make the store's folder and files read-only; returns the command prefix that makes that hold
    for root too (root writes anyway while it keeps CAP_DAC_OVERRIDE)."""
    for f in folder.iterdir():
        f.chmod(0o444)
    folder.chmod(0o555)
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: cannot make a file read-only for the child")
    return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner"]


def run_cli_with(prefix: list[str], *args, preexec=None) -> subprocess.CompletedProcess:
    return subprocess.run([*prefix, sys.executable, "-m", "data_pipeline", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, preexec_fn=preexec, timeout=300,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})


def test_read_only_store_gives_a_clear_vietnamese_error_and_stays_as_it_was(tmp_path):
    folder = tmp_path / "kho"
    db = folder / "store.duckdb"
    assert run_cli("ingest", write_disbursement(tmp_path / "t4.xlsx", [Project("Kè Thục Phán", plan=10, disbursed=1)]),
                   "--db", db).code == 0
    new = write_disbursement(tmp_path / "t5.xlsx", [Project("Kè Thục Phán", plan=10, disbursed=5)], as_of="31/5/2026")
    before = whole_store(db), whole_store(store.snapshot_path(db))
    try:
        run = run_cli_with(read_only(folder), "ingest", new, "--db", db)
    finally:
        folder.chmod(0o755)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert "không có quyền ghi" in run.stderr and "kho dữ liệu" in run.stderr, run.stderr
    assert (whole_store(db), whole_store(store.snapshot_path(db))) == before


def test_disk_full_gives_a_clear_vietnamese_error_and_nothing_half_written(tmp_path):
    db = tmp_path / "store.duckdb"
    assert run_cli("ingest", disbursement_csv(tmp_path / "t4.csv", 50), "--db", db, "--unit", "triệu",
                   "--report-date", "2026-04-30").code == 0
    before = whole_store(db), whole_store(store.snapshot_path(db))
    big = disbursement_csv(tmp_path / "t5.csv", 5_000, plan=2000.5)
    limit = 64 * 1024  # no file may grow past this: the disk is full for every write the load needs

    def full_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    run = run_cli_with([], "ingest", big, "--db", db, "--unit", "triệu", "--report-date", "2026-05-31",
                       preexec=full_disk)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert "ổ đĩa đã đầy" in run.stderr and "dữ liệu cũ giữ nguyên" in run.stderr, run.stderr
    assert (whole_store(db), whole_store(store.snapshot_path(db))) == before
    assert run_cli("ingest", big, "--db", db, "--unit", "triệu", "--report-date", "2026-05-31").code == 0, \
        "with room again, the same load goes through"


# ------------------------------------------------------------------ backup and restore

def test_backup_then_restore_gives_back_every_table_row_for_row(demo_db, tmp_path):
    db = copy_store(demo_db, tmp_path / "live")
    add_accounts(db)
    accounts.sign_in(db, "lanhdao", "xem-so-lieu-2026")
    store.rollback(db, 3, actor="quantri2")
    original = whole_store(db)
    assert {"accounts", "audit_log", "loads", "stg_tasks", "load_events", "communes"} <= set(original)

    run = run_cli("backup", tmp_path / "sao_luu", "--db", db)
    assert run.code == 0 and "Đã sao lưu" in run.stdout, run.output
    fresh = tmp_path / "khac" / "store.duckdb"
    run = run_cli("restore", tmp_path / "sao_luu", "--db", fresh)
    assert run.code == 0, run.output
    assert whole_store(fresh) == original
    assert whole_store(store.snapshot_path(fresh)) == original, "the dashboard reads the restored data at once"
    # Signing in still works against the restored accounts.
    assert accounts.sign_in(fresh, "cv.stc", "nap-giai-ngan-2026").role == "editor"


def test_restore_over_a_changed_store_brings_back_the_backup_and_keeps_the_old_one(tmp_path):
    db = tmp_path / "store.duckdb"
    assert run_cli("ingest", disbursement_csv(tmp_path / "t4.csv", 30), "--db", db, "--unit", "triệu",
                   "--report-date", "2026-04-30").code == 0
    backed_up = whole_store(db)
    assert run_cli("backup", tmp_path / "bk", "--db", db).code == 0
    assert run_cli("ingest", disbursement_csv(tmp_path / "t5.csv", 10, plan=7.5), "--db", db, "--unit", "triệu",
                   "--report-date", "2026-05-31").code == 0
    changed = whole_store(db)
    run = run_cli("restore", tmp_path / "bk", "--db", db)
    assert run.code == 0, run.output
    assert whole_store(db) == backed_up
    kept = [p for p in tmp_path.glob("store.truoc-khoi-phuc-*.duckdb")]
    assert len(kept) == 1 and whole_store(kept[0]) == changed


def test_restore_from_a_folder_that_is_not_a_backup_changes_nothing(tmp_path):
    db = tmp_path / "store.duckdb"
    assert run_cli("ingest", disbursement_csv(tmp_path / "t4.csv", 30), "--db", db, "--unit", "triệu",
                   "--report-date", "2026-04-30").code == 0
    before = whole_store(db)
    (tmp_path / "rong").mkdir()
    run = run_cli("restore", tmp_path / "rong", "--db", db)
    assert run.code == 2 and "không phải bản sao lưu" in run.stderr, run.output
    assert whole_store(db) == before
