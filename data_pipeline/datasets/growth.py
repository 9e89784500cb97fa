"""Kịch bản tăng trưởng GRDP: one row per sector and month, the scenario's target against the
estimate, with the cause, the measure to make up a shortfall and the agency that answers for it.

Sheets number their rows like revenue sheets ("I. Nông, lâm nghiệp và thủy sản", "1. Trồng
trọt"): every numbered row is a sector, group rows included, with its numbering path as
sector_code. The unnumbered top row "Tổng sản phẩm trên địa bàn (GRDP)" is kept as sector_code
'GRDP'; other unnumbered totals ("Tổng cộng") are dropped.
"""

from __future__ import annotations

import re

from ..layout import cell_text, data_rows
from ..text import fold_words
from ..values import parse_month, parse_title_period
from .base import Context, ItemNumbering, numbered_row
from .grouped import is_total_row

GRDP_CODE = "GRDP"
_GRDP = re.compile(r"\b(grdp|tong san pham)\b")


def _month_in_header(ctx: Context):
    """'Ước thực hiện 4 tháng', 'Kịch bản đến hết tháng 4': the month, with the title's year."""
    for name in ("actual_vnd", "actual_growth_pct", "target_vnd", "target_growth_pct"):
        if not ctx.has(name):
            continue
        label = fold_words(" ".join(ctx.table.labels[ctx.columns[name]]))
        m = re.search(r"\b(?:thang (\d{1,2})|(\d{1,2}) thang)(?: nam (\d{4}))?\b", label)
        if not m:
            continue
        year = m.group(3) or (ctx.table.period.end.year if ctx.table.period else None)
        if year:
            return parse_month(f"{int(m.group(1) or m.group(2))}/{year}")
    return None


def _title_month(ctx: Context):
    """The month a title line names ("Tháng 4 năm 2026", "đến ngày 30/4/2026"), though an
    earlier line names only the year ("Kịch bản tăng trưởng năm 2026")."""
    for line in ctx.table.title_lines:
        period = parse_title_period([line])
        if period is not None and (period.as_of or period.start is None or (period.end - period.start).days <= 31):
            return period.month
    return None


def _sheet_month(ctx: Context):
    """The month of the whole sheet; None where only a year is named (rows may name their month)."""
    if (month := _title_month(ctx)) is not None:
        return month
    if (month := _month_in_header(ctx)) is not None:
        return month
    if ctx.report_date is not None:
        return ctx.report_date.replace(day=1)  # --report-date names the month
    return None


def _row_month(ctx: Context, row_no: int, row: list[object], sheet_month):
    if not ctx.has("period") or not cell_text(ctx.raw(row, "period")):
        return sheet_month
    value = ctx.raw(row, "period")
    try:
        return parse_month(value)
    except ValueError:
        m = re.match(r"^(?:thang\s*|t\s*)?(\d{1,2})$", fold_words(cell_text(value)))
        year = (sheet_month.year if sheet_month else None) or ctx.report_year
        if m and year and 1 <= int(m.group(1)) <= 12:
            return parse_month(f"{int(m.group(1))}/{year}")
        ctx.error("date-error", f'"{cell_text(value)}" không phải là tháng (cần dạng 4/2026)', row_no, "period", value)
        return None


def build(ctx: Context) -> list[dict]:
    name_col = ctx.columns["sector"]
    code_col = ctx.columns.get("sector_code")
    sheet_month = _sheet_month(ctx)
    rows: list[dict] = []
    stacks: dict[object, list[tuple[int, str]]] = {}  # per month: (level, segment) of enclosing rows
    numbering = ItemNumbering()
    for row_no, row in data_rows(ctx.table, [name_col] if code_col is None else [name_col, code_col]):
        token, name = numbered_row(ctx, row, "sector", code_col)
        if not name:
            continue
        month = _row_month(ctx, row_no, row, sheet_month)
        stack = stacks.setdefault(month, [])
        if _GRDP.search(fold_words(name)):  # the whole economy, numbered or not
            stack.clear()
            code, parent = GRDP_CODE, None
        elif is_total_row(token, name):  # not "Công nghiệp ...", which folds like "Cộng"
            continue
        else:
            code, parent = numbering.place(stack, token, numbering.level(token))
        rows.append({
            "period": month,
            "sector_code": code,
            "sector": name,
            "parent_code": parent,
            "target_vnd": ctx.money(row_no, row, "target_vnd") if ctx.has("target_vnd") else None,
            "actual_vnd": ctx.money(row_no, row, "actual_vnd") if ctx.has("actual_vnd") else None,
            "target_growth_pct": _pct(ctx, row_no, row, "target_growth_pct"),
            "actual_growth_pct": _pct(ctx, row_no, row, "actual_growth_pct"),
            "cause": ctx.text(row, "cause"),
            "measure": ctx.text(row, "measure"),
            "responsible_agency": ctx.text(row, "responsible_agency"),
            "source_row": row_no,
        })
    if rows and any(r["period"] is None for r in rows):
        ctx.report.error("missing-period",
                         'không xác định được tháng báo cáo: cần tiêu đề "tháng 4 năm 2026", cột '
                         '"Ước thực hiện 4 tháng", cột "Tháng" hoặc --report-date', sheet=ctx.sheet)
    for r in rows:
        if all(r[f] is None for f in ("target_vnd", "target_growth_pct")) and \
                any(r[f] is not None for f in ("actual_vnd", "actual_growth_pct")):
            ctx.report.warn("missing-target", f'ngành "{r["sector"]}" có số ước thực hiện nhưng chưa có kịch bản',
                            sheet=ctx.sheet, row=r["source_row"], column=ctx.table.header_label("sector"))
    seen = {}
    for r in rows:
        key = (r["period"], r["sector_code"])
        if key in seen and r["period"] is not None:
            ctx.report.error("duplicate-key", f'trùng ngành số "{r["sector_code"]}" với dòng {seen[key]}',
                             sheet=ctx.sheet, row=r["source_row"], column=ctx.table.header_label("sector"))
        seen.setdefault(key, r["source_row"])
    return rows


def _pct(ctx: Context, row_no: int, row: list[object], name: str) -> float | None:
    """A growth rate in percent ("8,5" or "8,5%"); a fall is negative."""
    if not ctx.has(name):
        return None
    return ctx.number(row_no, row, name)
