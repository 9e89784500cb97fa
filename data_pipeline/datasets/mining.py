"""Mỏ khoáng sản: one row per licensed mine, licensed capacity against actual output."""

from __future__ import annotations

from typing import TYPE_CHECKING

import re

from ..layout import data_rows, is_total_text
from .base import Context, stable_key

if TYPE_CHECKING:  # the columnar path is imported where it runs
    from ..columnar import ColumnRecords, Columns

_QUANTITY = r"(?:m3|m³|tấn|tan|kg)\b"
_IN_BRACKETS = re.compile(r"\(([^)]*" + _QUANTITY + r"[^)]*)\)", re.IGNORECASE)
_UNIT_LINE = re.compile(r"(?:đơn vị tính|đơn vị|đvt)\s*:\s*([^()]*" + _QUANTITY + r"[^()]*)", re.IGNORECASE)


def _unit_from_header(ctx: Context) -> str | None:
    """'Công suất cấp phép (m3/năm)' → 'm3/năm'; else the title's 'Đơn vị tính: m3/năm'."""
    for name in ("licensed_capacity", "actual_output"):
        if not ctx.has(name):
            continue
        label = " ".join(ctx.table.labels[ctx.columns[name]])
        if m := _IN_BRACKETS.search(label):
            return m.group(1).strip().replace("m³", "m3")
    for line in ctx.table.title_lines:
        if m := _UNIT_LINE.search(line):
            return m.group(1).strip().replace("m³", "m3")
    return None


def build(ctx: Context) -> list[dict]:
    name_col = ctx.columns["mine_name"]
    header_unit = _unit_from_header(ctx)
    period = ctx.table.period
    rows: list[dict] = []
    for row_no, row in data_rows(ctx.table, [name_col]):
        name = ctx.text(row, "mine_name") or ""
        if is_total_text(name) and len(name) < 20:
            continue
        mine_id = ctx.text(row, "mine_id")
        capacity = ctx.number(row_no, row, "licensed_capacity")
        output = ctx.number(row_no, row, "actual_output")
        for field_name, value in (("licensed_capacity", capacity), ("actual_output", output)):
            if value is not None and value < 0:
                ctx.error("negative-amount", "số lượng âm không hợp lệ", row_no, field_name, value)
        start = ctx.date(row_no, row, "period_start") if ctx.has("period_start") else None
        end = ctx.date(row_no, row, "period_end") if ctx.has("period_end") else None
        rows.append({
            "mine_id": mine_id or stable_key("MO", name, ctx.text(row, "company")),
            "mine_name": name,
            "mineral": ctx.text(row, "mineral"),
            "company": ctx.text(row, "company"),
            "commune_code": ctx.commune(row_no, row, "commune") if ctx.has("commune") else None,
            "location": ctx.text(row, "commune"),
            "licensed_capacity": capacity,
            "actual_output": output,
            "unit": ctx.text(row, "unit") or header_unit,
            "period_start": start or (period.start if period else None),
            "period_end": end or (period.end if period else None),
            "license_expiry": ctx.date(row_no, row, "license_expiry") if ctx.has("license_expiry") else None,
            "status": ctx.text(row, "status"),
            "source_row": row_no,
        })
    ctx.check_duplicates(rows, "mine_id", "mine_id" if ctx.has("mine_id") else "mine_name")
    return rows


def build_columns(cols: Columns) -> ColumnRecords:
    """build(), whole columns at a time (see columnar.py): the same rows and keys."""
    import numpy as np
    import pyarrow.compute as pc

    from ..columnar import (ColumnRecords, NotColumnar, date_array, index_array, int_array, optional,
                            string_array)
    from .base import stable_keys
    from .disbursement import _checked_commune

    ctx = cols.ctx
    header_unit = _unit_from_header(ctx)
    period = ctx.table.period
    rows = cols.data_rows([ctx.columns["mine_name"]])
    names = cols.text("mine_name", rows)
    short = np.fromiter((len(t) < 20 if t is not None else True for t in names.to_pylist()), bool, len(names)) \
        if len(names) else np.zeros(0, bool)
    total = cols.total_rows(names, lambda t: is_total_text(t or ""))
    keep = np.flatnonzero(~(total & short))
    rows, names = rows[keep], names.take(index_array(keep))
    capacity, has_capacity = cols.numbers("licensed_capacity", rows)
    output, has_output = cols.numbers("actual_output", rows)
    if (capacity[has_capacity] < 0).any() or (output[has_output] < 0).any():
        raise NotColumnar  # a negative quantity, reported cell by cell
    mine_names = names  # never empty: data_rows keeps rows that name a mine
    companies = cols.text("company", rows)
    ids = cols.text("mine_id", rows)
    if ids.null_count:
        ids_list = ids.to_pylist()
        uncoded = [k for k, v in enumerate(ids_list) if v is None]
        name_list, company_list = mine_names.to_pylist(), companies.to_pylist()
        for k, key in zip(uncoded, stable_keys("MO", [(name_list[k], company_list[k]) for k in uncoded])):
            ids_list[k] = key
        ids = string_array(ids_list)
    if pc.count_distinct(ids).as_py() != len(ids):
        raise NotColumnar  # duplicate keys, worded cell by cell
    none = [None] * len(rows)
    starts = cols.dates("period_start", rows) if ctx.has("period_start") else none
    ends = cols.dates("period_end", rows) if ctx.has("period_end") else none
    units = cols.text("unit", rows)
    if units.null_count and header_unit is not None:
        units = pc.coalesce(units, string_array([header_unit]).take(index_array(np.zeros(len(rows)))))
    columns = {
        "mine_id": ids,
        "mine_name": mine_names,
        "mineral": cols.text("mineral", rows),
        "company": companies,
        "commune_code": cols.distinct_texts("commune", rows, _checked_commune) if ctx.has("commune")
        else string_array(none),
        "location": cols.text("commune", rows),
        "licensed_capacity": optional(capacity, has_capacity),
        "actual_output": optional(output, has_output),
        "unit": units,
        "period_start": date_array([s or (period.start if period else None) for s in starts]),
        "period_end": date_array([e or (period.end if period else None) for e in ends]),
        "license_expiry": date_array(cols.dates("license_expiry", rows) if ctx.has("license_expiry") else none),
        "status": cols.text("status", rows),
        "source_row": int_array(rows + cols.start + 1),
    }
    import pyarrow as pa
    return ColumnRecords(pa.Table.from_arrays(list(columns.values()), names=list(columns)))
