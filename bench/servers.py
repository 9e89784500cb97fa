"""Dashboard servers for the benchmarks: `streamlit run` on free ports, serving one store."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    # Readers are signed in as a viewer, as every reader of a real server would be.
    env = dict(os.environ, DASHBOARD_DB=str(db), DASHBOARD_TEST_ACCOUNT="viewer")
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard" / "app.py"), "--server.headless=true",
         f"--server.port={port}", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false",
         "--server.fileWatcherType=none"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.time() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            if time.time() > deadline or proc.poll() is not None:
                raise RuntimeError("dashboard server did not start")
            time.sleep(0.1)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextlib.contextmanager
def started_servers(db: Path, count: int):
    """`count` replicas of the dashboard on one store; yields their base URLs."""
    procs, urls = [], []
    try:
        for _ in range(count):
            port = free_port()
            procs.append(start_server(db, port))
            urls.append(f"http://127.0.0.1:{port}")
        for proc, url in zip(procs, urls):
            wait_for_port(int(url.rsplit(":", 1)[1]), proc)
        yield urls
    finally:
        for proc in procs:
            stop(proc)
