"""Columns that hold one figure for several dates or months.

Two layouts put one field in several columns, and taking the first of them reads a wrong figure
that looks right:

- columns of one figure as of several dates, last month's kept beside this month's, often hidden
  ("Giải ngân đến 30/4/2026 | Giải ngân đến 31/5/2026"): the column whose date is the report
  date is read, else the latest before it (`choose_dated_columns`);
- months (or quarters) as column groups ("Tháng 1 | Tháng 2 | Tháng 3", each over "XK | NK"):
  every month is a period of its own (`month_groups`), read by the datasets that keep months.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .recognise import field_score, specs
from .text import fold_words
from .values import month_end, stated_as_of

# On fold_words text: "Tháng 4", "tháng 04/2026", "T4", "TH tháng 4 năm 2026"; not "4 tháng" (four
# months, a cumulative figure) nor "tháng 4 năm 2025" in a report for 2026 (a year-ago figure).
_MONTH = re.compile(r"\b(?:thang|t)\s?(\d{1,2})(?:\s(?:nam\s)?((?:19|20)\d\d))?\b")
_QUARTER = re.compile(r"\bqu[yi]\s(i{1,3}|iv|[1-4])(?:\s(?:nam\s)?((?:19|20)\d\d))?\b")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
# "Lũy kế đến hết tháng 4", "đến tháng 4/2026": an as-of month, not a month's own figure.
_AS_OF_MONTH = re.compile(r"\bden(?:\shet)?\s(?:ngay\s)?thang\s(\d{1,2})(?:\s(?:nam\s)?((?:19|20)\d\d))?\b")
_CUMULATIVE = re.compile(r"\b(luy ke|\d+ thang|cung ky|tu dau nam|den)\b")


@dataclass(frozen=True)
class ColumnPeriod:
    kind: str  # 'month' or 'quarter'
    first: dt.date  # the first day of the month (or of the quarter)
    label: str  # the header as the sheet writes it


def _label(table, col: int) -> str:
    return table.column_label(col)


def column_period(table, col: int, year: int) -> ColumnPeriod | None:
    """The month or quarter a column's header names as its own ("Tháng 4", "Quý I"), in the
    reported year; None for a cumulative or as-of header ("Lũy kế 4 tháng", "đến tháng 4")."""
    words = fold_words(" ".join(p for p in table.labels[col] if p))
    if _CUMULATIVE.search(words):
        return None
    if m := _MONTH.search(words):
        month, named_year = int(m[1]), int(m[2] or year)
        if 1 <= month <= 12 and named_year == year:
            return ColumnPeriod("month", dt.date(year, month, 1), _label(table, col))
        return None
    if m := _QUARTER.search(words):
        quarter, named_year = _ROMAN.get(m[1]) or int(m[1]), int(m[2] or year)
        if named_year == year:
            return ColumnPeriod("quarter", dt.date(year, quarter * 3 - 2, 1), _label(table, col))
    return None


def column_as_of(table, col: int, year: int | None) -> dt.date | None:
    """The date a column's header says its figure runs to: "Giải ngân đến 30/4/2026", "Lũy kế
    đến hết tháng 4" (its last day); None where it names none."""
    parts = [p for p in table.labels[col] if p]
    found = stated_as_of(parts, year)
    if found is not None:
        return found
    m = _AS_OF_MONTH.search(fold_words(" ".join(parts)))
    if m and (m[2] or year) and 1 <= int(m[1]) <= 12:
        return month_end(int(m[2] or year), int(m[1]))
    return None


def candidates(table, field: str) -> list[int]:
    """Every column whose header names a field, the one it was given included, none that another
    field was given."""
    mapping = table.mapping
    spec = specs()[mapping.dataset].fields[field]
    taken = {c for name, c in mapping.columns.items() if name != field}
    return [c for c, parts in enumerate(table.labels) if c not in taken and field_score(spec, parts) > 0]


