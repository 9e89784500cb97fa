"""Start the dashboard server warm: `python -m dashboard.serve [streamlit options]`.

Streamlit imports a page's libraries and runs its queries only when the first visitor arrives,
so the first leader to open the dashboard after a restart would wait for pandas, DuckDB and the
home page's marts. This imports them and fills the cache of the home page and of the tasks page
(the two opened first in a meeting) before the server listens. Its answers forbid framing and
keep Streamlit's metrics closed (dashboard/http_guard.py); the files it writes are private. It also
adds the routes that keep a sign-in across reloads and tabs as a cookie (dashboard/session_routes.py).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from pathlib import Path

APP = Path(__file__).resolve().parent / "app.py"
# What the home page (tong_quan) and the tasks page (its first tab) ask for on their first view,
# with the same parameters (the cache key).
HOME_MARTS = (("overview_kpis", {}), ("alert_counts", {}), ("alerts", {"domain": None, "limit": 40, "offset": 0}),
              ("task_counts", {}), ("task_sources", {}), ("task_scoreboard", {"source_doc": None}))
QUIET_LOGGERS = ("streamlit.runtime.scriptrunner_utils.script_run_context", "streamlit.runtime.caching.cache_data_api")


def warm() -> None:
    import streamlit  # noqa: F401  (creates the loggers silenced below)

    # Outside a running app Streamlit warns that there is no session; that is expected here.
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        from dashboard import data, fmt, widgets  # noqa: F401  (imports pandas, DuckDB, plotly)

        if data.store_exists():
            for name, params in HOME_MARTS:
                data.mart(name, **params)
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


def publish_interrupted_write() -> None:
    """A writer killed (or stopped by a full disk) after its commit left it unpublished: the
    server's start publishes it before anyone reads, and says so on the console."""
    from data_pipeline import store
    from data_pipeline.settings import default_db_path

    notice = store.publish_interrupted(default_db_path())
    if notice:
        print(notice, file=sys.stderr, flush=True)


HOUSEKEEPING_S = 30


def shut_down_expired_sessions() -> int:
    """Streamlit keeps the session of a closed tab for server.disconnectedSessionTTL, in a cache
    that drops it only when something else is written there, and then without shutting it down:
    its uploaded files (a 45 MB spreadsheet) would stay in memory for good. Shut down the sessions
    whose time is up. Returns how many; 0 where this Streamlit keeps its sessions otherwise."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return 0
    manager = Runtime.instance()._session_mgr
    cache = getattr(getattr(manager, "_session_storage", None), "_cache", None)
    if not hasattr(cache, "expire"):
        return 0
    with getattr(manager, "_storage_lock", contextlib.nullcontext()):
        expired = cache.expire()
    for _, info in expired:
        info.session.shutdown()
        # The Runtime's send loop keeps a reference to the last session it flushed, so a shut-down
        # session can outlive its tab; what its pages kept (an uploaded file, a check) goes now.
        info.session.session_state.clear()
    return len(expired)


def give_memory_back_now_and_then() -> None:
    """Every HOUSEKEEPING_S seconds: shut down the sessions of tabs closed long enough ago, and
    hand what they held back to the system (nothing in the server would otherwise)."""
    import threading

    from data_pipeline.upload import give_memory_back

    def loop() -> None:
        while True:
            time.sleep(HOUSEKEEPING_S)
            try:
                n = shut_down_expired_sessions()
                if n:
                    give_memory_back()
            except Exception as exc:  # housekeeping must never stop the server
                print(f"Bỏ qua một lần dọn bộ nhớ: {type(exc).__name__}", file=sys.stderr)

    threading.Thread(target=loop, name="give-memory-back", daemon=True).start()


def main(argv: list[str]) -> int:
    # Arrow's own allocator (mimalloc) keeps a heap per thread, and Streamlit runs every rerun on a
    # thread of its own: what checking a large upload took stayed with the server after the tab
    # closed. With the C allocator, give_memory_back (malloc_trim) hands it back. Set before pyarrow loads.
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    from dashboard import http_guard
    from data_pipeline import store

    store.private_files()
    publish_interrupted_write()
    give_memory_back_now_and_then()
    try:
        warm()
    except Exception as exc:  # a store being written or broken: the pages will say so themselves
        print(f"Bỏ qua bước khởi động nóng: {type(exc).__name__}", file=sys.stderr)
    from streamlit.web import cli

    from dashboard import session_routes

    http_guard.install()
    session_routes.install()
    sys.argv = ["streamlit", "run", str(APP), *argv]
    return cli.main()


if __name__ == "__main__":
    sys.path.insert(0, str(APP.parent.parent))
    sys.exit(main(sys.argv[1:]))
