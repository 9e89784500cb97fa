"""Large xlsx sheets read and checked column by column instead of cell by cell.

A 100,000-row sheet costs seconds when every cell becomes a Python object and every row is
checked on its own. fastexcel reads the same sheet into Arrow text columns in a fraction of
that; the row checks of `layout.data_rows` and the conversions of `datasets.base.Context` then
run over whole columns, and Python looks only at the few rows that need it (group rows, notes,
totals, cells that are not plain numbers).

This path takes only what it can read exactly as the cell-by-cell reader does. A text column
holds every cell as text, a number cell written the way Rust prints it ("9152.512"), so a text
that reads differently as a Vietnamese number ("635.466" typed as text means 635466) cannot be
told from a number. When the workbook holds such a text where a number column may have it, or
any boolean, formula error or merged cell below the header, or when checking finds any problem
at all, `NotColumnar` sends the file back to the cell-by-cell path, which reads it and words
every problem as always. Small sheets never come here.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .layout import _COLUMN_NUMBER, cell_text, is_column_number_row, is_footer_row, is_stray_row
from .readers import COLUMNAR_MIN_ROWS, RISKY_TEXT, Sheet, SheetScan
from .text import _tidy, nfc
from .values import FormulaError, parse_date, parse_number, parse_quantity

TOP_ROWS = 40  # the header is looked for in the first 30 rows and is at most 3 rows high


class NotColumnar(Exception):
    """This sheet needs the cell-by-cell path."""


@dataclass
class ColumnSheet(Sheet):
    """A large sheet: `rows` holds only its top rows (for finding the table), `columns` every row
    as text, one Arrow array per column (None where the sheet has no cell in a column)."""

    columns: list = field(default_factory=list)
    height: int = 0
    scan: SheetScan | None = None
    risky_texts: frozenset = frozenset()  # texts a number column may not hold here (see module doc)


def read_columnar(path: Path, scans: dict[str, SheetScan]) -> list[Sheet] | None:
    """Every sheet as text columns (the large ones) or grids of text (the others), when
    fastexcel reads them all; else None."""
    try:
        import fastexcel
        reader = fastexcel.read_excel(str(path))
        sheets = []
        for sheet_name in reader.sheet_names:
            name = nfc(sheet_name)
            scan = scans.get(name)
            if scan is None:
                return None
            loaded = reader.load_sheet(sheet_name, header_row=None, skip_rows=0, dtypes="string")
            batch = loaded.to_arrow()
            infos = loaded.selected_columns
            width = max((info.absolute_index + 1 for info in infos), default=0)
            columns = [None] * width
            for info, column in zip(infos, batch.columns):
                columns[info.absolute_index] = column
            height = batch.num_rows
            visible = loaded.visible == "visible"
            if height < COLUMNAR_MIN_ROWS:
                sheets.append(Sheet(name, _grid(columns, 0, height, scan), list(scan.merged), visible,
                                    scan.hidden_columns))
                continue
            sheets.append(ColumnSheet(name, _grid(columns, 0, min(TOP_ROWS, height), scan), list(scan.merged),
                                      visible, scan.hidden_columns, columns=columns, height=height, scan=scan,
                                      risky_texts=_risky_texts(path) | scan.risky_texts))
        return sheets
    except Exception:  # anything fastexcel cannot read, the cell-by-cell reader reads or words
        return None


CSV_CHUNK_ROWS = 50_000  # rows held as Python texts at a time while a large CSV becomes Arrow columns
# A cell that a text column would read as a plain number but a Vietnamese text reads otherwise ("1.234"
# is 1234): in a CSV every cell is text, so each such cell keeps the file off this path (RE2 syntax).
_CSV_RISKY = r"^-?(?:[1-9][0-9]*|0[0-9]+)\.[0-9]{3}$"


def read_csv_columnar(path: Path) -> ColumnSheet | None:
    """A large CSV as text columns, read as a stream so that the file is never held as Python
    texts all at once; None when it is small (the cell-by-cell reader takes it). The same texts
    as readers.read_csv: decoded the same way, NFC, split by the same separator."""
    from .readers import csv_lines

    raw = path.read_bytes()
    if raw.count(b"\n") < COLUMNAR_MIN_ROWS:
        return None
    done: list[list[pa.Array]] = []  # per column, its arrays chunk by chunk
    height = 0
    top: list[list[str]] = []

    def flush(chunk: list[list[str]]) -> None:
        nonlocal height
        width = max(len(done), max(map(len, chunk), default=0))
        while len(done) < width:
            done.append([pa.nulls(height, pa.string())] if height else [])
        for col in range(width):
            done[col].append(string_array([row[col] if col < len(row) else None for row in chunk]))
        height += len(chunk)

    chunk: list[list[str]] = []
    for row in csv_lines(raw):
        if len(top) < TOP_ROWS:
            top.append(row)
        chunk.append(row)
        if len(chunk) == CSV_CHUNK_ROWS:
            flush(chunk)
            chunk = []
    if chunk:
        flush(chunk)
    del raw, chunk
    columns = [pa.concat_arrays(parts) if len(parts) > 1 else parts[0] for parts in done]
    risky = set()
    for column in columns:
        found = pc.filter(column, pc.match_substring_regex(column, _CSV_RISKY))
        if len(found):
            risky.update(pc.unique(found).to_pylist())
    scan = SheetScan(height, [], [], False, frozenset(risky))
    return ColumnSheet(path.stem, _grid(columns, 0, min(TOP_ROWS, height), scan), [], True, columns=columns,
                       height=height, scan=scan, risky_texts=scan.risky_texts)


def _grid(columns: list, start: int, stop: int, scan: SheetScan) -> list[list[object]]:
    """Rows start..stop as the cell-by-cell reader gives them: "" for an empty cell."""
    values = [[""] * (stop - start) if c is None else
              [("" if v is None else v) for v in c.slice(start, stop - start).to_pylist()] for c in columns]
    rows = [list(row) for row in zip(*values)] if values else [[] for _ in range(start, stop)]
    for row, col, text in scan.errors:
        if start <= row < stop and col < len(columns):
            rows[row - start][col] = FormulaError(text)
    return rows


def _risky_texts(path: Path) -> frozenset:
    """Shared texts such as "635.466": a Vietnamese number (635466) as text, 635.466 as a number cell."""
    with zipfile.ZipFile(path) as zf:
        member = next((n for n in zf.namelist() if n.lower() == "xl/sharedstrings.xml"), None)
        if member is None:
            return frozenset()
        data = zf.read(member)
    return frozenset(m.decode() for m in RISKY_TEXT.findall(data))


# ---------------------------------------------------------------- whole-column conversions

# What text.clean leaves as it is: printable characters of the Latin scripts and common symbols,
# all of them NFC as they stand, single spaces between them. Anything else is cleaned in Python.
_PRINTABLE = (r"[!-~\x{A1}-\x{AC}\x{AE}-\x{24F}\x{1E00}-\x{1EFF}\x{2010}-\x{2027}\x{2030}-\x{205E}"
              r"\x{20A0}-\x{20BF}\x{2100}-\x{2125}\x{2127}-\x{2129}\x{212C}-\x{214F}\x{2190}-\x{23FF}"
              r"\x{2460}-\x{24FF}\x{2500}-\x{27BF}]")
_TIDY = f"^{_PRINTABLE}(?:{_PRINTABLE}| {_PRINTABLE})*$"
# Cells a text column would show differently when read as text: dates and times, tiny numbers,
# whole numbers beyond 2^53 (Python writes their exact value, Rust its shortest form).
_NOT_PLAIN_TEXT = r"^(?:\d{4}-\d\d-\d\d[ T]\d\d:\d\d|-?0\.0000|-0$|-?\d{16,}$)"
# layout._COLUMN_NUMBER for RE2, whose \d is ASCII only (Python's takes every decimal digit).
_COLUMN_NUMBER_RE2 = _COLUMN_NUMBER.pattern.replace(r"\d", r"\p{Nd}")
_PLAIN_NUMBER = r"^-?\d+(?:\.\d+)?$"  # how a number cell reads as text
_VIETNAMESE_NUMBER = r"^-?(?:[0-9]+(?:\.[0-9]{3})*,[0-9]+|[0-9]{1,3}(?:\.[0-9]{3}){2,})$"
_ZERO_OR_DASH = r"^\s*(?:[+-]?\(?[0.,\s]*0[0.,\s]*%?\)?|[-–—])\s*$"


def clean_column(values: pa.Array) -> pa.Array:
    """text.clean over a whole column (NFC, trimmed, inner whitespace single), with null for
    an empty or blank cell. A column of few distinct texts is cleaned once per text."""
    encoded = values.dictionary_encode()
    if len(encoded.dictionary) * 2 < len(values):
        return _decode(encoded.indices, clean_column(encoded.dictionary))
    untidy = bools(pc.invert(pc.match_substring_regex(values, _TIDY)))
    if not untidy.any():
        return values
    cleaned = values.to_pylist()
    for i in np.flatnonzero(untidy):
        if cleaned[i] is not None:
            cleaned[i] = _tidy(cleaned[i]) or None
    return string_array(cleaned)


def _decode(indices: pa.Array, dictionary: pa.Array) -> pa.Array:
    """Dictionary indices (null for null) back into values."""
    return dictionary.take(indices)


# Arrow and NumPy meet through buffers here: pyarrow's own conversions (pa.array, to_numpy,
# Python scalars as arguments) import pandas, which would cost more than the whole read.

def bools(mask: pa.Array) -> np.ndarray:
    """A boolean Arrow array as NumPy, null as False."""
    mask = pc.and_kleene(mask, pc.is_valid(mask))
    data = mask.buffers()[1]
    bits = np.unpackbits(np.frombuffer(data, np.uint8), bitorder="little")
    return bits[mask.offset: mask.offset + len(mask)].astype(bool)


def floats(values: pa.Array) -> np.ndarray:
    """A float64 Arrow array without nulls as NumPy."""
    return np.frombuffer(values.buffers()[1], np.float64)[values.offset: values.offset + len(values)]


def _bitmap(mask: np.ndarray) -> pa.Buffer:
    return pa.py_buffer(np.packbits(mask, bitorder="little"))


def index_array(indices: np.ndarray) -> pa.Array:
    indices = np.ascontiguousarray(indices, np.int64)
    return pa.Array.from_buffers(pa.int64(), len(indices), [None, pa.py_buffer(indices)])


def optional(values: np.ndarray, present: np.ndarray) -> pa.Array:
    """Numbers with None where a cell held none."""
    values = np.ascontiguousarray(values, np.float64)
    return pa.Array.from_buffers(pa.float64(), len(values), [_bitmap(present), pa.py_buffer(values)])


def int_array(values: np.ndarray) -> pa.Array:
    return index_array(values)


def bool_array(values) -> pa.Array:
    values = np.asarray(values, bool)
    return pa.Array.from_buffers(pa.bool_(), len(values), [None, _bitmap(values)])


_EPOCH = dt.date(1970, 1, 1)


def date_array(dates: list) -> pa.Array:
    """Python dates (None for null) as an Arrow date32 array."""
    days = np.fromiter(((0 if d is None else (d - _EPOCH).days) for d in dates), np.int32, len(dates))
    valid = np.fromiter((d is not None for d in dates), bool, len(dates))
    return pa.Array.from_buffers(pa.date32(), len(dates), [_bitmap(valid), pa.py_buffer(days)])


STRING_CHUNK = 65_536  # texts encoded at a time: a column's bytes are held once, not per text as well


def string_array(texts: list) -> pa.Array:
    """Python texts (None for null) as an Arrow string array."""
    if len(texts) > STRING_CHUNK:
        return pa.concat_arrays([string_array(texts[i:i + STRING_CHUNK]) for i in range(0, len(texts), STRING_CHUNK)])
    encoded = [b"" if t is None else t.encode("utf-8") for t in texts]
    offsets = np.zeros(len(encoded) + 1, np.int32)
    np.cumsum(np.fromiter(map(len, encoded), np.int64, len(encoded)), out=offsets[1:])
    valid = np.fromiter((t is not None for t in texts), bool, len(texts))
    return pa.Array.from_buffers(pa.string(), len(texts),
                                 [_bitmap(valid), pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))])


def python_texts(values: pa.Array) -> list:
    """values.to_pylist(), with one Python text per distinct value where values repeat (an
    investor, a commune, a status written on every row): a large sheet then costs a pointer a
    row for such a column, not a text a row."""
    if len(values) < STRING_CHUNK:
        return values.to_pylist()
    encoded = values.dictionary_encode()
    if len(encoded.dictionary) * 2 > len(values):
        return values.to_pylist()
    words = np.empty(len(encoded.dictionary) + 1, object)
    words[:-1] = encoded.dictionary.to_pylist()  # the last stays None, for null cells
    indices = encoded.indices
    positions = np.frombuffer(indices.buffers()[1], np.int32)[indices.offset: indices.offset + len(indices)]
    if indices.null_count:
        positions = np.where(bools(pc.is_valid(indices)), positions, len(encoded.dictionary))
    return words[positions].tolist()


def equals_any(values: pa.Array, texts) -> np.ndarray:
    """Whether each value is one of `texts`."""
    texts = [t for t in texts if t]
    if not texts:
        return np.zeros(len(values), bool)
    return bools(pc.match_substring_regex(values, "^(?:" + "|".join(map(re.escape, texts)) + ")$"))


def present(values: pa.Array) -> np.ndarray:
    return bools(pc.is_valid(values))


def has_text_column(values: pa.Array) -> np.ndarray:
    """layout.has_text over a column."""
    lengths = pc.utf8_length(values)
    lengths = np.frombuffer(lengths.buffers()[1], np.int32)[lengths.offset: lengths.offset + len(lengths)]
    return present(values) & (lengths > 0) & ~bools(pc.utf8_is_space(values))


def each_distinct(values: pa.Array, convert) -> tuple[list, np.ndarray]:
    """convert() of each distinct value (and of None), and per row the index of its result."""
    encoded = values.dictionary_encode()
    converted = [convert(value) for value in encoded.dictionary.to_pylist()] + [convert(None)]
    indices = encoded.indices.cast(pa.int64())
    indices = np.frombuffer(indices.buffers()[1], np.int64)[:len(values)]
    return converted, np.where(present(values), indices, len(converted) - 1)


def distinct_values(values: pa.Array, convert) -> list:
    """[convert(v) for v in values], once per distinct value."""
    converted, indices = each_distinct(values, convert)
    out = np.empty(len(converted), object)
    out[:] = converted
    return out[indices].tolist()


class Columns:
    """The data rows of a located table, column by column, with the typed access of Context."""

    def __init__(self, ctx):
        self.ctx = ctx
        table = ctx.table
        sheet = table.sheet
        if not isinstance(sheet, ColumnSheet) or sheet.scan.booleans:
            raise NotColumnar
        start = table.data_start
        if any(row >= start for row, _, _ in sheet.scan.errors):
            raise NotColumnar  # the cell-by-cell path names each error cell
        if any(r1 > r0 and r1 >= start for (r0, _), (r1, _) in sheet.merged):
            raise NotColumnar  # text merged down over data rows
        self.sheet = sheet
        self.start = start
        self.count = max(sheet.height - start, 0)
        self.cells = [None if c is None else c.slice(start) for c in sheet.columns]
        self._clean: dict[int, pa.Array] = {}
        self._first_problem = len(ctx.report.problems)

    columnar = True

    # ---- rows

    def row(self, i: int) -> list[object]:
        """Data row i as the cell-by-cell reader would give it (text values)."""
        return [("" if c is None else (c[int(i)].as_py() or "")) for c in self.cells]

    def row_no(self, i: int) -> int:
        return self.start + int(i) + 1

    def data_rows(self, key_columns: list[int]) -> np.ndarray:
        """layout.data_rows, whole columns at a time: the indices of the rows it yields. Python
        looks only at rows that might be blank, zeros, notes, numbering or the header again."""
        n = self.count
        filled = np.zeros(n, np.int32)
        for c in self.cells:
            if c is not None:
                filled += has_text_column(c)
        labels = self.ctx.table.labels
        any_key = np.zeros(n, bool)
        maybe_stray = np.ones(n, bool)  # a row is zeros only if its key cells are
        maybe_numbers = np.ones(n, bool)
        repeats = np.ones(n, bool)
        for c in key_columns:
            if self.column_at(c) is None:
                continue
            key = self.cleaned(c)
            empty = ~present(key)
            any_key |= ~empty
            maybe_stray &= empty | bools(pc.match_substring_regex(key, _ZERO_OR_DASH))
            maybe_numbers &= empty | bools(pc.match_substring_regex(key, _COLUMN_NUMBER_RE2))
            repeats &= empty | (equals_any(key, labels[c]) if c < len(labels) else False)
        look = (filled <= 3) | maybe_stray | ~any_key | maybe_numbers | repeats
        keep = ~look
        for i in np.flatnonzero(look):
            if filled[i] == 0:
                continue
            row = self.row(i)
            if is_stray_row(row):
                continue
            if filled[i] <= 3 and is_footer_row(row):
                keep[i:] = False
                break
            texts = [cell_text(row[c]) for c in key_columns if c < len(row)]
            if not any(texts):
                continue
            if all(not k or _COLUMN_NUMBER.match(k) for k in texts) and is_column_number_row(row):
                continue
            if all(not t or (c < len(labels) and t in labels[c]) for c, t in zip(key_columns, texts)):
                continue
            keep[i] = True
        return np.flatnonzero(keep)

    # ---- cells

    def column_at(self, col: int | None) -> pa.Array | None:
        return self.cells[col] if col is not None and col < len(self.cells) else None

    def column(self, name: str) -> int | None:
        col = self.ctx.columns.get(name)
        return col if self.column_at(col) is not None else None

    def cleaned(self, col: int) -> pa.Array:
        """cell_text of a whole column, null for empty."""
        if col not in self._clean:
            self._clean[col] = clean_column(self.cells[col])
        return self._clean[col]

    def text_array_at(self, col: int | None, rows: np.ndarray) -> pa.Array:
        """cell_text of one column at the given rows, null for empty."""
        if self.column_at(col) is None:
            return pa.nulls(len(rows), pa.string())
        values = self.cleaned(col).take(index_array(rows))
        if pc.any(pc.match_substring_regex(values, _NOT_PLAIN_TEXT)).as_py():
            raise NotColumnar  # a date or a tiny number: shown another way cell by cell
        return values

    def text_array(self, name: str, rows: np.ndarray) -> pa.Array:
        """Context.text of a field at the given rows, null for None."""
        return self.text_array_at(self.ctx.columns.get(name), rows)

    # The methods of datasets.cells.CellRows, which the datasets' rules read.

    def text_at(self, col: int | None, rows: np.ndarray) -> list[str | None]:
        return python_texts(self.text_array_at(col, rows))

    def texts(self, name: str, rows: np.ndarray) -> list[str | None]:
        return python_texts(self.text_array(name, rows))

    def text_column(self, name: str, rows: np.ndarray) -> pa.Array:
        return self.text_array(name, rows)

    def filled(self, name: str, rows: np.ndarray) -> np.ndarray:
        col = self.column(name)
        if col is None:
            return np.zeros(len(rows), bool)
        return has_text_column(self.cells[col].take(index_array(rows)))

    def raws(self, name: str, rows: np.ndarray) -> list[object]:
        col = self.column(name)
        if col is None:
            return [None] * len(rows)
        return [("" if v is None else v) for v in self.cells[col].take(index_array(rows)).to_pylist()]

    def row_nos(self, rows: np.ndarray) -> np.ndarray:
        return np.asarray(rows, np.int64) + self.start + 1

    def fail(self, kind: str, message: str, i: int, name: str, value: object = None):
        raise NotColumnar  # worded cell by cell

    def fail_at(self, kind: str, message: str, **where):
        raise NotColumnar

    def problems_in_row_order(self) -> None:
        from .datasets.cells import CellRows
        CellRows.problems_in_row_order(self)

    def communes(self, name: str, rows: np.ndarray) -> list[str | None]:
        from .datasets.base import commune_column
        return commune_column(self, name, rows)

    def money_of_parts(self, name: str, cols: list[int], rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Context.money_of_parts: the parts added, each in its column's unit."""
        total, found = np.zeros(len(rows)), np.zeros(len(rows), bool)
        for col in cols:
            values, present = self._numbers_at(col, rows)
            if (values[present] < 0).any():
                raise NotColumnar  # a negative amount, reported cell by cell
            total += np.where(present, values * self.ctx._unit_factor_at(name, col), 0.0)
            found |= present
        return total, found

    def records(self, columns: dict, types: dict[str, str]) -> ColumnRecords:
        """The builder's columns as one Arrow table."""
        self.problems_in_row_order()
        arrays = [_arrow(value, types[name]) for name, value in columns.items()]
        return ColumnRecords(pa.Table.from_arrays(arrays, names=list(columns)))

    def numbers(self, name: str, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Context.number of a field at the given rows: (values, present)."""
        return self._numbers_at(self.column(name), rows)

    def quantities(self, name: str, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str | None]]:
        """CellRows.quantities: numbers, and the unit a cell writes after its number."""
        units: list[str | None] = [None] * len(rows)

        def parse(k, text):
            number, unit = parse_quantity(text)
            units[k] = unit
            return number
        values, found = self._numbers_at(self.column(name), rows, parse)
        return values, found, units

    def _numbers_at(self, col: int | None, rows: np.ndarray, parse=None) -> tuple[np.ndarray, np.ndarray]:
        if self.column_at(col) is None:
            return np.zeros(len(rows)), np.zeros(len(rows), bool)
        raw = self.cells[col].take(index_array(rows))
        risky = self.sheet.risky_texts
        if risky and (len(risky) > 500 or equals_any(raw, sorted(risky)).any()):
            raise NotColumnar  # such a text may be here: only the cell-by-cell reader can tell
        plain_mask = pc.match_substring_regex(raw, _PLAIN_NUMBER)
        plain = bools(plain_mask)
        found = plain.copy()
        values = np.zeros(len(rows))
        if plain.any():
            values[plain] = floats(pc.cast(raw.filter(plain_mask, null_selection_behavior="drop"), pa.float64()))
        # Written the Vietnamese way ("1.234,5", "1000,5", "1.234.567"): parse_number reads the dots as
        # thousands and the comma as the decimal point; so does this, a whole column at once.
        written_mask = pc.and_(pc.invert(plain_mask), pc.match_substring_regex(raw, _VIETNAMESE_NUMBER))
        written = bools(written_mask)
        if written.any():
            texts = pc.replace_substring(raw.filter(written_mask, null_selection_behavior="drop"), ".", "")
            values[written] = floats(pc.cast(pc.replace_substring(texts, ",", "."), pa.float64()))
            found |= written
        others = np.flatnonzero(~plain & ~written & present(raw))
        if len(others):
            texts = raw.take(index_array(others)).to_pylist()
            for i, text in zip(others, texts):
                try:
                    number = parse_number(text) if parse is None else parse(i, text)
                except ValueError:
                    raise NotColumnar from None  # a type error, worded cell by cell
                if number is not None:
                    values[i], found[i] = number, True
        return values, found

    def money(self, name: str, rows: np.ndarray, *, allow_negative: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """Context.money of a field at the given rows, in đồng (or USD): (values, present)."""
        values, found = self.numbers(name, rows)
        if not allow_negative and (values[found] < 0).any():
            raise NotColumnar  # a negative amount, reported cell by cell
        if found.any():
            values = values * self.ctx.unit_factor(name)
        return values, found

    def distinct(self, name: str, rows: np.ndarray, convert) -> tuple[list, np.ndarray]:
        """convert(raw cell) for a field at the given rows, once per distinct cell: the converted
        values and, per row, the index of its value among them."""
        col = self.column(name)
        if col is None:
            return [convert(None)], np.zeros(len(rows), np.int64)
        return each_distinct(self.cells[col].take(index_array(rows)), convert)

    def dates(self, name: str, rows: np.ndarray, **options) -> list:
        """Context.date of a field at the given rows, parsed once per distinct cell."""
        year = self.ctx.report_year

        def convert(value):
            try:
                return parse_date(value, year=year, **options)
            except ValueError:
                raise NotColumnar from None  # a date error, worded cell by cell
        return self.distinct_values(name, rows, convert)

    def distinct_values(self, name: str, rows: np.ndarray, convert) -> list:
        values, indices = self.distinct(name, rows, convert)
        out = np.empty(len(values), object)
        out[:] = values
        return out[indices].tolist()

def _arrow(column, kind: str) -> pa.Array:
    """A builder's column (a list, NumPy values, (values, present), or already Arrow) as Arrow."""
    if isinstance(column, (pa.Array, pa.ChunkedArray)):
        return column
    if isinstance(column, tuple):
        return optional(*column)
    if kind == "text":
        return string_array(list(column))
    if kind == "date":
        return date_array(list(column))
    if kind == "bool":
        return bool_array(column)
    if kind == "int":
        return int_array(np.asarray(column, np.int64))
    values = list(column)
    present = np.fromiter((v is not None for v in values), bool, len(values))
    return optional(np.fromiter((0.0 if v is None else v for v in values), np.float64, len(values)), present)


class ColumnRecords(Sequence):
    """A dataset's rows as one Arrow table; dicts only for whoever iterates them."""

    def __init__(self, table: pa.Table):
        self.table = table

    def __len__(self) -> int:
        return self.table.num_rows

    @cached_property
    def _dicts(self) -> list[dict]:
        return self.table.to_pylist()

    def __getitem__(self, index):
        return self._dicts[index]

    def __iter__(self):
        return iter(self._dicts)

    def column(self, name: str) -> list:
        return self.table.column(name).to_pylist() if name in self.table.column_names else [None] * len(self)
