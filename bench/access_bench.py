"""What sign-in and the access gate cost, beside what they sit next to.

    python bench/access_bench.py [--runs 5]

Prints, on a fresh store holding the demo data and three accounts (fastest of N runs each):
- sign-in (argon2 check, the writers' lock, one audit row) against opening the read snapshot
  and running one mart, which every page view does anyway;
- a refused sign-in before its deliberate delay (the setting failed_sign_in_delay_s adds to it);
- the gate's account lookup in the read snapshot (done once per store version, then cached);
- an account change (one transaction and a republished snapshot) against a load's publish alone.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data_pipeline import accounts, marts, store  # noqa: E402
from data_pipeline.accounts import SignInRefused  # noqa: E402
from data_pipeline.demo import build_demo  # noqa: E402


def fastest(runs: int, fn) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    folder = Path(tempfile.mkdtemp(prefix="access-bench-"))
    db = folder / "store.duckdb"
    build_demo(db)
    accounts.add_account(db, "lanhdao", "viewer", actor="bench", password="xem-so-lieu-2026")
    os.environ["DASHBOARD_SETTINGS"] = str(folder / "settings.toml")
    settings = (Path(__file__).resolve().parent.parent / "settings.toml").read_text()
    (folder / "settings.toml").write_text(settings.replace("failed_sign_in_delay_s = 1.0", "failed_sign_in_delay_s = 0")
                                          .replace("free_failures = 3", "free_failures = 100000"))

    def one_mart():
        con = store.read_connection(db)
        marts.run_mart(con, "overview_kpis")
        con.close()

    def refused():
        try:
            accounts.sign_in(db, "lanhdao", "sai-mat-khau-000")
        except SignInRefused:
            pass

    def lookup():
        con = store.read_connection(db)
        accounts.find(con, "lanhdao")
        con.close()

    rows = [
        ("one mart on the read snapshot (every page view)", fastest(runs, one_mart)),
        ("sign-in, right password", fastest(runs, lambda: accounts.sign_in(db, "lanhdao", "xem-so-lieu-2026"))),
        ("sign-in, wrong password (before its delay)", fastest(runs, refused)),
        ("gate: account lookup in the snapshot (uncached)", fastest(runs, lookup)),
        ("publish the read snapshot alone (every load)", fastest(runs, lambda: store.publish(db))),
        ("account change (transaction + publish)",
         fastest(runs, lambda: accounts.set_role(db, "lanhdao", "viewer", actor="bench"))),
    ]
    print(f"load average {os.getloadavg()[0]:.1f}; fastest of {runs} runs; store {db.stat().st_size / 1e6:.1f} MB")
    print(f"{'':52} {'ms':>8}")
    for label, ms in rows:
        print(f"{label:52} {ms:8.1f}")


if __name__ == "__main__":
    main()
