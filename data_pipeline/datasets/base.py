"""What every dataset builder needs: typed cell access that records problems with their position."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..communes import Located, UnknownCommune, locate
from ..layout import Table, cell_text
from ..problems import Report
from ..text import clean, fold_words, fold_words_rows
from ..values import (UNIT_FACTORS, UNIT_LABELS, is_formula_error, parse_date, parse_number, parse_quantity)


@dataclass
class Context:
    table: Table
    report: Report
    cli_unit: str | None = None  # from --unit: 'dong', 'nghin', 'trieu', 'ty'
    report_date: dt.date | None = None
    currency: str = "vnd"  # 'vnd' or 'usd'
    _unit_warned: bool = field(default=False, repr=False)
    _unit_factors: dict[str, float] = field(default_factory=dict, repr=False)
    _noted: set = field(default_factory=set, repr=False)  # notes on communes already given

    @property
    def sheet(self) -> str:
        return self.table.sheet.name

    @property
    def columns(self) -> dict[str, int]:
        return self.table.mapping.columns

    def has(self, name: str) -> bool:
        return name in self.columns

    def raw(self, row: list[object], name: str) -> object:
        col = self.table.mapping.columns.get(name)
        if col is None or col >= len(row):
            return None
        return row[col]

    def text(self, row: list[object], name: str) -> str | None:
        col = self.table.mapping.columns.get(name)  # raw(), spelt out: this runs for every cell
        if col is None or col >= len(row) or (value := row[col]) is None:
            return None
        if isinstance(value, str):
            return clean(value) or None
        if isinstance(value, (dt.date, dt.datetime)):
            return value.strftime("%d/%m/%Y")
        return cell_text(value) or None

    def where(self, row_no: int, name: str) -> dict:
        return {"sheet": self.sheet, "row": row_no, "column": self.table.header_label(name)}

    def error(self, kind: str, message: str, row_no: int, name: str, value: object = None) -> None:
        self.report.error(kind, message, value=None if value is None else cell_text(value),
                          **self.where(row_no, name))

    def number(self, row_no: int, row: list[object], name: str, *, required: bool = False) -> float | None:
        value = self.raw(row, name)
        try:
            number = parse_number(value)
        except ValueError as exc:
            self._not_a_number(value, exc, self.where(row_no, name))
            return None
        if number is None and required:
            self.error("missing-cell", "ô bỏ trống, cần một số", row_no, name)
        return number

    def quantity(self, row_no: int, row: list[object], name: str) -> tuple[float | None, str | None]:
        """A number, or a number with its unit written after it ("50.000 m³/năm")."""
        value = self.raw(row, name)
        try:
            return parse_quantity(value)
        except ValueError as exc:
            self._not_a_number(value, exc, self.where(row_no, name))
            return None, None

    def _not_a_number(self, value: object, exc: ValueError, where: dict) -> None:
        self.report.error("formula-error" if is_formula_error(value) else "type-error",
                          f'"{cell_text(value)}" {exc}' if not is_formula_error(value) else str(exc),
                          value=None if value is None else cell_text(value), **where)

    def money_of_parts(self, row_no: int, row: list[object], name: str, cols: list[int]) -> float | None:
        """The sum of a field's amount written in parts over several columns ("vốn năm trước kéo
        dài" and "vốn năm nay"), each in its own unit; None when every part is empty."""
        total = None
        for col in cols:
            value = row[col] if col < len(row) else None
            where = {"sheet": self.sheet, "row": row_no, "column": self.table.column_label(col)}
            try:
                number = parse_number(value)
            except ValueError as exc:
                self._not_a_number(value, exc, where)
                continue
            if number is None:
                continue
            if number < 0:
                self.report.error("negative-amount", f"số tiền âm ({cell_text(value)}) không hợp lệ",
                                  value=cell_text(value), **where)
                continue
            total = (total or 0.0) + number * self._unit_factor_at(name, col)
        return total

    def money(self, row_no: int, row: list[object], name: str, *, required: bool = False,
              allow_negative: bool = False) -> float | None:
        number = self.number(row_no, row, name, required=required)
        if number is None:
            return None
        if number < 0 and not allow_negative:
            self.error("negative-amount", f"số tiền âm ({cell_text(self.raw(row, name))}) không hợp lệ",
                       row_no, name, self.raw(row, name))
            return None
        return number * self.unit_factor(name)

    def unit_factor(self, name: str) -> float:
        if name not in self._unit_factors:  # the same for every row of a column
            self._unit_factors[name] = self._column_unit_factor(name)
        return self._unit_factors[name]

    def _unit_factor_at(self, name: str, col: int) -> float:
        key = f"{name}@{col}"
        if key not in self._unit_factors:
            self._unit_factors[key] = self._column_unit_factor(name, col)
        return self._unit_factors[key]

    def _column_unit_factor(self, name: str, col: int | None = None) -> float:
        col = self.columns[name] if col is None else col
        unit = self.table.column_units.get(col) or self.table.unit
        if unit is None:
            unit = self.cli_unit or self._assumed_unit()
        elif self.cli_unit and UNIT_FACTORS[self.cli_unit] != UNIT_FACTORS[unit] and not self._unit_warned:
            self._unit_warned = True
            self.report.error("unit-conflict",
                              f'bảng ghi đơn vị "{UNIT_LABELS[unit]}" nhưng lệnh chỉ định "{UNIT_LABELS[self.cli_unit]}"',
                              sheet=self.sheet)
        return UNIT_FACTORS[unit]

    def _assumed_unit(self) -> str:
        assumed = "trieu" if self.currency == "vnd" else "usd"
        if not self._unit_warned:
            self._unit_warned = True
            self.report.warn("unit-assumed",
                             f"bảng không ghi đơn vị tính; coi là {UNIT_LABELS[assumed]} "
                             "(dùng --unit để chỉ định)", sheet=self.sheet)
        return assumed

    def date(self, row_no: int, row: list[object], name: str, *, allow_recurring: bool = False):
        value = self.raw(row, name)
        try:
            return parse_date(value, allow_recurring=allow_recurring, year=self.report_year)
        except ValueError as exc:
            self.error("date-error", f'"{cell_text(value)}": {exc}', row_no, name, value)
            return None

    @property
    def report_year(self) -> int | None:
        """The year of the report, for dates a sheet writes without one ("trước 30/6")."""
        if self.report_date is not None:
            return self.report_date.year
        return self.table.period.end.year if self.table.period else None

    def commune(self, row_no: int, row: list[object], name: str) -> str | None:
        value = self.raw(row, name)
        try:
            located = _located(value)
        except UnknownCommune as exc:
            self.unknown_commune(exc, row_no, name, value)
            return None
        if located.note:
            self.note_commune(located.note, row_no, name)
        return located.code

    def unknown_commune(self, exc: UnknownCommune, row_no: int, name: str, value: object) -> None:
        self.error("unknown-commune", exc.reason or f'"{clean(str(exc))}" không phải là xã, phường nào của tỉnh Cao Bằng',
                   row_no, name, value)

    def note_commune(self, note: str, row_no: int, name: str) -> None:
        """An old commune name read as today's: said once, at the first row that writes it."""
        if note not in self._noted:
            self._noted.add(note)
            self.report.warn("old-commune-name", note, **self.where(row_no, name))

    def check_duplicates(self, rows: list[dict], key: str, field_name: str) -> None:
        """A key met twice is an error at its second row (see duplicate_problems)."""
        shown = [r[field_name] for r in rows] if field_name != key else None
        for i, message, text in duplicate_problems([r[key] for r in rows], [r["source_row"] for r in rows], shown):
            self.report.error("duplicate-key", message, value=text, **self.where(rows[i]["source_row"], field_name))


