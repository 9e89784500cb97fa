"""Giải ngân vốn đầu tư công: one row per project; group rows give capital source and sector."""

from __future__ import annotations

from typing import TYPE_CHECKING

import re
from collections import Counter

from ..layout import cell_text, data_rows, is_total_text
from ..text import fold_words
from .base import Context, columns_under, numbered_row, stable_keys, stt_level

if TYPE_CHECKING:  # the columnar path is imported where it runs
    from ..columnar import ColumnRecords, Columns

_FUND = re.compile(r"\b(von|ngan sach|nstw|nsdp|nsnn|odа|oda|trai phieu|nguon)\b")
# An unnumbered row naming a fund ("Vốn ngân sách Trung ương", "Nguồn vốn NSĐP") with no investor
# and no project code: a group row above everything numbered, as sheets without a group STT write it.
_FUND_GROUP = re.compile(r"^(nguon )?(von|ngan sach|nstw|nsdp|nsnn|oda|trai phieu)\b")
FUND_LEVEL = -1
_KEY_YES = {"x", "co", "v", "yes", "true", "1", "trong diem", "✓", "✔"}


def _key_project(text: str | None) -> bool:
    if not text:
        return False
    t = fold_words(text) or text.strip()
    return t in _KEY_YES or text.strip() in ("✓", "✔", "☑")


def build(ctx: Context) -> list[dict]:
    name_col = ctx.columns["project_name"]
    stt_col = _stt_column(ctx)
    parts = {name: part_columns(ctx, name) for name in ("plan_vnd", "disbursed_vnd")}
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
    for _, row, name, token in candidates:
        level = stt_level(token, previous_letter)
        if level is None and not token and _is_fund_group(ctx, row, name):
            level = FUND_LEVEL
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
    project_level = None  # the numbering level of the project row just above, None after a group row
    for i, (row_no, row, name, token) in enumerate(candidates):
        level = levels[i]
        if project_level is not None and _is_breakdown(ctx, row, name, token, level, project_level, rows[-1]):
            continue  # "- Vốn NSTW", "Trong đó: …" under a project: a part of its figures, not a project
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
            project_level = None
            continue
        sector = sectors[-1][1] if sectors else None
        rows.append(_project(ctx, row_no, row, name, capital_source, sector, parts))
        project_level = -1 if level is None else level
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


def _is_fund_group(ctx: Context, row: list[object], name: str) -> bool:
    return (bool(_FUND_GROUP.match(fold_words(name))) and not ctx.text(row, "investor")
            and not _has_project_code(ctx, row))


# Sub-headers that split an amount by year or fund, parts of its total ("Vốn năm 2025 kéo dài",
# "Vốn năm 2026", "NSTW", "NSĐP"); not those of other figures (an adjusted plan, a month's disbursement).
_PART = re.compile(r"\b(keo dai|nam truoc|chuyen sang|nam nay|nam \d{4}|nstw|nsdp|ns tinh|ngan sach|trung uong|"
                   r"dia phuong|tinh|trong nuoc|nuoc ngoai|oda)\b")
_NOT_PART = re.compile(r"\b(tong|cong|tong so|trong do|dieu chinh|dau nam|bo sung|thang|luy ke|ty le|con lai|"
                       r"chua|uoc|du kien)\b|%")


def part_columns(ctx: Context, name: str) -> list[int]:
    """The columns an amount is split over when the sheet gives no total: "Kế hoạch vốn" over
    "Vốn năm 2025 kéo dài sang 2026 | Vốn năm 2026". Empty when it is written in one column, or
    when a "Tổng" column beside the parts holds the total."""
    from ..recognise import field_score, specs
    group = columns_under(ctx, name)
    if group is None:
        return []
    parent, columns = group
    labels, col = ctx.table.labels, ctx.columns[name]
    spec = specs()[ctx.table.mapping.dataset].fields[name]
    others = {c for field_name, c in ctx.columns.items() if field_name != name}
    parts = []
    for c in columns:
        sub = fold_words(" ".join(p for p in labels[c][1:] if p and p != parent))
        if not sub or _NOT_PART.search(sub):
            if c == col or re.search(r"\b(tong|cong|tong so)\b", sub):
                return []  # the total is written, or the column taken is not a part
            continue
        if c not in others and _PART.search(sub) and field_score(spec, labels[c]) > 0:
            parts.append(c)
    return parts if len(parts) >= 2 and col in parts else []


_BREAKDOWN_MARK = re.compile(r"^(trong do|chia ra|bao gom|gom)\b")


