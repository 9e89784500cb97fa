"""What the command line says after a fault is what the pages show: a load is reported as loaded
only once readers see it. Faults are real: a small tmpfs the test mounts and fills (skipped, saying
why, where this machine may not mount), and writers killed with SIGKILL at each step of a write
(stopped there first with DASHBOARD_FAULT_STOP, see store._fault_point)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from browser import dashboard_server
from data_pipeline import store
from store_fixtures import ROOT, dump_store, run_cli
from test_faults import disbursement_csv

FIRST = ("--unit", "triệu", "--report-date", "2026-04-30")
SECOND = ("--unit", "triệu", "--report-date", "2026-05-31")


@contextlib.contextmanager
def small_volume(folder: Path, mb: int = 32):
    """A tmpfs of `mb` MB mounted at `folder` for the test, unmounted after."""
    folder.mkdir(parents=True, exist_ok=True)
    if not shutil.which("mount"):
        pytest.skip("no mount command: cannot make a small file system to fill")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={mb}m,mode=0755", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"this machine may not mount a tmpfs here (needs root): {made.stderr.strip()}")
    try:
        yield folder
    finally:
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill(folder: Path, leave_kb: int) -> Path:
    """Fill the volume, leaving about `leave_kb` KB free."""
    filler = folder / "day_o_dia.bin"
    free = shutil.disk_usage(folder).free - leave_kb * 1024
    with open(filler, "ab") as fh:
        while free > 0:
            chunk = min(free, 1 << 20)
            try:
                fh.write(b"\0" * chunk)
                fh.flush()
            except OSError:
                break
            free -= chunk
    return filler


def fill_completely(folder: Path) -> Path:
    filler = folder / "day_o_dia_het.bin"
    with open(filler, "ab", buffering=0) as fh:
        with contextlib.suppress(OSError):
            while True:
                fh.write(b"\0" * 4096)
    return filler


def loaded(db: Path, path: Path | None = None) -> list[tuple]:
    """(load_id, row_count) of the active loads readers see (the snapshot), or of `path`."""
    con = duckdb.connect(str(path or store.snapshot_path(db)), read_only=True)
    try:
        return con.execute("select load_id, row_count from loads where status = 'active' order by 1").fetchall()
    finally:
        con.close()


def leftovers(db: Path) -> list[str]:
    """Temporary snapshots and the publish marker: nothing of them may stay after a write ends."""
    return sorted(p.name for p in db.parent.iterdir() if ".tmp" in p.name or p.name.endswith(".publish-pending"))


def first_load(folder: Path, tmp_path: Path) -> Path:
    db = folder / "store.duckdb"
    run = run_cli("ingest", disbursement_csv(tmp_path / "t4.csv", 50), "--db", db, *FIRST)
    assert run.code == 0, run.output
    return db


# ------------------------------------------------------------------ a real full file system

def test_a_load_whose_copy_for_readers_does_not_fit_is_undone_and_says_the_old_data_stands(tmp_path):
    with small_volume(tmp_path / "o_dia") as folder:
        db = first_load(folder, tmp_path)
        before = dump_store(db), dump_store(store.snapshot_path(db))
        # Room for the load itself, not for the copy of the store the dashboard reads.
        filler = fill(folder, max(db.stat().st_size // 1024, 1800))
        big = disbursement_csv(tmp_path / "t5.csv", 2000, plan=2000.5)
        run = run_cli("ingest", big, "--db", db, *SECOND)
        assert run.code == 2, run.output
        assert "Đã nạp" not in run.stdout
        assert "đã được hủy" in run.stderr and "dữ liệu cũ giữ nguyên" in run.stderr, run.stderr
        assert (dump_store(db), dump_store(store.snapshot_path(db))) == before
        assert leftovers(db) == []
        con = duckdb.connect(str(db), read_only=True)
        assert con.execute("select count(*) from audit_log where action = 'upload_undone'").fetchone()[0] == 1
        con.close()
        filler.unlink()
        run = run_cli("ingest", big, "--db", db, *SECOND)
        assert run.code == 0, run.output
        assert loaded(db) == [(1, 50), (2, 2000)], "with room again the same load goes through, and shows"


def test_a_load_that_does_not_fit_at_all_is_refused_and_leaves_nothing_behind(tmp_path):
    with small_volume(tmp_path / "o_dia") as folder:
        db = first_load(folder, tmp_path)
        before = dump_store(db), dump_store(store.snapshot_path(db))
        filler = fill(folder, 100)
        run = run_cli("ingest", disbursement_csv(tmp_path / "t5.csv", 2000, plan=2000.5), "--db", db, *SECOND)
        assert run.code == 2, run.output
        assert "ổ đĩa đã đầy" in run.stderr and "dữ liệu cũ giữ nguyên" in run.stderr, run.stderr
        assert (dump_store(db), dump_store(store.snapshot_path(db))) == before
        assert leftovers(db) == []
        filler.unlink()
        run = run_cli("history", "--db", db)
        assert run.code == 0 and run.stderr == "", run.output  # nothing was left for it to finish


def _stopped(pid: int) -> bool:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "T"


def start_stopped_at(step: str, db: Path, sheet: Path) -> subprocess.Popen:
    """An ingest that stops itself (SIGSTOP) at `step` of its write; returned once it has."""
    child = subprocess.Popen([sys.executable, "-m", "data_pipeline", "ingest", str(sheet), "--db", str(db), *SECOND],
                             cwd=ROOT, env={**os.environ, "DASHBOARD_FAULT_STOP": step},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not _stopped(child.pid):
        assert child.poll() is None, f"the load ended before {step}: {child.communicate()}"
        assert time.monotonic() < deadline, f"the load never reached {step}"
        time.sleep(0.02)
    return child


def test_a_load_committed_as_the_disk_filled_up_says_it_is_not_shown_yet_and_the_next_command_shows_it(tmp_path):
    with small_volume(tmp_path / "o_dia") as folder:
        db = first_load(folder, tmp_path)
        child = start_stopped_at("committed", db, disbursement_csv(tmp_path / "t5.csv", 2000, plan=2000.5))
        filler = fill_completely(folder)  # nothing more fits: no copy, and no undoing the load either
        child.send_signal(signal.SIGCONT)
        out, err = child.communicate(timeout=120)
        assert child.returncode == 2, out + err
        assert "Đã nạp" not in out
        assert "Lần nạp 2 đã ghi vào kho nhưng chưa hiện trên bảng điều hành" in err and "Đừng nạp lại" in err, err
        assert loaded(db) == [(1, 50)], "the pages do not show it, as the message said"
        filler.unlink()
        run = run_cli("history", "--db", db)
        assert run.code == 0, run.output
        assert "lần nạp 2" in run.stderr and "nay đã hiện" in run.stderr, run.stderr
        assert loaded(db) == [(1, 50), (2, 2000)]
        assert leftovers(db) == []


# ------------------------------------------------------------------ killed at each step of a write

@pytest.mark.parametrize(("step", "committed"), [("writing", False), ("committed", True), ("copied", True),
                                                 ("published", True)])
def test_a_load_killed_at_each_step_is_shown_by_the_next_command_exactly_when_it_was_committed(
        tmp_path, step, committed):
    db = first_load(tmp_path, tmp_path)
    child = start_stopped_at(step, db, disbursement_csv(tmp_path / "t5.csv", 300, plan=2000.5))
    child.kill()
    child.communicate()
    assert loaded(db) == ([(1, 50), (2, 300)] if step == "published" else [(1, 50)])
    assert (tmp_path / "store.duckdb.publish-pending").exists()
    run = run_cli("history", "--db", db)
    assert run.code == 0, run.output
    shown_now = committed and step != "published"
    assert ("nay đã hiện" in run.stderr) == shown_now, run.stderr
    expected = [(1, 50), (2, 300)] if committed else [(1, 50)]
    assert loaded(db) == expected and loaded(db, db) == expected
    assert leftovers(db) == []


def test_a_load_killed_after_its_commit_is_shown_by_the_next_start_of_the_server(tmp_path):
    db = first_load(tmp_path, tmp_path)
    child = start_stopped_at("copied", db, disbursement_csv(tmp_path / "t5.csv", 300, plan=2000.5))
    child.kill()
    child.communicate()
    assert loaded(db) == [(1, 50)]
    log = tmp_path / "server.log"
    with dashboard_server(db, log=log):
        assert loaded(db) == [(1, 50), (2, 300)]
        assert leftovers(db) == []
    assert "lần nạp 2" in log.read_text() and "nay đã hiện" in log.read_text(), log.read_text()