def duplicate_problems(keys: list, row_nos, shown: list | None = None) -> list[tuple[int, str, str]]:
    """(index, message, text quoted) for every key met again, naming the row of its first: the key
    itself, or where it is derived from the row, what a person wrote (`shown`)."""
    if len(set(keys)) == len(keys):
        return []
    seen: dict = {}
    found = []
    for i, key in enumerate(keys):
        if key not in seen:
            seen[key] = int(row_nos[i])
            continue
        text = key if shown is None else shown[i]
        message = f'trùng mã "{text}" với dòng {seen[key]}' if shown is None else f'trùng "{text}" với dòng {seen[key]}'
        found.append((i, message, text))
    return found


@lru_cache(maxsize=4096)
def _located(value: object) -> Located:
    """communes.locate, once per distinct cell: a sheet names the same few communes again and again."""
    return locate(value)


def commune_column(cells, name: str, rows) -> list[str | None]:
    """Context.commune over a whole column read as text (columnar.Columns): each distinct cell
    located once, its note given at the first row that writes it."""
    from ..columnar import NotColumnar

    def convert(value):
        try:
            return _located(value)
        except UnknownCommune:
            raise NotColumnar from None  # an unknown commune, worded cell by cell
    values, indices = cells.distinct(name, rows, convert)
    noted = [k for k, located in enumerate(values) if located.note]
    if noted:
        import numpy as np
        firsts = sorted((int(np.argmax(indices == k)), k) for k in noted if (indices == k).any())
        for i, k in firsts:
            cells.ctx.note_commune(values[k].note, cells.row_no(rows[i]), name)
    return [values[k].code for k in indices.tolist()]


def columns_under(ctx: Context, name: str) -> tuple[str, range] | None:
    """(header, columns) of the merged header cell over a field's column and its neighbours:
    "Kế hoạch vốn" over "Vốn năm 2025 | Vốn năm 2026". None when the field's column has no
    header row above its own (a one-row header, or none given)."""
    if not ctx.has(name) or ctx.table.header_rows < 2:
        return None
    labels = ctx.table.labels
    col = ctx.columns[name]
    parent = labels[col][0]
    if not parent:
        return None
    first = last = col
    while first > 0 and labels[first - 1][0] == parent:
        first -= 1
    while last + 1 < len(labels) and labels[last + 1][0] == parent:
        last += 1
    return parent, range(first, last + 1)


