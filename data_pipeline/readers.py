"""Reading spreadsheets into plain grids of cell values, with guards against hostile files.

Formats: xlsx/xlsm, xls and ods through python-calamine (Rust; cached values only, formulas are
never evaluated and macros never run) and CSV as Vietnamese Excel exports it.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine as calamine

from .problems import reject
from .settings import setting
from .text import nfc, printable
from .values import FormulaError

COLUMNAR_MIN_ROWS = 5000  # a sheet this large is read column by column; below, cell by cell is quick enough
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
BINARY_MAGICS = {
    b"\x89PNG": "ảnh PNG", b"\xff\xd8\xff": "ảnh JPEG", b"GIF8": "ảnh GIF", b"%PDF": "tệp PDF",
    b"\x1f\x8b": "tệp nén gzip", b"Rar!": "tệp nén RAR", b"7z\xbc\xaf": "tệp nén 7z",
}


@dataclass
class Sheet:
    name: str
    rows: list[list[object]]  # rows[i] is spreadsheet row i + 1
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    visible: bool = True
    hidden_columns: frozenset = frozenset()  # 0-based columns hidden in the file (xlsx, ods)

    def __post_init__(self):
        self.name = printable(self.name)  # shown in messages and stored with the load


@dataclass
class Workbook:
    file_name: str
    kind: str  # 'xlsx', 'xls', 'ods', 'csv'
    sheets: list[Sheet]
    columnar: bool = False  # a large sheet was read as text columns (columnar.py)

    def __post_init__(self):
        self.file_name = printable(self.file_name)


def read_workbook(path: str | Path, file_name: str | None = None, *, columnar: bool = False) -> Workbook:
    """Every sheet of a file as grids; raises Rejected with a Vietnamese reason.

    With `columnar`, a large xlsx sheet is read as text columns instead (see columnar.py):
    only its top rows are grids, for finding the table."""
    path = Path(path)
    name = file_name or path.name
    kind = sniff(path, name)
    if kind == "csv":
        if columnar:  # a large CSV as text columns, never all of it as Python texts (columnar.py)
            from .columnar import read_csv_columnar
            sheet = read_csv_columnar(path)
            if sheet is not None:
                return Workbook(name, kind, [sheet], columnar=True)
        return Workbook(name, kind, [read_csv(path)])
    scans = _scan_xlsx(path, name) if kind == "xlsx" else {}
    if columnar and any(scan.rows >= COLUMNAR_MIN_ROWS for scan in scans.values()):
        from .columnar import read_columnar
        sheets = read_columnar(path, scans)
        if sheets is not None:
            return Workbook(name, kind, sheets, columnar=True)
    return Workbook(name, kind, _read_calamine(path, kind, name, scans))


def sniff(path: Path, name: str) -> str:
    """The file's real kind from its bytes, refusing what is not a spreadsheet before reading it."""
    try:
        size = path.stat().st_size
    except OSError:
        raise reject("file-missing", f'Không mở được tệp "{name}".') from None
    if size == 0:
        raise reject("empty-file", f'Tệp "{name}" rỗng (0 byte), không có dữ liệu.')
    max_mb = float(setting("upload", "max_file_mb", 50))
    if size > max_mb * 1024 * 1024:
        raise reject("file-too-large",
                     f'Tệp "{name}" dung lượng {_mb(size, 1)} MB, vượt giới hạn {_mb(max_mb * 1024 * 1024)} MB.')
    with open(path, "rb") as fh:
        head = fh.read(8192)
    for magic, what in BINARY_MAGICS.items():
        if head.startswith(magic):
            raise reject("not-a-spreadsheet", f'Tệp "{name}" là {what}, không phải bảng tính (xlsx, xls, ods, csv).')
    if head.startswith(ZIP_MAGIC):
        return _sniff_zip(path, name)
    if head.startswith(OLE_MAGIC):
        with open(path, "rb") as fh:
            body = fh.read(min(size, 4 * 1024 * 1024))
        if "EncryptedPackage".encode("utf-16-le") in body or "EncryptionInfo".encode("utf-16-le") in body:
            raise _encrypted(name)
        return "xls"
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise reject("not-a-spreadsheet", f'Tệp "{name}" không phải bảng tính (xlsx, xls, ods, csv).')
    return "csv"


def _mb(size: float, decimals: int = 0) -> str:
    """A byte count in MB written the Vietnamese way: 1.234 MB, 100,0 MB, 0,5 MB."""
    mb = size / 1024 / 1024
    if decimals == 0 and not mb.is_integer() and mb < 10:
        decimals = 1
    text = f"{mb:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def _encrypted(name: str):
    return reject("encrypted", f'Tệp "{name}" được đặt mật khẩu (mã hoá); hãy bỏ mật khẩu rồi tải lên lại.')


