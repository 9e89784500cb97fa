"""Every scale figure in one command, each against a baseline measured in the same run.

    python bench/scale_bench.py                  # national size (about 10-15 minutes on 2 busy cores)
    python bench/scale_bench.py --quick          # a tenth of national size, shorter runs (a few minutes)
    python bench/scale_bench.py --keep /tmp/sb   # keep the generated stores there and reuse them

Sections, each a table:
  1. ingest     bench/ingest_bench.py, run as it is (ours against pandas + openpyxl);
  2. marts      every mart the pages read, province (demo store) against national store;
     views      the current views' merge of every unit's newest report, worked out from the
                loads (the store itself) and as the pages read it (the snapshot), and report_status;
  3. pages      every page's server time (AppTest), province against national;
  4. history    store size and query time with 1, 12 and 60 monthly loads per dataset;
  5. start      a fresh server to the first rendered home page in chromium, province against national;
  6. replicas   readers per second with 1 and 4 replicas (bench/replicas_bench.py).
The machine is shared, so absolute times move with other work: read each figure against its
baseline in the same table, and the load average printed beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import national_data, replicas_bench
from bench.servers import free_port, start_server, stop, wait_for_port

MART_TARGET_MS = 100
PAGE_TARGET_MS = 1000
PAGES = ["pages/tong_quan.py", "pages/nhiem_vu.py", "pages/dau_tu_cong.py", "pages/ban_do_xa.py",
         "pages/khoang_san.py", "pages/thu_ngan_sach.py", "pages/cua_khau.py", "pages/tang_truong.py", "pages/hanh_chinh.py",
         "pages/trinh_chieu.py", "pages/cap_nhat_du_lieu.py", "pages/tai_khoan.py", "pages/nhat_ky.py"]
# Marts a page asks for one item of: measured as the page asks (one task, one project).
DETAIL_PARAMS = {"task_history": "task_id", "project_history": "project_id"}
# List marts: measured as the pages ask for them (the first page, one area; the second page of overdue tasks).
PAGE_PARAMS = {"alerts": {"limit": 40, "offset": 0}, "red_items": {"limit": 1, "offset": 0},
               "disbursement_projects": {"limit": 50, "offset": 0}, "revenue_items": {"area": "Toàn tỉnh"},
               "task_list": {"only": "overdue", "limit": 50, "offset": 50}}
# Marts that read the current views only: their time must not grow with old loads.
CURRENT_MARTS = ["task_scoreboard", "commune_metrics", "disbursement_breakdown", "mines", "revenue_items",
                 "revenue_monthly", "trade_gates"]


def load_note() -> str:
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


def heading(title: str) -> None:
    print(f"\n## {title}  ({load_note()})", flush=True)


def verdict(value: float, target: float) -> str:
    return "ok" if value < target else "MISS"


# ---------------------------------------------------------------- stores

def province_store(folder: Path) -> Path:
    db = folder / "province.duckdb"
    if not db.exists():
        subprocess.run([sys.executable, "-m", "data_pipeline", "demo", "--db", str(db)], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    return db


def generated_store(folder: Path, name: str, size: national_data.Size) -> tuple[Path, float | None]:
    """A generated store, reused when the same size was generated into `folder` before."""
    db, marker = folder / f"{name}.duckdb", folder / f"{name}.json"
    wanted = json.dumps({**size.__dict__, "sql": national_data.GENERATOR_SQL.read_text()}, sort_keys=True)
    if db.exists() and marker.exists() and marker.read_text() == wanted:
        return db, None
    start = time.perf_counter()
    national_data.build(db, size)
    marker.write_text(wanted)
    return db, time.perf_counter() - start


def file_mb(db: Path) -> float:
    return db.stat().st_size / 1e6


# ---------------------------------------------------------------- marts

def detail_values(db: Path) -> dict:
    """One task and one project of the current loads, as a page's detail view asks for them."""
    from data_pipeline import store

    con = store.read_connection(db)
    try:
        return {"task_id": con.execute("select max(task_id) from tasks").fetchone()[0],
                "project_id": con.execute("select max(project_id) from disbursement").fetchone()[0]}
    finally:
        con.close()


