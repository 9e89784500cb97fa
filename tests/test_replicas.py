"""Several dashboard servers reading one store while the command line loads into it: the first
step past one machine (docs/scale.md). Each replica reads only the published snapshot; the one
writer publishes a new snapshot after each load and every replica shows it, with no reader error."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from browser import CHROMIUM, chromium, dashboard_server, wait_for_app
from store_fixtures import ROOT, Project, run_cli, write_disbursement

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PROJECTS = [Project(f"Đường giao thông liên xã số {i}", plan=1000 + i, disbursed=300 + i) for i in range(1, 40)]
MONTHS = [("31/5/2026", "31/05/2026"), ("30/6/2026", "30/06/2026"), ("31/7/2026", "31/07/2026")]


def ingest(path: Path, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "data_pipeline", "ingest", str(path), "--db", str(db)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)


def shows(page, url: str, text: str) -> bool:
    page.goto(f"{url}/dau_tu_cong")
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0, page.inner_text("body")[:2000]
    return page.get_by_text(text).count() > 0


def test_two_replicas_show_each_new_load_and_never_fail_a_reader(tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); browser tests skipped")
    db = tmp_path / "store.duckdb"
    first = run_cli("ingest", write_disbursement(tmp_path / "giai_ngan_t4.xlsx", PROJECTS), "--db", db)
    assert first.code == 0, first.stderr
    sheets = [write_disbursement(tmp_path / f"giai_ngan_{i}.xlsx", PROJECTS, as_of=as_of)
              for i, (as_of, _) in enumerate(MONTHS, start=5)]

    logs = [tmp_path / "replica_a.log", tmp_path / "replica_b.log"]
    with dashboard_server(db, log=logs[0]) as url_a, dashboard_server(db, log=logs[1]) as url_b, \
            chromium() as browser:
        page_a, page_b = browser.new_page(), browser.new_page()
        assert shows(page_a, url_a, "Số liệu đến ngày 30/04/2026")
        assert shows(page_b, url_b, "Số liệu đến ngày 30/04/2026")

        # One writer loads month after month while both replicas keep serving readers.
        results: list[subprocess.CompletedProcess] = []
        writer = threading.Thread(target=lambda: results.extend(ingest(s, db) for s in sheets))
        writer.start()
        views = 0
        while writer.is_alive() or views < 4:
            shows(page_a, url_a, "Số liệu đến ngày")
            shows(page_b, url_b, "Số liệu đến ngày")
            views += 2
        writer.join()
        assert [r.returncode for r in results] == [0, 0, 0], [r.stderr for r in results]

        latest = f"Số liệu đến ngày {MONTHS[-1][1]}"
        assert shows(page_a, url_a, latest)
        assert shows(page_b, url_b, latest)

    for log in logs:
        text = log.read_text()
        assert "Traceback" not in text and "Error" not in text, text[-3000:]