def _sniff_zip(path: Path, name: str) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            declared = sum(i.file_size for i in infos)
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise reject("corrupt", f'Tệp "{name}" bị hỏng, không đọc được (tệp nén không hợp lệ).') from None
    limit_mb = float(setting("upload", "max_uncompressed_mb", 300))
    if declared > limit_mb * 1024 * 1024:
        raise reject("zip-bomb", f'Tệp "{name}" khi giải nén lên tới {_mb(declared)} MB, '
                                 f'vượt giới hạn {_mb(limit_mb * 1024 * 1024)} MB; tệp bị từ chối.')
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        if "xl/workbook.bin" in names:
            raise reject("unsupported", f'Tệp "{name}" là xlsb; hãy lưu lại dạng .xlsx.')
        return "xlsx"
    if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        return "ods"
    raise reject("not-a-spreadsheet", f'Tệp "{name}" là tệp nén nhưng không phải bảng tính (xlsx, ods).')


def _read_calamine(path: Path, kind: str, name: str, scans: dict[str, SheetScan]) -> list[Sheet]:
    try:
        wb = calamine.CalamineWorkbook.from_path(str(path))
        sheets = []
        for meta in wb.sheets_metadata:
            if meta.typ != calamine.SheetTypeEnum.WorkSheet:
                continue
            sheet = wb.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = list(sheet.merged_cell_ranges or [])
            sheets.append(Sheet(nfc(meta.name), rows, merged, meta.visible == calamine.SheetVisibleEnum.Visible))
        wb.close()
        for sheet in sheets:
            if sheet.name in scans:
                sheet.hidden_columns = scans[sheet.name].hidden_columns
    except calamine.PasswordError:
        raise _encrypted(name) from None
    except Exception:  # calamine raises several kinds for damaged files; all mean the same to a user
        raise reject("corrupt", f'Tệp "{name}" bị hỏng hoặc không đúng định dạng {kind}, không đọc được.') from None
    _put_formula_errors(sheets, {sheet: scan.errors for sheet, scan in scans.items() if scan.errors})
    if kind == "ods":
        _add_ods_merges(path, sheets)
    return sheets


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _add_ods_merges(path: Path, sheets: list[Sheet]) -> None:
    """calamine gives no merged cells for ods; read the spans LibreOffice writes in content.xml."""
    from xml.etree.ElementTree import iterparse

    by_name = {s.name: s for s in sheets}
    row = col = column = 0
    current: Sheet | None = None
    try:
        with zipfile.ZipFile(path) as zf, zf.open("content.xml") as fh:
            for event, el in iterparse(fh, events=("start", "end")):
                tag = el.tag
                if event == "start":
                    if tag == _ODS_TABLE + "table":
                        current, row, column = by_name.get(nfc(el.get(_ODS_TABLE + "name", ""))), 0, 0
                    elif tag == _ODS_TABLE + "table-row":
                        col = 0
                    elif tag == _ODS_TABLE + "table-column" and current is not None:
                        repeated = min(int(el.get(_ODS_TABLE + "number-columns-repeated", 1)), 1000)
                        if el.get(_ODS_TABLE + "visibility") == "collapse":
                            current.hidden_columns = current.hidden_columns | set(range(column, column + repeated))
                        column += repeated
                    continue
                if tag in (_ODS_TABLE + "table-cell", _ODS_TABLE + "covered-table-cell"):
                    rows = int(el.get(_ODS_TABLE + "number-rows-spanned", 1))
                    cols = int(el.get(_ODS_TABLE + "number-columns-spanned", 1))
                    if current is not None and (rows > 1 or cols > 1):
                        current.merged.append(((row, col), (row + rows - 1, col + cols - 1)))
                    col += int(el.get(_ODS_TABLE + "number-columns-repeated", 1))
                    el.clear()
                elif tag == _ODS_TABLE + "table-row":
                    row += int(el.get(_ODS_TABLE + "number-rows-repeated", 1))
                    el.clear()
    except (KeyError, OSError, zipfile.BadZipFile, SyntaxError, ValueError):
        return  # merges only help reading; the cells themselves were read


_CELL_TAG = re.compile(rb"<c\b([^>]*)>(.*?)</c>", re.S)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")


_ROW_NUMBER = re.compile(rb'<row\b[^>]*?\sr="(\d+)"')
_COLUMN_LETTERS = {width: re.compile(rb' r="([A-Z]{%d})\d' % width) for width in (1, 2, 3)}
_WIDE_COLUMN = re.compile(rb' r="[A-Z]{2}')  # any cell beyond column Z
_COLUMNS_OF_WIDTH = {1: 26, 2: 26 + 26 ** 2, 3: 16384}


