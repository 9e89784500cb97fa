"""The meeting: the red warnings it goes through one by one, and the list of items it marks for
follow-up (đánh dấu theo dõi), kept in the store so the command-line brief lists them too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from . import audit, store
from .accounts import ROLE_LABELS, Account
from .problems import reject
from .settings import setting

if TYPE_CHECKING:
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


def follow_up_role() -> str:
    """The least role that may mark, unmark and clear the follow-up list (settings.toml)."""
    return str(setting("access", "follow_up_role", "viewer"))


def may_follow_up(account: Account | None) -> bool:
    """Only a signed-in account of that role changes the list: it is the meeting's conclusions."""
    return account is not None and account.can(follow_up_role())


def _check(account: Account | None) -> None:
    if not may_follow_up(account):
        raise reject("follow-up-not-allowed", "Cần đăng nhập bằng tài khoản có vai trò «"
                     f"{ROLE_LABELS.get(follow_up_role(), follow_up_role())}» trở lên mới đánh dấu hoặc xoá danh sách "
                     "theo dõi.")


def _change(db: Path, account: Account, action: str, target: str | None, detail: str, sql: str, params: list) -> None:
    """One change of the list and its audit row, in one transaction."""
    _check(account)
    with store.writer(db, publish_after=True) as con:
        con.execute("begin transaction")
        try:
            con.execute(sql, params)
            audit.insert(con, account.username, action, target=target, detail=detail)
            con.execute("commit")
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                con.execute("rollback")
            raise


def mark(db: Path, item: dict, account: Account | None) -> None:
    """Add one warning (a row of `red_items`, as a dict) to the follow-up list; marking it again
    changes nothing."""
    key = item.get("item_key")
    if not key or not item.get("title"):
        raise reject("follow-up-incomplete", "Không đánh dấu được: mục cảnh báo không có mã hoặc nội dung.")
    _check(account)
    row = [key, item.get("domain") or "", item["title"], _value(item.get("responsible")),
           _value(item.get("deadline")), _value(item.get("report_text")), _value(item.get("source_file")),
           _value(item.get("report_date")), dt.datetime.now(), account.username]
    _change(db, account, "follow_up_mark", item["title"], key,
            "insert into follow_ups values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing", row)


def unmark(db: Path, key: str, account: Account | None) -> None:
    _change(db, account, "follow_up_unmark", key, "", "delete from follow_ups where item_key = ?", [key])


def clear(db: Path, account: Account | None) -> None:
    """Empty the list, for the next meeting (the page asks to confirm first)."""
    _check(account)
    with store.writer(db) as con:
        count = con.execute("select count(*) from follow_ups").fetchone()[0]
    _change(db, account, "follow_up_clear", "danh sách theo dõi", f"{count} nội dung", "delete from follow_ups", [])


def ensure_tables(db: Path) -> None:
    """Stores made before the follow-up list existed get its table (and a fresh snapshot) once."""
    con = store.read_connection(db)
    try:
        found = con.execute("select count(*) from information_schema.tables where table_name = 'follow_ups'").fetchone()[0]
    finally:
        con.close()
    if not found:
        store.refresh_views(db)
