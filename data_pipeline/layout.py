"""Finding the table inside a departmental sheet: title block, header rows, data rows, footer.

A sheet looks like: agency name and quốc hiệu, a title with the period, "Đơn vị tính: ...",
1-3 header rows (merged), a column-number row, maybe a "Tổng cộng" row, the data (with group
rows), then notes and signatures. `locate_table` finds each part.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .readers import Sheet, Workbook
from .recognise import Mapping, recognise
from .text import clean, fold_words
from .values import (Period, find_unit, is_formula_error, is_issue_date_line, parse_number, parse_title_period,
                     stated_as_of, unit_line)

HEADER_SEARCH_ROWS = 30
MAX_HEADER_ROWS = 3

_NUMBER_LIKE = re.compile(r"^[+-]?\(?[\d.,\s]+%?\)?$")
_COLUMN_NUMBER = re.compile(r"^(\(?\d{1,2}\)?|\(?[a-zA-Z]\)?|\(?\d{1,2}\s*=.*\)?|\(\d+\)\s*[=x*/+-].*)$")
_FOOTER = re.compile(r"^(ghi chu|luu y|chu thich|noi nhan|\*)")
# Who signs: a few words ("Thủ trưởng đơn vị", "KT. GIÁM ĐỐC (Ký, ghi rõ họ tên)"); a task that
# begins the same way ("Chủ tịch UBND các xã, phường lập danh sách ...") is data.
_SIGNATURE = re.compile(
    r"^(nguoi lap|nguoi lap bieu|lap bieu|thu truong|giam doc|pho giam doc|kt |tm |q |chu tich|pho chu tich|"
    r"xac nhan|ke toan|truong phong|nguoi ky|nguoi duyet|ky ten|ky ghi ro)"
)
_SIGNATURE_WORDS = 8
# A total row: "Tổng cộng …", "Tổng số …", a bare "Tổng" / "Cộng" ("Cộng chung", "Cộng toàn tỉnh"), or
# one followed only by numbering ("Cộng (A+B)", "Cộng I"). Not "Công nghiệp", "Cống thoát nước",
# "Cổng trường", "Công an tỉnh": they fold alike ("cong …") and are names.
_TOTAL = re.compile(r"^(tong cong|tong so)\b|^(tong|cong)( chung| toan tinh)?$|^(tong|cong)( ([ivxl]+|[a-z]|\d+))+$")
_YEAR = re.compile(r"^(19|20)\d\d$")


def cell_text(value: object) -> str:
    return "" if value is None else clean(value)


def has_text(value: object) -> bool:
    """Whether cell_text(value) is not empty, without building the text (the row checks below
    run on every row of a sheet)."""
    if value is None:
        return False
    if isinstance(value, str):
        return value != "" and not value.isspace()
    return True


def is_number_like(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return bool(_NUMBER_LIKE.match(cell_text(value))) and any(ch.isdigit() for ch in cell_text(value))


def _header_like(row: list[object]) -> bool:
    texts = [cell_text(v) for v in row if cell_text(v)]
    if not texts or is_column_number_row(row):
        return False
    for v in row:
        t = cell_text(v)
        if t and is_number_like(v) and not _YEAR.match(t.split(".")[0]):
            return False
        if is_formula_error(v):
            return False
    return any(re.search(r"[^\W\d_]", t) for t in texts)


def is_header_row(row: list[object]) -> bool:
    return _header_like(row) and sum(1 for v in row if cell_text(v)) >= 2


def is_column_number_row(row: list[object]) -> bool:
    texts = [cell_text(v) for v in row if cell_text(v)]
    return len(texts) >= 2 and all(_COLUMN_NUMBER.match(t) for t in texts)


def is_blank_row(row: list[object]) -> bool:
    return not any(map(has_text, row))


def is_stray_row(row: list[object]) -> bool:
    """Zeros and dashes left below a table (copied formulas, an emptied form): no text, no figure."""
    for v in row:
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            if v:
                return False  # a figure
            continue
        text = cell_text(v)
        if not text or text in ("-", "–", "—"):
            continue
        if not is_number_like(v):
            return False
        try:
            if parse_number(v):
                return False
        except ValueError:
            return False
    return True


def is_footer_row(row: list[object]) -> bool:
    filled = sum(map(has_text, row))
    if not filled or filled > 3:  # more cells than a note or a signature: a data row
        return False
    texts = [cell_text(v) for v in row if has_text(v)]
    first = texts[0]
    words = fold_words(first)
    if _FOOTER.match(words + " "):
        return True
    if _SIGNATURE.match(words + " ") and len(fold_words(re.sub(r"\(.*?\)", " ", first)).split()) <= _SIGNATURE_WORDS:
        return True
    # The place-and-date line above a signature: "Cao Bằng, ngày 05 tháng 5 năm 2026".
    return is_issue_date_line(first)


# What fold_words may turn into "tong ..." or "cong ...": T or C (with or without marks), then o
# or a letter with marks, after anything that is not a letter or digit.
_MAYBE_TOTAL = re.compile(r"^(?:[^\w%]|_)*[TtCcŢţŤťŦŧÇçĆćĈĉĊċČčȚț](?:[Oo]|[^\x00-\x7F])")


def is_total_text(text: str) -> bool:
    # Most names cannot fold to "tong"/"cong": told apart without folding them.
    return bool(_MAYBE_TOTAL.match(text)) and bool(_TOTAL.match(fold_words(text)))


@dataclass
class Table:
    sheet: Sheet
    header_top: int  # 0-based index of the first header row
    header_rows: int
    labels: list[list[str]]  # per column, header parts top to bottom
    mapping: Mapping
    title_lines: list[str]
    unit: str | None  # money unit stated in the title block
    column_units: dict[int, str] = field(default_factory=dict)  # units stated in a header cell
    period: Period | None = None

    @property
    def data_start(self) -> int:
        return self.header_top + self.header_rows

    def header_label(self, field_name: str) -> str:
        col = self.mapping.columns[field_name]
        parts = [p for p in self.labels[col] if p]
        return " - ".join(dict.fromkeys(parts)) or self.mapping_label(field_name)

    def column_label(self, col: int) -> str:
        parts = [p for p in self.labels[col] if p] if col < len(self.labels) else []
        return " - ".join(dict.fromkeys(parts))

    def mapping_label(self, field_name: str) -> str:
        from .recognise import specs
        return specs()[self.mapping.dataset].fields[field_name].label


def header_labels(sheet: Sheet, top: int, height: int) -> list[list[str]]:
    """Per column, the texts of the header rows, with merged cells spread over their span."""
    rows = [list(sheet.rows[r]) for r in range(top, top + height)]
    width = max((len(r) for r in sheet.rows[top: top + height + 2]), default=0)
    for r in rows:
        r.extend([""] * (width - len(r)))
    texts = [[cell_text(v) for v in r] for r in rows]
    for (r0, c0), (r1, c1) in sheet.merged:
        for r in range(max(r0, top), min(r1, top + height - 1) + 1):
            value = cell_text(sheet.rows[r0][c0]) if c0 < len(sheet.rows[r0]) else ""
            for c in range(c0, min(c1, width - 1) + 1):
                texts[r - top][c] = value
    # Without merge information (CSV, xls) a parent label sits in its first column only:
    # carry it right over the sub-labels written below it.
    for i in range(height - 1):
        carry = ""
        for c in range(width):
            if texts[i][c]:
                carry = texts[i][c]
            elif carry and any(texts[j][c] for j in range(i + 1, height)):
                texts[i][c] = carry
            else:
                carry = ""
    return [[texts[i][c] for i in range(height)] for c in range(width)]


def _data_like_group_row(row: list[object]) -> bool:
    """A row such as 'A | Vốn ngân sách trung ương' is data, not a header continuation."""
    first = next((cell_text(v) for v in row if cell_text(v)), "")
    return bool(re.match(r"^([A-Z]|[IVX]{1,5}|\d+(\.\d+)*|[a-z])[.)]?$", first)) or first in ("-", "+")


def _continues_header(sheet: Sheet, top: int, height: int) -> bool:
    """Whether the row below a header block of `height` rows is one more header row.

    A sub-header row sits under merged parent labels: a merged cell of the block reaches down
    into it, or (CSV, where merges are lost) it writes labels in columns the block left blank,
    under a parent label written once on its left. A first data row of plain text (a task list
    with no numbering column) does neither, since the header above it has no holes.
    """
    index = top + height
    row = sheet.rows[index]
    if not _header_like(row) or _data_like_group_row(row):
        return False
    if any(r0 < index <= r1 and top <= r0 for (r0, _), (r1, _) in sheet.merged):
        return True
    block = sheet.rows[top:index]
    labelled = [c for c in range(max(len(r) for r in block))
                if any(c < len(r) and cell_text(r[c]) for r in block)]
    if not labelled:
        return False
    return any(cell_text(v) and c > labelled[0] and c not in labelled for c, v in enumerate(row))


def header_height(sheet: Sheet, top: int) -> int:
    height = 1
    while (height < MAX_HEADER_ROWS and top + height < len(sheet.rows)
           and _continues_header(sheet, top, height)):
        height += 1
    return height


_EXPLANATION_SHEET = re.compile(r"^(huong dan|hd|ghi chu|chu thich|giai thich|thuyet minh|luu y|"
                                r"cach (dien|ghi|nhap)|instructions?|readme|help)\b")


def is_explanation_sheet(name: str) -> bool:
    """A sheet that explains how to fill the form ("Hướng dẫn", "Ghi chú"), never the data."""
    return bool(_EXPLANATION_SHEET.match(fold_words(name)))


def locate_table(workbook: Workbook, dataset: str | None = None) -> Table | None:
    """The best table over all sheets: the header block whose labels name a dataset best, on a
    data sheet rather than an explanation sheet, a visible one; between sheets holding equally
    good tables (one sheet a month), the one stating the latest period, else the first."""
    best: Table | None = None
    best_key = None
    for order, sheet in enumerate(workbook.sheets):
        table = _best_on_sheet(sheet, dataset)
        if table is None:
            continue
        mapping = table.mapping
        key = (mapping.complete, not is_explanation_sheet(sheet.name), mapping.score, sheet.visible,
               table.period.end if table.period else dt.date.min, -order)
        if best_key is None or key > best_key:
            best_key, best = key, table
    return best


def _best_on_sheet(sheet: Sheet, dataset: str | None) -> Table | None:
    best = best_key = None
    for top in range(min(HEADER_SEARCH_ROWS, len(sheet.rows))):
        if not is_header_row(sheet.rows[top]):
            continue
        height = header_height(sheet, top)
        labels = header_labels(sheet, top, height)
        mapping = recognise(labels, dataset)
        if not mapping.columns:
            continue
        key = (mapping.complete, mapping.score, -top)
        if best_key is None or key > best_key:
            best_key, best = key, (top, height, labels, mapping)
    return _table(sheet, *best) if best else None


def _table(sheet: Sheet, top: int, height: int, labels: list[list[str]], mapping: Mapping) -> Table:
    title_lines = []
    unit = None
    for r in range(top):
        texts = [cell_text(v) for v in sheet.rows[r] if cell_text(v)]
        for t in texts:
            title_lines.append(t)
            unit = unit or unit_line(t)
    column_units = {}
    for col, parts in enumerate(labels):
        for p in parts:
            unit = unit or unit_line(p)  # "ĐVT: triệu đồng" written in a header cell of its own
            u = find_unit(p)
            if u:
                column_units[col] = u
    period = _period(title_lines, labels)
    if period is not None:
        _prefer_the_reported_year(labels, mapping, period.end.year)
    return Table(sheet, top, height, labels, mapping, title_lines, unit, column_units, period)


_HEADER_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def _prefer_the_reported_year(labels: list[list[str]], mapping: Mapping, year: int) -> None:
    """A field taken from a column about an earlier year ("Sản lượng khai thác năm 2025") moves to a
    free column naming the same field for the year reported ("Sản lượng khai thác 9 tháng năm
    2026"), the year the title states."""
    from .recognise import field_score, specs
    fields = specs()[mapping.dataset].fields
    used = set(mapping.columns.values())
    for name, col in list(mapping.columns.items()):
        years = [int(y) for y in _HEADER_YEAR.findall(" ".join(labels[col]))]
        if not years or max(years) >= year:
            continue
        for other, parts in enumerate(labels):
            if other in used or year not in [int(y) for y in _HEADER_YEAR.findall(" ".join(parts))]:
                continue
            if field_score(fields[name], parts) > 0:
                used.discard(col)
                used.add(other)
                mapping.columns[name] = other
                break


def _period(title_lines: list[str], labels: list[list[str]]) -> Period | None:
    """The period the title states; where it gives no as-of date and spans more than a month
    ("năm 2026"), a header such as "Giải ngân đến 30/4/2026" says how far the figures run."""
    period = parse_title_period(title_lines)
    if period is not None and (period.as_of or (period.end - period.start).days <= 31):
        return period
    header_as_of = stated_as_of(list(dict.fromkeys(p for parts in labels for p in parts if p)),
                                period.end.year if period is not None else None)
    if header_as_of is None:
        return period
    start = period.start if period is not None and period.start <= header_as_of else None
    return Period(start, header_as_of, as_of=True)


def _merged_down(table: Table) -> dict[int, dict[int, object]]:
    """Row index → {column: text} for the rows a merged data cell covers below its top row.
    Only text: a figure merged over several rows belongs to them together, not to each."""
    rows = table.sheet.rows
    fill: dict[int, dict[int, object]] = {}
    for (r0, c0), (r1, _) in table.sheet.merged:
        if r1 <= r0 or r0 < table.data_start or r0 >= len(rows):
            continue
        value = rows[r0][c0] if c0 < len(rows[r0]) else None
        if not cell_text(value) or is_number_like(value):
            continue
        for r in range(r0 + 1, min(r1, len(rows) - 1) + 1):
            fill.setdefault(r, {})[c0] = value
    return fill


def _repeats_header(table: Table, key_columns: list[int], keys: list[str]) -> bool:
    """The header written again lower down (a sheet printed over several pages)."""
    return all(not text or (c < len(table.labels) and text in table.labels[c])
               for c, text in zip(key_columns, keys))


def data_rows(table: Table, key_columns: list[int]):
    """(spreadsheet row number, row) for every row below the header that may hold data.

    Skips column-number rows, the header repeated lower down, blank rows, rows of nothing but
    zeros and rows with no text in the key columns (left below a table); stops at notes and
    signatures. Total rows are left to the dataset, since in revenue a numbered "Tổng thu" row
    is an item. Text merged down over several rows (an agency over its tasks, a gate over its
    months) is given to each of them.
    """
    rows = table.sheet.rows
    merged_down = _merged_down(table)
    for index in range(table.data_start, len(rows)):
        row = rows[index]
        if index in merged_down:
            row = list(row) + [""] * (max(merged_down[index]) + 1 - len(row))
            for col, value in merged_down[index].items():
                row[col] = value
        filled = sum(map(has_text, row))
        if not filled or is_stray_row(row):  # blank, or zeros
            continue
        if filled <= 3 and is_footer_row(row):  # a note or a signature has few cells
            return
        keys = [cell_text(row[c]) for c in key_columns if c < len(row)]
        if not any(keys):
            continue
        if all(not k or _COLUMN_NUMBER.match(k) for k in keys) and is_column_number_row(row):
            continue  # under the header, or again under a header repeated on each printed page
        if _repeats_header(table, key_columns, keys):
            continue
        yield index + 1, row
