"""The demo writes only a store it made itself: pointed at a store with real loads, accounts and an
audit log (by --db, by DASHBOARD_DB, or through scripts/start-demo.sh) it refuses, in Vietnamese,
with exit 2, and the store stays exactly as it was. The pages never send anyone to that command."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from access_fixtures import add_accounts, copy_store
from data_pipeline import demo, store
from data_pipeline.problems import Rejected
from store_fixtures import ROOT, Project, dump_store, run_cli, write_disbursement

APP = str(ROOT / "dashboard" / "app.py")


def real_store(folder: Path) -> Path:
    """A store as a province has it: a load, accounts, sign-ins in the audit log."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "warehouse.duckdb"
    sheet = write_disbursement(folder / "t4.xlsx", [Project("Kè Thục Phán", plan=10, disbursed=1)])
    assert run_cli("ingest", sheet, "--db", db).code == 0
    add_accounts(db)
    return db


def whole(db: Path) -> tuple[dict, dict]:
    return dump_store(db, with_audit=True), dump_store(store.snapshot_path(db), with_audit=True)


def test_demo_refuses_a_store_it_did_not_make_and_changes_nothing(tmp_path):
    db = real_store(tmp_path / "kho")
    before = whole(db)
    run = run_cli("demo", "--db", db)
    assert run.code == 2, run.output
    assert "Traceback" not in run.stderr
    assert "không phải kho dữ liệu mẫu" in run.stderr and "không bị thay đổi" in run.stderr, run.stderr
    assert whole(db) == before


def test_demo_refuses_the_store_named_by_dashboard_db(tmp_path):
    db = real_store(tmp_path / "kho")
    before = whole(db)
    run = run_cli("demo", env={"DASHBOARD_DB": str(db)})
    assert run.code == 2, run.output
    assert "không phải kho dữ liệu mẫu" in run.stderr, run.stderr
    assert whole(db) == before


def test_demo_refuses_a_file_that_is_not_a_store(tmp_path):
    notes = tmp_path / "ghi_chu.duckdb"
    notes.write_text("không phải kho dữ liệu")
    run = run_cli("demo", "--db", notes)
    assert run.code == 2, run.output
    assert notes.read_text() == "không phải kho dữ liệu"


def test_start_demo_script_builds_its_own_store_and_never_the_one_in_dashboard_db(tmp_path):
    # The real store is in DASHBOARD_DB, as on a server; the demo's own store is another path. Here
    # that other path is a real store too, so the script must stop (exit 2) before any server starts.
    real, other = real_store(tmp_path / "that"), real_store(tmp_path / "khac")
    before = whole(real), whole(other)
    env = {**os.environ, "DASHBOARD_DB": str(real), "DASHBOARD_DEMO_DB": str(other), "PORT": "1"}
    run = subprocess.run(["bash", "scripts/start-demo.sh"], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "không phải kho dữ liệu mẫu" in run.stderr and str(other) in run.stderr, run.stderr
    assert (whole(real), whole(other)) == before


def test_demo_store_is_marked_and_may_be_rebuilt(demo_db, tmp_path):
    db = copy_store(demo_db, tmp_path / "mau")
    assert demo.is_demo_store(db)
    demo.start_demo_store(db)  # what build_demo does first: a store it made may be made again
    assert not store.snapshot_path(db).exists()
    assert demo.is_demo_store(db)


def test_a_store_marked_demo_by_nobody_is_refused_by_the_demo(tmp_path):
    db = real_store(tmp_path / "kho")
    with pytest.raises(Rejected) as refused:
        demo.start_demo_store(db)
    assert refused.value.problems[0].kind == "not-a-demo-store"


def test_pages_of_an_empty_store_point_to_the_upload_page_not_to_a_command(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_path / "chua_co.duckdb"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    said = " ".join(i.value for i in at.info)
    assert "Cập nhật dữ liệu" in said, said
    assert "data_pipeline demo" not in said and "python -m" not in said, said


def test_upload_page_without_loads_does_not_offer_the_demo_command(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(tmp_path / "chua_co.duckdb"))
    monkeypatch.setenv("DASHBOARD_TEST_ACCOUNT", "editor")
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/cap_nhat_du_lieu.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert not any("data_pipeline demo" in i.value for i in at.info), [i.value for i in at.info]


def test_the_demo_banner_shows_on_a_demo_store_even_without_the_demo_server(demo_env, monkeypatch):
    monkeypatch.delenv("DASHBOARD_DEMO", raising=False)
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert any("dữ liệu mẫu" in w.value for w in at.warning), [w.value for w in at.warning]
