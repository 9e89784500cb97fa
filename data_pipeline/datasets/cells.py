"""The data rows of a located table, field by field: what every dataset's rules read.

A dataset's rules are written once, against the methods of `CellRows`. A small sheet (and every
CSV, xls and ods file) is read by `CellRows`, cell by cell, each problem worded with its cell;
a large xlsx sheet by `columnar.Columns`, which has the same methods over whole Arrow columns
and hands a sheet with any problem back to `CellRows`. The size of a sheet changes how fast
its rows are read, never what they are.

Rows are NumPy arrays of indices into the data rows; a field's cells come back as a list of
values (texts, dates) or as (values, present) NumPy arrays (numbers, money).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..layout import cell_text, data_rows, has_text
from .base import Context, duplicate_problems

# The type of each column a builder returns, for the Arrow table of a large sheet.
TEXT, FLOAT, DATE, BOOL, INT = "text", "float", "date", "bool", "int"


class CellRows:  # the methods every source of rows has (see columnar.Columns)
    """The data rows of a small sheet, read cell by cell through Context."""

    columnar = False

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self._rows: list[list[object]] = []
        self._row_nos: list[int] = []
        self._first_problem = len(ctx.report.problems)

    # ---- rows

    def data_rows(self, key_columns: list[int]) -> np.ndarray:
        """layout.data_rows: the rows below the header that may hold data."""
        for row_no, row in data_rows(self.ctx.table, key_columns):
            self._row_nos.append(row_no)
            self._rows.append(row)
        return np.arange(len(self._rows), dtype=np.int64)

    def row(self, i: int) -> list[object]:
        return self._rows[int(i)]

    def row_no(self, i: int) -> int:
        return self._row_nos[int(i)]

    def row_nos(self, rows: np.ndarray) -> np.ndarray:
        numbers = np.asarray(self._row_nos, np.int64)
        return numbers[rows] if len(rows) else np.zeros(0, np.int64)

    # ---- cells

    def text_at(self, col: int | None, rows: np.ndarray) -> list[str | None]:
        if col is None:
            return [None] * len(rows)
        out = []
        for i in rows:
            row = self._rows[i]
            text = cell_text(row[col]) if col < len(row) else ""
            out.append(text or None)
        return out

    def texts(self, name: str, rows: np.ndarray) -> list[str | None]:
        ctx = self.ctx
        return [ctx.text(self._rows[i], name) for i in rows]

    def text_column(self, name: str, rows: np.ndarray):
        """texts(), in whatever form the source keeps them (a list here, an Arrow array there)."""
        return self.texts(name, rows)

    def filled(self, name: str, rows: np.ndarray) -> np.ndarray:
        """Whether the cell of a field holds anything at all, per row."""
        ctx = self.ctx
        return np.fromiter((has_text(ctx.raw(self._rows[i], name)) for i in rows), bool, len(rows))

    def raws(self, name: str, rows: np.ndarray) -> list[object]:
        ctx = self.ctx
        return [ctx.raw(self._rows[i], name) for i in rows]

    def numbers(self, name: str, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self._figures([self.ctx.number(self._row_nos[i], self._rows[i], name) for i in rows])

    def quantities(self, name: str, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str | None]]:
        """numbers(), where a cell may write its unit after the number: (values, present, units)."""
        ctx = self.ctx
        pairs = [ctx.quantity(self._row_nos[i], self._rows[i], name) for i in rows]
        values, present = self._figures([number for number, _ in pairs])
        return values, present, [unit for _, unit in pairs]

    def money(self, name: str, rows: np.ndarray, *, allow_negative: bool = False) -> tuple[np.ndarray, np.ndarray]:
        ctx = self.ctx
        return self._figures([ctx.money(self._row_nos[i], self._rows[i], name, allow_negative=allow_negative)
                              for i in rows])

    def money_of_parts(self, name: str, cols: list[int], rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ctx = self.ctx
        return self._figures([ctx.money_of_parts(self._row_nos[i], self._rows[i], name, cols) for i in rows])

    @staticmethod
    def _figures(values: list[float | None]) -> tuple[np.ndarray, np.ndarray]:
        present = np.fromiter((v is not None for v in values), bool, len(values))
        return np.fromiter((0.0 if v is None else v for v in values), np.float64, len(values)), present

    def dates(self, name: str, rows: np.ndarray, **options) -> list:
        ctx = self.ctx
        return [ctx.date(self._row_nos[i], self._rows[i], name, **options) for i in rows]

    def communes(self, name: str, rows: np.ndarray) -> list[str | None]:
        ctx = self.ctx
        return [ctx.commune(self._row_nos[i], self._rows[i], name) for i in rows]

    def distinct_values(self, name: str, rows: np.ndarray, convert: Callable) -> list:
        """convert(raw cell) of a field at the given rows (once per distinct cell, where it matters)."""
        ctx = self.ctx
        return [convert(ctx.raw(self._rows[i], name)) for i in rows]

    # ---- problems

    def fail(self, kind: str, message: str, i: int, name: str, value: object = None) -> None:
        """An error in the cell of field `name` on data row i."""
        self.ctx.error(kind, message, self._row_nos[int(i)], name, value)

    def fail_at(self, kind: str, message: str, **where) -> None:
        """An error worded with its position given in full (sheet, row, column)."""
        self.ctx.report.error(kind, message, **where)

    def problems_in_row_order(self) -> None:
        """The problems found while reading the fields, row by row as a person reads the sheet
        (fields are read one after another, each over every row)."""
        problems = self.ctx.report.problems
        found = problems[self._first_problem:]
        found.sort(key=lambda p: -1 if p.row is None else p.row)
        problems[self._first_problem:] = found
        self._first_problem = len(problems)

    # ---- the result

    def records(self, columns: dict, types: dict[str, str]) -> list[dict]:
        """One dict per row from the columns a builder made (lists, or (values, present) pairs)."""
        self.problems_in_row_order()
        lists = {name: as_list(value) for name, value in columns.items()}
        names = list(lists)
        return [dict(zip(names, values)) for values in zip(*lists.values())] if names else []


def as_list(column) -> list:
    """A builder's column as Python values: (values, present) numbers become floats and None."""
    if isinstance(column, tuple):
        values, present = column
        return [float(v) if p else None for v, p in zip(values.tolist(), present.tolist())]
    if isinstance(column, np.ndarray):
        return column.tolist()
    return list(column)


def check_duplicates(cells, keys: list, rows: np.ndarray, field_name: str, shown: list | None = None) -> None:
    """Context.check_duplicates over the keys a builder made."""
    table = cells.ctx.table
    for i, message, text in duplicate_problems(keys, cells.row_nos(rows), shown):
        cells.fail_at("duplicate-key", message, value=text, sheet=table.sheet.name, row=cells.row_no(rows[i]),
                      column=table.header_label(field_name))


def keyed_records(cells, columns: dict, types: dict, keys: list, rows: np.ndarray, code_field: str,
                  name_field: str, names: list):
    """cells.records() of rows keyed by the sheet's code, or where it has no code column by a key
    derived from the row: a key met twice is an error naming the code, or the name written."""
    cells.problems_in_row_order()
    coded = cells.ctx.has(code_field)
    check_duplicates(cells, keys, rows, code_field if coded else name_field, None if coded else names)
    return cells.records(columns, types)


Cells = CellRows  # the type the datasets' rules are written against
