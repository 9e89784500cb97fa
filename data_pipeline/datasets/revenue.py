"""Thu ngân sách nhà nước: one row per item, area and month; numbered group rows are items too."""

from __future__ import annotations

from typing import TYPE_CHECKING

import re

from ..layout import cell_text, data_rows, is_total_text
from ..text import fold_words
from ..values import parse_month
from .base import Context, ItemNumbering, numbered_row

if TYPE_CHECKING:  # the columnar path is imported where it runs
    from ..columnar import ColumnRecords, Columns

PROVINCE = "Toàn tỉnh"


def header_month(ctx: Context):
    """'Thực hiện tháng 4' in a header, with the year from the title."""
    if not ctx.has("month_actual_vnd"):
        return None
    label = fold_words(" ".join(ctx.table.labels[ctx.columns["month_actual_vnd"]]))
    m = re.search(r"thang (\d{1,2})(?: nam (\d{4})| (\d{4}))?", label)
    if not m:
        return None
    year = m.group(2) or m.group(3)
    if not year:
        title_period = ctx.table.period
        if title_period is None:
            return None
        year = title_period.end.year
    return parse_month(f"{int(m.group(1))}/{year}")


def build(ctx: Context) -> list[dict]:
    name_col = ctx.columns["item_name"]
    code_col = ctx.columns.get("item_code")
    sheet_month = header_month(ctx) or (ctx.table.period.month if ctx.table.period else None)
    if sheet_month is None and ctx.report_date is not None:
        sheet_month = ctx.report_date.replace(day=1)  # --report-date names the month
    rows: list[dict] = []
    stack: list[tuple[int, str]] = []  # (level, segment) of the enclosing numbered items
    numbering = ItemNumbering()
    for row_no, row in data_rows(ctx.table, [name_col] if code_col is None else [name_col, code_col]):
        token, name = numbered_row(ctx, row, "item_name", code_col)
        if not name:
            continue
        if not token and is_total_text(name):
            continue  # only unnumbered totals are dropped
        item_code, parent = numbering.place(stack, token, numbering.level(token))
        period = ctx.date(row_no, row, "period") if ctx.has("period") else None
        area_text = ctx.text(row, "area")
        area = PROVINCE
        if area_text and fold_words(area_text) not in ("toan tinh", "tinh", "cao bang", "tinh cao bang"):
            area = ctx.commune(row_no, row, "area") or PROVINCE
        rows.append({
            "period": period.replace(day=1) if period else sheet_month,
            "area": area,
            "item_code": item_code,
            "item_name": name,
            "parent_item_code": parent,
            "estimate_vnd": ctx.money(row_no, row, "estimate_vnd"),
            "month_actual_vnd": ctx.money(row_no, row, "month_actual_vnd", allow_negative=True) if ctx.has("month_actual_vnd") else None,
            "ytd_actual_vnd": ctx.money(row_no, row, "ytd_actual_vnd", allow_negative=True) if ctx.has("ytd_actual_vnd") else None,
            "ytd_last_year_vnd": ctx.money(row_no, row, "ytd_last_year_vnd", allow_negative=True) if ctx.has("ytd_last_year_vnd") else None,
            "source_row": row_no,
        })
    if rows and any(r["period"] is None for r in rows):
        ctx.report.error("missing-period",
                         'không xác định được tháng báo cáo: cần tiêu đề "tháng 4 năm 2026", cột '
                         '"Thực hiện tháng 4", cột "Kỳ báo cáo" hoặc --report-date', sheet=ctx.sheet)
    seen = {}
    for r in rows:
        key = (r["period"], r["area"], r["item_code"])
        if key in seen:
            ctx.report.error("duplicate-key", f'trùng chỉ tiêu số "{r["item_code"]}" với dòng {seen[key]}',
                             sheet=ctx.sheet, row=r["source_row"], column=ctx.table.header_label("item_name"))
        seen.setdefault(key, r["source_row"])
    return rows


def build_columns(cols: Columns) -> ColumnRecords:
    """build(), whole columns at a time (see columnar.py): the same items, codes and order."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from ..columnar import (ColumnRecords, NotColumnar, bools, date_array, int_array, present,
                            string_array)
    from .disbursement import _checked_commune, numbered_row_of

    ctx = cols.ctx
    name_col = ctx.columns["item_name"]
    code_col = ctx.columns.get("item_code")
    sheet_month = header_month(ctx) or (ctx.table.period.month if ctx.table.period else None)
    if sheet_month is None and ctx.report_date is not None:
        sheet_month = ctx.report_date.replace(day=1)
    rows = cols.data_rows([name_col] if code_col is None else [name_col, code_col])
    names = cols.text("item_name", rows)
    codes = cols.text_at(code_col, rows)
    simple = present(names) & bools(pc.match_substring_regex(codes, r"^[0-9]+$"))
    name_list, code_list = names.to_pylist(), codes.to_pylist()
    kept, item_codes, parents, item_names = [], [], [], []
    stack: list[tuple[int, str]] = []
    numbering = ItemNumbering()
    for i, is_simple in enumerate(simple.tolist()):
        if is_simple:  # "12" beside a name: an item at level 2
            token, name, level = code_list[i], name_list[i], 2
        else:
            token, name = numbered_row_of(name_list[i] or "", code_list[i] or "")
            if not name or (not token and is_total_text(name)):
                continue
            level = numbering.level(token)
        item_code, parent = numbering.place(stack, token, level)
        parents.append(parent)
        item_codes.append(item_code)
        item_names.append(name)
        kept.append(i)
    rows = rows[np.asarray(kept, np.int64)]
    if ctx.has("period"):
        periods = [p.replace(day=1) if p else sheet_month for p in cols.dates("period", rows)]
    else:
        periods = [sheet_month] * len(rows)
    if rows.size and any(p is None for p in periods):
        raise NotColumnar  # no month, worded cell by cell

    def area_of(value):
        text = cell_text(value) or None
        if text and fold_words(text) not in ("toan tinh", "tinh", "cao bang", "tinh cao bang"):
            return _checked_commune(value) or PROVINCE
        return PROVINCE
    areas = cols.distinct_values("area", rows, area_of)
    keys = list(zip(periods, areas, item_codes))
    if len(set(keys)) != len(keys):
        raise NotColumnar  # an item twice, worded cell by cell

    def money(name, allow_negative=True):
        if not ctx.has(name):
            return pa.nulls(len(rows), pa.float64())
        from ..columnar import optional
        return optional(*cols.money(name, rows, allow_negative=allow_negative))
    columns = {
        "period": date_array(periods),
        "area": string_array(areas),
        "item_code": string_array(item_codes),
        "item_name": string_array(item_names),
        "parent_item_code": string_array(parents),
        "estimate_vnd": money("estimate_vnd", allow_negative=False),
        "month_actual_vnd": money("month_actual_vnd"),
        "ytd_actual_vnd": money("ytd_actual_vnd"),
        "ytd_last_year_vnd": money("ytd_last_year_vnd"),
        "source_row": int_array(rows + cols.start + 1),
    }
    return ColumnRecords(pa.Table.from_arrays(list(columns.values()), names=list(columns)))
