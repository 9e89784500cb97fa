"""Running the marts in sql/marts/: one query a file, thresholds passed from settings.toml."""

from __future__ import annotations

import re
from functools import lru_cache

import duckdb
import pandas as pd

from .settings import SQL_DIR, settings

_PARAM = re.compile(r"\$([a-z_]+)")
# A line "-- rows of mart: NAME" stands for that mart's rows: its query without its final order by
# (and the limit after it). A count mart built on a list mart so counts exactly the list's rows.
_ROWS_OF = re.compile(r"^[ \t]*-- rows of mart: ([a-z_]+)[ \t]*$", re.M)


@lru_cache(maxsize=None)
def mart_sql(name: str) -> str:
    sql = (SQL_DIR / "marts" / f"{name}.sql").read_text()
    return _ROWS_OF.sub(lambda m: unordered(mart_sql(m.group(1))), sql)


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


def run_mart(con: duckdb.DuckDBPyConnection, name: str, **overrides) -> pd.DataFrame:
    sql = mart_sql(name)
    params = sql_params(sql, thresholds() | overrides)
    return con.execute(sql, params).df() if params else con.execute(sql).df()
