"""Memory of the dashboard server while the upload page checks one large CSV, and after.

    python bench/upload_memory_bench.py                     # 494,920 rows (45 MB), as a department sent it
    python bench/upload_memory_bench.py --rows 100000 --keep /tmp/bu

A real server (`python -m dashboard.serve`, signed in as an editor the way the benchmarks sign in)
serves a store holding one disbursement load; headless chromium opens «Cập nhật dữ liệu» and
uploads a disbursement CSV (';'-separated, decimal comma, UTF-8) of that many projects. The
server's resident memory is read from /proc: idle (the page open, nothing uploaded), its peak
while the file is checked (VmHWM, reset just before the upload), after the check, and after the
tab is closed and the server has let the session go (--ttl seconds, Streamlit's
disconnectedSessionTTL). The same file checked by the command line (`ingest --dry-run`, a fresh
process) is the baseline: the reader's own peak.

Targets: the peak at most 500 MB above the idle server; after the session is gone, the server
within 100 MB of idle. Exit status 0 only when both are met.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

PEAK_TARGET_MB, AFTER_TARGET_MB = 500, 100


def write_csv(path: Path, rows: int, plan: float = 1000.5) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, delimiter=";")
        out.writerow(["Mã dự án", "Tên dự án", "Chủ đầu tư", "Địa điểm", "Kế hoạch vốn", "Giải ngân"])
        for i in range(rows):
            out.writerow([f"DA{i:07d}", f"Dự án số {i}", "Sở Xây dựng", "Phường Thục Phán",
                          f"{plan + i}".replace(".", ","), f"{i % 900},0"])
    return path


def status_mb(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


class Sampler(threading.Thread):
    """The largest resident size seen, every 50 ms (where VmHWM cannot be reset)."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0.0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, status_mb(self.pid, "VmRSS"))
            time.sleep(0.05)


def cli_peak(path: Path) -> tuple[float, float]:
    """(seconds, peak MB) of `python -m data_pipeline ingest FILE --dry-run` in a fresh process."""
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "data_pipeline", "ingest", str(path), "--dry-run", "--unit", "triệu",
                             "--report-date", "2026-05-31"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError("the command line did not accept the file")
    return time.monotonic() - started, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=494_920)
    parser.add_argument("--keep", type=Path, help="folder for the CSV and the store (reused next time)")
    parser.add_argument("--ttl", type=int, default=10, help="server.disconnectedSessionTTL, seconds")
    args = parser.parse_args()

    from browser import CHROMIUM, CHROMIUM_ARGS, free_port, wait_for_app
    from data_pipeline.ingest import ingest

    folder = args.keep or Path(tempfile.mkdtemp(prefix="upload-memory-"))
    folder.mkdir(parents=True, exist_ok=True)
    big = folder / f"giai_ngan_{args.rows}.csv"
    if not big.exists():
        write_csv(big, args.rows)
    db = folder / "store.duckdb"
    if not db.exists():
        ingest(write_csv(folder / "giai_ngan_T4.csv", 50), db=db, unit="triệu")
    print(f"Tệp: {big.name}, {big.stat().st_size / 1e6:.1f} MB, {args.rows:,} dòng".replace(",", " "))

    seconds, peak = cli_peak(big)
    print(f"Dòng lệnh (ingest --dry-run, tiến trình mới): {seconds:.1f} s, đỉnh {peak:.0f} MB")

    port = free_port()
    env = dict(os.environ, DASHBOARD_DB=str(db), DASHBOARD_TEST_ACCOUNT="editor")
    server = subprocess.Popen([sys.executable, "-m", "dashboard.serve", "--server.headless=true",
                               f"--server.port={port}", "--server.address=127.0.0.1",
                               f"--server.disconnectedSessionTTL={args.ttl}", "--browser.gatherUsageStats=false"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(folder / "server.log", "w"))
    from playwright.sync_api import sync_playwright
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            deadline = time.time() + 90
            page = browser.new_page()
            while True:
                try:
                    page.goto(f"http://127.0.0.1:{port}/cap_nhat_du_lieu", timeout=5000)
                    break
                except Exception:
                    if time.time() > deadline:
                        raise
                    time.sleep(0.5)
            wait_for_app(page, timeout=120000)
            time.sleep(3)
            idle = status_mb(server.pid, "VmRSS")
            exact = True
            try:
                Path(f"/proc/{server.pid}/clear_refs").write_text("5")  # resets VmHWM to now
            except OSError:
                exact = False
            sampler = Sampler(server.pid)
            sampler.start()
            started = time.monotonic()
            page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(str(big))
            page.get_by_text("Loại dữ liệu (tự nhận biết)").or_(page.get_by_text("Tệp không được nhận")).first \
                .wait_for(timeout=600000)
            wait_for_app(page, timeout=600000)
            checked_in = time.monotonic() - started
            sampler.running = False
            peak = status_mb(server.pid, "VmHWM") if exact else sampler.peak
            after_check = status_mb(server.pid, "VmRSS")
            accepted = page.get_by_text("Loại dữ liệu (tự nhận biết)").count() > 0
            page.close()
            browser.close()
        afters = []
        for wait in (5, args.ttl + 10, args.ttl + 40):
            time.sleep(max(0, wait - (afters[-1][0] if afters else 0)))
            afters.append((wait, status_mb(server.pid, "VmRSS")))
    finally:
        server.terminate()
        server.wait(timeout=20)

    print(f"Máy chủ, trang mở, chưa tải lên:      {idle:6.0f} MB")
    print(f"Đỉnh khi kiểm tra tệp ({checked_in:.1f} s, {'nhận' if accepted else 'TỪ CHỐI'}): {peak:6.0f} MB "
          f"(+{peak - idle:.0f} MB; mục tiêu ≤ +{PEAK_TARGET_MB} MB){'' if exact else ' (lấy mẫu 50 ms)'}")
    print(f"Sau khi kiểm tra xong:                 {after_check:6.0f} MB (+{after_check - idle:.0f} MB)")
    for wait, rss in afters:
        print(f"{wait:3d} s sau khi đóng thẻ:               {rss:6.0f} MB (+{rss - idle:.0f} MB)")
    met = accepted and peak - idle <= PEAK_TARGET_MB and afters[-1][1] - idle <= AFTER_TARGET_MB
    print("Đạt mục tiêu." if met else "CHƯA đạt mục tiêu.")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