def stable_key(prefix: str, *parts: str | None) -> str:
    """A key that stays the same across monthly loads of the same row: hash of its identifying text."""
    basis = "|".join(fold_words(p or "") for p in parts)
    return f"{prefix}-{hashlib.sha1(basis.encode()).hexdigest()[:10]}"


def stable_keys(prefix: str, rows_of_parts: list[tuple[str | None, ...]]) -> list[str]:
    """[stable_key(prefix, *parts) for parts in rows_of_parts], folding all the texts at once."""
    if not rows_of_parts:
        return []
    width = len(rows_of_parts[0])
    if not width or any(len(parts) != width for parts in rows_of_parts):
        return [stable_key(prefix, *parts) for parts in rows_of_parts]
    columns = [[text or "" for text in column] for column in zip(*rows_of_parts)]
    sha1, start = hashlib.sha1, prefix + "-"
    return [start + sha1(basis.encode()).hexdigest()[:10] for basis in fold_words_rows(columns)]


_STT_LETTER = re.compile(r"^[A-Z]$")
_STT_ROMAN = re.compile(r"^(?=[IVXL])L?X{0,3}(IX|IV|V?I{0,3})$")
_STT_INT = re.compile(r"^\d+$")
_STT_DOTTED = re.compile(r"^\d+(\.\d+)+$")
_STT_LOWER = re.compile(r"^[a-zđ]$")
_STT_END = re.compile(r"\s*[.):\-–]+$")


def stt_token(value: object) -> str:
    text = cell_text(value)
    if text.endswith((".", ")", ":", "-", "–")):
        text = _STT_END.sub("", text).strip() or text  # "a)", "a.", "a -"; a bare "-" stays a bullet
    return text


_NUMBERED = re.compile(r"^(?:([A-Z]|[IVXL]+|\d+|[a-zđ])\s*(?:[.):]|\s[-–])|(\d+(?:\.\d+)+)\.?)\s+(\S.*)$")


def split_numbered(text: str) -> tuple[str, str]:
    """'A. Vốn ngân sách trung ương' → ('A', 'Vốn ngân sách trung ương'); ('', text) when unnumbered."""
    m = _NUMBERED.match(text)
    return (m[1] or m[2], m[3]) if m else ("", text)


def numbered_row(ctx: Context, row: list[object], name_field: str, stt_col: int | None) -> tuple[str, str]:
    """(numbering token, name) of a data row: the STT column and the name column; a group or total
    row written across the merged STT and name cells ("A. VỐN NSTW" in the STT cell); numbering
    written at the start of the name ("1. Đường A") where the STT cell is empty."""
    name = ctx.text(row, name_field) or ""
    stt_text = cell_text(row[stt_col]) if stt_col is not None and stt_col < len(row) else ""
    return numbered_texts(name, stt_text)


def numbered_texts(name: str, stt_text: str) -> tuple[str, str]:
    """numbered_row, given the cleaned texts of the name and STT cells ("" where empty)."""
    if not name:
        token, rest = split_numbered(stt_text)
        return (token, rest) if token or re.search(r"[^\W\d_]{2}", stt_text) else ("", "")
    token = stt_token(stt_text)
    return (token, name) if token else split_numbered(name)


def stt_level(token: str, previous_letter: str | None = None) -> int | None:
    """Depth of a numbering token: A < I < 1 < 1.1 < a < '-' < '+'; None when not a token."""
    if not token:
        return None
    if _STT_ROMAN.match(token) and not (len(token) == 1 and previous_letter and
                                        ord(token) == ord(previous_letter) + 1):
        return 1
    if _STT_LETTER.match(token):
        return 0
    if _STT_INT.match(token):
        return 2
    if _STT_DOTTED.match(token):
        return 2 + token.count(".")
    if _STT_LOWER.match(token):
        return 6
    if token in ("-", "–", "*", "•"):
        return 7
    if token == "+":
        return 8
    return None


LEAF_MARKS = ("-", "–", "*", "•", "+")  # a bullet numbers a leaf item, not a level


class ItemNumbering:
    """Item codes from a numbering column, as revenue and growth reports nest their items: "A",
    "I", "1", "1.1", "a" go deeper level by level, so "4" under "I" under "A" is "A.I.4"; a row
    numbered with a bullet, or not at all, is a leaf coded by its place ("A.I.-3"). The caller
    keeps the stack of enclosing items (one per month where a sheet holds several)."""

    def __init__(self) -> None:
        self.previous_letter: str | None = None
        self.unnumbered = 0

    def level(self, token: str) -> int | None:
        level = stt_level(token, self.previous_letter)
        if level == 0:
            self.previous_letter = token
        return level

    def place(self, stack: list[tuple[int, str]], token: str, level: int | None) -> tuple[str, str | None]:
        """(code, parent code) of an item at `level`, the stack moved to it."""
        if level is None or token in LEAF_MARKS:
            self.unnumbered += 1
            level = level if level is not None else 9
            segment = f"-{self.unnumbered}"
        else:
            segment = token.split(".")[-1]
        while stack and stack[-1][0] >= level:
            stack.pop()
        parent = ".".join(s for _, s in stack) or None
        stack.append((level, segment))
        return ".".join(s for _, s in stack), parent
