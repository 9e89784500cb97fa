"""Mỏ khoáng sản: one row per licensed mine, licensed capacity against actual output."""

from __future__ import annotations

import re

from ..layout import data_rows, is_total_text
from .base import Context, stable_key

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
