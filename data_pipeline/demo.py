"""Demo data: the spreadsheets Cao Bằng's departments send each month, January to October 2026,
written in the forms they really use and loaded through the same reader as any upload.

The figures are made up but shaped like the province's: the 56 communes, the border gates, the
agencies and key projects of the April 2026 conclusion notice, and a few of every condition the
dashboard warns about (overdue tasks, low disbursement, mines far below their licence, revenue
behind the estimate, a gate behind last year). Everything comes from one seeded random generator
and fixed dates, so two builds give the same figures.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import xlsxwriter

from .ingest import LoadResult, ingest
from .problems import reject
from .settings import DEMO_DIR
from .store import snapshot_path, writer_lock
from .values import is_recurring_text, parse_date

YEAR = 2026
MONTHS = tuple(range(1, 11))
SEED = 20260508
LOADED_BY = "Dữ liệu mẫu"
DEMO_SUFFIXES = (".xlsx", ".csv", ".ods")


def month_end(month: int) -> dt.date:
    return dt.date(YEAR, month, calendar.monthrange(YEAR, month)[1])


def d(day: int, month: int, year: int = YEAR) -> dt.date:
    return dt.date(year, month, day)


def vn_date(value: dt.date) -> str:
    """'31/5/2026', the way titles write it."""
    return f"{value.day}/{value.month}/{value.year}"


# ---------------------------------------------------------------- agencies

UBND = "UBND TỈNH CAO BẰNG"
STC = "Sở Tài chính"
SXD = "Sở Xây dựng"
SCT = "Sở Công Thương"
SNNMT = "Sở Nông nghiệp và Môi trường"
SNV = "Sở Nội vụ"
SGDDT = "Sở Giáo dục và Đào tạo"
SYT = "Sở Y tế"
SVHTTDL = "Sở Văn hóa, Thể thao và Du lịch"
SKHCN = "Sở Khoa học và Công nghệ"
SDTTG = "Sở Dân tộc và Tôn giáo"
VP = "Văn phòng UBND tỉnh"
KKT = "Ban Quản lý Khu kinh tế tỉnh"
BQL_GT = "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh"
BQL_XD = "Ban Quản lý dự án đầu tư và xây dựng tỉnh"
THUE = "Thuế tỉnh Cao Bằng"
HQ = "Chi cục Hải quan khu vực XVI"
KBNN = "Kho bạc Nhà nước khu vực VII"
CA = "Công an tỉnh"
BHXH = "Bảo hiểm xã hội tỉnh"
TK = "Thống kê tỉnh"
BDBP = "Ban Chỉ huy Bộ đội Biên phòng tỉnh"


# ---------------------------------------------------------------- the form every sheet is written in

@dataclass
class Col:
    top: str
    sub: str | None = None  # the second header row; None: `top` is merged over both rows
    width: float = 14
    kind: str = "text"  # text, wrap, center, int, dec, pct, date


@dataclass
class Row:
    cells: list
    style: str = "item"  # item, group, total
    as_text: tuple[int, ...] = ()  # columns whose number is typed as Vietnamese text ("12.345,6")


@dataclass
class Form:
    """A departmental report: title block, two merged header rows, the table, notes, signatures."""

    stem: str
    sheet: str
    agency: tuple[str, str]
    doc_no: str
    issued: dt.date
    titles: list[str]
    unit: str | None
    cols: list[Col]
    rows: list[Row]
    notes: list[str]
    signer: tuple[str, str, str]  # e.g. ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", name)
    preparer: str
    extra_sheet: bool = False  # a second sheet explaining the form, as some departments add


@dataclass
class Grid:
    cells: dict[tuple[int, int], tuple[object, str]] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    n_rows: int = 0
    n_cols: int = 0

    def put(self, r: int, c: int, value: object, style: str, to_c: int | None = None, to_r: int | None = None):
        self.cells[(r, c)] = (value, style)
        if (to_c is not None and to_c > c) or (to_r is not None and to_r > r):
            self.merges.append((r, c, to_r if to_r is not None else r, to_c if to_c is not None else c))
        self.n_rows = max(self.n_rows, (to_r if to_r is not None else r) + 1)


def layout(form: Form) -> Grid:
    """Where every part of the report goes, shared by the xlsx, ods and CSV writers."""
    n = len(form.cols)
    last = n - 1
    split = max(1, n // 3)
    g = Grid(n_cols=n)
    issued = form.issued
    g.put(0, 0, form.agency[0], "agency", to_c=split)
    g.put(0, split + 1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "agency", to_c=last)
    g.put(1, 0, form.agency[1], "agency_bold", to_c=split)
    g.put(1, split + 1, "Độc lập - Tự do - Hạnh phúc", "agency_bold", to_c=last)
    g.put(2, 0, form.doc_no, "plain_center", to_c=split)
    g.put(2, split + 1, f"Cao Bằng, ngày {issued.day:02d} tháng {issued.month} năm {issued.year}",
          "italic_center", to_c=last)
    r = 4
    for i, title in enumerate(form.titles):
        g.put(r, 0, title, "title" if i == 0 else "subtitle", to_c=last)
        r += 1
    if form.unit:
        g.put(r, max(0, last - 2), form.unit, "unit", to_c=last)
        r += 1
    r += 1
    top = r
    c = 0
    while c < n:
        col = form.cols[c]
        if col.sub is None:
            g.put(top, c, col.top, "head", to_r=top + 1)
            c += 1
            continue
        end = c
        while end + 1 < n and form.cols[end + 1].top == col.top and form.cols[end + 1].sub is not None:
            end += 1
        g.put(top, c, col.top, "head", to_c=end)
        for k in range(c, end + 1):
            g.put(top + 1, k, form.cols[k].sub, "head")
        c = end + 1
    for k in range(n):
        g.put(top + 2, k, f"({k + 1})", "colno")
    r = top + 3
    for row in form.rows:
        for k, value in enumerate(row.cells):
            if value is None or value == "":
                g.put(r, k, None, f"{row.style}:{form.cols[k].kind}")
                continue
            kind = form.cols[k].kind
            if k in row.as_text and isinstance(value, (int, float)):
                value = vn_number(value, kind)
            g.put(r, k, value, f"{row.style}:{kind}")
        r += 1
    r += 1
    for note in form.notes:
        g.put(r, 0, note, "note", to_c=last)
        r += 1
    r += 1
    g.put(r, 0, "NGƯỜI LẬP BIỂU", "agency_bold", to_c=split)
    g.put(r, split + 1, form.signer[0], "agency_bold", to_c=last)
    g.put(r + 1, split + 1, form.signer[1], "agency_bold", to_c=last)
    g.put(r + 5, 0, form.preparer, "agency_bold", to_c=split)
    g.put(r + 5, split + 1, form.signer[2], "agency_bold", to_c=last)
    return g


def vn_number(value: float, kind: str) -> str:
    """A number the way Vietnamese Excel shows it: '1.234.567', '1.234,5', '45,3'."""
    if kind in ("dec", "pct"):
        text = f"{value:,.1f}"
    else:
        text = f"{value:,.0f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


# ---------------------------------------------------------------- writers

_NUMBER_FORMATS = {"int": "#,##0", "dec": "#,##0.0", "pct": "0.0", "date": "dd/mm/yyyy"}


def write_xlsx(form: Form, path: Path) -> None:
    g = layout(form)
    wb = xlsxwriter.Workbook(str(path))
    # A fixed creation date keeps the file, and so its sha256, the same on every build.
    wb.set_properties({"created": dt.datetime.combine(form.issued, dt.time(8, 0)), "author": form.agency[1]})
    base = {"font_name": "Times New Roman", "font_size": 11, "valign": "vcenter"}
    cache: dict[str, object] = {}

    def fmt(style: str):
        if style not in cache:
            props = dict(base)
            row_style, _, kind = style.partition(":")
            if kind:
                props.update(border=1, text_wrap=kind in ("wrap", "text"))
                if kind in _NUMBER_FORMATS:
                    props["num_format"] = _NUMBER_FORMATS[kind]
                if kind in ("center", "date"):
                    props["align"] = "center"
                if row_style in ("group", "total"):
                    props["bold"] = True
            else:
                props.update({
                    "agency": {"align": "center"},
                    "agency_bold": {"align": "center", "bold": True},
                    "plain_center": {"align": "center"},
                    "italic_center": {"align": "center", "italic": True},
                    "title": {"align": "center", "bold": True, "font_size": 13},
                    "subtitle": {"align": "center", "italic": True},
                    "unit": {"align": "right", "italic": True},
                    "head": {"align": "center", "bold": True, "border": 1, "text_wrap": True},
                    "colno": {"align": "center", "italic": True, "border": 1},
                    "note": {"italic": True},
                }[row_style])
            cache[style] = wb.add_format(props)
        return cache[style]

    ws = wb.add_worksheet(form.sheet)
    for k, col in enumerate(form.cols):
        ws.set_column(k, k, col.width)
    merged_at = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in g.merges}
    for (r, c), (value, style) in sorted(g.cells.items()):
        if (r, c) in merged_at:
            r1, c1 = merged_at[(r, c)]
            ws.merge_range(r, c, r1, c1, "" if value is None else value, fmt(style))
        elif value is None:
            ws.write_blank(r, c, None, fmt(style))
        elif isinstance(value, dt.date):
            ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), fmt(style))
        else:
            ws.write(r, c, value, fmt(style))
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    if form.extra_sheet:
        guide = wb.add_worksheet("Hướng dẫn")
        guide.set_column(0, 0, 100)
        guide.write(0, 0, "Hướng dẫn lập biểu", fmt("agency_bold"))
        guide.write(1, 0, "Số liệu lũy kế từ ngày 01/01 đến ngày cuối tháng báo cáo; gửi trước ngày 05 tháng sau.")
    wb.close()


def write_csv_cp1258(form: Form, path: Path) -> None:
    """The CSV Vietnamese Excel writes: ';' between cells, decimal comma, Windows-1258 bytes."""
    g = layout(form)
    grid = [["" for _ in range(g.n_cols)] for _ in range(g.n_rows)]
    for (r, c), (value, style) in g.cells.items():
        kind = style.partition(":")[2]
        if value is None:
            continue
        if isinstance(value, dt.date):
            grid[r][c] = value.strftime("%d/%m/%Y")
        elif isinstance(value, (int, float)):
            grid[r][c] = vn_number(value, kind or "int")
        else:
            grid[r][c] = str(value)
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(grid)
    path.write_bytes(to_cp1258(out.getvalue()))


# Windows-1258 keeps â ê ô ă ơ ư đ as letters but writes the five tones as separate combining marks.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_cp1258(text: str) -> bytes:
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(p for p in parts if p in _TONES)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in _TONES))
        out.append(base + tones)
    return "".join(out).encode("cp1258")


def write_ods(form: Form, path: Path) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import CoveredTableCell, Table, TableCell, TableRow
    from odf.text import P

    g = layout(form)
    spans = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in g.merges}
    covered = {(r, c) for r0, c0, r1, c1 in g.merges for r in range(r0, r1 + 1)
               for c in range(c0, c1 + 1) if (r, c) != (r0, c0)}
    doc = OpenDocumentSpreadsheet()
    table = Table(name=form.sheet)
    for r in range(g.n_rows):
        tr = TableRow()
        for c in range(g.n_cols):
            if (r, c) in covered:
                tr.addElement(CoveredTableCell())
                continue
            value, style = g.cells.get((r, c), (None, ""))
            extra = {}
            if (r, c) in spans:
                rows, cols = spans[(r, c)]
                if rows > 1:
                    extra["numberrowsspanned"] = rows
                if cols > 1:
                    extra["numbercolumnsspanned"] = cols
            if value is None:
                tr.addElement(TableCell(**extra))
                continue
            if isinstance(value, dt.date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat(), **extra)
                shown = value.strftime("%d/%m/%Y")
            elif isinstance(value, (int, float)):
                cell = TableCell(valuetype="float", value=value, **extra)
                shown = vn_number(value, style.partition(":")[2] or "int")
            else:
                cell = TableCell(valuetype="string", **extra)
                shown = str(value)
            cell.addElement(P(text=shown))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))


WRITERS = {".xlsx": write_xlsx, ".csv": write_csv_cp1258, ".ods": write_ods}


def signer(month: int, director: str, deputy_name: str) -> tuple[str, str, str]:
    # The director signs some months, a deputy "KT." the others, as in real reports.
    if month % 3 == 0:
        return ("GIÁM ĐỐC", "", director)
    return ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", deputy_name)


def issued_on(month: int, day: int) -> dt.date:
    return month_end(month) + dt.timedelta(days=day)


# ---------------------------------------------------------------- tasks

TB_T12 = "Thông báo kết luận phiên họp UBND tỉnh tháng 12/2025"
KH_388 = "Kế hoạch số 388/KH-UBND ngày 10/02/2026"
TB_T2 = "Thông báo kết luận phiên họp UBND tỉnh tháng 2/2026"
CV_1339 = "Công văn số 1339/UBND-TH ngày 02/5/2026"
TB_T4 = "Thông báo kết luận phiên họp UBND tỉnh tháng 4/2026"
TB_T6 = "Thông báo kết luận phiên họp UBND tỉnh tháng 6/2026"
TB_T8 = "Thông báo kết luận phiên họp UBND tỉnh tháng 8/2026"
TB_T9 = "Thông báo kết luận phiên họp UBND tỉnh tháng 9/2026"
TB_T10 = "Thông báo kết luận phiên họp UBND tỉnh tháng 10/2026"

VAGUE = ("Đang triển khai", "Đang phối hợp", "Đang rà soát")


@dataclass(frozen=True)
class Task:
    source: str
    assigned: dt.date
    title: str
    lead: str
    coord: str
    commune: str
    deadline: dt.date | str  # a date, or the sheet's own words ("Thường xuyên", "Trước ngày 15/5/2026")
    output: str
    done: dt.date | None = None
    note: str = ""  # while not done: one of VAGUE, or a concrete report with figures and dates
    late_word: bool = False  # the sheet says "Hoàn thành chậm" rather than only giving the date
    not_started: str = ""  # "Chưa triển khai" / "Chưa thực hiện" until the deadline draws near


TASKS: tuple[Task, ...] = (
    Task(TB_T12, d(9, 1), "Trình HĐND tỉnh Nghị quyết phân bổ chi tiết kế hoạch đầu tư công năm 2026",
         STC, VP, "", d(31, 1), "Tờ trình, dự thảo Nghị quyết", d(28, 1)),
    Task(TB_T12, d(9, 1), "Xây dựng kịch bản tăng trưởng GRDP năm 2026 theo từng quý, từng ngành, lĩnh vực",
         STC, f"{TK}; các sở, ngành", "", d(15, 2), "Kịch bản tăng trưởng trình UBND tỉnh", d(25, 2)),
    Task(TB_T12, d(9, 1), "Kiểm tra, bảo đảm cung ứng hàng hóa thiết yếu dịp Tết Nguyên đán Bính Ngọ 2026",
         SCT, "UBND các xã, phường", "", d(10, 2), "Kế hoạch cung ứng hàng hóa; báo cáo kết quả kiểm tra", d(9, 2)),
    Task(TB_T12, d(9, 1), "Bảo đảm thông quan hàng hóa tại các cửa khẩu dịp Tết Nguyên đán",
         KKT, f"{HQ}; {BDBP}", "", d(5, 2), "Phương án thông quan dịp Tết", d(5, 2)),
    Task(KH_388, d(10, 2), "Hoàn thành bàn giao mặt bằng sạch Dự án cao tốc Đồng Đăng - Trà Lĩnh đoạn qua xã Đông Khê",
         BQL_GT, "UBND xã Đông Khê", "Xã Đông Khê", d(30, 4), "Biên bản bàn giao mặt bằng", d(12, 5)),
    Task(KH_388, d(10, 2), "Đưa vào khai thác 05 mỏ vật liệu xây dựng thông thường phục vụ các công trình trọng điểm",
         SNNMT, f"{SXD}; {SCT}", "", d(31, 3), "05 giấy phép khai thác được cấp", d(20, 4), late_word=True),
    Task(KH_388, d(10, 2), "Số hóa, cập nhật cơ sở dữ liệu đất đai của 56 xã, phường",
         SNNMT, "UBND các xã, phường", "", d(20, 5), "Cơ sở dữ liệu đất đai vận hành trên hệ thống",
         note="Đã số hóa 41/56 xã, phường; còn 15 xã chưa xong do thiếu kinh phí đo đạc bổ sung"),
    Task(KH_388, d(10, 2), "Hoàn thành xóa nhà tạm, nhà dột nát cho hộ nghèo, hộ cận nghèo",
         SDTTG, "UBND các xã, phường", "", d(20, 5), "1.250 nhà được hỗ trợ, bàn giao", d(18, 5)),
    Task(TB_T2, d(12, 3), "Ban hành quy định đơn giá bồi thường cây trồng, vật nuôi khi Nhà nước thu hồi đất",
         SNNMT, STC, "", d(30, 4), "Quyết định của UBND tỉnh", d(28, 4)),
    Task(TB_T2, d(12, 3), "Rà soát, đề xuất điều chuyển vốn của các dự án không có khả năng giải ngân",
         STC, "Các chủ đầu tư", "", d(15, 4), "Báo cáo, phương án điều chuyển vốn", d(15, 4)),
    # Two agencies that answer month after month with "đang ..." and nothing to check it against.
    Task(TB_T2, d(12, 3), "Rà soát các cơ sở sản xuất công nghiệp khó khăn về tiêu thụ, nguyên liệu, điện, đề xuất giải pháp",
         SCT, f"{STC}; {THUE}", "", d(30, 6), "Danh sách cơ sở khó khăn, đề xuất giải pháp trình UBND tỉnh",
         note="Đang rà soát"),
    Task(TB_T2, d(12, 3), "Đề xuất tháo gỡ vướng mắc mặt bằng cho các dự án đầu tư tại Khu kinh tế cửa khẩu",
         KKT, f"{SNNMT}; {SXD}", "", d(31, 8), "Báo cáo, đề xuất tháo gỡ trình UBND tỉnh", note="Đang phối hợp"),
    Task(TB_T4, d(8, 5), "Tổng hợp ý kiến, trình ban hành Kế hoạch thực hiện kịch bản tăng trưởng GRDP năm 2026 đạt 10% trở lên",
         STC, VP, "", "Trong ngày 11/5/2026", "Kế hoạch được UBND tỉnh ban hành", d(11, 5)),
    Task(TB_T4, d(8, 5), "Hoàn tất thẩm tra thiết kế bản vẽ thi công, hồ sơ thanh toán, tạm ứng các dự án trường phổ thông nội trú liên cấp tại các xã biên giới",
         BQL_XD, STC, "", "Trước ngày 15/5/2026", "Hồ sơ thanh toán, tạm ứng gửi Kho bạc", d(27, 5)),
    Task(TB_T4, d(8, 5), "Hoàn thành chi trả bồi thường, giải phóng mặt bằng Dự án cổng và giải phóng mặt bằng Khu công nghiệp Chu Trinh",
         KKT, f"UBND phường Tân Giang; {SNNMT}", "Phường Tân Giang", "Trước ngày 15/5/2026",
         "Phương án bồi thường được phê duyệt; tiền chi trả cho các hộ",
         note="Đã chi trả cho 112/146 hộ; còn 34 hộ chưa nhận tiền do vướng nguồn gốc đất lâm nghiệp"),
    Task(TB_T4, d(8, 5), "Xử lý các nội dung hỗ trợ khác, chồng lấn đất lâm nghiệp, nguồn gốc đất tại Khu công nghiệp Chu Trinh",
         SNNMT, f"{KKT}; UBND phường Tân Giang", "Phường Tân Giang", "Trước ngày 15/5/2026",
         "Văn bản xử lý của Sở trình UBND tỉnh", note="Đang rà soát"),
    Task(TB_T4, d(8, 5), "Rà soát, tham mưu phương án xử lý nguồn vốn Dự án cao tốc Bắc Kạn - Cao Bằng",
         STC, SXD, "", "Trước ngày 20/5/2026", "Báo cáo, phương án xử lý vốn", d(19, 5)),
    Task(TB_T4, d(8, 5), "Hoàn thiện hồ sơ, trình phê duyệt điều chỉnh Dự án cao tốc Đồng Đăng - Trà Lĩnh",
         BQL_GT, f"{SXD}; {STC}; nhà đầu tư", "", d(30, 6), "Quyết định phê duyệt điều chỉnh dự án",
         note="Đã trình Sở Xây dựng thẩm định ngày 12/8/2026; chờ Bộ Tài chính có ý kiến về phương án bố trí vốn nhà nước"),
    Task(TB_T4, d(8, 5), "Rà soát toàn bộ mỏ khoáng sản: công suất cấp phép, công suất thực tế, khả năng nâng công suất, cung ứng vật liệu cho công trình trọng điểm",
         SNNMT, f"{SXD}; {SCT}", "", "Trước ngày 20/5/2026", "Báo cáo rà soát, đề xuất xử lý từng mỏ", d(10, 6)),
    Task(TB_T4, d(8, 5), "Báo cáo khả năng thông tuyến cao tốc Đồng Đăng - Trà Lĩnh đến Đông Khê vào ngày 19/5/2026",
         BQL_GT, f"{SXD}; {STC}", "Xã Đông Khê", "Trước ngày 13/5/2026", "Báo cáo UBND tỉnh", d(13, 5)),
    Task(TB_T4, d(8, 5), "Tổng hợp hồ sơ xử lý cơ sở nhà, đất dôi dư; lập danh sách đơn vị chậm hoàn thành hồ sơ",
         STC, "Các sở, ngành, địa phương", "", "Trước ngày 12/5/2026", "Danh sách, đề xuất xử lý trình Chủ tịch UBND tỉnh",
         d(21, 5)),
    Task(TB_T4, d(8, 5), "Tham mưu thành lập tổ công tác rà soát, phân loại các dự án chậm tiến độ, khó khăn, vướng mắc",
         STC, VP, "", "Trước ngày 15/5/2026", "Quyết định thành lập tổ công tác", d(15, 5)),
    Task(TB_T4, d(8, 5), "Tham mưu thành lập tổ rà soát, xử lý các dự án hoàn thành tồn đọng, chưa quyết toán",
         STC, "Các chủ đầu tư", "", "Trước ngày 15/5/2026", "Quyết định thành lập tổ; danh sách dự án phân loại",
         d(4, 6), late_word=True),
    Task(TB_T4, d(8, 5), "Tham mưu phương án tuyển dụng, thu hút nhân lực chất lượng cao, bổ sung nhân lực ngành tài chính",
         SNV, STC, "", "Trước ngày 23/5/2026", "Tờ trình phương án tuyển dụng", note="Đang phối hợp"),
    Task(TB_T4, d(8, 5), "Tổng hợp kết quả thực hiện kịch bản tăng trưởng, báo cáo UBND tỉnh",
         STC, "Các sở, ngành", "", "Hằng tháng", "Báo cáo tháng"),
    Task(TB_T4, d(8, 5), "Báo cáo tình hình thực hiện các nhiệm vụ do UBND tỉnh, Chủ tịch UBND tỉnh giao",
         VP, "Các sở, ban, ngành; UBND các xã, phường", "", "Trước ngày 23 hằng tháng", "Báo cáo tổng hợp"),
    Task(TB_T4, d(8, 5), "Tháo gỡ khó khăn cho sản xuất công nghiệp, khai khoáng, chế biến, vật liệu xây dựng",
         SCT, "Các sở, ngành, địa phương", "", "Thường xuyên", "Danh sách cơ sở khó khăn và giải pháp cụ thể"),
    Task(TB_T4, d(8, 5), "Thúc đẩy hoạt động xuất nhập khẩu, logistics, dịch vụ hỗ trợ thông quan tại các cửa khẩu",
         KKT, f"{SCT}; {HQ}", "", "Thường xuyên", "Kim ngạch, thời gian thông quan theo tháng", note="Đang triển khai"),
    Task(TB_T4, d(8, 5), "Đánh giá tác động của chính sách thuế mới đối với hộ kinh doanh đến nguồn thu ngân sách địa phương",
         THUE, STC, "", d(15, 6), "Báo cáo đánh giá, đề xuất giải pháp quản lý thu", d(12, 6)),
    Task(TB_T4, d(8, 5), "Chuẩn bị các điều kiện tổ chức Kỳ thi tốt nghiệp THPT năm 2026 và tuyển sinh lớp 10 năm học 2026 - 2027",
         SGDDT, f"{CA}; {SYT}", "", d(10, 6), "Phương án tổ chức kỳ thi", d(8, 6)),
    Task(TB_T4, d(8, 5), "Tham mưu Kế hoạch khám sức khỏe toàn dân trên địa bàn tỉnh",
         SYT, f"{CA}; {BHXH}; {STC}", "", d(30, 6), "Kế hoạch trình UBND tỉnh", d(16, 7)),
    Task(TB_T4, d(8, 5), "Đẩy nhanh triển khai hệ thống KPI đánh giá cán bộ, công chức, viên chức",
         SNV, "Các sở, ngành", "", d(30, 9), "Hệ thống KPI vận hành", note="Đang triển khai"),
    Task(TB_T4, d(8, 5), "Triển khai phần mềm quản lý, theo dõi đầu tư công trên địa bàn tỉnh",
         STC, f"{SKHCN}; {KBNN}", "", d(31, 8), "Phần mềm vận hành", d(28, 8)),
    Task(TB_T4, d(8, 5), "Tích hợp kết quả theo dõi nhiệm vụ, KPI và dữ liệu đầu tư công vào công tác đôn đốc, kiểm tra",
         VP, f"{STC}; {SKHCN}", "", d(30, 11), "Bảng điều hành dùng tại phiên họp UBND tỉnh",
         note="Đã nạp dữ liệu 5 lĩnh vực; chạy thử tại phiên họp tháng 10, hoàn thiện trước ngày 25/11/2026"),
    Task(CV_1339, d(2, 5), "Báo cáo kết quả thực hiện Kế hoạch 100 ngày đêm, làm rõ nhiệm vụ chậm và trách nhiệm",
         VP, "Các sở, ban, ngành", "", d(20, 5), "Báo cáo UBND tỉnh", d(22, 5), late_word=True),
    Task(TB_T6, d(10, 7), "Hoàn thành bàn giao mặt bằng đoạn tuyến cao tốc Đồng Đăng - Trà Lĩnh qua xã Quảng Uyên",
         BQL_GT, "UBND xã Quảng Uyên", "Xã Quảng Uyên", d(31, 8), "Biên bản bàn giao mặt bằng",
         note="Còn 9 hộ chưa bàn giao mặt bằng; dự kiến hoàn thành cưỡng chế trước ngày 15/11/2026"),
    Task(TB_T6, d(10, 7), "Trình phê duyệt bảng giá đất điều chỉnh năm 2026",
         SNNMT, STC, "", d(31, 7), "Quyết định của UBND tỉnh",
         note="Đã lấy ý kiến 12 sở, ngành; chờ Hội đồng thẩm định bảng giá đất họp ngày 05/11/2026"),
    Task(TB_T6, d(10, 7), "Trình phê duyệt quy hoạch chi tiết khu chức năng cửa khẩu Trà Lĩnh",
         KKT, SXD, "Xã Trà Lĩnh", d(31, 8), "Quyết định phê duyệt quy hoạch",
         note="Hồ sơ trả lại lần 2 ngày 20/9/2026 để bổ sung đánh giá môi trường chiến lược"),
    Task(TB_T6, d(10, 7), "Khắc phục sạt lở taluy đường tỉnh 208 đoạn qua xã Hòa An",
         SXD, "UBND xã Hòa An", "Xã Hòa An", d(31, 7), "Tuyến đường thông xe an toàn", d(30, 7)),
    Task(TB_T6, d(10, 7), "Hoàn thiện hạ tầng, dịch vụ khu du lịch thác Bản Giốc phục vụ mùa du lịch",
         SVHTTDL, "UBND xã Đàm Thủy", "Xã Đàm Thủy", d(30, 9), "Hạ tầng, dịch vụ đưa vào sử dụng", d(5, 10)),
    Task(TB_T8, d(10, 9), "Xác định vị trí bãi đổ thải phục vụ thi công cao tốc Đồng Đăng - Trà Lĩnh",
         BQL_GT, f"{SNNMT}; UBND các xã dọc tuyến", "", d(30, 9), "Quyết định giao đất bãi đổ thải",
         note="Đã khảo sát 04 vị trí, 02 xã chưa thống nhất phương án; báo cáo lại trước ngày 10/11/2026"),
    Task(TB_T8, d(10, 9), "Cấp giấy phép khai thác mỏ đá vôi phục vụ thi công cao tốc Đồng Đăng - Trà Lĩnh",
         SNNMT, SXD, "", d(30, 9), "Giấy phép khai thác",
         note="Hồ sơ thiếu đánh giá tác động môi trường; doanh nghiệp hẹn nộp bổ sung ngày 10/11/2026"),
    Task(TB_T8, d(10, 9), "Rà soát, thống kê, khắc phục thiệt hại do mưa đá, giông lốc",
         "UBND xã Hạ Lang", SNNMT, "Xã Hạ Lang", d(20, 9), "Báo cáo thiệt hại; tiền hỗ trợ các hộ", d(18, 9)),
    Task(TB_T9, d(9, 10), "Báo cáo tình hình thu ngân sách 10 tháng, giải pháp hoàn thành dự toán năm 2026",
         THUE, STC, "", d(3, 11), "Báo cáo UBND tỉnh",
         note="Đã tổng hợp số liệu đến ngày 25/10/2026; đang chờ số liệu Kho bạc đến ngày 31/10/2026"),
    Task(TB_T9, d(9, 10), "Báo cáo giải ngân vốn đầu tư công 10 tháng, đề xuất điều chuyển vốn các dự án giải ngân thấp",
         STC, "Các chủ đầu tư", "", d(5, 11), "Báo cáo, phương án điều chuyển vốn", note="Đang triển khai"),
    Task(TB_T9, d(9, 10), "Xây dựng kế hoạch cung ứng hàng hóa cuối năm và Tết Nguyên đán Đinh Mùi 2027",
         SCT, "UBND các xã, phường", "", d(6, 11), "Kế hoạch trình UBND tỉnh", not_started="Chưa triển khai"),
    Task(TB_T9, d(9, 10), "Báo cáo tình hình thông quan, giải pháp tăng kim ngạch qua cửa khẩu Trà Lĩnh",
         HQ, KKT, "Xã Trà Lĩnh", d(2, 11), "Báo cáo UBND tỉnh",
         note="Đã làm việc với 14 doanh nghiệp xuất nhập khẩu ngày 22/10/2026; đang hoàn thiện báo cáo"),
    Task(TB_T9, d(9, 10), "Trình UBND tỉnh dự toán ngân sách địa phương năm 2027",
         STC, "Các sở, ngành, địa phương", "", d(20, 11), "Dự toán trình HĐND tỉnh",
         note="Đã tổng hợp dự toán của 38/42 đơn vị; trình UBND tỉnh ngày 15/11/2026"),
    Task(TB_T9, d(9, 10), "Hoàn thành, đưa vào sử dụng các trường phổ thông nội trú liên cấp tại các xã biên giới",
         BQL_XD, SGDDT, "", d(31, 12), "Công trình bàn giao, đưa vào sử dụng",
         note="Khối lượng đạt 46%; dự kiến hoàn thành phần thô ngày 30/11/2026"),
    Task(TB_T9, d(9, 10), "Chuẩn bị nội dung phiên họp UBND tỉnh tổng kết năm 2026",
         VP, "Các sở, ban, ngành", "", d(15, 12), "Báo cáo tổng kết, chương trình phiên họp",
         not_started="Chưa thực hiện"),
    # Given in November: only the agencies' own reports of November know them yet.
    Task(TB_T10, d(10, 11), "Rà soát, đề xuất điều chỉnh kế hoạch vốn đầu tư công năm 2026 giữa các dự án",
         STC, "Các chủ đầu tư", "", d(25, 11), "Tờ trình điều chỉnh kế hoạch vốn",
         note="Đã tổng hợp đề xuất của 18/25 chủ đầu tư; trình UBND tỉnh ngày 24/11/2026"),
    Task(TB_T10, d(10, 11), "Kiểm tra công tác phòng cháy rừng mùa khô 2026 - 2027 tại các xã biên giới",
         SNNMT, "UBND các xã biên giới", "", d(26, 11), "Báo cáo kết quả kiểm tra", note="Đang triển khai"),
)


def _task_row(task: Task, as_of: dt.date, stt: int, text_deadline: bool) -> Row:
    done = task.done is not None and task.done <= as_of
    if done:
        late = _deadline_passed(task, task.done)
        status = "Hoàn thành chậm so với thời hạn" if late and task.late_word else "Đã hoàn thành"
        note = "" if not late else "Chậm do chờ ý kiến của cơ quan phối hợp"
    elif task.not_started:
        status, note = task.not_started, ""
    elif is_recurring_text(task.deadline):
        # Recurring work: the report says what was done this month.
        status = task.note or "Thực hiện thường xuyên"
        note = "" if task.note else f"Đã báo cáo kết quả tháng {as_of.month}/{as_of.year}"
    elif task.note in VAGUE:
        status, note = task.note, ""
    elif task.done is not None:
        status, note = "Đang thực hiện", f"Dự kiến hoàn thành ngày {task.done:%d/%m/%Y}"
    else:
        status = "Chưa hoàn thành" if _deadline_passed(task, as_of) else "Đang thực hiện"
        note = task.note
    deadline = task.deadline
    if text_deadline and isinstance(deadline, dt.date):
        deadline = deadline.strftime("%d/%m/%Y")
    return Row([stt, task.title, task.source, task.lead, task.coord, task.commune, deadline, task.output,
                status, task.done if done else None, note])


def _deadline_passed(task: Task, as_of: dt.date) -> bool:
    deadline = parse_date(task.deadline, allow_recurring=True)
    return isinstance(deadline, dt.date) and deadline < as_of


TASK_COLS = [
    Col("STT", width=5, kind="center"),
    Col("Nội dung nhiệm vụ", width=48, kind="wrap"),
    Col("Văn bản giao", width=24, kind="wrap"),
    Col("Cơ quan thực hiện", "Chủ trì", width=24, kind="wrap"),
    Col("Cơ quan thực hiện", "Phối hợp", width=24, kind="wrap"),
    Col("Địa bàn (xã, phường)", width=14, kind="wrap"),
    Col("Thời hạn", width=13, kind="date"),
    Col("Sản phẩm đầu ra", width=26, kind="wrap"),
    Col("Kết quả thực hiện", "Tình hình thực hiện", width=18, kind="wrap"),
    Col("Kết quả thực hiện", "Ngày hoàn thành", width=13, kind="date"),
    Col("Kết quả thực hiện", "Nội dung báo cáo tiến độ", width=40, kind="wrap"),
]


def tasks_form(month: int) -> Form:
    as_of = month_end(month)
    tasks = [t for t in TASKS if t.assigned <= as_of]
    rows = [_task_row(t, as_of, i + 1, text_deadline=month in (3, 7)) for i, t in enumerate(tasks)]
    return Form(
        stem=f"nhiem_vu_T{month:02d}_2026", sheet="Biểu theo dõi nhiệm vụ",
        agency=(UBND, "VĂN PHÒNG"), doc_no=f"Số: {180 + 23 * month}/BC-VP", issued=issued_on(month, 3),
        titles=["BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ DO UBND TỈNH, CHỦ TỊCH UBND TỈNH GIAO",
                f"(Số liệu tính đến ngày {vn_date(as_of)})"],
        unit=None, cols=TASK_COLS, rows=rows,
        notes=["Ghi chú: Nhiệm vụ có thời hạn \"thường xuyên\", \"hằng tháng\" không tính quá hạn.",
               "Các cơ quan báo cáo trước ngày 23 hằng tháng qua Văn phòng UBND tỉnh."],
        signer=("KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Hoàng Thị Thu Trang"),
        preparer="Nông Văn Hưng",
    )


# Every agency and commune reports on its own tasks before the 23rd of each month, through Văn
# phòng UBND tỉnh, whose compilation of the whole province follows at the month's end. The demo's
# last months come that way: each lead agency's own sheet as of the 20th (one arrives late, and in
# the last month one never arrives), then the compilation; the last month has no compilation yet.
UNIT_REPORT_MONTHS = (9, 10, 11)
LAST_MONTH = UNIT_REPORT_MONTHS[-1]
LATE_UNIT = BQL_GT  # its report of the last month arrives on the 26th, after the due day
MISSING_UNIT = SCT  # sends nothing in the last month: its figures stay those of the last compilation
# Units that report although no task of theirs is open: the commune that led its own task.
ALSO_REPORTING = ("UBND xã Hạ Lang",)
UNIT_HEADERS = {SXD: "SỞ XÂY DỰNG", SCT: "SỞ CÔNG THƯƠNG", SNNMT: "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", STC: "SỞ TÀI CHÍNH",
                SNV: "SỞ NỘI VỤ", VP: "VĂN PHÒNG", KKT: "BAN QUẢN LÝ KHU KINH TẾ", THUE: "THUẾ TỈNH CAO BẰNG",
                BQL_GT: "BAN QLDA ĐTXD CÁC CÔNG TRÌNH GIAO THÔNG", BQL_XD: "BAN QLDA ĐẦU TƯ VÀ XÂY DỰNG",
                HQ: "CHI CỤC HẢI QUAN KHU VỰC XVI"}


def task_reporting_units(month: int) -> list[str]:
    """The leads expected to report that month (an open task at the last compilation) and those
    that report anyway; the missing one left out of the last month."""
    as_of = month_end(month - 1)
    leads = [t.lead for t in TASKS if t.assigned <= as_of and not (t.done and t.done <= as_of)]
    units = list(dict.fromkeys(leads + list(ALSO_REPORTING)))
    return [u for u in units if not (month == LAST_MONTH and u == MISSING_UNIT)]


def unit_arrival(unit: str, month: int) -> dt.datetime:
    day = 26 if unit == LATE_UNIT and month == LAST_MONTH else 21 + len(unit) % 2  # the 21st or 22nd
    return dt.datetime(YEAR, month, day, 9, 30)


def unit_tasks_form(unit: str, month: int) -> Form:
    """One agency's or commune's own report of its tasks, as of the 20th of the month."""
    as_of = d(20, month)
    tasks = [t for t in TASKS if t.lead == unit and t.assigned <= as_of]
    rows = [_task_row(t, as_of, i + 1, text_deadline=False) for i, t in enumerate(tasks)]
    header = UNIT_HEADERS.get(unit, unit.upper())
    agency = ("UBND TỈNH CAO BẰNG", header) if not unit.startswith("UBND") else ("UBND TỈNH CAO BẰNG", unit.upper())
    return Form(
        stem=f"nhiem_vu_T{month:02d}_2026_{_slug(unit)}", sheet="Báo cáo nhiệm vụ",
        agency=agency, doc_no=f"Số: {100 + len(unit) + month}/BC", issued=unit_arrival(unit, month).date(),
        titles=["BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ UBND TỈNH, CHỦ TỊCH UBND TỈNH GIAO",
                f"(Số liệu tính đến ngày {vn_date(as_of)})"],
        unit=None, cols=TASK_COLS, rows=rows,
        notes=["Ghi chú: Báo cáo gửi Văn phòng UBND tỉnh trước ngày 23 hằng tháng."],
        signer=("KT. THỦ TRƯỞNG CƠ QUAN", "PHÓ THỦ TRƯỞNG", "Nguyễn Văn Bình"), preparer="Hoàng Thị Mai",
    )


def _slug(text: str) -> str:
    letters = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    words = "".join(ch for ch in letters if unicodedata.category(ch) != "Mn").lower()
    return "_".join("".join(ch if ch.isalnum() else " " for ch in words).split())[:40]


# ---------------------------------------------------------------- disbursement

NSTW = "Vốn ngân sách trung ương (NSTW)"
NSDP = "Vốn ngân sách địa phương (NSĐP)"
CTMTQG = "Vốn các chương trình mục tiêu quốc gia"


@dataclass(frozen=True)
class Project:
    fund: str
    sector: str
    name: str
    investor: str
    location: str
    key: bool
    plan: int  # triệu đồng
    pace: float  # share of the plan disbursed by year end, at the usual pace
    obstacle: str = ""


PTNT_OBSTACLE = "Chậm thẩm tra thiết kế bản vẽ thi công, dự toán san nền, móng; hồ sơ thanh toán chưa hoàn thiện"

PROJECTS: tuple[Project, ...] = (
    Project(NSTW, "Giao thông", "Dự án đầu tư xây dựng tuyến cao tốc Đồng Đăng (Lạng Sơn) - Trà Lĩnh (Cao Bằng) theo phương thức PPP (phần vốn nhà nước tham gia)",
            BQL_GT, "Các xã: Đức Long, Thạch An, Đông Khê, Phục Hòa, Quảng Uyên, Trà Lĩnh", True, 1_250_000, 0.58,
            "Đang trình điều chỉnh dự án; thiếu bãi đổ thải, vật liệu đắp nền"),
    Project(NSTW, "Giao thông", "Dự án cao tốc Bắc Kạn - Cao Bằng (giai đoạn chuẩn bị đầu tư)",
            SXD, "Các xã: Ca Thành, Nguyên Bình, Minh Tâm, Bạch Đằng", True, 450_000, 0.0,
            "Chưa đủ điều kiện giao vốn; Sở Tài chính đang rà soát phương án xử lý nguồn vốn"),
    Project(NSTW, "Giao thông", "Cải tạo, nâng cấp đường tỉnh 213 đoạn Trà Lĩnh - Hạ Lang",
            BQL_GT, "Xã Trà Lĩnh, xã Quang Hán, xã Hạ Lang", False, 185_000, 1.02),
    Project(NSTW, "Giao thông", "Đường kết nối cửa khẩu Lý Vạn với quốc lộ 4A",
            BQL_GT, "Xã Lý Quốc", False, 96_000, 0.97),
    Project(NSTW, "Giáo dục và đào tạo", "Trường phổ thông nội trú liên cấp tiểu học và trung học cơ sở xã Đàm Thủy",
            BQL_XD, "Xã Đàm Thủy", True, 120_000, 0.52, PTNT_OBSTACLE),
    Project(NSTW, "Giáo dục và đào tạo", "Trường phổ thông nội trú liên cấp tiểu học và trung học cơ sở xã Lý Quốc",
            BQL_XD, "Xã Lý Quốc", True, 118_000, 0.48, PTNT_OBSTACLE),
    Project(NSTW, "Giáo dục và đào tạo", "Trường phổ thông nội trú liên cấp tiểu học và trung học cơ sở xã Tổng Cọt",
            BQL_XD, "Xã Tổng Cọt", True, 115_000, 0.74, PTNT_OBSTACLE),
    Project(NSTW, "Giáo dục và đào tạo", "Trường phổ thông nội trú liên cấp tiểu học và trung học cơ sở xã Cốc Pàng",
            BQL_XD, "Xã Cốc Pàng", True, 112_000, 0.45, PTNT_OBSTACLE),
    Project(NSTW, "Giáo dục và đào tạo", "Trường phổ thông nội trú liên cấp tiểu học và trung học cơ sở xã Trường Hà",
            BQL_XD, "Xã Trường Hà", True, 110_000, 0.9),
    Project(NSTW, "Hạ tầng khu kinh tế, khu công nghiệp", "Dự án đầu tư xây dựng công trình cổng và giải phóng mặt bằng Khu công nghiệp Chu Trinh",
            KKT, "Phường Tân Giang", True, 160_000, 0.34,
            "Vướng chính sách hỗ trợ khác, chồng lấn đất lâm nghiệp; còn 34 hộ chưa nhận tiền bồi thường"),
    Project(NSTW, "Hạ tầng khu kinh tế, khu công nghiệp", "Hạ tầng kỹ thuật khu chức năng cửa khẩu Trà Lĩnh",
            KKT, "Xã Trà Lĩnh", False, 88_000, 0.95),
    Project(NSTW, "Hạ tầng khu kinh tế, khu công nghiệp", "Nâng cấp bãi kiểm hóa, hạ tầng cửa khẩu quốc tế Tà Lùng",
            KKT, "Xã Phục Hòa", False, 64_000, 1.05),
    Project(NSDP, "Giao thông", "Đường ven sông Bằng Giang đoạn phường Thục Phán - phường Tân Giang",
            BQL_GT, "Phường Thục Phán, phường Tân Giang", False, 78_000, 0.96),
    Project(NSDP, "Giao thông", "Cầu Bằng Giang 2, phường Nùng Trí Cao",
            BQL_GT, "Phường Nùng Trí Cao", False, 54_000, 1.0),
    Project(NSDP, "Y tế", "Cải tạo, nâng cấp Trung tâm Y tế khu vực Trùng Khánh",
            BQL_XD, "Xã Trùng Khánh", False, 42_000, 0.93),
    Project(NSDP, "Y tế", "Mở rộng khoa Truyền nhiễm, Bệnh viện Đa khoa tỉnh",
            BQL_XD, "Phường Thục Phán", False, 36_000, 1.04),
    Project(NSDP, "Nông nghiệp, thủy lợi", "Kè chống sạt lở bờ sông Bằng Giang khu vực phường Tân Giang",
            BQL_XD, "Phường Tân Giang", False, 58_000, 0.99),
    Project(NSDP, "Nông nghiệp, thủy lợi", "Sửa chữa, nâng cấp hồ chứa nước Khuổi Lái",
            BQL_XD, "Xã Thạch An", False, 27_000, 0.41, "Nhà thầu thi công chậm, thiếu nhân lực"),
    Project(NSDP, "Văn hóa, du lịch", "Hạ tầng khu du lịch thác Bản Giốc",
            BQL_XD, "Xã Đàm Thủy", True, 65_000, 0.98),
    Project(NSDP, "Văn hóa, du lịch", "Bảo tồn, tôn tạo Khu di tích quốc gia đặc biệt Pác Bó",
            BQL_XD, "Xã Trường Hà", False, 48_000, 1.0),
    Project(NSDP, "Quản lý nhà nước", "Trụ sở làm việc Đảng ủy, HĐND, UBND xã Đình Phong",
            "UBND xã Đình Phong", "Xã Đình Phong", False, 12_500, 1.42),
    Project(CTMTQG, "Giảm nghèo bền vững", "Đường giao thông xóm Khuổi Ky - Bản Giốc",
            "UBND xã Đàm Thủy", "Xã Đàm Thủy", False, 8_600, 1.0),
    Project(CTMTQG, "Giảm nghèo bền vững", "Công trình nước sinh hoạt tập trung xóm Lũng Pán",
            "UBND xã Cần Yên", "Xã Cần Yên", False, 4_200, 0.94),
    Project(CTMTQG, "Phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi",
            "Chợ trung tâm xã Bảo Lạc", "UBND xã Bảo Lạc", "Xã Bảo Lạc", False, 6_800, 0.3,
            "Chưa giải phóng xong mặt bằng"),
    Project(CTMTQG, "Phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi",
            "Nhà văn hóa các xóm xã Minh Tâm", "UBND xã Minh Tâm", "Xã Minh Tâm", False, 3_900, 1.01),
)


def _disbursed_path(rng: random.Random, pace: float) -> list[float]:
    """Cumulative share disbursed at the end of each month: slow in spring, faster later, never falling."""
    shares, best = [], 0.0
    for m in range(1, 13):
        best = max(best, pace * (m / 12) ** 1.45 * rng.uniform(0.94, 1.06))
        # Only a project planned to run over its plan may pass 100%.
        shares.append(best if pace > 1 else min(best, 1.0))
    return shares


def disbursement_paths(rng: random.Random) -> dict[str, list[float]]:
    return {p.name: _disbursed_path(rng, p.pace) for p in PROJECTS}


DISB_COLS = [
    Col("STT", width=5, kind="center"),
    Col("Danh mục dự án", width=46, kind="wrap"),
    Col("Chủ đầu tư", width=28, kind="wrap"),
    Col("Địa điểm xây dựng", width=24, kind="wrap"),
    Col("Dự án trọng điểm", width=10, kind="center"),
    Col("Kế hoạch vốn năm 2026", "Tổng số", width=14, kind="int"),
    Col("Kế hoạch vốn năm 2026", "Trong đó: vốn năm 2025 kéo dài", width=14, kind="int"),
    Col("Giải ngân từ 01/01/2026 đến hết tháng báo cáo", "Tổng số", width=14, kind="int"),
    Col("Giải ngân từ 01/01/2026 đến hết tháng báo cáo", "Tỷ lệ (%)", width=9, kind="pct"),
    Col("Khó khăn, vướng mắc", width=36, kind="wrap"),
]


def disbursed_share(paths: dict[str, list[float]], name: str, as_of: dt.date) -> float:
    """The share of a project's plan disbursed by a date: the month-end figures, in between the
    straight line from the month before."""
    month = as_of.month
    share = paths[name][month - 1]
    if as_of == month_end(month):
        return share
    before = paths[name][month - 2] if month > 1 else 0.0
    return before + (share - before) * as_of.day / month_end(month).day


def disbursement_form(month: int, paths: dict[str, list[float]], commune: str | None = None) -> Form:
    """Sở Tài chính's table of the whole province as of the month's end; or, given `commune` (as
    the sheets write it, "Xã Đàm Thủy"), that commune's own report of the projects located there,
    as of the 20th."""
    as_of = month_end(month) if commune is None else d(20, month)
    carried = {p.name: round(p.plan * 0.08) if p.fund != CTMTQG and i % 3 == 0 else 0
               for i, p in enumerate(PROJECTS)}
    chosen = [p for p in PROJECTS if commune is None or p.location == commune]
    body: list[Row] = []
    totals = [0.0, 0.0, 0.0]
    romans = ("I", "II", "III", "IV", "V", "VI")
    for letter, fund in zip("ABC", (NSTW, NSDP, CTMTQG)):
        projects = [p for p in chosen if p.fund == fund]
        if not projects:
            continue
        fund_row = Row([letter, fund, "", "", "", 0, 0, 0, None, ""], "group")
        body.append(fund_row)
        sectors = list(dict.fromkeys(p.sector for p in projects))
        for s, sector in enumerate(sectors):
            sector_row = Row([romans[s], sector, "", "", "", 0, 0, 0, None, ""], "group")
            body.append(sector_row)
            for n, p in enumerate([p for p in projects if p.sector == sector], start=1):
                disbursed = round(p.plan * disbursed_share(paths, p.name, as_of))
                # Numbers typed as text in a few cells, as happens when figures are pasted in.
                as_text = (5, 7) if month == 9 and n == 1 else ()
                body.append(Row([n, p.name, p.investor, p.location, "x" if p.key else "", p.plan,
                                 carried[p.name], disbursed, round(100 * disbursed / p.plan, 1),
                                 p.obstacle if disbursed < 0.6 * p.plan * month / 12 or p.pace == 0 else ""],
                                as_text=as_text))
                for row in (fund_row, sector_row):
                    row.cells[5] += p.plan
                    row.cells[6] += carried[p.name]
                    row.cells[7] += disbursed
            sector_row.cells[8] = round(100 * sector_row.cells[7] / sector_row.cells[5], 1)
        fund_row.cells[8] = round(100 * fund_row.cells[7] / fund_row.cells[5], 1)
        for k in range(3):
            totals[k] += fund_row.cells[5 + k]
    total = Row(["", "TỔNG CỘNG (A+B+C)", "", "", "", totals[0], totals[1], totals[2],
                 round(100 * totals[2] / totals[0], 1), ""], "total")
    if commune is not None:
        return Form(
            stem=f"giai_ngan_T{month:02d}_2026_{_slug(commune)}", sheet="Giải ngân",
            agency=(f"UBND {commune.upper()}", ""), doc_no=f"Số: {40 + month}/BC-UBND",
            issued=COMMUNE_ARRIVALS[commune](month).date(),
            titles=["BÁO CÁO TÌNH HÌNH GIẢI NGÂN VỐN ĐẦU TƯ CÔNG NĂM 2026 CÁC DỰ ÁN TRÊN ĐỊA BÀN",
                    f"(Số liệu đến ngày {vn_date(as_of)})"],
            unit="Đơn vị tính: triệu đồng", cols=DISB_COLS, rows=[total] + body,
            notes=["Ghi chú: Báo cáo gửi Sở Tài chính trước ngày 23 hằng tháng."],
            signer=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lương Văn Hải"), preparer="Nông Thị Huyền")
    return Form(
        stem=f"giai_ngan_T{month:02d}_2026", sheet="Giải ngân",
        agency=(UBND, "SỞ TÀI CHÍNH"), doc_no=f"Số: {410 + 31 * month}/BC-STC", issued=issued_on(month, 4),
        titles=["BÁO CÁO TÌNH HÌNH GIẢI NGÂN VỐN ĐẦU TƯ CÔNG NĂM 2026",
                f"(Số liệu đến ngày {vn_date(as_of)})"],
        unit="Đơn vị tính: triệu đồng", cols=DISB_COLS, rows=[total] + body,
        notes=["Ghi chú: Số liệu giải ngân theo xác nhận của Kho bạc Nhà nước khu vực VII.",
               "Dự án cao tốc Bắc Kạn - Cao Bằng chưa đủ điều kiện giao vốn chi tiết."],
        signer=signer(month, "Lục Văn Thắng", "Đinh Thị Hồng Nhung"), preparer="Bế Thị Lan",
        extra_sheet=month in (2, 8),
    )


# Communes that report on the projects located in them, beside Sở Tài chính's table; Xã Bảo Lạc
# reported in the months before but not in the last one.
COMMUNE_ARRIVALS = {
    "Xã Đàm Thủy": lambda month: dt.datetime(YEAR, month, 21, 10, 0),
    "Xã Minh Tâm": lambda month: dt.datetime(YEAR, month, 22, 14, 0),
    "Xã Bảo Lạc": lambda month: dt.datetime(YEAR, month, 25 if month == 10 else 22, 8, 0),
}


def commune_reports(month: int) -> list[str]:
    return [c for c in COMMUNE_ARRIVALS if not (c == "Xã Bảo Lạc" and month == LAST_MONTH)]


# ---------------------------------------------------------------- mining

@dataclass(frozen=True)
class Mine:
    name: str
    mineral: str
    company: str
    licence: str
    location: str
    unit: str
    capacity: int
    rate: float  # output as a share of the licensed capacity, pro rata
    expiry: dt.date
    status: str = "Đang khai thác"
    silent_from: int = 13  # from this month the mine sends no figure


MINES: tuple[Mine, ...] = (
    Mine("Mỏ sắt Nà Rụa", "Quặng sắt", "Công ty Cổ phần Gang thép Cao Bằng", "1735/GP-BTNMT",
         "Tổ 8, phường Tân Giang", "tấn/năm", 500_000, 0.31, d(31, 12, 2032), "Khai thác cầm chừng"),
    Mine("Mỏ thiếc Tĩnh Túc", "Quặng thiếc", "Công ty Cổ phần Khoáng sản Tĩnh Túc", "2580/GP-BTNMT",
         "Xã Tĩnh Túc", "tấn/năm", 120_000, 0.82, d(30, 6, 2031)),
    Mine("Mỏ mangan Tốc Tát", "Quặng mangan", "Công ty Cổ phần Mangan Cao Bằng", "912/GP-BTNMT",
         "Xã Quang Trung", "tấn/năm", 60_000, 0.88, d(15, 3, 2027)),
    Mine("Mỏ mangan Roỏng Tháy", "Quặng mangan", "Công ty TNHH Khoáng sản Trùng Khánh", "45/GP-UBND",
         "Xã Trùng Khánh", "tấn/năm", 30_000, 0.42, d(31, 12, 2029)),
    Mine("Mỏ bauxit Táp Ná", "Quặng bauxit", "Công ty Cổ phần Khoáng sản Hà Quảng", "17/GP-UBND",
         "Xã Thông Nông", "tấn/năm", 40_000, 0.6, d(31, 3, 2026), "Tạm dừng khai thác (giấy phép hết hạn)"),
    Mine("Mỏ đá vôi Lũng Luông", "Đá vôi làm vật liệu xây dựng thông thường", "Công ty TNHH Xây dựng Hòa An",
         "12/GP-UBND", "Xóm Lũng Luông, xã Hòa An", "m3/năm", 150_000, 1.18, d(31, 8, 2030)),
    Mine("Mỏ đá vôi Nà Lạn", "Đá vôi làm vật liệu xây dựng thông thường", "Công ty Cổ phần Đầu tư và Xây dựng Thạch An",
         "33/GP-UBND", "Xã Đức Long", "m3/năm", 120_000, 0.92, d(31, 1, 2027)),
    Mine("Mỏ đá Khau Cải", "Đá vôi làm vật liệu xây dựng thông thường", "Công ty TNHH Minh Khai Cao Bằng",
         "58/GP-UBND", "Xã Minh Khai", "m3/năm", 80_000, 0.36, d(30, 11, 2028)),
    Mine("Mỏ đá Phja Đeng", "Đá vôi làm vật liệu xây dựng thông thường", "Công ty TNHH Thành Công",
         "61/GP-UBND", "Xã Thành Công", "m3/năm", 60_000, 0.85, d(31, 12, 2030)),
    Mine("Mỏ đá Lũng Cháng", "Đá vôi làm vật liệu xây dựng thông thường", "Công ty Cổ phần Xây dựng Giao thông Cao Bằng",
         "74/GP-UBND", "Xã Quảng Uyên", "m3/năm", 200_000, 0.95, d(31, 12, 2033)),
    Mine("Mỏ đá Bản Khuông", "Đá vôi làm vật liệu xây dựng thông thường", "Công ty TNHH Phục Hòa",
         "80/GP-UBND", "Xã Phục Hòa", "m3/năm", 90_000, 0.9, d(30, 9, 2026)),
    Mine("Mỏ đá Cốc Xả", "Đá vôi làm vật liệu xây dựng thông thường", "Công ty TNHH Xây dựng Trà Lĩnh",
         "88/GP-UBND", "Xã Trà Lĩnh", "m3/năm", 70_000, 0.78, d(31, 12, 2029), silent_from=10),
    Mine("Mỏ đá Nà Vài", "Đá vôi làm vật liệu xây dựng thông thường", "Công ty Cổ phần Bê tông Cao Bằng",
         "91/GP-UBND", "Xã Bạch Đằng", "m3/năm", 100_000, 0.88, d(31, 5, 2031)),
    Mine("Mỏ đá Khuổi Khon", "Đá vôi làm vật liệu xây dựng thông thường", "Công ty TNHH Nguyên Bình",
         "95/GP-UBND", "Xã Nguyên Bình", "m3/năm", 50_000, 0.0, d(31, 12, 2031), "Chưa khai thác"),
    Mine("Mỏ cát, sỏi lòng sông Bằng Giang đoạn Nà Cáp", "Cát, sỏi lòng sông", "Hợp tác xã Vận tải Nùng Trí Cao",
         "102/GP-UBND", "Phường Nùng Trí Cao", "m3/năm", 30_000, 0.93, d(31, 12, 2027)),
    Mine("Mỏ cát, sỏi sông Gâm đoạn Bảo Lạc", "Cát, sỏi lòng sông", "Công ty TNHH Bảo Lạc",
         "108/GP-UBND", "Xã Bảo Lạc", "m3/năm", 25_000, 0.76, d(31, 7, 2028)),
    Mine("Mỏ sét gạch ngói Đề Thám", "Sét gạch ngói", "Công ty Cổ phần Gạch ngói Cao Bằng",
         "115/GP-UBND", "Phường Thục Phán", "m3/năm", 25_000, 0.97, d(31, 12, 2029)),
    Mine("Mỏ đá Lũng Pán", "Đá vôi làm vật liệu xây dựng thông thường", "Công ty TNHH Cần Yên",
         "121/GP-UBND", "Xã Cần Yên", "m3/năm", 40_000, 0.81, d(28, 2, 2027)),
)


def mining_outputs(rng: random.Random) -> dict[str, list[float]]:
    """Cumulative output at each month end."""
    out = {}
    for mine in MINES:
        total, series = 0.0, []
        for m in range(1, 13):
            active = mine.expiry >= dt.date(YEAR, m, 1)
            total += mine.capacity / 12 * mine.rate * rng.uniform(0.85, 1.15) if active else 0.0
            series.append(round(total))
        out[mine.name] = series
    return out


MINING_COLS = [
    Col("STT", width=5, kind="center"),
    Col("Tên mỏ", width=30, kind="wrap"),
    Col("Loại khoáng sản", width=24, kind="wrap"),
    Col("Tổ chức được cấp phép", width=32, kind="wrap"),
    Col("Vị trí (xã, phường)", width=22, kind="wrap"),
    Col("Giấy phép khai thác", "Số giấy phép", width=15, kind="center"),
    Col("Giấy phép khai thác", "Ngày hết hạn", width=13, kind="date"),
    Col("Đơn vị tính", width=9, kind="center"),
    Col("Công suất cấp phép (năm)", width=13, kind="int"),
    Col("Sản lượng khai thác thực tế", width=14, kind="int"),
    Col("Tỷ lệ so với công suất (%)", width=10, kind="pct"),
    Col("Tình trạng", width=20, kind="wrap"),
]


def mining_form(month: int, outputs: dict[str, list[float]]) -> Form:
    as_of = month_end(month)
    rows = []
    for i, mine in enumerate(MINES, start=1):
        output = None if month >= mine.silent_from else outputs[mine.name][month - 1]
        pro_rata = mine.capacity * month / 12
        status = mine.status
        if mine.expiry < as_of and "hết hạn" not in status:
            status = "Tạm dừng khai thác (giấy phép hết hạn)"
        rows.append(Row([i, mine.name, mine.mineral, mine.company, mine.location, mine.licence, mine.expiry,
                         mine.unit, mine.capacity, output,
                         None if output is None else round(100 * output / pro_rata, 1),
                         "Chưa gửi báo cáo" if output is None else status]))
    return Form(
        stem=f"khoang_san_T{month:02d}_2026", sheet="Khai thác khoáng sản",
        agency=(UBND, "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"), doc_no=f"Số: {95 + 17 * month}/BC-SNNMT",
        issued=issued_on(month, 6),
        titles=["BÁO CÁO TÌNH HÌNH KHAI THÁC KHOÁNG SẢN TRÊN ĐỊA BÀN TỈNH CAO BẰNG",
                f"(Từ ngày 01/01/2026 đến ngày {vn_date(as_of)})"],
        unit=None, cols=MINING_COLS, rows=rows,
        notes=["Ghi chú: Sản lượng khai thác thực tế lũy kế từ đầu năm theo báo cáo của tổ chức được cấp phép; "
               "tỷ lệ so với công suất cấp phép tính theo số tháng đã qua."],
        signer=signer(month, "Hà Văn Lực", "Lương Thị Mai"), preparer="Triệu Văn Khánh",
    )


# ---------------------------------------------------------------- revenue

@dataclass(frozen=True)
class Item:
    code: str
    name: str
    estimate: int = 0  # triệu đồng; 0 for group rows, which are the sums of their items
    pace: float = 1.0  # the year's revenue against the estimate
    growth: float = 1.1  # this year against last year
    lumpy: bool = False  # land revenue comes in with the auctions of June and September


REVENUE_ITEMS: tuple[Item, ...] = (
    Item("A", "TỔNG THU NGÂN SÁCH NHÀ NƯỚC TRÊN ĐỊA BÀN (A = I + II)"),
    Item("I", "Thu nội địa"),
    Item("1", "Thu từ doanh nghiệp nhà nước trung ương", 180_000, 0.98, 1.06),
    Item("2", "Thu từ doanh nghiệp nhà nước địa phương", 45_000, 1.02, 1.04),
    Item("3", "Thu từ khu vực doanh nghiệp có vốn đầu tư nước ngoài", 6_000, 0.95, 1.02),
    Item("4", "Thu từ khu vực công thương nghiệp ngoài quốc doanh", 560_000, 0.86, 0.97),
    Item("5", "Lệ phí trước bạ", 95_000, 1.04, 1.08),
    Item("6", "Thuế thu nhập cá nhân", 110_000, 1.03, 1.11),
    Item("7", "Thuế bảo vệ môi trường", 210_000, 1.14, 1.16),
    Item("8", "Thu phí, lệ phí", 120_000, 1.1, 1.12),
    Item("9", "Thu tiền sử dụng đất", 420_000, 0.55, 0.7, lumpy=True),
    Item("10", "Thu tiền thuê đất, thuê mặt nước", 40_000, 1.0, 1.05),
    Item("11", "Thu tiền cấp quyền khai thác khoáng sản", 85_000, 1.22, 1.3),
    Item("12", "Thu khác ngân sách", 150_000, 1.06, 1.02),
    Item("13", "Thu cổ tức, lợi nhuận được chia và lợi nhuận sau thuế còn lại", 9_000, 1.0, 1.0),
    Item("II", "Thu từ hoạt động xuất nhập khẩu"),
    Item("1", "Thuế xuất khẩu", 30_000, 0.8, 0.85),
    Item("2", "Thuế nhập khẩu", 90_000, 0.78, 0.82),
    Item("3", "Thuế tiêu thụ đặc biệt hàng nhập khẩu", 5_000, 0.9, 0.95),
    Item("4", "Thuế giá trị gia tăng hàng nhập khẩu", 475_000, 0.8, 0.84),
)
# Tết and year-end settlements make some months bigger than others.
SEASON = (1.15, 0.75, 0.9, 1.05, 0.95, 1.0, 0.95, 0.95, 1.0, 1.05, 1.05, 1.2)


def revenue_months(rng: random.Random) -> dict[tuple[str, str], list[tuple[float, float]]]:
    """(month actual, last year's month actual) for every leaf item and month, in triệu đồng."""
    out = {}
    parent = ""
    for item in REVENUE_ITEMS:
        if not item.estimate:
            parent = item.code
            continue
        series = []
        for m in range(12):
            weight = (2.2 if m in (5, 8) else 0.7) if item.lumpy else 1.0
            base = item.estimate / 12 * item.pace * SEASON[m] * weight * rng.uniform(0.9, 1.1)
            series.append((round(base, 1), round(base / item.growth * rng.uniform(0.95, 1.05), 1)))
        out[(parent, item.code)] = series
    return out


def revenue_form(month: int, months: dict[tuple[str, str], list[tuple[float, float]]], ods: bool) -> Form:
    as_of = month_end(month)
    rows: list[Row] = []
    groups: dict[str, Row] = {}
    parent = ""
    for item in REVENUE_ITEMS:
        if not item.estimate:
            row = Row([item.code, item.name, 0.0, 0.0, 0.0, 0.0, None, None], "group")
            groups[item.code] = row
            rows.append(row)
            if item.code != "A":
                parent = item.code
            continue
        series = months[(parent, item.code)]
        month_actual = series[month - 1][0]
        ytd = round(sum(v for v, _ in series[:month]), 1)
        last_year = round(sum(v for _, v in series[:month]), 1)
        rows.append(Row([item.code, item.name, item.estimate, month_actual, ytd, last_year,
                         round(100 * ytd / item.estimate, 1), round(100 * ytd / last_year, 1)]))
        for key in ("A", parent):
            g = groups[key]
            for k, v in ((2, item.estimate), (3, month_actual), (4, ytd), (5, last_year)):
                g.cells[k] = round(g.cells[k] + v, 1)
    for g in groups.values():
        g.cells[6] = round(100 * g.cells[4] / g.cells[2], 1)
        g.cells[7] = round(100 * g.cells[4] / g.cells[5], 1)
    month_label = "Trong tháng" if ods else f"Tháng {month}"
    cols = [
        Col("STT", width=5, kind="center"),
        Col("Chỉ tiêu", width=52, kind="wrap"),
        Col("Dự toán năm 2026 (HĐND tỉnh giao)", width=15, kind="dec"),
        Col("Thực hiện năm 2026", month_label, width=14, kind="dec"),
        Col("Thực hiện năm 2026", "Lũy kế từ đầu năm", width=15, kind="dec"),
        Col("Cùng kỳ năm trước", width=15, kind="dec"),
        Col("So sánh (%)", "Lũy kế/Dự toán", width=10, kind="pct"),
        Col("So sánh (%)", "Lũy kế/Cùng kỳ", width=10, kind="pct"),
    ]
    return Form(
        stem=f"thu_ngan_sach_T{month:02d}_2026", sheet=f"Thu NSNN T{month}",
        agency=(UBND, "SỞ TÀI CHÍNH"), doc_no=f"Số: {430 + 31 * month}/BC-STC", issued=issued_on(month, 5),
        titles=["BÁO CÁO TÌNH HÌNH THU NGÂN SÁCH NHÀ NƯỚC TRÊN ĐỊA BÀN TỈNH CAO BẰNG",
                f"Tháng {month} năm 2026 (số liệu đến ngày {vn_date(as_of)})"],
        unit="Đơn vị tính: triệu đồng", cols=cols, rows=rows,
        notes=["Ghi chú: Số liệu thu do Kho bạc Nhà nước khu vực VII và Thuế tỉnh Cao Bằng cung cấp."],
        signer=signer(month, "Lục Văn Thắng", "Hoàng Văn Minh"), preparer="Nông Thị Hạnh",
    )


# ---------------------------------------------------------------- trade

@dataclass(frozen=True)
class Gate:
    sheet_name: str  # as the customs sheet writes it
    export: float  # nghìn USD per month, this year's level
    imports: float
    vehicles: int  # lượt per month
    growth: float  # this year against last year


GATES: tuple[Gate, ...] = (
    Gate("Cửa khẩu quốc tế Tà Lùng", 26_000, 14_500, 5_800, 1.12),
    Gate("Cửa khẩu quốc tế Trà Lĩnh", 11_500, 8_200, 3_100, 0.7),
    Gate("Cửa khẩu song phương Sóc Giang", 3_200, 1_900, 1_150, 1.08),
    Gate("Cửa khẩu song phương Lý Vạn", 1_600, 900, 640, 1.05),
    Gate("Cửa khẩu song phương Pò Peo", 850, 480, 410, 1.15),
    Gate("Cửa khẩu song phương Bí Hà", 620, 310, 300, 0.98),
)
TRADE_SEASON = (1.05, 0.6, 0.95, 1.0, 1.0, 1.05, 1.0, 1.0, 1.05, 1.1, 1.1, 1.15)


def trade_months(rng: random.Random) -> dict[str, list[dict]]:
    out = {}
    for gate in GATES:
        series = []
        for m in range(12):
            f = TRADE_SEASON[m]
            ex = gate.export * f * rng.uniform(0.88, 1.12)
            im = gate.imports * f * rng.uniform(0.88, 1.12)
            series.append({
                "export": round(ex, 1), "import": round(im, 1),
                "export_ly": round(ex / gate.growth * rng.uniform(0.95, 1.05), 1),
                "import_ly": round(im / gate.growth * rng.uniform(0.95, 1.05), 1),
                "veh_out": round(gate.vehicles * f * rng.uniform(0.85, 1.15) / 2),
                "veh_in": round(gate.vehicles * f * rng.uniform(0.85, 1.15) / 2),
            })
        out[gate.sheet_name] = series
    return out


def trade_form(month: int, months: dict[str, list[dict]]) -> Form:
    as_of = month_end(month)
    # Customs switched from nghìn USD to USD mid-year, and from two vehicle columns to one.
    in_usd = month >= 6
    factor = 1000 if in_usd else 1
    split_vehicles = month <= 5
    with_month = month % 2 == 1
    cols = [Col("STT", width=5, kind="center"), Col("Cửa khẩu", width=32, kind="wrap")]
    if with_month:
        cols.append(Col("Tháng", width=9, kind="center"))
    value_kind = "int" if in_usd else "dec"
    cols += [
        Col("Kim ngạch trong tháng", "Xuất khẩu", width=14, kind=value_kind),
        Col("Kim ngạch trong tháng", "Nhập khẩu", width=14, kind=value_kind),
        Col("Cùng kỳ năm trước", "Xuất khẩu", width=14, kind=value_kind),
        Col("Cùng kỳ năm trước", "Nhập khẩu", width=14, kind=value_kind),
        Col("Lũy kế từ đầu năm", "Xuất khẩu", width=14, kind=value_kind),
        Col("Lũy kế từ đầu năm", "Nhập khẩu", width=14, kind=value_kind),
    ]
    if split_vehicles:
        cols += [Col("Phương tiện (lượt)", "Xuất cảnh", width=10, kind="int"),
                 Col("Phương tiện (lượt)", "Nhập cảnh", width=10, kind="int")]
    else:
        cols.append(Col("Lượt phương tiện", width=10, kind="int"))
    rows = []
    totals = None
    for i, gate in enumerate(GATES, start=1):
        series = months[gate.sheet_name]
        now = series[month - 1]
        ytd_ex = sum(s["export"] for s in series[:month])
        ytd_im = sum(s["import"] for s in series[:month])
        values = [now["export"], now["import"], now["export_ly"], now["import_ly"], ytd_ex, ytd_im]
        values = [round(v * factor) if in_usd else round(v, 1) for v in values]
        vehicles = [now["veh_out"], now["veh_in"]] if split_vehicles else [now["veh_out"] + now["veh_in"]]
        cells = [i, gate.sheet_name] + ([f"{month}/{YEAR}"] if with_month else []) + values + vehicles
        rows.append(Row(cells))
        numbers = values + vehicles
        totals = numbers if totals is None else [a + b for a, b in zip(totals, numbers)]
    totals = [round(v, 1) for v in totals]
    total_row = Row(["", "Tổng cộng"] + ([""] if with_month else []) + totals, "total")
    return Form(
        stem=f"xuat_nhap_khau_T{month:02d}_2026", sheet="XNK qua cửa khẩu",
        agency=("CỤC HẢI QUAN", "CHI CỤC HẢI QUAN KHU VỰC XVI"), doc_no=f"Số: {250 + 19 * month}/BC-HQXVI",
        issued=issued_on(month, 3),
        titles=["BÁO CÁO KIM NGẠCH XUẤT NHẬP KHẨU HÀNG HÓA QUA CÁC CỬA KHẨU TRÊN ĐỊA BÀN TỈNH CAO BẰNG",
                f"Tháng {month} năm 2026 (số liệu tính đến ngày {vn_date(as_of)})"],
        unit="Đơn vị tính: USD" if in_usd else "Đơn vị tính: nghìn USD", cols=cols, rows=rows + [total_row],
        notes=["Ghi chú: Kim ngạch theo tờ khai hải quan đã thông quan; phương tiện tính theo lượt xe "
               "xuất cảnh, nhập cảnh."],
        signer=("KT. CHI CỤC TRƯỞNG", "PHÓ CHI CỤC TRƯỞNG", "Đàm Văn Quyết"), preparer="Lý Thị Ngọc",
    )


# ---------------------------------------------------------------- build

DATASET_ORDER = ("tasks", "disbursement", "mining", "revenue", "trade")
# A few months arrive in other formats: CSV from Vietnamese Excel (Windows-1258) and an ods file.
FORMATS = {("disbursement", 6): ".csv", ("trade", 3): ".csv", ("revenue", 8): ".ods", ("tasks", 4): ".ods"}


def demo_forms() -> list[tuple[str, Form, str]]:
    """(dataset, form, file suffix) for every month and dataset, in loading order."""
    # One generator per dataset, so that changing one list leaves the others' figures alone.
    disbursed = disbursement_paths(random.Random(f"{SEED}-disbursement"))
    outputs = mining_outputs(random.Random(f"{SEED}-mining"))
    revenue = revenue_months(random.Random(f"{SEED}-revenue"))
    trade = trade_months(random.Random(f"{SEED}-trade"))
    from .demo_watch import watch_forms  # growth, dossiers, petitions; it builds on this module's forms
    watch = watch_forms(MONTHS)
    out = []
    for month in (*MONTHS, LAST_MONTH) if LAST_MONTH not in MONTHS else MONTHS:
        if month in UNIT_REPORT_MONTHS:  # the units' own reports arrive before the month's compilations
            out.extend(("tasks", unit_tasks_form(unit, month), ".xlsx") for unit in task_reporting_units(month))
            out.extend(("disbursement", disbursement_form(month, disbursed, commune), ".xlsx")
                       for commune in commune_reports(month))
        if month not in MONTHS:
            continue
        forms = {
            "tasks": tasks_form(month),
            "disbursement": disbursement_form(month, disbursed),
            "mining": mining_form(month, outputs),
            "revenue": revenue_form(month, revenue, ods=FORMATS.get(("revenue", month)) == ".ods"),
            "trade": trade_form(month, trade),
        }
        for name in DATASET_ORDER:
            out.append((name, forms[name], FORMATS.get((name, month), ".xlsx")))
        out.extend(watch[month])
    return out


def _remove_store(db: Path) -> None:
    for path in (db, snapshot_path(db), db.with_name(db.name + ".wal")):
        path.unlink(missing_ok=True)


# The demo replaces the whole store it builds. A store of real loads, accounts and audit log must
# never be that store: the demo writes only where nothing is yet, or where it wrote before (its mark).
DEMO_MARK = "demo_store"


def is_demo_store(db: Path) -> bool:
    """Nothing at `db` yet, or a store the demo made (its schema_meta carries the demo's mark)."""
    db = Path(db)
    found = [path for path in (db, snapshot_path(db)) if path.exists()]
    if not found:
        return True
    try:
        con = duckdb.connect(str(found[0]), read_only=True)
    except duckdb.Error:  # not a DuckDB file at all
        return False
    try:
        return con.execute("select count(*) from schema_meta where key = ?", [DEMO_MARK]).fetchone()[0] > 0
    except duckdb.Error:  # a store without schema_meta was not made by the demo
        return False
    finally:
        con.close()


def start_demo_store(db: Path) -> None:
    """Make `db` an empty demo store, marked as such; refuse (Rejected, nothing changed) a store the
    demo did not make. Checked under the writers' lock, so no load can slip in between."""
    db = Path(db)
    with writer_lock(db):
        if not is_demo_store(db):
            raise reject("not-a-demo-store",
                         f"Kho dữ liệu {db} không phải kho dữ liệu mẫu (có thể đang chứa số liệu thật, tài khoản và "
                         "nhật ký): lệnh demo chỉ ghi vào kho mẫu do chính nó tạo ra. Kho này không bị thay đổi. "
                         "Hãy chỉ một tệp mới bằng --db, ví dụ data/demo.duckdb (kho mẫu tạo bởi phiên bản trước "
                         "chưa có dấu kho mẫu: hãy tự xoá tệp đó rồi chạy lại).")
        _remove_store(db)
        con = duckdb.connect(str(db))
        try:
            con.execute("create table schema_meta (key varchar primary key, value varchar)")
            con.execute("insert into schema_meta values (?, ?)", [DEMO_MARK, dt.datetime.now().isoformat()])
        finally:
            con.close()


def arrival(form: Form) -> dt.datetime:
    """When a demo file reached the province: the day it was issued, in the morning."""
    return dt.datetime.combine(form.issued, dt.time(8, 30))


def build_demo(db: Path, folder: Path = DEMO_DIR) -> list[LoadResult]:
    """Write the demo spreadsheets to `folder` and load each into a fresh store at `db` (only a
    store the demo made itself, see start_demo_store)."""
    db, folder = Path(db), Path(folder)
    start_demo_store(db)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if old.is_file() and old.suffix in DEMO_SUFFIXES:
            old.unlink()
    results = []
    for dataset, form, suffix in demo_forms():
        path = folder / f"{form.stem}{suffix}"
        WRITERS[suffix](form, path)
        result = ingest(path, db=db, loaded_by=LOADED_BY, loaded_at=arrival(form))
        if result.prepared.dataset != dataset:
            raise RuntimeError(f"{path.name} was recognised as {result.prepared.dataset}, not {dataset}")
        results.append(result)
    return results