@dataclass
class SheetScan:
    """What one look at a worksheet's XML tells before any reader parses it."""

    rows: int  # up to the last used row
    errors: list[tuple[int, int, str]]  # (row, column, text) of error cells, 0-based
    merged: list[tuple[tuple[int, int], tuple[int, int]]]
    booleans: bool  # TRUE/FALSE cells
    # Texts of the sheet's own (inline and formula) strings that read as a number with three
    # decimals ("635.466"): a number cell reads the same way in a column read as text.
    risky_texts: frozenset = frozenset()
    hidden_columns: frozenset = frozenset()


_MERGE = re.compile(rb'<mergeCell ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def _scan_xlsx(path: Path, name: str) -> dict[str, SheetScan]:
    """Each worksheet's XML, read once before any reader: refuse a sheet whose used area is too
    large, and note its error cells (#REF!, #DIV/0!), which calamine returns as empty.

    calamine allocates every cell from A1 to the last used one: a stray value in cell XFD1048576
    of a 5 KB file asks for hundreds of GB and kills the process."""
    limit = int(setting("upload", "max_cells", 5_000_000))
    scans = {}
    try:
        with zipfile.ZipFile(path) as zf:
            present = set(zf.namelist())
            for sheet_name, member in _sheet_xml_paths(zf).items():
                if member not in present:
                    continue
                with zf.open(member) as fh:
                    data = fh.read()
                rows, columns = _used_area(data, limit)
                if rows * columns > limit:
                    raise reject("sheet-too-large",
                                 f'Tệp "{name}", sheet "{nfc(sheet_name)}": vùng có dữ liệu kéo dài tới '
                                 f'dòng {_count(rows)}, cột thứ {_count(columns)}, vượt giới hạn {_count(limit)} ô. '
                                 "Hãy xoá các ô thừa nằm xa bên dưới hoặc bên phải bảng rồi tải lên lại.")
                scans[nfc(sheet_name)] = SheetScan(
                    rows, _error_cells(data) if b't="e"' in data else [], _merged_cells(data),
                    b't="b"' in data, _risky_own_texts(data), _hidden_columns(data))
    except (KeyError, OSError, EOFError, zipfile.BadZipFile, zlib.error):
        raise reject("corrupt", f'Tệp "{name}" bị hỏng hoặc không đúng định dạng xlsx, không đọc được.') from None
    return scans


def _used_area(data: bytes, limit: int) -> tuple[int, int]:
    """Rows and columns up to a sheet's last used cell, from row numbers and column letters alone:
    the widest column is looked for exactly only where a rough bound exceeds the limit."""
    rows = max(map(int, _ROW_NUMBER.findall(data)), default=0)
    width = 1
    if _WIDE_COLUMN.search(data):
        width = 3 if _COLUMN_LETTERS[3].search(data) else 2
    if rows * _COLUMNS_OF_WIDTH[width] <= limit:
        return rows, _COLUMNS_OF_WIDTH[width]
    return rows, max(_column_index(c.decode()) + 1 for c in _COLUMN_LETTERS[width].findall(data))


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _error_cells(data: bytes) -> list[tuple[int, int, str]]:
    found = []
    for m in _CELL_TAG.finditer(data):
        attrs = m.group(1)
        if b't="e"' not in attrs:
            continue
        ref, value = _REF.search(attrs), _VALUE.search(m.group(2))
        if ref:
            found.append((int(ref.group(2)) - 1, _column_index(ref.group(1).decode()),
                          value.group(1).decode() if value else "#ERROR"))
    return found


RISKY_TEXT = re.compile(rb"<t(?:\s[^>]*)?>(-?(?!0\.)\d+\.\d{3})</t>")
_FORMULA_TEXT = re.compile(rb'<c [^>]*?t="str"[^>]*>(?:(?!</c>).)*?<v>([^<]*)</v>', re.S)
_RISKY = re.compile(rb"-?(?!0\.)\d+\.\d{3}")


def _risky_own_texts(data: bytes) -> frozenset:
    found = set()
    if b't="inlineStr"' in data:
        found.update(RISKY_TEXT.findall(data))
    if b't="str"' in data:
        found.update(v for v in _FORMULA_TEXT.findall(data) if _RISKY.fullmatch(v))
    return frozenset(v.decode() for v in found)


_COL = re.compile(rb"<col\b[^>]*>")
_COL_SPAN = re.compile(rb'\bmin="(\d+)"[^>]*\bmax="(\d+)"|\bmax="(\d+)"[^>]*\bmin="(\d+)"')


def _hidden_columns(data: bytes) -> frozenset:
    """Columns a <col hidden="1"> hides, 0-based (the <cols> list sits before the cells)."""
    head = data[:max(data.find(b"<sheetData"), 0)]
    hidden = set()
    for m in _COL.finditer(head):
        tag = m.group(0)
        if not re.search(rb'\bhidden="(1|true)"', tag):
            continue
        span = _COL_SPAN.search(tag)
        if span:
            first, last = (int(span[1]), int(span[2])) if span[1] else (int(span[4]), int(span[3]))
            hidden.update(range(first - 1, min(last, first + 1000)))
    return frozenset(hidden)


def _merged_cells(data: bytes) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Merged ranges as calamine gives them: ((first row, first column), (last row, last column)), 0-based."""
    tail = data.rfind(b"</sheetData>")
    merged = []
    for m in _MERGE.finditer(data, max(tail, 0)):
        r0, c0 = int(m[2]) - 1, _column_index(m[1].decode())
        r1, c1 = (int(m[4]) - 1, _column_index(m[3].decode())) if m[3] else (r0, c0)
        merged.append(((r0, c0), (r1, c1)))
    return merged


def _put_formula_errors(sheets: list[Sheet], errors: dict[str, list[tuple[int, int, str]]]) -> None:
    """Put error cells back into the grids calamine read, so that they are reported."""
    for sheet in sheets:
        for row, col, text in errors.get(sheet.name, ()):
            while len(sheet.rows) <= row:
                sheet.rows.append([])
            cells = sheet.rows[row]
            while len(cells) <= col:
                cells.append("")
            cells[col] = FormulaError(text)


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def _sheet_xml_paths(zf: zipfile.ZipFile) -> dict[str, str]:
    workbook = zf.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    targets = {}
    for rel in re.finditer(r"<Relationship\b[^>]*>", rels):
        tag = rel.group(0)
        rid, target = re.search(r'Id="([^"]+)"', tag), re.search(r'Target="([^"]+)"', tag)
        if rid and target:
            t = target.group(1).lstrip("/")
            targets[rid.group(1)] = t if t.startswith("xl/") else "xl/" + t
    out = {}
    for sheet in re.finditer(r"<sheet\b[^>]*>", workbook):
        tag = sheet.group(0)
        name = re.search(r'name="([^"]+)"', tag)
        rid = re.search(r'r:id="([^"]+)"', tag) or re.search(r'\bid="([^"]+)"', tag)
        if name and rid and rid.group(1) in targets:
            out[_xml_unescape(name.group(1))] = targets[rid.group(1)]
    return out


def _xml_unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


# ---------------------------------------------------------------- CSV

def decode_text(raw: bytes) -> str:
    """UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1258; always NFC."""
    if raw.startswith(codecs.BOM_UTF8):
        return nfc(raw[3:].decode("utf-8", "replace"))
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return nfc(raw.decode("utf-16", "replace"))
    try:
        return nfc(raw.decode("utf-8"))
    except UnicodeDecodeError:
        # Windows-1258 writes tone marks as separate combining characters; NFC joins them.
        return nfc(raw.decode("cp1258", "replace"))


def detect_separator(text: str) -> str:
    """';' (Vietnamese Excel), tab or ','. Counted outside quoted cells, since a quoted cell may
    hold any of them; the separator that splits most rows into the same number of cells wins.
    Rows it leaves whole (title lines) count for none, however many there are."""
    sample = text[:50000]
    best, best_score = ",", (-1, -1)
    for sep in (";", "\t", ","):
        rows = [r for r in csv.reader(io.StringIO(sample), delimiter=sep)][:60]
        widths = [len(r) for r in rows if len(r) > 1 and any(c.strip() for c in r)]
        if not widths:
            continue
        common = max(set(widths), key=lambda w: (widths.count(w), w))
        score = (widths.count(common), common)
        if score > best_score:
            best, best_score = sep, score
    return best


def read_csv(path: Path) -> Sheet:
    text = decode_text(path.read_bytes())
    sep = detect_separator(text)
    rows = [list(r) for r in csv.reader(io.StringIO(text), delimiter=sep)]
    return Sheet(path.stem, rows)


def _text_encoding(raw: bytes) -> tuple[str, str]:
    """(codec, errors) that decode_text decodes `raw` with, found without decoding it whole."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "replace"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "replace"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for start in range(0, len(raw), 1 << 20):
            decoder.decode(raw[start:start + (1 << 20)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1258", "replace"
    return "utf-8", "strict"


def csv_lines(raw: bytes):
    """The rows of a CSV file's bytes, as read_csv gives them, one at a time: decoded as
    decode_text decodes, NFC a line at a time (a line break composes with nothing), split by
    the separator detect_separator finds."""
    codec, errors = _text_encoding(raw)

    def lines():
        with io.TextIOWrapper(io.BytesIO(raw), encoding=codec, errors=errors, newline="") as stream:
            for line in stream:
                yield line if line.isascii() else nfc(line)

    sample, size = [], 0
    for line in lines():
        sample.append(line)
        size += len(line)
        if size >= 50000:
            break
    yield from csv.reader(lines(), delimiter=detect_separator("".join(sample)))