def month_groups(table, fields: tuple[str, ...], year: int) -> list[tuple[ColumnPeriod, dict[str, int]]]:
    """Months (or quarters) laid out as column groups: per period, in order, the column of each
    field under it. Empty unless some field's columns name at least two periods. A column a field
    other than these was given (a "Tháng" column read as the period) is given up to the group."""
    by_period: dict[dt.date, tuple[ColumnPeriod, dict[str, int]]] = {}
    mapping = table.mapping
    periodic = set()
    for field in fields:
        if field not in specs()[mapping.dataset].fields:
            continue
        spec = specs()[mapping.dataset].fields[field]
        taken = {c for name, c in mapping.columns.items() if name not in fields and name != "period"}
        for col, parts in enumerate(table.labels):
            if col in taken or field_score(spec, parts) <= 0:
                continue
            period = column_period(table, col, year)
            if period is None:
                continue
            periodic.add(period.first)
            by_period.setdefault(period.first, (period, {}))[1].setdefault(field, col)
    if len(periodic) < 2:
        return []
    return [by_period[first] for first in sorted(by_period)]


def apply_month_groups(table, fields: tuple[str, ...], year: int) -> list[tuple[ColumnPeriod, dict[str, int]]]:
    """month_groups(), and the mapping moved off the group's columns: no field keeps one of them
    (the groups give them), and a period column taken from a group's header is dropped."""
    groups = month_groups(table, fields, year)
    if groups:
        grouped = {c for _, cols in groups for c in cols.values()}
        named = {f for _, cols in groups for f in cols}
        for name in [n for n, c in table.mapping.columns.items() if c in grouped or n in named]:
            del table.mapping.columns[name]
    return groups


@dataclass(frozen=True)
class DatedChoice:
    field: str
    col: int
    label: str
    as_of: dt.date
    others: tuple[str, ...]  # the headers of the other dated columns, not read
    hidden: bool  # the column read is hidden in the file


def dated_columns(table, field: str, year: int | None) -> list[tuple[dt.date, int]]:
    """(as-of date, column) of a field's columns that state one, when at least two dates differ."""
    dated = []
    for col in candidates(table, field):
        as_of = column_as_of(table, col, year)
        if as_of is not None:
            dated.append((as_of, col))
    return dated if len({d for d, _ in dated}) >= 2 else []


def choose_dated_columns(table, report_date: dt.date | None, report) -> list[DatedChoice]:
    """Each field whose columns state several as-of dates reads the column of the report date,
    else the latest before it; a warning says when that is not the report date, or when the
    column read is hidden in the file. No column up to the report date is an error."""
    year = report_date.year if report_date else (table.period.end.year if table.period else None)
    hidden = getattr(table.sheet, "hidden_columns", frozenset())
    chosen = []
    for field in list(table.mapping.columns):
        dated = dated_columns(table, field, year)
        if not dated:
            continue
        label = table.mapping_label(field)
        stated = ", ".join(f"«{_label(table, c)}»" for _, c in sorted(dated))
        if report_date is None:
            as_of, col = max(dated)
        else:
            fitting = [(d, c) for d, c in dated if d <= report_date]
            if not fitting:
                report.error("no-dated-column", f'không có cột "{label}" nào có số liệu đến ngày '
                             f"{report_date:%d/%m/%Y} hoặc trước đó (các cột: {stated})", sheet=table.sheet.name)
                continue
            exact = [(d, c) for d, c in fitting if d == report_date]
            as_of, col = exact[0] if exact else max(fitting)
        table.mapping.columns[field] = col
        choice = DatedChoice(field, col, _label(table, col), as_of,
                             tuple(_label(table, c) for _, c in sorted(dated) if c != col), col in hidden)
        chosen.append(choice)
        where = {"sheet": table.sheet.name, "column": choice.label}
        if report_date is not None and as_of != report_date:
            report.warn("dated-column", f"không có cột số liệu đến đúng ngày báo cáo {report_date:%d/%m/%Y}; "
                        f"đọc cột «{choice.label}» (đến {as_of:%d/%m/%Y}) trong các cột {stated}", **where)
        if choice.hidden:
            report.warn("hidden-column", f"cột «{choice.label}» đang bị ẩn trong tệp nhưng là cột có số liệu đến "
                        f"ngày báo cáo, nên được đọc (các cột cùng chỉ tiêu: {stated})", **where)
    return chosen

