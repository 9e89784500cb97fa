"""Mỏ khoáng sản: one row per licensed mine, licensed capacity against actual output."""

from __future__ import annotations

from typing import TYPE_CHECKING

import re

import numpy as np

from ..layout import is_total_text
from ..text import fold_words
from .base import Context, stable_keys
from .cells import DATE, FLOAT, INT, TEXT, keyed_records

if TYPE_CHECKING:
    from .cells import Cells

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


def build(cells: Cells):
    """One row per mine; a capacity or an output may be written with its unit ("50.000 m³/năm")."""
    ctx = cells.ctx
    header_unit = _unit_from_header(ctx)
    period = ctx.table.period
    rows = cells.data_rows([ctx.columns["mine_name"]])
    names = cells.texts("mine_name", rows)
    keep = [k for k, name in enumerate(names) if not (is_total_text(name or "") and len(name or "") < 20)]
    rows, names = rows[keep], [names[k] for k in keep]
    capacity, has_capacity, capacity_units = cells.quantities("licensed_capacity", rows)
    output, has_output, output_units = cells.quantities("actual_output", rows)
    for field_name, values, present in (("licensed_capacity", capacity, has_capacity),
                                        ("actual_output", output, has_output)):
        for k in np.flatnonzero(present & (values < 0)):
            cells.fail("negative-amount", "số lượng âm không hợp lệ", k, field_name, values[k])
    stated = cells.texts("unit", rows)
    units = []
    written = {"licensed_capacity": capacity_units, "actual_output": output_units}
    for k, own in enumerate(stated):
        unit = own or header_unit or capacity_units[k]
        units.append(unit)
        for field_name, in_cells in written.items():
            if in_cells[k] and unit and _base(in_cells[k], field_name) != _base(unit, field_name):
                cells.fail("unit-conflict", f'đơn vị ghi trong ô khác đơn vị "{unit}" của mỏ', k, field_name,
                           cells.raws(field_name, rows[k:k + 1])[0])
    companies = cells.texts("company", rows)
    ids = cells.texts("mine_id", rows)
    uncoded = [k for k, v in enumerate(ids) if v is None]
    for k, key in zip(uncoded, stable_keys("MO", [(names[k], companies[k]) for k in uncoded])):
        ids[k] = key
    none = [None] * len(rows)
    starts = cells.dates("period_start", rows) if ctx.has("period_start") else none
    ends = cells.dates("period_end", rows) if ctx.has("period_end") else none
    columns = {
        "mine_id": ids if uncoded else cells.text_column("mine_id", rows),
        "mine_name": cells.text_column("mine_name", rows),
        "mineral": cells.text_column("mineral", rows),
        "company": cells.text_column("company", rows),
        "commune_code": cells.communes("commune", rows) if ctx.has("commune") else none,
        "location": cells.text_column("commune", rows),
        "licensed_capacity": (capacity, has_capacity),
        "actual_output": (output, has_output),
        "unit": units,
        "period_start": [s or (period.start if period else None) for s in starts],
        "period_end": [e or (period.end if period else None) for e in ends],
        "license_expiry": cells.dates("license_expiry", rows) if ctx.has("license_expiry") else none,
        "status": cells.text_column("status", rows),
        "source_row": cells.row_nos(rows),
    }
    return keyed_records(cells, columns, TYPES, ids, rows, "mine_id", "mine_name", names)


def _base(unit: str, field_name: str) -> str:
    """A capacity's unit whole ("m3/năm"); an output's without its period ("m3", a year's or not)."""
    return fold_words(unit.split("/")[0] if field_name == "actual_output" else unit)


TYPES = {"mine_id": TEXT, "mine_name": TEXT, "mineral": TEXT, "company": TEXT, "commune_code": TEXT,
         "location": TEXT, "licensed_capacity": FLOAT, "actual_output": FLOAT, "unit": TEXT,
         "period_start": DATE, "period_end": DATE, "license_expiry": DATE, "status": TEXT, "source_row": INT}
