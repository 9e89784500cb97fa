"""Departments' spreadsheets into one DuckDB store: read → recognise → validate → load."""

from .ingest import LoadResult, Prepared, ingest, prepare
from .problems import Problem, Rejected

__all__ = ["ingest", "prepare", "LoadResult", "Prepared", "Problem", "Rejected"]
