"""Giải ngân vốn đầu tư công: one row per project; group rows give capital source and sector."""

from __future__ import annotations

import re
from collections import Counter

from ..layout import data_rows, is_total_text
from ..text import fold_words
from .base import Context, numbered_row, stable_keys, stt_level

_FUND = re.compile(r"\b(von|ngan sach|nstw|nsdp|nsnn|odа|oda|trai phieu|nguon)\b")
_KEY_YES = {"x", "co", "v", "yes", "true", "1", "trong diem", "✓", "✔"}


def _key_project(text: str | None) -> bool:
    if not text:
        return False
    t = fold_words(text) or text.strip()
    return t in _KEY_YES or text.strip() in ("✓", "✔", "☑")


def build(ctx: Context) -> list[dict]:
    name_col = ctx.columns["project_name"]
    stt_col = _stt_column(ctx)
    candidates = []
    for row_no, row in data_rows(ctx.table, [name_col] if stt_col is None else [name_col, stt_col]):
        token, name = numbered_row(ctx, row, "project_name", stt_col)
        if not name:
            continue
        if not token and is_total_text(name):
            continue  # "Tổng cộng" above or below the projects
        candidates.append((row_no, row, name, token))

    rows: list[dict] = []
    capital_source = None
    sectors: list[tuple[int, str]] = []  # (level, name) of the enclosing non-fund group rows
    previous_letter = None
    levels = []
    for _, _, _, token in candidates:
        level = stt_level(token, previous_letter)
        levels.append(level)
        if level == 0:
            previous_letter = token
    next_levels = []  # the level of the next numbered row below each row
    upcoming = None
    for level in reversed(levels):
        next_levels.append(upcoming)
        if level is not None:
            upcoming = level
    next_levels.reverse()
    for i, (row_no, row, name, token) in enumerate(candidates):
        level = levels[i]
        if level is not None:
            while sectors and sectors[-1][0] >= level:
                sectors.pop()  # a row at this level closes the groups at or below it
        next_level = next_levels[i]
        is_group = level is not None and (level <= 1 or (next_level is not None and next_level > level))
        if is_group and not ctx.text(row, "investor") and not _has_project_code(ctx, row):
            if _FUND.search(fold_words(name)):
                capital_source, sectors = name, []
            else:
                sectors.append((level, name))
            continue
        sector = sectors[-1][1] if sectors else None
        rows.append(_project(ctx, row_no, row, name, capital_source, sector))
    # Projects without a code get a key from name and investor, all computed at once; a project
    # listed once under each of its funds (NSTW, then NSĐP) has its fund in the key too.
    uncoded = [r for r in rows if r["project_id"] is None]
    basis = [(r["project_name"], r["investor"]) for r in uncoded]
    counts = Counter(basis)
    parts = [(*b, r["capital_source"]) if counts[b] > 1 else b for b, r in zip(basis, uncoded)]
    for r, key in zip(uncoded, stable_keys("DA", parts)):
        r["project_id"] = key
    ctx.check_duplicates(rows, "project_id", "project_id" if ctx.has("project_id") else "project_name")
    return rows


def _has_project_code(ctx: Context, row: list[object]) -> bool:
    return ctx.has("project_id") and bool(ctx.text(row, "project_id"))


def _stt_column(ctx: Context) -> int | None:
    for col, parts in enumerate(ctx.table.labels):
        if any(fold_words(p) in ("stt", "tt", "so tt", "so thu tu") for p in parts):
            return col
    first = min(ctx.columns.values())
    return 0 if first > 0 else None


def _project(ctx: Context, row_no: int, row: list[object], name: str,
             capital_source: str | None, sector: str | None) -> dict:
    investor = ctx.text(row, "investor")
    plan = ctx.money(row_no, row, "plan_vnd")
    disbursed = ctx.money(row_no, row, "disbursed_vnd")
    code = ctx.text(row, "project_id")
    record = {
        "project_id": code,  # or a stable key, given in build()
        "project_name": name,
        "investor": investor,
        "location": ctx.text(row, "location"),
        "commune_code": ctx.commune(row_no, row, "location") if ctx.has("location") else None,
        "capital_source": ctx.text(row, "capital_source") or capital_source,
        "sector": ctx.text(row, "sector") or sector,
        "is_key_project": _key_project(ctx.text(row, "is_key_project")),
        "plan_vnd": plan,
        "disbursed_vnd": disbursed,
        "obstacle": ctx.text(row, "obstacle"),
        "source_row": row_no,
    }
    if plan is not None and disbursed is not None and disbursed > plan * 1.0000001:
        ctx.report.warn("disbursed-over-plan",
                        f'dự án "{name}" giải ngân vượt kế hoạch vốn', **ctx.where(row_no, "disbursed_vnd"))
    return record
