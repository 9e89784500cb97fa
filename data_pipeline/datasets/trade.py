"""Xuất nhập khẩu qua cửa khẩu: one row per gate, month and direction (USD)."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import numpy as np

from ..column_dates import apply_month_groups, column_period
from ..layout import cell_text, is_total_text
from ..text import clean, fold_words
from ..values import parse_month
from .base import Context
from .cells import DATE, FLOAT, INT, TEXT

if TYPE_CHECKING:
    from .cells import Cells

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


def title_month(ctx: Context):
    """The month a title (or --report-date) names, where it names one month: not a quarter or a
    year, whose last month's figures these are not."""
    title = ctx.table.period
    if title is not None and (title.as_of or title.start is None or title.start.replace(day=1) == title.month):
        return title.month
    if ctx.report_date is not None:
        return ctx.report_date.replace(day=1)  # --report-date names the month
    return None


def _month_text(value: object, year: int | None):
    """A cell of the month column as a month: "4/2026", "Tháng 4", "T4" (the year the title's)."""
    try:
        return parse_month(value)
    except ValueError:
        m = re.match(r"^(?:thang\s*|t\s*)?(\d{1,2})$", fold_words(cell_text(value)))
        if m and year is not None:
            return parse_month(f"{int(m.group(1))}/{year}")
        raise


def row_months(cells: Cells, rows, name: str = "period") -> tuple[list, list[str | None]]:
    """The month of each row and the text of the file it was read from. A month column blank
    below a month (a merged cell exported to CSV: the month on its block's first row) goes on
    with the month above; above the first month, or with no month column, the title's month."""
    ctx = cells.ctx
    year = ctx.table.period.end.year if ctx.table.period else (ctx.report_date.year if ctx.report_date else None)
    fallback = title_month(ctx)
    said_by_title = next((line for line in ctx.table.title_lines if fallback and _names_month(line, fallback)),
                         None)
    if not ctx.has(name):
        return [fallback] * len(rows), [said_by_title] * len(rows)

    def convert(value):
        if value is None or not cell_text(value):
            return None
        try:
            return _month_text(value, year)
        except ValueError:
            return ValueError
    months = cells.distinct_values(name, rows, convert)
    texts = [cell_text(v) for v in cells.raws(name, rows)]  # for messages only
    out, said = [], []
    above, above_text = None, None
    for k, (month, text) in enumerate(zip(months, texts)):
        if month is ValueError:
            cells.fail("date-error", f'"{text}" không phải là tháng (cần dạng 4/2026)', k, name,
                       cells.raws(name, rows[k:k + 1])[0])
            month = None
        elif month is not None:
            above, above_text = month, f'"{text}" (dòng {cells.row_no(rows[k])})'
        elif above is not None:
            month, text = above, above_text  # the block's month, written on its first row
        elif fallback is not None:
            month, text = fallback, said_by_title
        else:
            cells.fail("missing-cell", "không có tháng (ô trống và tiêu đề không ghi một tháng)", k, name)
        out.append(month)
        said.append(text if month is not None else None)
    return out, said


def _names_month(line: str, month) -> bool:
    words = fold_words(line)
    return f"thang {month.month} " in words + " " or f"thang {month.month:02d} " in words + " " \
        or bool(re.search(r"\bden\b", words))


# A row under a gate that names only a direction: "- Xuất khẩu", "Nhập khẩu", "XK".
_DIRECTION_ONLY = re.compile(r"^(?:kim ngach |tri gia |gia tri )?(xuat khau|nhap khau|xuat|nhap|xk|nk)$")


def _direction_row(text: str) -> str | None:
    return direction_of(text) if _DIRECTION_ONLY.match(fold_words(text)) else None


_GROUPED = ("export_usd", "import_usd", "value_usd", "vehicles", "vehicles_export", "vehicles_import")
_FIGURES = ("value_usd", "ytd_value_usd", "last_year_value_usd")


