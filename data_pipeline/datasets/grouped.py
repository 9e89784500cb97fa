"""Rows of a report whose units sit under group rows ("I. Cấp tỉnh", "II. Cấp xã"), as the
administrative-procedure and petition reports are laid out. A group row carries a subtotal of
the units below it, so it is not itself a unit."""

from __future__ import annotations

from collections.abc import Iterator

from ..layout import cell_text, data_rows, is_number_like, is_total_text
from ..text import sentence_case
from .base import Context, numbered_row, stt_level


def is_total_row(token: str, name: str) -> bool:
    return not token and is_total_text(name)


def numbered_rows(ctx: Context, name_field: str, code_field: str, *,
                  unnumbered_groups: bool = True) -> Iterator[tuple[int, list, str, str | None]]:
    """(row number, row, name, enclosing group's name) for every unit row; total rows dropped.

    A numbered row is a group when the next numbered row lies deeper ("I" then "1"); an
    unnumbered row holding no figure at all ("Cấp xã") is a group too, unless
    `unnumbered_groups` is False (a list of cases has no figures on its rows)."""
    name_col = ctx.columns[name_field]
    code_col = ctx.columns.get(code_field)
    keys = [name_col] if code_col is None else [name_col, code_col]
    candidates = []
    previous_letter = None
    for row_no, row in data_rows(ctx.table, keys):
        token, name = numbered_row(ctx, row, name_field, code_col)
        if not name or is_total_row(token, name):
            continue
        level = stt_level(token, previous_letter)
        if level == 0:
            previous_letter = token
        candidates.append((row_no, row, name, level))
    next_level = None
    is_group = [False] * len(candidates)
    for i in range(len(candidates) - 1, -1, -1):
        row_no, row, name, level = candidates[i]
        if level is not None:
            is_group[i] = next_level is not None and next_level > level
            next_level = level
        elif unnumbered_groups:
            is_group[i] = not any(is_number_like(v) for c, v in enumerate(row)
                                  if c not in keys and cell_text(v))
    group = None
    for (row_no, row, name, _), grouped in zip(candidates, is_group):
        if grouped:
            group = sentence_case(name)  # "CẤP TỈNH" and "Cấp tỉnh" are the same group
            continue
        yield row_no, row, name, group
