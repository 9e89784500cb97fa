"""The audit log: who did what and when, kept in the store's `audit_log` table.

Accepted loads, rollbacks and account changes write their row inside the same transaction as
the change itself, so a change is never without its row. Refused attempts (a wrong password, a
rejected file) write a row of their own and change nothing else; they are recorded only into a
store that already exists, so a refused attempt never creates a store. Audit rows are not
published to the read snapshot by themselves: the admin page reads the store directly.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

ACTION_LABELS = {
    "sign_in": "Đăng nhập",
    "sign_in_failed": "Đăng nhập sai",
    "sign_in_throttled": "Đăng nhập bị tạm chặn",
    "sign_out": "Đăng xuất",
    "upload": "Nạp dữ liệu",
    "upload_rejected": "Tệp bị từ chối",
    "upload_undone": "Lần nạp bị hủy (không công bố được)",
    "rollback": "Hoàn tác lần nạp",
    "account_add": "Thêm tài khoản",
    "account_role": "Đổi vai trò, phạm vi",
    "account_disable": "Khóa tài khoản",
    "account_enable": "Mở khóa tài khoản",
    "account_password": "Đặt lại mật khẩu",
    "follow_up_mark": "Đánh dấu theo dõi",
    "follow_up_unmark": "Bỏ đánh dấu theo dõi",
    "follow_up_clear": "Xoá danh sách theo dõi",
}
OUTCOME_LABELS = {"ok": "Thành công", "refused": "Bị từ chối"}
_MAX_TEXT = 500


def _short(text: object) -> str | None:
    if text is None:
        return None
    text = "".join(ch for ch in str(text) if ch.isprintable())
    return text if len(text) <= _MAX_TEXT else text[:_MAX_TEXT - 1] + "…"


def insert(con: duckdb.DuckDBPyConnection, actor: str, action: str, *, target: object = None,
           detail: object = None, outcome: str = "ok", at: dt.datetime | None = None,
           client: str | None = None) -> None:
    """One audit row, on a connection the caller holds (inside its transaction, where it has one)."""
    con.execute("insert into audit_log (event_at, actor, action, target, detail, outcome, client) "
                "values (?, ?, ?, ?, ?, ?, ?)",
                [at or dt.datetime.now(), _short(actor) or "?", action, _short(target), _short(detail), outcome,
                 _short(client)])


def record(db: Path, actor: str, action: str, **fields) -> bool:
    """One audit row on its own, into an existing store. Returns False where it could not be
    written (no store, disk full, read-only): the caller's own error says what went wrong."""
    from . import store

    db = Path(db)
    if not db.exists():
        return False
    try:
        with store.writer(db) as con:
            insert(con, actor, action, **fields)
        return True
    except Exception:  # an audit row that cannot be written never hides the caller's own error
        return False


def entries(db: Path, *, since: dt.date | None = None, until: dt.date | None = None,
            action: str | None = None, actor: str | None = None) -> pd.DataFrame:
    """The audit log, newest first, from the store itself (not the snapshot, which lags behind)."""
    from . import marts, store

    with store.writer(Path(db)) as con:
        return marts.run_mart(con, "audit_log", since=since, until=until, action=action, actor=actor)
