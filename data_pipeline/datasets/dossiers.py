"""Giải quyết thủ tục hành chính: one row per unit (sở, ngành or xã, phường) and field, the
dossiers it received (carried over and new), settled (early, on time, late) and still has
(in time, past due) in the reporting period.

The province's form ("Báo cáo tình hình giải quyết thủ tục hành chính") puts three merged
header rows over these counts and groups units under "I. Cấp tỉnh", "II. Cấp xã" with
subtotals: group rows are not units and are skipped. Where the sheet gives a total and not
its parts (or the parts and not the total) the missing figure is worked out; where it gives
both and they disagree, a warning says so.
"""

from __future__ import annotations

import re

from ..text import fold_words
from .base import Context, stable_keys
from .grouped import numbered_rows

COUNTS = ("carried_over", "received_new", "received_online", "received_total", "settled_early",
          "settled_on_time", "settled_late", "settled_total", "pending_in_time", "pending_overdue",
          "pending_total")
_COMMUNE_UNIT = re.compile(r"^(?:ubnd |uy ban nhan dan )?(?:xa|phuong|thi tran) \S")


def is_commune_unit(name: str) -> bool:
    """'UBND xã Trà Lĩnh', 'Xã Trà Lĩnh', 'Phường Thục Phán': a commune, not a provincial agency."""
    return bool(_COMMUNE_UNIT.match(fold_words(name)))


def commune_name_of(name: str) -> str:
    """'UBND xã Trà Lĩnh' → 'xã Trà Lĩnh', the part a commune lookup understands."""
    return re.sub(r"^\s*(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+", "", name, flags=re.IGNORECASE)


def count(ctx: Context, row_no: int, row: list[object], name: str) -> float | None:
    """A number of dossiers or petitions: whole and not negative."""
    if not ctx.has(name):
        return None
    value = ctx.number(row_no, row, name)
    if value is None:
        return None
    if value < 0 or value != int(value):
        ctx.error("type-error", f'"{ctx.text(row, name)}" không phải là một số hồ sơ, số đơn (cần số nguyên không âm)',
                  row_no, name, ctx.raw(row, name))
        return None
    return value


def filled_total(ctx: Context, row_no: int, record: dict, total: str, parts: tuple[str, ...]) -> None:
    """The total from its parts where the sheet leaves it out; a warning where both disagree."""
    known = [record[p] for p in parts if record[p] is not None]
    if not known:
        return
    summed = sum(known)
    if record[total] is None:
        if len(known) == len([p for p in parts if ctx.has(p)]):
            record[total] = summed
    elif len(known) == len(parts) and abs(record[total] - summed) > 0.5:
        labels = " + ".join(f'"{ctx.table.header_label(p)}"' for p in parts)
        ctx.report.warn("inconsistent-total", f"tổng {record[total]:.0f} khác {labels} = {summed:.0f}",
                        **ctx.where(row_no, total))


def unit_commune(ctx: Context, row_no: int, row: list[object], name: str) -> str | None:
    if ctx.has("commune") and ctx.text(row, "commune"):
        return ctx.commune(row_no, row, "commune")
    if not is_commune_unit(name):
        return None
    patched = list(row)
    patched[ctx.columns[_name_field(ctx)]] = commune_name_of(name)
    return ctx.commune(row_no, patched, _name_field(ctx))


def _name_field(ctx: Context) -> str:
    return "unit_name" if ctx.has("unit_name") else "agency"


def build(ctx: Context) -> list[dict]:
    rows: list[dict] = []
    for row_no, row, name, group in numbered_rows(ctx, "unit_name", "unit_code"):
        record = {c: count(ctx, row_no, row, c) for c in COUNTS}
        if record["received_new"] is None and record["received_total"] is not None and record["carried_over"] is not None:
            record["received_new"] = record["received_total"] - record["carried_over"]
        filled_total(ctx, row_no, record, "received_total", ("carried_over", "received_new"))
        filled_total(ctx, row_no, record, "settled_total", ("settled_early", "settled_on_time", "settled_late"))
        filled_total(ctx, row_no, record, "pending_total", ("pending_in_time", "pending_overdue"))
        if record["pending_total"] is not None and record["pending_overdue"] is not None \
                and record["pending_in_time"] is None:
            record["pending_in_time"] = record["pending_total"] - record["pending_overdue"]
        rows.append({
            "unit_name": name,
            "unit_group": group,
            "field": ctx.text(row, "field"),
            "commune_code": unit_commune(ctx, row_no, row, name),
            **record,
            "source_row": row_no,
        })
    keys = stable_keys("TTHC", [(r["unit_name"], r["field"]) for r in rows])
    for r, key in zip(rows, keys):
        r["unit_key"] = key
    ctx.check_duplicates(rows, "unit_key", "unit_name")
    period = ctx.table.period
    for r in rows:
        r["period_start"] = period.start if period else None
        r["period_end"] = period.end if period else None
    return rows
