"""Building real spreadsheet files inside the reader tests: xlsx, ods and CSV bytes.

A sheet is a list of rows, each a list of cells (str, int, float, date, None); merged cells are
given as Excel ranges ("A5:A6") whose top-left cell holds the text, like departments' sheets.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from pathlib import Path

import xlsxwriter

Rows = list[list[object]]


def _cell_index(ref: str) -> tuple[int, int]:
    m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
    col = 0
    for ch in m[1]:
        col = col * 26 + ord(ch) - 64
    return int(m[2]) - 1, col - 1


def _range(ref: str) -> tuple[int, int, int, int]:
    first, last = ref.split(":")
    (r0, c0), (r1, c1) = _cell_index(first), _cell_index(last)
    return r0, c0, r1, c1


def write_xlsx(path: Path, sheets: dict[str, Rows], merges: dict[str, list[str]] | None = None,
               hidden: tuple[str, ...] = (), hidden_columns: dict[str, list[int]] | None = None) -> Path:
    """One xlsx with the given sheets in order; dates are real Excel dates (dd/mm/yyyy).
    `hidden_columns`: per sheet, 0-based columns hidden as Excel hides them."""
    merges = merges or {}
    book = xlsxwriter.Workbook(str(path))
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    first_shown = None
    for name, rows in sheets.items():
        ws = book.add_worksheet(name)
        covered = set()
        for ref in merges.get(name, []):
            r0, c0, r1, c1 = _range(ref)
            covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None or (r, c) in covered:
                    continue
                if isinstance(value, dt.date):
                    ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
                elif isinstance(value, str):
                    ws.write_string(r, c, value)
                else:
                    ws.write(r, c, value)
        for ref in merges.get(name, []):
            r0, c0, r1, c1 = _range(ref)
            value = rows[r0][c0] if r0 < len(rows) and c0 < len(rows[r0]) else None
            ws.merge_range(r0, c0, r1, c1, "" if value is None else value)
        for col in (hidden_columns or {}).get(name, []):
            ws.set_column(col, col, None, None, {"hidden": True})
        if name in hidden:
            ws.hide()
        elif first_shown is None:
            first_shown = ws
    if first_shown is not None:
        first_shown.activate()  # Excel cannot hide the active sheet
    book.close()
    return path


def write_ods(path: Path, sheets: dict[str, Rows], merges: dict[str, list[str]] | None = None) -> Path:
    """One OpenDocument spreadsheet, merged cells spanned as LibreOffice writes them."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    merges = merges or {}
    doc = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        table = Table(name=name)
        spans, covered = {}, set()
        for ref in merges.get(name, []):
            r0, c0, r1, c1 = _range(ref)
            spans[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
            covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
        for r, row in enumerate(rows):
            tr = TableRow()
            for c, value in enumerate(row):
                if (r, c) in covered:
                    tr.addElement(CoveredTableCell())
                    continue
                attrs = {}
                if (r, c) in spans:
                    attrs = {"numberrowsspanned": spans[(r, c)][0], "numbercolumnsspanned": spans[(r, c)][1]}
                if value is None:
                    cell = TableCell(**attrs)
                elif isinstance(value, bool) or not isinstance(value, (int, float, dt.date)):
                    cell = TableCell(valuetype="string", **attrs)
                    cell.addElement(P(text=str(value)))
                elif isinstance(value, dt.date):
                    cell = TableCell(valuetype="date", datevalue=value.isoformat(), **attrs)
                    cell.addElement(P(text=f"{value:%d/%m/%Y}"))
                else:
                    cell = TableCell(valuetype="float", value=value, **attrs)
                    cell.addElement(P(text=str(value)))
                tr.addElement(cell)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def csv_text(rows: Rows, sep: str = ";") -> str:
    """Rows as Excel exports them: every cell text, quoted where it holds the separator, CRLF."""
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator="\r\n").writerows(
        ["" if v is None else str(v) for v in row] for row in rows)
    return out.getvalue()


def write_csv(path: Path, rows: Rows, *, sep: str = ";", encoding: str = "utf-8") -> Path:
    """encoding 'utf-8', 'utf-8-sig' (with BOM) or 'cp1258' (tone marks decomposed, as Windows writes)."""
    text = csv_text(rows, sep)
    if encoding == "cp1258":
        path.write_bytes(windows_1258_text(text).encode("cp1258"))
    else:
        path.write_bytes(text.encode(encoding))
    return path


_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def windows_1258_text(text: str) -> str:
    """Text decomposed the way Windows-1258 holds it: letters such as 'ư', 'ê', 'ơ' stay whole
    (the code page has them), the five tone marks follow as separate combining characters."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = "".join(p for p in parts if p not in _TONE_MARKS)
        out.append(unicodedata.normalize("NFC", base) + "".join(p for p in parts if p in _TONE_MARKS))
    return "".join(out)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


# ---------------------------------------------------------------- one set of rules, whatever the size

PAD_ROWS = 5000  # with the rows of a sheet, past the size that is read column by column


def padded_rows(rows: Rows) -> Rows:
    """The same sheet made large: rows of zeros below it (left below a table by copied formulas),
    which hold no data, so the sheet's rows, problems and report date must not change."""
    return [list(r) for r in rows] + [[0, 0, 0] for _ in range(PAD_ROWS)]


class SizeChecked:
    """prepare() that, for every xlsx written through `xlsx()`, also reads the sheet padded past
    the column-by-column threshold and asserts the same rows, problems and report date."""

    def __init__(self):
        self.written: dict[Path, tuple[dict, dict]] = {}

    def xlsx(self, path: Path, sheets: dict[str, Rows], merges: dict[str, list[str]] | None = None, **kw) -> Path:
        self.written[Path(path)] = (sheets, merges or {}, kw)
        return write_xlsx(path, sheets, merges, **kw)

    def prepare(self, path, **options):
        from data_pipeline.ingest import prepare
        from data_pipeline.problems import Rejected
        try:
            small = prepare(path, **options)
        except Rejected as exc:
            self._check(path, options, None, exc.problems)
            raise
        self._check(path, options, small, None)
        return small

    def _check(self, path, options, small, problems) -> None:
        from data_pipeline.ingest import prepare
        from data_pipeline.problems import Rejected
        if Path(path) not in self.written or "columnar" in options:
            return  # a large sheet read one way on purpose
        sheets, merges, kw = self.written[Path(path)]
        large = Path(path).with_name("padded_" + Path(path).name)
        write_xlsx(large, {name: padded_rows(rows) for name, rows in sheets.items()}, merges, **kw)
        for columnar in (True, False):
            try:
                big = prepare(large, columnar=columnar, **options)
            except Rejected as exc:
                assert problems is not None, ("rejected once padded", exc.problems)
                assert exc.problems == problems
                continue
            assert problems is None, ("loaded once padded", problems)
            assert list(big.records) == list(small.records)
            assert big.problems == small.problems
            assert (big.dataset, big.report_date, big.columns_read) == (small.dataset, small.report_date,
                                                                         small.columns_read)
