"""Files people download (CSV, xlsx): every text cell that a spreadsheet program would read as a
formula (starting with = + - @, or a tab or carriage return before one) is written with a leading
apostrophe, so opening a downloaded report can never run a formula that came from an uploaded sheet."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value, with a leading apostrophe when it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: Iterable[str], rows: Iterable[Iterable]) -> str:
    buffer = io.StringIO()
    # CRLF line ends (RFC 4180, what Excel writes) also make the writer quote a cell holding a lone \r.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return buffer.getvalue()


def frame_csv(frame: pd.DataFrame) -> bytes:
    """A table as UTF-8 CSV with a byte-order mark, so Vietnamese Excel opens it with its diacritics."""
    rows = (["" if _missing(v) else v for v in row] for row in frame.itertuples(index=False, name=None))
    return ("\ufeff" + csv_text([str(c) for c in frame.columns], rows)).encode("utf-8")


def frame_xlsx(frame: pd.DataFrame, sheet: str = "Dữ liệu") -> bytes:
    """A table as an xlsx workbook; text is always written as text, never as a formula."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    ws = book.add_worksheet(sheet[:31])
    bold = book.add_format({"bold": True})
    for c, name in enumerate(frame.columns):
        ws.write_string(0, c, str(safe_cell(str(name))), bold)
        ws.set_column(c, c, 18)
    for r, row in enumerate(frame.itertuples(index=False, name=None), start=1):
        for c, value in enumerate(row):
            if _missing(value):
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                ws.write_string(r, c, str(safe_cell(str(value))))
            else:
                ws.write_number(r, c, value)
    book.close()
    return buffer.getvalue()


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or str(value) in ("NaT", "<NA>")