def _breakdown_marked(name: str, token: str) -> bool:
    return token in ("-", "–", "+", "*", "•") or name[:1] in "-–+*•" or bool(_BREAKDOWN_MARK.match(fold_words(name)))


def _is_breakdown(ctx: Context, row: list[object], name: str, token: str, level: int | None,
                  project_level: int, project: dict) -> bool:
    """A row under a project that splits its figures (by fund, by item): no investor or code of its
    own where the project above names its investor, and marked as a part ("-", "+", "Trong đó") or
    numbered deeper than the project ("1" then "a")."""
    if not project["investor"] or ctx.text(row, "investor") or _has_project_code(ctx, row):
        return False
    deeper = level is not None and project_level >= 0 and level > project_level
    return _breakdown_marked(name, token) or deeper


def _has_project_code(ctx: Context, row: list[object]) -> bool:
    return ctx.has("project_id") and bool(ctx.text(row, "project_id"))


def _stt_column(ctx: Context) -> int | None:
    for col, parts in enumerate(ctx.table.labels):
        if any(fold_words(p) in ("stt", "tt", "so tt", "so thu tu") for p in parts):
            return col
    first = min(ctx.columns.values())
    return 0 if first > 0 else None


def _project(ctx: Context, row_no: int, row: list[object], name: str,
             capital_source: str | None, sector: str | None, parts: dict[str, list[int]]) -> dict:
    investor = ctx.text(row, "investor")
    plan, disbursed = (ctx.money_of_parts(row_no, row, name, parts[name]) if parts.get(name)
                       else ctx.money(row_no, row, name) for name in ("plan_vnd", "disbursed_vnd"))
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