def mart_time(db: Path, name: str, params: dict, runs: int) -> tuple[float, int, float]:
    """What the dashboard does for a mart (open the snapshot, run it to a DataFrame, close):
    median wall ms, rows, and median CPU ms of this process (all of DuckDB's threads), which
    other work on the machine disturbs less than wall time."""
    from data_pipeline import marts, store

    times, cpu, rows = [], [], 0
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        con = store.read_connection(db)
        try:
            con.execute("set enable_progress_bar = false")
            rows = len(marts.run_mart(con, name, **params))
        finally:
            con.close()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(times), rows, statistics.median(cpu)


def marts_section(province: Path, national: Path, runs: int) -> list[str]:
    from data_pipeline import marts

    heading(f"Marts: median of {runs} runs each (open the read snapshot, run, fetch, close); "
            f"baseline: the province store, same run; target under {MART_TARGET_MS} ms at national size")
    print(f"{'mart':26} {'rows':>6} {'province':>9} {'rows':>9} {'national':>10} {'×':>7} {'national CPU':>13}  target")
    detail = {db: detail_values(db) for db in (province, national)}
    misses = []
    for name in marts.mart_names():
        key, page = DETAIL_PARAMS.get(name), PAGE_PARAMS.get(name, {})
        p_ms, p_rows, _ = mart_time(province, name, {key: detail[province][key]} if key else page, runs)
        n_ms, n_rows, n_cpu = mart_time(national, name, {key: detail[national][key]} if key else page, runs)
        ok = verdict(n_ms, MART_TARGET_MS)
        if ok != "ok":
            misses.append(name)
        print(f"{name:26} {p_rows:6,} {p_ms:6.0f} ms {n_rows:9,} {n_ms:7.0f} ms {n_ms / p_ms:6.1f}× {n_cpu:10.0f} ms  {ok}",
              flush=True)
    return misses


# ---------------------------------------------------------------- current views

VIEWS = ("tasks", "disbursement", "mining", "dossiers", "petitions", "revenue", "trade", "current_loads",
         "report_status")


def view_time(db: Path, view: str, runs: int, *, snapshot: bool) -> tuple[float, int]:
    """Median wall ms of counting a current view: on the store itself the merge runs from the
    loads and staging rows; on the read snapshot (what pages open) it was worked out at publish."""
    import duckdb

    from data_pipeline import store

    times, rows = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        con = store.read_connection(db) if snapshot else duckdb.connect(str(db), read_only=True)
        try:
            rows = con.execute(f"select count(*) from {view}").fetchone()[0]
        finally:
            con.close()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), rows


def publish_time(db: Path) -> float:
    from data_pipeline import store
    start = time.perf_counter()
    store.publish(db)
    return time.perf_counter() - start


def views_section(province: Path, national: Path, runs: int) -> list[str]:
    heading(f"Current views: median of {runs} counts each; the merge of every unit's newest report "
            f"(store) and the snapshot the pages read; baseline: the province store; target under "
            f"{MART_TARGET_MS} ms at national size")
    print(f"{'view':16} {'rows':>9} {'province':>9} {'rows':>10} {'national':>9} {'snapshot':>9}  target")
    misses = []
    for view in VIEWS:
        p_ms, p_rows = view_time(province, view, runs, snapshot=False)
        n_ms, n_rows = view_time(national, view, runs, snapshot=False)
        s_ms, _ = view_time(national, view, runs, snapshot=True)
        ok = verdict(s_ms, MART_TARGET_MS)
        if ok != "ok":
            misses.append(f"view {view}")
        print(f"{view:16} {p_rows:9,} {p_ms:6.0f} ms {n_rows:10,} {n_ms:6.0f} ms {s_ms:6.0f} ms  {ok}", flush=True)
    print(f"publish (copy, work out the current rows and the stored marts): province {publish_time(province):.1f} s, "
          f"national {publish_time(national):.1f} s")
    return misses


# ---------------------------------------------------------------- pages

PAGE_CHILD = """
import json, sys, time
import streamlit as st
from streamlit.testing.v1 import AppTest
times = []
for run in range({runs}):
    if run == 1:
        st.cache_data.clear()  # as after a new load: imports done, every mart to run again
    at = AppTest.from_file({app!r}, default_timeout={timeout})
    at.switch_page({page!r})
    start = time.perf_counter()
    try:
        at.run()
    except RuntimeError:  # AppTest's timeout
        times.append(None)
        break
    times.append((time.perf_counter() - start) * 1000)
    if at.exception:
        raise SystemExit(at.exception[0].message)
    if any("Đăng nhập" in t.value for t in at.title):
        raise SystemExit("the sign-in form was shown instead of the page")
print(json.dumps(times))
"""