def build(cells: Cells):
    """One row per gate, month and direction. Export and import come from two columns, from a
    "Xuất/Nhập" column, or from rows under each gate ("- Xuất khẩu", "- Nhập khẩu"); months from a
    month column, from the title, or from month column groups ("Tháng 1 | Tháng 2", each over
    "XK | NK"), each month its own period."""
    ctx = cells.ctx
    ctx.currency = "usd"
    table = ctx.table
    year = ctx.report_year or dt.date.today().year
    groups = apply_month_groups(table, _GROUPED, year)
    if any(period.kind == "quarter" for period, _ in groups):
        _refuse_quarters(cells, groups)
        return cells.records({}, TYPES)
    rows = cells.data_rows([ctx.columns["gate"]])
    gate_texts = cells.texts("gate", rows)
    keep = [k for k, text in enumerate(gate_texts) if not is_total_text(text or "")]
    rows, gate_texts = rows[keep], [gate_texts[k] for k in keep]
    gates = cells.distinct_values("gate", rows, lambda v: gate_name(cell_text(v)))
    named = _header_month(table, year) if not groups and not ctx.has("period") else None
    if groups:
        months, said = [None] * len(rows), [None] * len(rows)
    elif named is not None:  # "Tháng 3" over the figures: their month, whatever the title says
        months, said = [named.first] * len(rows), [f"«{named.label}»"] * len(rows)
    else:
        months, said = row_months(cells, rows)
    under_gate = _rows_under_gates(gate_texts) if _split(ctx, groups) else None
    gate_of = [u[1] if u is not None else k for k, u in enumerate(under_gate)] if under_gate else range(len(rows))
    parts = _parts(cells, rows, groups, under_gate)  # (month group or None, direction(s), figures, rows)
    # In sheet order: by source row, then month, then export before import.
    order = sorted((k, p, j) for p, (_, _, _, at) in enumerate(parts) for j, k in enumerate(at))
    offsets = np.cumsum([0] + [len(at) for _, _, _, at in parts])
    ks = np.fromiter((k for k, _, _ in order), np.int64, len(order))
    picks = np.fromiter((offsets[p] + j for _, p, j in order), np.int64, len(order))
    out: dict[str, object] = {
        "period": [parts[p][0][0].first if parts[p][0] is not None else months[k] for k, p, _ in order],
        "gate": [gates[gate_of[k]] for k in ks.tolist()],
        "direction": [d if isinstance(d := parts[p][1], str) else d[j] for _, p, j in order],
    }
    for name in ("value_usd", "ytd_value_usd", "last_year_value_usd", "vehicles"):
        values = np.concatenate([figures[name][0] for _, _, figures, _ in parts] + [np.zeros(0)])
        present = np.concatenate([figures[name][1] for _, _, figures, _ in parts] + [np.zeros(0, bool)])
        out[name] = (values[picks], present[picks])
    out["source_row"] = cells.row_nos(rows[ks]) if len(ks) else np.zeros(0, np.int64)
    if any(d is None for d in out["direction"]):
        return cells.records({}, TYPES)  # reported where the direction is missing
    cells.problems_in_row_order()
    keys = list(zip(out["period"], out["gate"], out["direction"]))
    if len(set(keys)) != len(keys):
        month_said = [(f"«{parts[p][0][0].label}»" if parts[p][0] is not None else said[k]) for k, p, _ in order]
        _check_duplicates(cells, keys, out["source_row"].tolist(), [gate_texts[gate_of[k]] for k in ks.tolist()],
                          month_said)
    return cells.records({name: out[name] for name in TYPES}, TYPES)


TYPES = {"period": DATE, "gate": TEXT, "direction": TEXT, "value_usd": FLOAT, "ytd_value_usd": FLOAT,
         "last_year_value_usd": FLOAT, "vehicles": FLOAT, "source_row": INT}


def _parts(cells: Cells, rows, groups, under_gate):
    """The figures of the sheet, part by part: (period, direction, {figure: (values, present)},
    indices into rows). `period` is None where months come from a column or the title;
    `direction` a word, or a list (one per row) where a column or a row under the gate says it."""
    ctx = cells.ctx
    n = len(rows)
    none = (np.zeros(n), np.zeros(n, bool))
    everywhere = np.arange(n)
    periods = groups or [None]
    latest = groups[-1][0].first if groups else None
    parts = []
    for group in periods:
        cols = group[1] if group is not None else {}
        is_latest = group is None or group[0].first == latest

        def figure(name, at, *, money=True):
            if group is not None:
                if name in cols:
                    return _figures_at(cells, name, cols[name], at, money)
                if not is_latest or name not in ctx.columns:
                    return (np.zeros(len(at)), np.zeros(len(at), bool))
            if not ctx.has(name):
                return (np.zeros(len(at)), np.zeros(len(at), bool))
            return cells.money(name, at) if money else cells.numbers(name, at)
        wide = [d for d in ("export", "import") if f"{d}_usd" in cols or (group is None and ctx.has(f"{d}_usd"))]
        if wide:
            vehicles = figure("vehicles", rows, money=False)
            for direction in wide:
                own = f"vehicles_{direction}"
                has_own = own in cols or (group is None and ctx.has(own))
                parts.append((group, direction, {
                    "value_usd": figure(f"{direction}_usd", rows),
                    "ytd_value_usd": figure(f"ytd_{direction}_usd", rows),
                    "last_year_value_usd": figure(f"last_year_{direction}_usd", rows),
                    "vehicles": figure(own, rows, money=False) if has_own
                    else (vehicles if direction == "export" else none)}, everywhere))
            continue
        directions = cells.distinct_values("direction", rows, lambda v: direction_of(cell_text(v) or None)) \
            if ctx.has("direction") else [None] * n
        if under_gate is not None:  # "- Xuất khẩu" and "- Nhập khẩu" rows under each gate
            directions = [u[0] if u is not None else None for u in under_gate]
        at = np.asarray([k for k in range(n) if under_gate is None or under_gate[k] is None
                         or under_gate[k][0] != "gate"], np.int64)
        for k in at:
            if directions[k] is None:
                cells.fail("missing-cell", 'không rõ xuất khẩu hay nhập khẩu (cần cột "Xuất/Nhập" hoặc hai cột '
                           '"Xuất khẩu", "Nhập khẩu")', k, "direction" if ctx.has("direction") else "gate")
        directions = [directions[k] for k in at]
        sub = rows[at] if len(at) else rows[:0]
        parts.append((group, directions, {name: figure(name, sub) for name in _FIGURES}
                      | {"vehicles": figure("vehicles", sub, money=False)}, at))
    return parts


