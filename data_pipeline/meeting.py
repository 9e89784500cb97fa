"""The meeting: the red warnings it goes through one by one, and the list of items it marks for
follow-up (đánh dấu theo dõi), kept in the store so the command-line brief lists them too.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from . import store
from .problems import reject

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

RED, AMBER = 1, 2  # alerts.severity of a red and of a yellow warning
DOMAIN_LABELS = {"tasks": "Nhiệm vụ", "investment": "Đầu tư công", "mining": "Khoáng sản",
                 "revenue": "Thu ngân sách", "trade": "Cửa khẩu", "growth": "Tăng trưởng",
                 "dossiers": "Thủ tục hành chính", "petitions": "Đơn thư"}


def red_items(con: duckdb.DuckDBPyConnection, limit: int | None = None, offset: int | None = None) -> pd.DataFrame:
    """The red warnings in the alerts mart's order, each with the latest report on its item and an
    item_key (the red_items mart); a page of them with `limit` and `offset`, all without."""
    from . import marts

    return marts.run_mart(con, "red_items", limit=limit, offset=offset)


def _value(value):
    """None for pandas' missing values, a date for a timestamp; the store takes plain Python values."""
    import pandas as pd

    if value is None or pd.isna(value):
        return None
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()
    return value


def mark(db: Path, item: dict, actor: str | None = None) -> None:
    """Add one warning (a row of `red_items`, as a dict) to the follow-up list; marking it again
    changes nothing."""
    key = item.get("item_key")
    if not key or not item.get("title"):
        raise reject("follow-up-incomplete", "Không đánh dấu được: mục cảnh báo không có mã hoặc nội dung.")
    row = [key, item.get("domain") or "", item["title"], _value(item.get("responsible")),
           _value(item.get("deadline")), _value(item.get("report_text")), _value(item.get("source_file")),
           _value(item.get("report_date")), dt.datetime.now(), actor or store.current_user()]
    with store.writer(db, publish_after=True) as con:
        con.execute("insert into follow_ups values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing", row)


def unmark(db: Path, key: str) -> None:
    with store.writer(db, publish_after=True) as con:
        con.execute("delete from follow_ups where item_key = ?", [key])


def clear(db: Path) -> None:
    """Empty the list, for the next meeting."""
    with store.writer(db, publish_after=True) as con:
        con.execute("delete from follow_ups")


def ensure_tables(db: Path) -> None:
    """Stores made before the follow-up list existed get its table (and a fresh snapshot) once."""
    con = store.read_connection(db)
    try:
        found = con.execute("select count(*) from information_schema.tables where table_name = 'follow_ups'").fetchone()[0]
    finally:
        con.close()
    if not found:
        store.refresh_views(db)