def page_times(db: Path, page: str, repeats: int, timeout: float) -> list[float | None]:
    """Server times of one page (AppTest) in a fresh Python process: [the first view of the
    process (imports, then every mart), the first view after the caches are emptied (a running
    server after a new load: every mart runs again), then `repeats` later views]; None where a
    run took longer than `timeout` seconds."""
    code = PAGE_CHILD.format(runs=repeats + 2, app=str(ROOT / "dashboard" / "app.py"), timeout=timeout, page=page)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT,
                         env=dict(os.environ, DASHBOARD_DB=str(db), DASHBOARD_TEST_ACCOUNT="admin"),
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"{page}: {out.stderr[-2000:]}")
    times = json.loads(out.stdout.strip().splitlines()[-1])
    return times + [None] * (repeats + 2 - len(times))


def later_views(times: list[float | None]) -> float | None:
    return statistics.median(times[2:]) if len(times) > 2 and None not in times else None


def ms(value: float | None, timeout: float) -> str:
    return f"{value:7.0f} ms" if value is not None else f"> {timeout:.0f} s".rjust(10)


def pages_section(province: Path, national: Path, repeats: int, timeout: float = 60) -> list[str]:
    heading(f"Pages: server time of a script run (AppTest, a fresh process per page and store). "
            f"'process' = the process's first view (imports and marts); 'new data' = the first view "
            f"after the caches are emptied, as a running server after a load (every mart runs again); "
            f"'later' = median of {repeats} views; baseline: the province store, same run; target "
            f"under {PAGE_TARGET_MS} ms at national size for 'new data'")
    print(f"{'page':30} {'province: process':>18} {'new data':>10} {'later':>10} "
          f"{'national: process':>18} {'new data':>10} {'later':>10}  target")
    misses = []
    for page in PAGES:
        p_times, n_times = page_times(province, page, repeats, timeout), page_times(national, page, repeats, timeout)
        ok = "ok" if n_times[1] is not None and n_times[1] < PAGE_TARGET_MS else "MISS"
        if ok != "ok":
            misses.append(page)
        print(f"{page:30} {ms(p_times[0], timeout):>18} {ms(p_times[1], timeout):>10} {ms(later_views(p_times), timeout):>10} "
              f"{ms(n_times[0], timeout):>18} {ms(n_times[1], timeout):>10} {ms(later_views(n_times), timeout):>10}  {ok}",
              flush=True)
    return misses


# ---------------------------------------------------------------- history

def history_section(folder: Path, base: national_data.Size, runs: int) -> None:
    heading("Loads accumulating: the same current data with 1, 12 and 60 monthly loads per dataset; "
            "baseline: 1 load, same run; current marts must not slow down as old loads pile up")
    stores = {}
    for months in (1, 12, 60):
        size = replace(base, months_of_year_loads=months, months_of_history=months)
        stores[months], built = generated_store(folder, f"history_{months}", size)
        if built:
            print(f"  generated {months} loads a dataset in {built:.0f} s", flush=True)
    print(f"{'':26}" + "".join(f"{f'{m} loads':>12}" for m in stores) + f"{'60 vs 1':>10}")
    sizes = [file_mb(db) for db in stores.values()]
    print(f"{'store size':26}" + "".join(f"{s:9.1f} MB" for s in sizes) + f"{sizes[-1] / sizes[0]:9.1f}×")
    per_year = (sizes[2] - sizes[1]) / 4
    print(f"{'growth per year of loads':26}{per_year:9.1f} MB (12 monthly loads of every dataset: "
          f"{base.tasks:,} tasks, {base.projects:,} projects, {base.mines:,} mines, revenue of "
          f"{base.revenue_communes:,} communes, {base.gates} gates)")
    for name in CURRENT_MARTS:
        times = [mart_time(db, name, {}, runs)[0] for db in stores.values()]  # wall ms
        print(f"{name:26}" + "".join(f"{t:9.0f} ms" for t in times) + f"{times[-1] / times[0]:9.1f}×", flush=True)
    print("row groups of the staging table read by the current view (EXPLAIN ANALYZE), which timing noise does not move:")
    for view in ("tasks", "disbursement", "mining"):
        print(f"{'  ' + view:26}" + "".join(f"{row_groups(db, view):>12}" for db in stores.values()))


