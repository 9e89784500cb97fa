"""Xuất nhập khẩu qua cửa khẩu: one row per gate, month and direction (USD)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import re

from ..layout import cell_text, data_rows, is_total_text
from ..text import clean, fold_words
from ..values import parse_month
from .base import Context

if TYPE_CHECKING:  # the columnar path is imported where it runs
    from ..columnar import ColumnRecords, Columns

_GATE_STRIP = re.compile(
    r"\b(cửa khẩu|CKQT|CKC|CKP|CK|quốc tế|QT|song phương|chính|phụ|cặp chợ|chợ biên giới|điểm thông quan|"
    r"lối mở(?! số))\b\.?", re.IGNORECASE)


def gate_name(text: str) -> str:
    """'Cửa khẩu quốc tế Tà Lùng' → 'Tà Lùng'; 'Cặp chợ Nà Lạn', 'Lối mở Nà Đoỏng' → the place's name.
    A crossing known only by its number ('Lối mở số 3') keeps it."""
    name = _GATE_STRIP.sub(" ", clean(text))
    name = re.sub(r"\s+", " ", name).strip(" -–:,")
    return name[:1].upper() + name[1:] if name else clean(text)


def direction_of(text: str | None) -> str | None:
    words = fold_words(text or "")
    if re.search(r"\b(xuat|xk|export)", words):
        return "export"
    if re.search(r"\b(nhap|nk|import)", words):
        return "import"
    return None


def _period(ctx: Context, row_no: int, row: list[object]):
    title = ctx.table.period
    if not ctx.has("period") or not cell_text(ctx.raw(row, "period")):
        if title is not None:
            return title.month
        if ctx.report_date is not None:
            return ctx.report_date.replace(day=1)  # --report-date names the month
        ctx.error("missing-cell", "không có tháng (ô trống và tiêu đề không ghi tháng)", row_no,
                  "period" if ctx.has("period") else "gate")
        return None
    value = ctx.raw(row, "period")
    try:
        return parse_month(value)
    except ValueError:
        m = re.match(r"^(?:thang\s*|t\s*)?(\d{1,2})$", fold_words(cell_text(value)))
        if m and title is not None:
            return parse_month(f"{int(m.group(1))}/{title.end.year}")
        ctx.error("date-error", f'"{cell_text(value)}" không phải là tháng (cần dạng 4/2026)', row_no, "period", value)
        return None


# A row under a gate that names only a direction: "- Xuất khẩu", "Nhập khẩu", "XK".
_DIRECTION_ONLY = re.compile(r"^(?:kim ngach |tri gia |gia tri )?(xuat khau|nhap khau|xuat|nhap|xk|nk)$")


def _direction_row(text: str) -> str | None:
    return direction_of(text) if _DIRECTION_ONLY.match(fold_words(text)) else None


def build(ctx: Context) -> list[dict]:
    ctx.currency = "usd"
    gate_col = ctx.columns["gate"]
    rows: list[dict] = []
    split = not (ctx.has("export_usd") or ctx.has("import_usd") or ctx.has("direction"))
    listed = [(row_no, row, ctx.text(row, "gate") or "") for row_no, row in data_rows(ctx.table, [gate_col])]
    listed = [(row_no, row, text) for row_no, row, text in listed if not is_total_text(text)]
    gate_above = None  # the gate whose export and import rows follow it
    for i, (row_no, row, gate_text) in enumerate(listed):
        direction = _direction_row(gate_text) if split else None
        if direction is None and split and i + 1 < len(listed) and _direction_row(listed[i + 1][2]):
            gate_above = gate_name(gate_text)  # its own figures are the sum of the rows below it
            continue
        if direction is not None and gate_above is not None:
            rows.append(_record(
                ctx, row_no, _period(ctx, row_no, row), gate_above, direction,
                ctx.money(row_no, row, "value_usd"),
                ctx.money(row_no, row, "ytd_value_usd") if ctx.has("ytd_value_usd") else None,
                ctx.money(row_no, row, "last_year_value_usd") if ctx.has("last_year_value_usd") else None,
                ctx.number(row_no, row, "vehicles") if ctx.has("vehicles") else None,
            ))
            continue
        gate_above = None
        period = _period(ctx, row_no, row)
        gate = gate_name(gate_text)
        vehicles = ctx.number(row_no, row, "vehicles") if ctx.has("vehicles") else None
        if ctx.has("export_usd") or ctx.has("import_usd"):
            for direction in ("export", "import"):
                if not ctx.has(f"{direction}_usd"):
                    continue
                own_vehicles = f"vehicles_{direction}"
                rows.append(_record(
                    ctx, row_no, period, gate, direction,
                    ctx.money(row_no, row, f"{direction}_usd"),
                    ctx.money(row_no, row, f"ytd_{direction}_usd") if ctx.has(f"ytd_{direction}_usd") else None,
                    ctx.money(row_no, row, f"last_year_{direction}_usd") if ctx.has(f"last_year_{direction}_usd") else None,
                    ctx.number(row_no, row, own_vehicles) if ctx.has(own_vehicles)
                    else (vehicles if direction == "export" else None),
                ))
        else:
            direction = direction_of(ctx.text(row, "direction")) if ctx.has("direction") else None
            if direction is None:
                ctx.error("missing-cell", 'không rõ xuất khẩu hay nhập khẩu (cần cột "Xuất/Nhập" hoặc hai cột '
                          '"Xuất khẩu", "Nhập khẩu")', row_no, "direction" if ctx.has("direction") else "gate")
                continue
            rows.append(_record(
                ctx, row_no, period, gate, direction,
                ctx.money(row_no, row, "value_usd"),
                ctx.money(row_no, row, "ytd_value_usd") if ctx.has("ytd_value_usd") else None,
                ctx.money(row_no, row, "last_year_value_usd") if ctx.has("last_year_value_usd") else None,
                vehicles,
            ))
    seen = {}
    for r in rows:
        key = (r["period"], r["gate"], r["direction"])
        if key in seen and r["period"] is not None:
            ctx.report.error("duplicate-key",
                             f'cửa khẩu "{r["gate"]}" tháng {r["period"]:%m/%Y} ({"xuất khẩu" if r["direction"] == "export" else "nhập khẩu"}) '
                             f"trùng với dòng {seen[key]}", sheet=ctx.sheet, row=r["source_row"],
                             column=ctx.table.header_label("gate"))
        seen.setdefault(key, r["source_row"])
    return rows


def _record(ctx, row_no, period, gate, direction, value, ytd, last_year, vehicles) -> dict:
    return {
        "period": period, "gate": gate, "direction": direction, "value_usd": value,
        "ytd_value_usd": ytd, "last_year_value_usd": last_year, "vehicles": vehicles, "source_row": row_no,
    }


def build_columns(cols: Columns) -> ColumnRecords:
    """build(), whole columns at a time (see columnar.py): the same rows, in the same order."""
    import numpy as np
    import pyarrow as pa

    from ..columnar import ColumnRecords, NotColumnar, date_array, distinct_values, index_array, int_array, string_array

    ctx = cols.ctx
    ctx.currency = "usd"
    title = ctx.table.period
    rows = cols.data_rows([ctx.columns["gate"]])
    gates = cols.text("gate", rows)
    keep = np.flatnonzero(~cols.total_rows(gates, lambda t: is_total_text(t or "")))
    rows, gates = rows[keep], gates.take(index_array(keep))

    def month(value):
        if value is None or not cell_text(value):
            if title is not None:
                return title.month
            if ctx.report_date is not None:
                return ctx.report_date.replace(day=1)
            raise NotColumnar  # no month: worded cell by cell
        try:
            return parse_month(value)
        except ValueError:
            m = re.match(r"^(?:thang\s*|t\s*)?(\d{1,2})$", fold_words(cell_text(value)))
            if m and title is not None:
                return parse_month(f"{int(m.group(1))}/{title.end.year}")
            raise NotColumnar from None
    periods = cols.distinct_values("period", rows, month)
    gate_names = distinct_values(gates, lambda t: gate_name(t or ""))
    vehicles = cols.numbers_or_none("vehicles", rows)
    n = len(rows)
    parts = []
    if ctx.has("export_usd") or ctx.has("import_usd"):
        for direction in ("export", "import"):
            if not ctx.has(f"{direction}_usd"):
                continue
            own = f"vehicles_{direction}"
            parts.append((direction, cols.money_or_none(f"{direction}_usd", rows),
                          cols.money_or_none(f"ytd_{direction}_usd", rows),
                          cols.money_or_none(f"last_year_{direction}_usd", rows),
                          cols.numbers_or_none(own, rows) if ctx.has(own)
                          else (vehicles if direction == "export" else pa.nulls(n, pa.float64()))))
    else:
        directions = cols.distinct_values("direction", rows, lambda v: direction_of(cell_text(v) or None)) \
            if ctx.has("direction") else [None] * n
        if any(d is None for d in directions):
            raise NotColumnar  # export or import not said, worded cell by cell
        parts.append((string_array(directions), cols.money_or_none("value_usd", rows),
                      cols.money_or_none("ytd_value_usd", rows), cols.money_or_none("last_year_value_usd", rows),
                      vehicles))
    direction_lists = [[d] * n if isinstance(d, str) else d.to_pylist() for d, *_ in parts]
    for directions in direction_lists:
        keys = list(zip(periods, gate_names, directions))
        if len(set(keys)) != len(keys):
            raise NotColumnar  # a gate and month twice, worded cell by cell
    # One record per source row and direction, in sheet order: export then import.
    order = index_array(np.arange(n * len(parts)).reshape(len(parts), n).T.ravel())
    pick = lambda arrays: pa.concat_arrays(arrays).take(order)  # noqa: E731
    columns = {
        "period": pick([date_array(periods)] * len(parts)),
        "gate": pick([string_array(gate_names)] * len(parts)),
        "direction": pick([string_array(d) for d in direction_lists]),
        "value_usd": pick([p[1] for p in parts]),
        "ytd_value_usd": pick([p[2] for p in parts]),
        "last_year_value_usd": pick([p[3] for p in parts]),
        "vehicles": pick([p[4] for p in parts]),
        "source_row": pick([int_array(rows + cols.start + 1)] * len(parts)),
    }
    return ColumnRecords(pa.Table.from_arrays(list(columns.values()), names=list(columns)))
