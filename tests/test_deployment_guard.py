"""The server as started in production (`python -m dashboard.serve`): no other site may frame it,
Streamlit's metrics are not answered, and the store's files, which hold the password hashes, are
readable by the server's user only."""

from __future__ import annotations

import stat
import urllib.error
import urllib.request

import pytest

from browser import chromium, dashboard_server, wait_for_app
from store_fixtures import Project, run_cli, write_disbursement
from data_pipeline import store


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("guard")
    db = folder / "store.duckdb"
    sheet = write_disbursement(folder / "t5.xlsx", [Project("Đường Hòa An", location="Xã Hòa An", plan=100.0,
                                                           disbursed=40.0)])
    run = run_cli("ingest", sheet, "--db", db)
    assert run.code == 0, run.output
    with dashboard_server(db, DASHBOARD_TEST_ACCOUNT="viewer") as url:
        yield url, db


def answer(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}


@pytest.mark.parametrize("path", ["/", "/nhiem_vu", "/_stcore/health", "/_stcore/host-config"])
def test_every_answer_forbids_framing(served, path):
    url, _ = served
    status, headers = answer(url + path)
    assert status == 200
    assert headers.get("x-frame-options") == "DENY"
    assert "frame-ancestors 'none'" in headers.get("content-security-policy", "")
    assert headers.get("x-content-type-options") == "nosniff"


@pytest.mark.parametrize("path", ["/_stcore/metrics", "/_stcore/metrics/"])
def test_streamlit_metrics_are_not_answered(served, path):
    url, _ = served
    status, headers = answer(url + path)
    assert status == 404
    assert headers.get("x-frame-options") == "DENY"


@pytest.mark.browser
def test_another_site_cannot_show_the_dashboard_in_a_frame(served):
    url, _ = served
    with chromium() as browser:
        page = browser.new_page()
        page.goto(url)  # the dashboard itself opens
        wait_for_app(page)
        page.set_content(f'<iframe id="f" src="{url}/" width="800" height="600"></iframe>')
        page.wait_for_timeout(3000)
        framed = page.frames[1]
        assert framed.url.startswith("chrome-error://"), framed.url
        assert framed.locator('[data-testid="stApp"]').count() == 0
        page.close()


def test_store_snapshot_and_backup_files_are_private(served, tmp_path):
    _, db = served
    for path in (db, store.snapshot_path(db)):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    run = run_cli("backup", tmp_path / "sao-luu", "--db", db)
    assert run.code == 0, run.output
    for path in (tmp_path / "sao-luu").rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path