def row_groups(db: Path, view: str) -> str:
    """'scanned / total' row groups of stg_<view> when the store works out the current view (the
    snapshot pages read holds its rows already, worked out at publish)."""
    import re

    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        plan = con.execute(f"explain analyze select count(*) from {view}").fetchall()[0][1]
    finally:
        con.close()
    found = re.search(rf"stg_{view}.*?Row Groups Scanned: (\d+) / (\d+)", plan, re.DOTALL)
    return f"{found.group(1)} / {found.group(2)}" if found else "?"


# ---------------------------------------------------------------- cold start

def cold_start(db: Path) -> float | None:
    """Seconds from `streamlit run` to the home page's KPI cards drawn in chromium."""
    if not Path("/usr/bin/chromium").exists():
        return None
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        try:
            page = browser.new_page(viewport={"width": 1024, "height": 768})
            port = free_port()
            start = time.perf_counter()
            proc = start_server(db, port)
            try:
                wait_for_port(port, proc)
                page.goto(f"http://127.0.0.1:{port}/")
                page.locator(".kpi").first.wait_for(timeout=180000)
                return time.perf_counter() - start
            finally:
                stop(proc)
        finally:
            browser.close()


def start_section(province: Path, national: Path) -> None:
    heading("Cold start: `streamlit run` to the first rendered home page (KPI cards) in headless chromium; "
            "baseline: the province store, same run")
    p, n = cold_start(province), cold_start(national)
    if p is None:
        print("skipped: /usr/bin/chromium is not installed")
        return
    print(f"{'province':>10} {'national':>10} {'×':>6}\n{p:8.1f} s {n:8.1f} s {n / p:5.1f}×")


# ---------------------------------------------------------------- ingest

def ingest_section(quick: bool) -> None:
    heading("Ingest: bench/ingest_bench.py as it is (ours against pandas.read_excel with openpyxl, same run)")
    script = ROOT / "bench" / "ingest_bench.py"
    args = ["--rows", "20000", "--runs", "1"] if quick else []
    run = subprocess.run([sys.executable, str(script), *args], cwd=ROOT, check=False)
    if run.returncode != 0 and args:
        subprocess.run([sys.executable, str(script)], cwd=ROOT, check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of national size, shorter runs")
    parser.add_argument("--keep", help="folder for the generated stores, reused across runs")
    parser.add_argument("--only", help="comma-separated sections: ingest,marts,views,pages,history,start,replicas")
    args = parser.parse_args()
    sections = set((args.only or "ingest,marts,views,pages,history,start,replicas").split(","))
    folder = Path(args.keep or tempfile.mkdtemp(prefix="scale_bench_"))
    folder.mkdir(parents=True, exist_ok=True)
    scale = 0.1 if args.quick else 1.0
    runs = 3 if args.quick else 5

    print(f"# Scale benchmark ({'quick: a tenth of national size' if args.quick else 'national size'}); "
          f"stores in {folder}; {load_note()}")
    print("The machine is shared with other work: compare each figure with its baseline in the same table.")
    started = time.perf_counter()
    if "ingest" in sections:
        ingest_section(args.quick)
    province = province_store(folder)
    national, built = generated_store(folder, "national" if not args.quick else "national_tenth",
                                      national_data.Size().scaled(scale))
    heading("Stores")
    if built:
        print(f"generated the national store in {built:.0f} s")
    print(f"province (demo): {file_mb(province):8.1f} MB; national: {file_mb(national):8.1f} MB "
          f"({national_data.Size().scaled(scale)})")
    misses = []
    if "marts" in sections:
        misses += marts_section(province, national, runs)
    if "views" in sections:
        misses += views_section(province, national, runs)
    if "pages" in sections:
        misses += pages_section(province, national, 2)
    if "history" in sections:
        base = national_data.Size(tasks=100_000, projects=20_000, mines=1_000, gates=120, revenue_communes=332)
        history_section(folder, base.scaled(0.2) if args.quick else base, runs)
    if "start" in sections:
        start_section(province, national)
    if "replicas" in sections:
        for name, db in [("province", province)] + ([] if args.quick else [("national", national)]):
            heading(f"Replicas on the {name} store")
            replicas_bench.main(["--db", str(db), "--seconds", "8" if args.quick else "20", "--readers", "8"])
    print(f"\nmisses: {', '.join(misses) or 'none'}; whole run {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
