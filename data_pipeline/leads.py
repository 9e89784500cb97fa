"""Who leads a task: one agency, or a group given the work together ("Các sở, ngành, địa phương",
"UBND các xã, phường", "Sở Tài chính; Thống kê tỉnh").

The rule is written once, in SQL (sql/current/_macros_leads.sql), where the marts use it; these
functions run that same SQL for Python callers, so a lead reads alike everywhere.

    >>> lead_is_group("Các sở, ngành, địa phương"), lead_is_group("Sở Văn hóa, Thể thao và Du lịch")
    (True, False)
    >>> lead_line("Sở Tài chính; Thống kê tỉnh")
    'Nhiều cơ quan'
"""

from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache

import duckdb

from .settings import SQL_DIR

MACROS = SQL_DIR / "current" / "_macros_leads.sql"
_lock = threading.Lock()  # one in-memory connection, one query at a time


@lru_cache(maxsize=1)
def _connection() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(MACROS.read_text())
    return con


@lru_cache(maxsize=4096)
def _classify(text: str | None) -> tuple[bool, str]:
    with _lock:
        group, line = _connection().execute("select lead_is_group($t), lead_line($t)", {"t": text}).fetchone()
    return bool(group), line


def _nfc(text: str | None) -> str | None:
    return None if text is None else unicodedata.normalize("NFC", text)


def lead_is_group(text: str | None) -> bool:
    """Whether a lead agency's text names a group (or several agencies) rather than one agency."""
    return _classify(_nfc(text))[0]


def lead_line(text: str | None) -> str:
    """The line of the scoreboard a task with this lead is counted on: the agency itself, 'Nhiều cơ
    quan' for a group, '(chưa ghi cơ quan)' for none."""
    return _classify(_nfc(text))[1]
