"""Giải ngân vốn đầu tư công: one row per project; group rows give capital source and sector."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import TYPE_CHECKING

import numpy as np

from ..column_dates import month_groups
from ..layout import cell_text, is_total_text
from ..text import fold_words
from .base import Context, columns_under, numbered_texts, stable_keys, stt_level
from .cells import BOOL, FLOAT, INT, TEXT, keyed_records

if TYPE_CHECKING:
    from .cells import Cells

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


def build(cells: Cells):
    """One row per project. Numbered group rows above them ("A. Vốn NSTW", "I. Giáo dục", "a) Dự án
    chuyển tiếp") give their capital source and sector and are not projects; nor are the rows
    under a project that split its figures ("- Vốn NSTW", "Trong đó: …")."""
    ctx = cells.ctx
    if _by_month(cells):
        return cells.records({}, TYPES)
    name_col = ctx.columns["project_name"]
    stt_col = stt_column(ctx)
    rows = cells.data_rows([name_col] if stt_col is None else [name_col, stt_col])
    names = cells.texts("project_name", rows)
    stts = cells.text_at(stt_col, rows)
    investors = cells.texts("investor", rows)
    codes = cells.texts("project_id", rows)
    candidates = []  # (index into rows, token, name)
    for k, (name, stt_text) in enumerate(zip(names, stts)):
        if stt_text and name and stt_text.isdigit():
            candidates.append((k, stt_text, name))  # "12 | Đường A": most rows, spared the steps below
            continue
        token, name = numbered_texts(name or "", stt_text or "")
        if not name or (not token and is_total_text(name)):
            continue  # "Tổng cộng" above or below the projects
        candidates.append((k, token, name))
    named = [bool(investors[k] or codes[k]) for k, _, _ in candidates]  # an investor or a code: a project
    depths, kinds = _depths([token for _, token, _ in candidates],
                     [not n and not token and bool(_FUND_GROUP.match(fold_words(name)))
                      for n, (_, token, name) in zip(named, candidates)])
    groups = _group_rows(depths, kinds, named)
    picked, states = [], []  # per project: its index in candidates, and the (fund, sector) above it
    state = (None, None)
    capital_source = None
    sectors: list[tuple[int, str]] = []  # (depth, name) of the enclosing non-fund group rows
    project_depth = None  # the depth of the project row just above, None after a group row
    project_invested = False  # the project above names its investor
    for j, (k, token, name) in enumerate(candidates):
        depth = depths[j]
        if project_depth is not None and project_invested and not named[j] and (
                _breakdown_marked(name, token) or (depth is not None and project_depth >= 0 and depth > project_depth)):
            continue  # "- Vốn NSTW", "Trong đó: …" under a project: a part of its figures, not a project
        if depth is not None and sectors and sectors[-1][0] >= depth:
            while sectors and sectors[-1][0] >= depth:
                sectors.pop()  # a row at this depth closes the groups at or below it
            state = (capital_source, sectors[-1][1] if sectors else None)
        if groups[j]:
            if _FUND.search(fold_words(name)):
                capital_source, sectors = name, []
            else:
                sectors.append((depth, name))
            project_depth = None
            state = (capital_source, sectors[-1][1] if sectors else None)
            continue
        picked.append(j)
        states.append(state)
        project_depth, project_invested = (-1 if depth is None else depth), bool(investors[k])
    project_names = [candidates[j][2] for j in picked]
    picked = [candidates[j][0] for j in picked]
    del candidates, names, stts  # a large sheet's per-row lists go before its columns are built
    sources = [fund for fund, _ in states]
    sectors_of = [sector for _, sector in states]
    at = rows[np.asarray(picked, np.int64)]
    amounts = {}
    for field_name in ("plan_vnd", "disbursed_vnd"):
        parts = part_columns(ctx, field_name)
        amounts[field_name] = cells.money_of_parts(field_name, parts, at) if parts else cells.money(field_name, at)
    (plan, has_plan), (disbursed, has_disbursed) = amounts["plan_vnd"], amounts["disbursed_vnd"]
    for k in np.flatnonzero(has_plan & has_disbursed & (disbursed > plan * 1.0000001)):
        cells.ctx.report.warn("disbursed-over-plan", f'dự án "{project_names[k]}" giải ngân vượt kế hoạch vốn',
                              **ctx.where(cells.row_no(at[k]), "disbursed_vnd"))
    capital_sources = [own or above for own, above in zip(cells.texts("capital_source", at), sources)]
    sector_names = [own or above for own, above in zip(cells.texts("sector", at), sectors_of)]
    project_investors = [investors[k] for k in picked]
    project_codes = [codes[k] for k in picked]
    # Projects without a code get a key from name and investor, all computed at once; a project
    # listed once under each of its funds (NSTW, then NSĐP) has its fund in the key too.
    uncoded = [k for k, code in enumerate(project_codes) if code is None]
    basis = [(project_names[k], project_investors[k]) for k in uncoded]
    if len(set(basis)) != len(basis):
        counts = Counter(basis)
        basis = [(*b, capital_sources[k]) if counts[b] > 1 else b for b, k in zip(basis, uncoded)]
    for k, key in zip(uncoded, stable_keys("DA", basis)):
        project_codes[k] = key
    marks = cells.distinct_values("is_key_project", at, lambda v: _key_project(cell_text(v) or None)) \
        if ctx.has("is_key_project") else [False] * len(at)
    columns = {
        "project_id": project_codes if uncoded else cells.text_column("project_id", at),
        "project_name": project_names,
        "investor": cells.text_column("investor", at),
        "location": cells.text_column("location", at),
        "commune_code": cells.communes("location", at) if ctx.has("location") else [None] * len(at),
        "capital_source": capital_sources,
        "sector": sector_names,
        "is_key_project": marks,
        "plan_vnd": (plan, has_plan),
        "disbursed_vnd": (disbursed, has_disbursed),
        "obstacle": cells.text_column("obstacle", at),
        "source_row": cells.row_nos(at),
    }
    return keyed_records(cells, columns, TYPES, project_codes, at, "project_id", "project_name", project_names)


TYPES = {"project_id": TEXT, "project_name": TEXT, "investor": TEXT, "location": TEXT, "commune_code": TEXT,
         "capital_source": TEXT, "sector": TEXT, "is_key_project": BOOL, "plan_vnd": FLOAT,
         "disbursed_vnd": FLOAT, "obstacle": TEXT, "source_row": INT}


def _depths(tokens: list[str], fund_rows: list[bool]) -> tuple[list[int | None], list[int | None]]:
    """How deep each numbered row sits, by the order in which kinds of numbering open under one
    another: "I", then "a)", then "1" puts "a" above "1" (a lettered sub-group of a sector),
    "1" then "a" puts it below (the items of a project). A kind met again closes what opened
    after it. A fund group row with no numbering sits above all; an unnumbered row has none."""
    depths: list[int | None] = []
    kinds: list[int | None] = []
    opened: list[int] = []  # the kinds of numbering open, outermost first (stt_level values)
    previous_letter = None
    for token, fund in zip(tokens, fund_rows):
        if fund:
            opened = [FUND_LEVEL]
            depths.append(0)
            kinds.append(FUND_LEVEL)
            continue
        if token.isdigit() and opened and opened[-1] == 2:  # "12" after "11": most rows
            kinds.append(2)
            depths.append(len(opened) - 1)
            continue
        kind = stt_level(token, previous_letter)
        kinds.append(kind)
        if kind == 0:
            previous_letter = token
        if kind is None:
            depths.append(None)
            continue
        if kind in opened:
            del opened[opened.index(kind) + 1:]
        elif kind <= 1:  # "A" and "I" open above whatever is open but a fund row and each other
            while opened and opened[-1] != FUND_LEVEL and opened[-1] >= kind:
                opened.pop()
            opened.append(kind)
        else:
            opened.append(kind)
        depths.append(opened.index(kind))
    return depths, kinds


def _group_rows(depths: list[int | None], kinds: list[int | None], named: list[bool]) -> list[bool]:
    """A numbered row naming no investor or code is a group when it is numbered A or I (or is a
    fund row), or when what follows it, before the next row as deep or shallower, lies deeper or
    names an investor: "a) Dự án chuyển tiếp" over its projects, also over a single one."""
    groups = [False] * len(depths)
    for j, (depth, kind) in enumerate(zip(depths, kinds)):
        if depth is None or named[j]:
            continue
        if kind <= 1:  # a fund row, "A", "I"
            groups[j] = True
            continue
        for later in range(j + 1, len(depths)):
            if depths[later] is not None:
                groups[j] = depths[later] > depth
                break
            if named[later]:  # an unnumbered project below it
                groups[j] = True
                break
    for j, (depth, kind) in enumerate(zip(depths, kinds)):
        if groups[j] or depth is None or named[j]:
            continue
        # "b) Dự án khởi công mới" holding nothing yet, after "a) Dự án chuyển tiếp": a group like it
        before = next((i for i in range(j - 1, -1, -1) if depths[i] is not None and depths[i] <= depth), None)
        groups[j] = before is not None and depths[before] == depth and kinds[before] == kind and groups[before]
    return groups


def _by_month(cells: Cells) -> bool:
    """A disbursement written month by month ("Giải ngân tháng 4 | Giải ngân tháng 5") where the
    disbursement read is one month's: the contract's figure is cumulative, so the sheet is refused."""
    ctx = cells.ctx
    table = ctx.table
    year = ctx.report_year or dt.date.today().year
    groups = month_groups(table, ("disbursed_vnd",), year)
    col = ctx.columns.get("disbursed_vnd")
    if not groups or col not in {c for _, cols in groups for c in cols.values()}:
        return False
    months = ", ".join(f"«{period.label}»" for period, _ in groups)
    cells.fail_at("by-month", f"biểu ghi giải ngân của từng tháng ({months}), không có cột giải ngân lũy kế đến "
                  "ngày báo cáo: hãy thêm cột lũy kế (hoặc gửi biểu lũy kế)", sheet=table.sheet.name,
                  row=table.header_top + 1)
    return True


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


def stt_column(ctx: Context) -> int | None:
    for col, parts in enumerate(ctx.table.labels):
        if any(fold_words(p) in ("stt", "tt", "so tt", "so thu tu") for p in parts):
            return col
    first = min(ctx.columns.values())
    return 0 if first > 0 else None
