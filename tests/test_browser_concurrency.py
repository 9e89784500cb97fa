"""A load while eight sessions keep reading, against a real dashboard server on localhost: no reader
ever sees an error, and each sees the figures before the load or after it, never a mix of the two.

The investment page draws its headline from two marts (the project list and the disbursement
trajectory); a page that read one from the old snapshot and the other from the new one would show
a combination that is neither state."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from access_fixtures import copy_store
from browser import chromium, dashboard_server, wait_for_app
from store_fixtures import ROOT
from test_faults import disbursement_csv

pytestmark = [pytest.mark.browser, pytest.mark.slow]

READERS = 8
METRICS = '[data-testid="stMetric"]'


def headline(page) -> tuple[str, ...]:
    """The investment page's three metrics, as the reader sees them."""
    return tuple(" ".join(t.split()) for t in page.locator(METRICS).all_inner_texts())


def read_again(pages) -> list[tuple[str, ...]]:
    """Every session reruns the page at once, then each is read when it has finished."""
    for page in pages:
        page.reload(wait_until="commit", timeout=180000)
    seen = []
    for page in pages:
        wait_for_app(page, timeout=120000)
        page.locator(METRICS).nth(2).wait_for(timeout=120000)
        assert page.locator('[data-testid="stException"]').count() == 0, "a reader saw an error"
        seen.append(headline(page))
    return seen


def test_eight_readers_see_old_or_new_figures_never_a_mix_while_a_load_runs(demo_db, tmp_path):
    db = copy_store(demo_db, tmp_path / "kho")
    new_month = disbursement_csv(tmp_path / "giai_ngan_T11.csv", 3000, plan=5000.5)
    with dashboard_server(db, DASHBOARD_TEST_ACCOUNT="viewer") as url, chromium() as browser:
        pages = []
        for _ in range(READERS):
            page = browser.new_context(viewport={"width": 1024, "height": 768}).new_page()
            page.set_default_timeout(180000)
            page.goto(f"{url}/dau_tu_cong")
            pages.append(page)
        before = set(read_again(pages))
        assert len(before) == 1, before
        load = subprocess.Popen([sys.executable, "-m", "data_pipeline", "ingest", str(new_month), "--db", str(db),
                                 "--unit", "triệu", "--report-date", "2026-11-30"], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        rounds, during = 0, []
        deadline = time.monotonic() + 600
        while load.poll() is None and time.monotonic() < deadline:
            during.append(read_again(pages))
            rounds += 1
        out, err = load.communicate(timeout=60)
        assert load.returncode == 0, err
        after = set(read_again(pages))
        assert len(after) == 1 and after != before, (before, after)
        old, new = before.pop(), after.pop()
        for round_seen in during:
            for seen in round_seen:
                assert seen in (old, new), f"a reader saw a mix of old and new figures: {seen}"
        assert rounds >= 1, "the readers never read while the load ran"
        print(f"{rounds} rounds of {READERS} readers during the load")
