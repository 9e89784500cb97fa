"""Start the dashboard server warm: `python -m dashboard.serve [streamlit options]`.

Streamlit imports a page's libraries and runs its queries only when the first visitor arrives,
so the first leader to open the dashboard after a restart would wait for pandas, DuckDB and the
home page's marts. This imports them and fills the cache of the home page and of the tasks page
(the two opened first in a meeting) before the server listens. It also adds the routes that keep a
sign-in across reloads and tabs as a cookie (dashboard/session_routes.py).
"""

from __future__ import annotations

import logging
import sys
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


def main(argv: list[str]) -> int:
    try:
        warm()
    except Exception as exc:  # a store being written or broken: the pages will say so themselves
        print(f"Bỏ qua bước khởi động nóng: {type(exc).__name__}", file=sys.stderr)
    from streamlit.web import cli

    from dashboard import session_routes

    session_routes.install()
    sys.argv = ["streamlit", "run", str(APP), *argv]
    return cli.main()


if __name__ == "__main__":
    sys.path.insert(0, str(APP.parent.parent))
    sys.exit(main(sys.argv[1:]))