def _header_month(table, year: int):
    """The one month the headers of the monthly figures name ("Tháng 3" over "XK | NK"), else None."""
    named = {column_period(table, col, year) for name, col in table.mapping.columns.items()
             if name in ("export_usd", "import_usd", "value_usd")}
    named.discard(None)
    if len({(p.kind, p.first) for p in named}) != 1:
        return None
    period = min(named, key=lambda p: p.label)
    return period if period.kind == "month" else None


def _split(ctx: Context, groups) -> bool:
    """Whether export and import may be rows under each gate: no column says them."""
    return not (ctx.has("export_usd") or ctx.has("import_usd") or ctx.has("direction")
                or any(f in cols for _, cols in groups for f in ("export_usd", "import_usd")))


def _figures_at(cells: Cells, name: str, col: int, rows, money: bool, allow_negative: bool = False):
    """A figure read from one column of a month group, as money (USD) or a count."""
    ctx = cells.ctx
    was = ctx.table.mapping.columns.get(name)
    ctx.table.mapping.columns[name] = col
    ctx._unit_factors.pop(name, None)
    try:
        return cells.money(name, rows, allow_negative=allow_negative) if money else cells.numbers(name, rows)
    finally:
        if was is None:
            del ctx.table.mapping.columns[name]
        else:
            ctx.table.mapping.columns[name] = was
        ctx._unit_factors.pop(name, None)


def _rows_under_gates(gate_texts: list) -> list[tuple[str, int] | None] | None:
    """Per row under a gate that names only a direction ("- Xuất khẩu"): (direction, index of its
    gate's row); per gate row with such rows below it: ("gate", its own index); else None. None
    when the sheet has no such rows."""
    directions = [_direction_row(t or "") for t in gate_texts]
    if not any(directions):
        return None
    out: list[tuple[str, int] | None] = []
    gate = None
    for k, direction in enumerate(directions):
        if direction is None:
            gate = k if k + 1 < len(directions) and directions[k + 1] is not None else None
            out.append(("gate", k) if gate is not None else None)
        else:
            out.append((direction, gate) if gate is not None else None)
    return out


def _refuse_quarters(cells: Cells, groups) -> None:
    table = cells.ctx.table
    stated = ", ".join(f"«{period.label}»" for period, _ in groups)
    cells.fail_at("by-quarter", f"biểu ghi số liệu theo quý ({stated}); kim ngạch được lưu theo từng tháng: "
                  "hãy gửi biểu theo tháng", sheet=table.sheet.name, row=table.header_top + 1)


def _check_duplicates(cells: Cells, keys: list, row_nos: list, gate_texts: list, month_said: list) -> None:
    """A gate, month and direction twice, quoting the gate and the month as the file writes them."""
    table = cells.ctx.table
    seen = {}
    for i, key in enumerate(keys):
        if key[0] is None:
            continue
        if key in seen:
            direction = "xuất khẩu" if key[2] == "export" else "nhập khẩu"
            month = f", tháng {month_said[i]}" if month_said[i] else ""
            cells.fail_at("duplicate-key", f'cửa khẩu "{gate_texts[i]}"{month} ({direction}) trùng với dòng '
                          f"{seen[key]}", sheet=table.sheet.name, row=row_nos[i], column=table.header_label("gate"))
        seen.setdefault(key, row_nos[i])
