"""Running the marts in sql/marts/: one query a file, thresholds passed from settings.toml."""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from .settings import SQL_DIR, settings

if TYPE_CHECKING:  # the command line's loads never need pandas: importing it costs more than a read
    import pandas as pd

_PARAM = re.compile(r"\$([a-z_]+)")
# A line "-- rows of mart: NAME" stands for that mart's rows: its query without its final order by
# (and the limit after it). A count mart built on a list mart so counts exactly the list's rows.
_ROWS_OF = re.compile(r"^[ \t]*-- rows of mart: ([a-z_]+)[ \t]*$", re.M)


# Marts and building blocks whose rows depend only on the current data and the thresholds: each
# published snapshot stores them (store.publish calls store_rows), and a query reads the stored rows
# whenever the same SQL worked them out with the same thresholds; otherwise it runs the SQL. A
# country's 370,000 warnings are then titled and ranked once per load, not on every view.
STORED = ("_alert_rows", "overview_kpis", "coordinator_delays", "disbursement_trajectory", "dossier_trend")
_STORED_INDEX = "stored_marts"


@lru_cache(maxsize=None)
def mart_sql(name: str, stored: frozenset[str] = frozenset()) -> str:
    """The query of a mart, its "-- rows of mart" lines filled in; the marts named in `stored`
    read their stored rows instead."""
    if name in stored:
        return f"select * from {stored_table(name)}"
    sql = (SQL_DIR / "marts" / f"{name}.sql").read_text()
    return _ROWS_OF.sub(lambda m: unordered(mart_sql(m.group(1), stored)), sql)


def stored_table(name: str) -> str:
    return "stored_" + name.lstrip("_")


def _stored_key(name: str, values: dict) -> str:
    """What stored rows were worked out from: the mart's SQL and the thresholds it uses."""
    sql = mart_sql(name)
    used = sorted(sql_params(sql, values).items())
    return hashlib.sha256((sql + json.dumps(used, default=str, ensure_ascii=False)).encode()).hexdigest()


def store_rows(con: duckdb.DuckDBPyConnection, previous: Path | None = None) -> None:
    """Work out the STORED marts into tables of the store behind `con` (a snapshot being published).
    Rows that `previous` (the snapshot being replaced) holds for the same data, SQL and thresholds
    are copied instead: an account change or a follow-up mark changes no figure."""
    values, data = thresholds(), _data_key(con)
    keys = {name: _stored_key(name, values) for name in STORED}
    reusable = _reusable(con, previous, keys, data)
    con.execute(f"create or replace table {_STORED_INDEX} (name varchar primary key, key varchar, data varchar)")
    for name in STORED:
        if name in reusable:
            con.execute(f"create or replace table {stored_table(name)} as select * from previous.{stored_table(name)}")
        else:
            sql = mart_sql(name)
            con.execute(f"create or replace table {stored_table(name)} as {sql}", sql_params(sql, values))
        con.execute(f"insert into {_STORED_INDEX} values (?, ?, ?)", [name, keys[name], data])
    if reusable:
        con.execute("detach previous")


def _data_key(con: duckdb.DuckDBPyConnection) -> str:
    """What the stored figures are worked out from in the store: its loads (a load or a rollback
    changes them) and the SQL of its views."""
    loads = con.execute("select load_id, status from loads order by load_id").fetchall()
    views = con.execute("select value from schema_meta where key = 'sql_version'").fetchall()
    return hashlib.sha256(json.dumps([loads, views], default=str).encode()).hexdigest()


def _reusable(con: duckdb.DuckDBPyConnection, previous: Path | None, keys: dict, data: str) -> set[str]:
    """The STORED marts whose rows `previous` holds for the same data and the same key; it is
    attached as `previous` when there are any."""
    if previous is None or not Path(previous).exists():
        return set()
    try:
        quoted = str(previous).replace("'", "''")
        con.execute(f"attach '{quoted}' as previous (read_only)")
    except duckdb.Error:
        return set()
    try:
        rows = con.execute(f"select name, key, data from previous.{_STORED_INDEX}").fetchall()
    except duckdb.Error:  # published before the figures were stored, or before they were keyed on data
        rows = []
    found = {name for name, key, stored_data in rows if keys.get(name) == key and stored_data == data}
    if not found:
        con.execute("detach previous")
    return found


def _usable_stored(con: duckdb.DuckDBPyConnection, values: dict) -> frozenset[str]:
    """The stored marts of `con` worked out by today's SQL with these thresholds."""
    try:
        rows = con.execute(f"select name, key from {_STORED_INDEX}").fetchall()
    except duckdb.CatalogException:  # a store as written, or a snapshot published before these existed
        return frozenset()
    return frozenset(name for name, key in rows if name in STORED and key == _stored_key(name, values))


def unordered(sql: str) -> str:
    """A query without its final, top-level (unindented) order by and what follows it."""
    lines = sql.rstrip().splitlines()
    cut = max((i for i, line in enumerate(lines) if line.startswith("order by")), default=len(lines))
    return "\n".join(lines[:cut])


def mart_names() -> list[str]:
    """The marts pages read; a file named _… is a building block other marts take rows from."""
    return sorted(p.stem for p in (SQL_DIR / "marts").glob("*.sql") if not p.stem.startswith("_"))


def thresholds() -> dict:
    """Every threshold of settings.toml, flattened: {'due_soon_days': 7, ...}."""
    flat = {}
    for section, values in settings().items():
        if section != "upload" and isinstance(values, dict):
            flat.update(values)
    return flat


def sql_params(sql: str, values: dict) -> dict:
    """The named parameters ($name) a query uses, from `values`; DuckDB refuses unused ones.
    A parameter not in `values` is a filter left open (NULL)."""
    return {p: values.get(p) for p in set(_PARAM.findall(sql))}


@lru_cache(maxsize=None)
def _stored_inside(name: str) -> bool:
    """Whether a mart is, or takes rows from, a STORED one: only those look for stored rows."""
    if name in STORED:
        return True
    text = (SQL_DIR / "marts" / f"{name}.sql").read_text()
    return any(_stored_inside(inner) for inner in _ROWS_OF.findall(text))


def run_mart(con: duckdb.DuckDBPyConnection, name: str, **overrides) -> pd.DataFrame:
    values = thresholds() | overrides
    sql = mart_sql(name, _usable_stored(con, values) if _stored_inside(name) else frozenset())
    params = sql_params(sql, values)
    return con.execute(sql, params).df() if params else con.execute(sql).df()