def build_columns(cols: Columns) -> ColumnRecords:
    """build(), whole columns at a time (see columnar.py): the same rows, keys and warnings.
    Numbered project rows ("1", "2" ...) are taken together; group rows, rows numbered
    otherwise and rows without numbering go through the steps of build() one by one."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from ..columnar import (ColumnRecords, NotColumnar, bool_array, bools, index_array, int_array, optional,
                            present, string_array)

    ctx = cols.ctx
    if part_columns(ctx, "plan_vnd") or part_columns(ctx, "disbursed_vnd"):
        raise NotColumnar  # amounts written in parts, added up row by row
    name_col = ctx.columns["project_name"]
    stt_col = _stt_column(ctx)
    rows = cols.data_rows([name_col] if stt_col is None else [name_col, stt_col])
    names = cols.text("project_name", rows)
    stts = cols.text_at(stt_col, rows)
    keep = present(names) & bools(pc.match_substring_regex(stts, r"^[0-9]+$"))
    levels = np.where(keep, 2.0, np.nan)
    renamed: dict[int, str] = {}
    previous_letter = None
    others = np.flatnonzero(~keep)
    for i, name, stt_text in zip(others, names.take(index_array(others)).to_pylist(),
                                 stts.take(index_array(others)).to_pylist()):
        original, stt_text = name, stt_text or ""
        token, name = numbered_row_of(name or "", stt_text)
        if not name or (not token and is_total_text(name)):
            continue
        if ctx.has("investor") and (_breakdown_marked(name, token) or (stt_level(token) or 0) >= 3):
            raise NotColumnar  # maybe a part of the project above, read row by row
        keep[i] = True
        if name != original:
            renamed[i] = name
        level = stt_level(token, previous_letter)
        if level == 0:
            previous_letter = token
        if level is None and not token and _FUND_GROUP.match(fold_words(name)):
            level = FUND_LEVEL  # a fund group row, where it names no investor (checked below)
        levels[i] = np.nan if level is None else level

    kept = np.flatnonzero(keep)
    level = levels[kept]
    unnamed = ~present(cols.text("investor", rows[kept])) & ~present(cols.text("project_id", rows[kept]))
    level[(level == FUND_LEVEL) & ~unnamed] = np.nan  # a project named "Vốn ...", with its investor
    with np.errstate(invalid="ignore"):
        if ((level <= 1) & ~unnamed).any():
            raise NotColumnar  # a project numbered like a group: rows below it may be its parts
    numbered = np.flatnonzero(~np.isnan(level))
    following = np.searchsorted(numbered, np.arange(len(kept)), side="right")
    next_level = np.full(len(kept), np.nan)
    has_next = following < len(numbered)
    next_level[has_next] = level[numbered[following[has_next]]]
    with np.errstate(invalid="ignore"):
        group = ~np.isnan(level) & ((level <= 1) | (next_level > level)) & unnamed
        deep_groups = (group & (level >= 2)).any()
        # Project rows numbered like their neighbours close no group unless groups go that deep.
        steps = np.flatnonzero(~np.isnan(level) & ((level != 2) | group | deep_groups))
    sources, sectors_at = [], []
    capital_source = None
    sectors: list[tuple[float, str]] = []
    for k in steps:
        while sectors and sectors[-1][0] >= level[k]:
            sectors.pop()
        if group[k]:
            i = kept[k]
            name = renamed.get(i) or names[int(i)].as_py()
            if _FUND.search(fold_words(name)):
                capital_source, sectors = name, []
            else:
                sectors.append((level[k], name))
        sources.append(capital_source)
        sectors_at.append(sectors[-1][1] if sectors else None)
    projects = np.flatnonzero(~group)
    state = np.searchsorted(steps, projects, side="right") - 1
    state[state < 0] = len(sources)
    sources.append(None)
    sectors_at.append(None)
    at = rows[kept[projects]]

    project_names = names.take(index_array(kept[projects]))
    if renamed:
        fixed = project_names.to_pylist()
        for j, i in enumerate(kept[projects]):
            if i in renamed:
                fixed[j] = renamed[i]
        project_names = string_array(fixed)
    capital_sources = pc.coalesce(cols.text("capital_source", at), string_array(sources).take(index_array(state)))
    sector_names = pc.coalesce(cols.text("sector", at), string_array(sectors_at).take(index_array(state)))
    investors = cols.text("investor", at)
    plan, has_plan = cols.money("plan_vnd", at)
    disbursed, has_disbursed = cols.money("disbursed_vnd", at)
    for k in np.flatnonzero(has_plan & has_disbursed & (disbursed > plan * 1.0000001)):
        ctx.report.warn("disbursed-over-plan", f'dự án "{project_names[int(k)].as_py()}" giải ngân vượt kế hoạch vốn',
                        **ctx.where(cols.row_no(at[k]), "disbursed_vnd"))
    codes = cols.text("project_id", at)
    if codes.null_count:
        codes = codes.to_pylist()
        uncoded = [k for k, code in enumerate(codes) if code is None]
        names_list, investors_list = project_names.to_pylist(), investors.to_pylist()
        basis = [(names_list[k], investors_list[k]) for k in uncoded]
        if len(set(basis)) != len(basis):  # listed once under each of its funds: the fund in the key too
            counts = Counter(basis)
            funds = capital_sources.to_pylist()
            basis = [(*b, funds[k]) if counts[b] > 1 else b for b, k in zip(basis, uncoded)]
        for k, key in zip(uncoded, stable_keys("DA", basis)):
            codes[k] = key
        codes = string_array(codes)
    if pc.count_distinct(codes).as_py() != len(codes):
        raise NotColumnar  # duplicate keys, worded cell by cell
    key_marks = cols.distinct_values("is_key_project", at, lambda v: _key_project(cell_text(v) or None)) \
        if ctx.has("is_key_project") else [False] * len(at)
    communes = cols.distinct_texts("location", at, _checked_commune) if ctx.has("location") \
        else pa.nulls(len(at), pa.string())
    columns = {
        "project_id": codes,
        "project_name": project_names,
        "investor": investors,
        "location": cols.text("location", at),
        "commune_code": communes,
        "capital_source": capital_sources,
        "sector": sector_names,
        "is_key_project": bool_array(key_marks),
        "plan_vnd": optional(plan, has_plan),
        "disbursed_vnd": optional(disbursed, has_disbursed),
        "obstacle": cols.text("obstacle", at),
        "source_row": int_array(at + cols.start + 1),
    }
    return ColumnRecords(pa.Table.from_arrays(list(columns.values()), names=list(columns)))


def numbered_row_of(name: str, stt_text: str) -> tuple[str, str]:
    """base.numbered_row, given the cleaned name and STT texts."""
    from .base import split_numbered, stt_token
    if not name:
        token, rest = split_numbered(stt_text)
        return (token, rest) if token or re.search(r"[^\W\d_]{2}", stt_text) else ("", "")
    token = stt_token(stt_text)
    return (token, name) if token else split_numbered(name)


def _checked_commune(value):
    from ..columnar import NotColumnar
    from ..communes import UnknownCommune
    from .base import _commune_code
    try:
        return _commune_code(value)
    except UnknownCommune:
        raise NotColumnar from None  # an unknown commune, worded cell by cell
