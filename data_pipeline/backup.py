"""Backup and restore of the whole store with DuckDB's EXPORT / IMPORT DATABASE.

A backup is a folder (schema.sql, load.sql and one Parquet file per table) that any DuckDB 2.x
can read back. A restore builds a new store file from it beside the old one, and only once that
file is complete swaps it in under the writers' lock, keeping the previous store beside it; a
restore that fails half-way leaves the store as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import duckdb

from . import store
from .problems import reject


TABLE_STATEMENTS = ("CREATE SCHEMA", "CREATE TYPE", "CREATE SEQUENCE", "CREATE TABLE")
COPY_LINE = re.compile(r"COPY (\S+) FROM '(?:.*/)?([^/']+)' (\(.*\));?$")


def _sql_text(text: str) -> str:
    return text.replace("'", "''")


def backup(db: Path, folder: Path) -> list[str]:
    """Export every table of the store into `folder` (which must be empty or absent). Returns the tables."""
    db, folder = Path(db), Path(folder)
    if not db.exists():
        raise reject("no-store", f"Chưa có kho dữ liệu {db}; không có gì để sao lưu.")
    if folder.exists() and any(folder.iterdir()):
        raise reject("backup-exists", f"Thư mục {folder} đã có tệp; hãy chọn một thư mục trống.")
    try:
        with store.writer(db) as con:
            con.execute(f"export database '{_sql_text(str(folder))}' (format parquet)")
            return tables(con)
    except (duckdb.Error, OSError) as exc:
        raise reject("backup-failed", f"Không sao lưu được vào {folder}: {store._vi_io(exc)}.") from None


def restore(db: Path, folder: Path) -> Path | None:
    """Replace the store with the backup in `folder`; returns where the previous store was kept."""
    db, folder = Path(db), Path(folder)
    if not (folder / "schema.sql").is_file() or not (folder / "load.sql").is_file():
        raise reject("not-a-backup", f"Thư mục {folder} không phải bản sao lưu của kho dữ liệu "
                                     "(thiếu schema.sql, load.sql).")
    db.parent.mkdir(parents=True, exist_ok=True)
    fresh = db.with_name(db.name + ".restoring")
    fresh.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(fresh))
        try:
            _import_tables(con, folder)
            con.execute("checkpoint")
        finally:
            con.close()
    except (duckdb.Error, OSError) as exc:
        fresh.unlink(missing_ok=True)
        raise reject("restore-failed", f"Không khôi phục được từ {folder}: {store._vi_io(exc)}; "
                                       "kho dữ liệu giữ nguyên.") from None
    kept = None
    with store.writer_lock(db):
        if db.exists():
            duckdb.connect(str(db)).close()  # folds its write-ahead log into the file before it is kept
            kept = db.with_name(db.name.removesuffix(".duckdb") + f".truoc-khoi-phuc-{dt.datetime.now():%Y%m%d-%H%M%S}.duckdb")
            os.link(db, kept)
        # The old store's write-ahead log must not be replayed onto the restored file.
        db.with_name(db.name + ".wal").unlink(missing_ok=True)
        os.replace(fresh, db)
    store.refresh_views(db)
    return kept


def _import_tables(con: duckdb.DuckDBPyConnection, folder: Path) -> None:
    """IMPORT DATABASE, tables only. DuckDB writes views and macros in an order that need not be
    the order they depend on one another; the store's own SQL files make them again afterwards
    (`store.refresh_views`), as on any start. The data files are looked up in `folder`, wherever
    the backup was moved to since."""
    for statement in (folder / "schema.sql").read_text(encoding="utf-8").split(";\n"):
        if statement.lstrip().upper().startswith(TABLE_STATEMENTS):
            con.execute(statement)
    for line in (folder / "load.sql").read_text(encoding="utf-8").splitlines():
        match = COPY_LINE.match(line)
        if match:
            table, file_name, options = match.groups()
            con.execute(f"copy {table} from '{_sql_text(str(folder / file_name))}' {options}")
    if "schema_meta" in tables(con):  # so that the next writer builds the views and macros again
        con.execute("delete from schema_meta where key = 'sql_version'")


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [r[0] for r in con.execute(
        "select table_name from duckdb_tables() where database_name = current_database() and not internal "
        "order by 1").fetchall()]
