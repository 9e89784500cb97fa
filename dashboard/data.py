"""The dashboard's only way to the store: marts, cached on the store's data version.

Each query opens the published read snapshot read-only and closes it, so the command line or
the upload page can load at any time; a new load changes the data version and shows at once.
The version is pinned for a whole run of the page (`pin_version`, called by app.py), so every
figure of one page comes from the same snapshot: if a load is published half-way through a
run, the page starts again on the new data instead of mixing old and new.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard._entry import run_through_app
from data_pipeline import marts, store
from data_pipeline.settings import default_db_path


def db_path() -> Path:
    return default_db_path()


_PINNED = "_data_version"


def pin_version() -> None:
    st.session_state[_PINNED] = store.data_version(db_path())


def version() -> str:
    return st.session_state.get(_PINNED) or store.data_version(db_path())


def _consistent(fetch, *args):
    try:
        return fetch(*args)
    except store.SnapshotChanged:
        pin_version()
        st.rerun()


def store_exists() -> bool:
    return db_path().exists() or store.snapshot_path(db_path()).exists()


@st.cache_data(show_spinner=False, max_entries=256)
def _mart(name: str, data_version: str, params: tuple) -> pd.DataFrame:
    con = store.read_connection(db_path(), version=data_version)
    try:
        return marts.run_mart(con, name, **dict(params))
    finally:
        con.close()


def mart(name: str, **params) -> pd.DataFrame:
    run_through_app()  # never hand figures to a page that did not go through app.py's sign-in
    if not store_exists():
        return pd.DataFrame()
    return _consistent(_mart, name, version(), tuple(sorted(params.items())))


@st.cache_data(show_spinner=False, max_entries=32)
def _table(sql_name: str, data_version: str) -> pd.DataFrame:
    con = store.read_connection(db_path(), version=data_version)
    try:
        return con.execute(f"select * from {sql_name}").df()
    finally:
        con.close()


@st.cache_data(show_spinner=False, max_entries=4)
def _demo_mark(data_version: str) -> bool:
    from data_pipeline.demo import DEMO_MARK

    con = store.read_connection(db_path(), version=data_version)
    try:
        return con.execute("select count(*) from schema_meta where key = ?", [DEMO_MARK]).fetchone()[0] > 0
    finally:
        con.close()


def is_demo_store() -> bool:
    """The store was made by `python -m data_pipeline demo`: its figures are made up."""
    try:
        return store_exists() and bool(_consistent(_demo_mark, version()))
    except Exception:  # a store that cannot be read: the page itself says so
        return False


def communes() -> pd.DataFrame:
    return _consistent(_table, "communes", version()) if store_exists() else pd.DataFrame()
