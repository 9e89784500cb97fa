"""Departments' spreadsheets into one DuckDB store: read → recognise → validate → load."""

from __future__ import annotations

import importlib

# Exported lazily: the dashboard imports `data_pipeline.marts` on every cold start and should not
# pay for the spreadsheet readers it does not use.
_EXPORTS = {"ingest": "ingest", "prepare": "ingest", "LoadResult": "ingest", "Prepared": "ingest",
            "Problem": "problems", "Rejected": "problems"}

__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
