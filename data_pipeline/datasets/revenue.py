"""Thu ngân sách nhà nước: one row per item, area and month; numbered group rows are items too."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import numpy as np

from ..column_dates import apply_month_groups
from ..layout import cell_text, is_total_text
from ..text import fold_words
from ..values import parse_month
from .base import Context, ItemNumbering, numbered_texts
from .cells import DATE, FLOAT, INT, TEXT

if TYPE_CHECKING:
    from .cells import Cells

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


def build(cells: Cells):
    """One row per item, area and month. Months laid out as column groups ("Thực hiện tháng 1 |
    tháng 2 | tháng 3") give each item a row for each month: that month's figure, the year's
    estimate, and the cumulative figures for the latest month only."""
    ctx = cells.ctx
    table = ctx.table
    year = ctx.report_year or dt.date.today().year
    groups = apply_month_groups(table, ("month_actual_vnd",), year)
    if any(period.kind == "quarter" for period, _ in groups):
        stated = ", ".join(f"«{period.label}»" for period, _ in groups)
        cells.fail_at("by-quarter", f"biểu ghi số thu theo quý ({stated}); số thu được lưu theo từng tháng: "
                      "hãy gửi biểu theo tháng", sheet=table.sheet.name, row=table.header_top + 1)
        return cells.records({}, TYPES)
    name_col = ctx.columns["item_name"]
    code_col = ctx.columns.get("item_code")
    sheet_month = header_month(ctx) or (table.period.month if table.period else None)
    if sheet_month is None and ctx.report_date is not None:
        sheet_month = ctx.report_date.replace(day=1)  # --report-date names the month
    rows = cells.data_rows([name_col] if code_col is None else [name_col, code_col])
    names = cells.texts("item_name", rows)
    codes = cells.text_at(code_col, rows)
    kept, item_codes, parents, item_names = [], [], [], []
    stack: list[tuple[int, str]] = []  # (level, segment) of the enclosing numbered items
    numbering = ItemNumbering()
    for k, (name, code) in enumerate(zip(names, codes)):
        if code and name and code.isdigit():  # "12" beside a name: an item at level 2
            token, level = code, 2
        else:
            token, name = numbered_texts(name or "", code or "")
            if not name or (not token and is_total_text(name)):
                continue  # only unnumbered totals are dropped
            level = numbering.level(token)
        item_code, parent = numbering.place(stack, token, level)
        kept.append(k)
        item_codes.append(item_code)
        parents.append(parent)
        item_names.append(name)
    rows = rows[np.asarray(kept, np.int64)]
    if ctx.has("period"):
        periods = [p.replace(day=1) if p else None for p in cells.dates("period", rows)]
        periods = _filled_down(periods, sheet_month)
    else:
        periods = [sheet_month] * len(rows)
    if not groups and len(rows) and any(p is None for p in periods):
        cells.fail_at("missing-period", 'không xác định được tháng báo cáo: cần tiêu đề "tháng 4 năm 2026", cột '
                      '"Thực hiện tháng 4", cột "Kỳ báo cáo" hoặc --report-date', sheet=ctx.sheet)

    def area_of(value):
        text = cell_text(value) or None
        return text if text and fold_words(text) not in ("toan tinh", "tinh", "cao bang", "tinh cao bang") else None
    local = cells.distinct_values("area", rows, area_of)
    communes = cells.communes("area", rows) if any(local) else [None] * len(rows)
    areas = [(code or PROVINCE) if text else PROVINCE for text, code in zip(local, communes)]
    none = (np.zeros(len(rows)), np.zeros(len(rows), bool))
    estimate = cells.money("estimate_vnd", rows)
    ytd = cells.money("ytd_actual_vnd", rows, allow_negative=True) if ctx.has("ytd_actual_vnd") else none
    last_year = cells.money("ytd_last_year_vnd", rows, allow_negative=True) if ctx.has("ytd_last_year_vnd") else none
    months = [(None, cells.money("month_actual_vnd", rows, allow_negative=True)
               if ctx.has("month_actual_vnd") else none)]
    if groups:
        months = [(period.first, _month_figure(cells, cols["month_actual_vnd"], rows)) for period, cols in groups]
    # One row per item and month, months of an item together: row k of month m is m * n + k.
    n, count = len(rows), len(months)
    pick = (np.arange(n)[:, None] + np.arange(count)[None, :] * n).ravel()
    blank = np.zeros(n, bool)

    def each_month(values: list) -> list:
        return [values[i % n] for i in pick.tolist()]

    def figures(per_month) -> tuple[np.ndarray, np.ndarray]:
        values = np.concatenate([v for v, _ in per_month] + [np.zeros(0)])
        present = np.concatenate([p for _, p in per_month] + [np.zeros(0, bool)])
        return values[pick], present[pick]
    latest_only = lambda figure: [figure if m == count - 1 else (figure[0], blank) for m in range(count)]  # noqa: E731
    columns = {
        "period": [months[i // n][0] or periods[i % n] for i in pick.tolist()],
        "area": each_month(areas),
        "item_code": each_month(item_codes),
        "item_name": each_month(item_names),
        "parent_item_code": each_month(parents),
        "estimate_vnd": figures([estimate] * count),
        "month_actual_vnd": figures([figure for _, figure in months]),
        "ytd_actual_vnd": figures(latest_only(ytd)),
        "ytd_last_year_vnd": figures(latest_only(last_year)),
        "source_row": cells.row_nos(rows)[pick % n] if n else np.zeros(0, np.int64),
    }
    cells.problems_in_row_order()
    seen = {}
    row_nos = columns["source_row"].tolist()
    for i, key in enumerate(zip(columns["period"], columns["area"], columns["item_code"])):
        if key in seen:
            cells.fail_at("duplicate-key", f'trùng chỉ tiêu số "{key[2]}" với dòng {seen[key]}', sheet=ctx.sheet,
                          row=row_nos[i], column=table.header_label("item_name"))
        seen.setdefault(key, row_nos[i])
    return cells.records(columns, TYPES)


TYPES = {"period": DATE, "area": TEXT, "item_code": TEXT, "item_name": TEXT, "parent_item_code": TEXT,
         "estimate_vnd": FLOAT, "month_actual_vnd": FLOAT, "ytd_actual_vnd": FLOAT, "ytd_last_year_vnd": FLOAT,
         "source_row": INT}


def _filled_down(periods: list, fallback):
    """A month column blank below a month (a merged cell exported to CSV) goes on with the month
    above it; blank above the first month, the sheet's month."""
    out, above = [], None
    for p in periods:
        above = p or above
        out.append(p or above or fallback)
    return out


def _month_figure(cells: Cells, col: int, rows):
    from .trade import _figures_at
    return _figures_at(cells, "month_actual_vnd", col, rows, True, allow_negative=True)
