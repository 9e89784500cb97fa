"""Blank forms for each dataset, in data/templates/: the headers the reader knows, the unit line,
one example row, and drop-down lists for communes and status.

Departments may keep their own forms; these are for a unit that has none, or whose form the
reader rejects. Each one is accepted by the reader exactly as written, example row included.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from .communes import communes
from .settings import TEMPLATE_DIR

LIST_SHEET = "Danh mục"
FIRST_DATA_ROW = 7  # 0-based row of the example, below title, unit line and header
LAST_INPUT_ROW = 1000
CREATED = dt.datetime(2026, 5, 1, 8, 0)  # fixed, so regenerating a template does not change its bytes

TASK_STATUSES = ("Đã hoàn thành", "Hoàn thành chậm", "Đang thực hiện", "Chưa thực hiện", "Thực hiện thường xuyên")
MINE_STATUSES = ("Đang khai thác", "Tạm dừng khai thác", "Chưa khai thác")
MINE_UNITS = ("m3/năm", "tấn/năm")
CAPITAL_SOURCES = ("Vốn ngân sách trung ương (NSTW)", "Vốn ngân sách địa phương (NSĐP)",
                   "Vốn các chương trình mục tiêu quốc gia")
KEY_PROJECT = ("x",)
GATES = ("Tà Lùng", "Trà Lĩnh", "Sóc Giang", "Lý Vạn", "Pò Peo", "Bí Hà")
PROVINCE = "Toàn tỉnh"
PETITION_KINDS = ("Khiếu nại", "Tố cáo", "Kiến nghị, phản ánh")
PETITION_RESULTS = ("Đang xác minh", "Đang giải quyết", "Đã giải quyết", "Đã trả lời công dân", "Đã chuyển đơn",
                    "Đã rút đơn")


@dataclass(frozen=True)
class Column:
    header: str  # a wording from synonyms.toml, so the reader maps it to `field`
    field: str
    width: float
    kind: str = "text"  # text, int, dec, date, month
    choices: str | None = None  # name of a list on the hidden sheet
    strict: bool = False  # refuse values not in the list (else only warn)


@dataclass(frozen=True)
class Template:
    dataset: str
    file_name: str
    agency: str
    titles: tuple[str, ...]
    unit: str | None
    columns: tuple[Column, ...]
    example: tuple[object, ...]


TEMPLATES: tuple[Template, ...] = (
    Template(
        "tasks", "mau_nhiem_vu.xlsx", "CƠ QUAN BÁO CÁO",
        ("BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ DO UBND TỈNH, CHỦ TỊCH UBND TỈNH GIAO",
         "(Số liệu tính đến ngày 30/4/2026)"),
        None,
        (Column("Mã nhiệm vụ", "task_id", 12),
         Column("Nội dung nhiệm vụ", "title", 48),
         Column("Văn bản giao", "source_doc", 26),
         Column("Cơ quan chủ trì", "lead_agency", 26),
         Column("Cơ quan phối hợp", "coordinating_agencies", 26),
         Column("Xã, phường", "commune", 18, choices="communes", strict=True),
         Column("Thời hạn", "deadline", 13, "date"),
         Column("Sản phẩm đầu ra", "output", 26),
         Column("Tình hình thực hiện", "status", 20, choices="task_statuses"),
         Column("Ngày hoàn thành", "completed_on", 13, "date"),
         Column("Nội dung báo cáo tiến độ", "progress_note", 40)),
        ("TB-T4-01",
         "Hoàn thành chi trả bồi thường, giải phóng mặt bằng Dự án cổng và giải phóng mặt bằng Khu công nghiệp Chu Trinh",
         "Thông báo kết luận phiên họp UBND tỉnh tháng 4/2026", "Ban Quản lý Khu kinh tế tỉnh",
         "UBND phường Tân Giang; Sở Nông nghiệp và Môi trường", "Phường Tân Giang", dt.date(2026, 5, 15),
         "Tiền bồi thường chi trả cho các hộ", "Đang thực hiện", None,
         "Đã chi trả cho 112/146 hộ; dự kiến xong trước ngày 15/5/2026"),
    ),
    Template(
        "disbursement", "mau_giai_ngan.xlsx", "CHỦ ĐẦU TƯ / CƠ QUAN BÁO CÁO",
        ("BÁO CÁO TÌNH HÌNH GIẢI NGÂN VỐN ĐẦU TƯ CÔNG NĂM 2026", "(Số liệu đến ngày 30/4/2026)"),
        "Đơn vị tính: triệu đồng",
        (Column("Mã dự án", "project_id", 12),
         Column("Tên dự án", "project_name", 46),
         Column("Chủ đầu tư", "investor", 28),
         Column("Địa điểm", "location", 22, choices="communes"),
         Column("Nguồn vốn", "capital_source", 22, choices="capital_sources"),
         Column("Ngành, lĩnh vực", "sector", 18),
         Column("Dự án trọng điểm", "is_key_project", 10, choices="key_project"),
         Column("Kế hoạch vốn", "plan_vnd", 15, "dec"),
         Column("Giải ngân", "disbursed_vnd", 15, "dec"),
         Column("Vướng mắc", "obstacle", 36)),
        ("7912345", "Dự án đầu tư xây dựng công trình cổng và giải phóng mặt bằng Khu công nghiệp Chu Trinh",
         "Ban Quản lý Khu kinh tế tỉnh", "Phường Tân Giang", CAPITAL_SOURCES[0],
         "Hạ tầng khu kinh tế, khu công nghiệp", "x", 160000, 24750.5,
         "Vướng chính sách hỗ trợ khác, chồng lấn đất lâm nghiệp"),
    ),
    Template(
        "mining", "mau_khoang_san.xlsx", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
        ("BÁO CÁO TÌNH HÌNH KHAI THÁC KHOÁNG SẢN", "(Từ ngày 01/01/2026 đến ngày 30/4/2026)"),
        None,
        (Column("Số giấy phép", "mine_id", 15),
         Column("Tên mỏ", "mine_name", 30),
         Column("Loại khoáng sản", "mineral", 24),
         Column("Tổ chức được cấp phép", "company", 30),
         Column("Vị trí (xã, phường)", "commune", 20, choices="communes"),
         Column("Công suất cấp phép", "licensed_capacity", 14, "int"),
         Column("Sản lượng thực tế", "actual_output", 14, "int"),
         Column("Đơn vị tính", "unit", 10, choices="mine_units"),
         Column("Ngày hết hạn giấy phép", "license_expiry", 14, "date"),
         Column("Tình trạng", "status", 18, choices="mine_statuses")),
        ("74/GP-UBND", "Mỏ đá Lũng Cháng", "Đá vôi làm vật liệu xây dựng thông thường",
         "Công ty Cổ phần Xây dựng Giao thông Cao Bằng", "Xã Quảng Uyên", 200000, 61250, "m3/năm",
         dt.date(2033, 12, 31), "Đang khai thác"),
    ),
    Template(
        "revenue", "mau_thu_ngan_sach.xlsx", "SỞ TÀI CHÍNH",
        ("BÁO CÁO TÌNH HÌNH THU NGÂN SÁCH NHÀ NƯỚC", "Tháng 4 năm 2026 (số liệu đến ngày 30/4/2026)"),
        "Đơn vị tính: triệu đồng",
        (Column("STT", "item_code", 6),
         Column("Chỉ tiêu", "item_name", 48),
         Column("Địa bàn", "area", 18, choices="areas"),
         Column("Dự toán", "estimate_vnd", 15, "dec"),
         Column("Thực hiện tháng", "month_actual_vnd", 15, "dec"),
         Column("Lũy kế thực hiện", "ytd_actual_vnd", 15, "dec"),
         Column("Cùng kỳ năm trước", "ytd_last_year_vnd", 15, "dec")),
        ("I", "Thu nội địa", PROVINCE, 2030000, 150884.5, 592340.2, 601215.8),
    ),
    Template(
        "trade", "mau_xuat_nhap_khau.xlsx", "CHI CỤC HẢI QUAN KHU VỰC XVI",
        ("BÁO CÁO KIM NGẠCH XUẤT NHẬP KHẨU QUA CÁC CỬA KHẨU", "(Số liệu tính đến ngày 30/4/2026)"),
        "Đơn vị tính: USD",
        (Column("Tháng", "period", 10, "month"),
         Column("Cửa khẩu", "gate", 18, choices="gates"),
         Column("Xuất khẩu", "export_usd", 14, "int"),
         Column("Nhập khẩu", "import_usd", 14, "int"),
         Column("Lũy kế xuất khẩu", "ytd_export_usd", 15, "int"),
         Column("Lũy kế nhập khẩu", "ytd_import_usd", 15, "int"),
         Column("Xuất khẩu cùng kỳ", "last_year_export_usd", 15, "int"),
         Column("Nhập khẩu cùng kỳ", "last_year_import_usd", 15, "int"),
         Column("Phương tiện xuất cảnh", "vehicles_export", 12, "int"),
         Column("Phương tiện nhập cảnh", "vehicles_import", 12, "int")),
        (dt.date(2026, 4, 1), "Tà Lùng", 27099900, 14982100, 93897800, 53407000, 24612800, 13497200, 3006, 2946),
    ),
    Template(
        "growth", "mau_tang_truong.xlsx", "SỞ, NGÀNH BÁO CÁO",
        ("BẢNG THEO DÕI THỰC HIỆN KỊCH BẢN TĂNG TRƯỞNG KINH TẾ NĂM 2026",
         "Tháng 4 năm 2026 (ước thực hiện đến ngày 30/4/2026)"),
        "Đơn vị tính: tỷ đồng",
        (Column("STT", "sector_code", 6),
         Column("Ngành, lĩnh vực", "sector", 36),
         Column("Kịch bản", "target_vnd", 14, "dec"),
         Column("Ước thực hiện", "actual_vnd", 14, "dec"),
         Column("Tốc độ tăng kịch bản (%)", "target_growth_pct", 12, "dec"),
         Column("Tốc độ tăng ước thực hiện (%)", "actual_growth_pct", 12, "dec"),
         Column("Nguyên nhân", "cause", 30),
         Column("Giải pháp bù đắp", "measure", 36),
         Column("Cơ quan chủ trì", "responsible_agency", 26)),
        ("1", "Khai khoáng", 302.5, 268.4, 18.0, 4.7, "Mỏ đủ điều kiện nhưng khai thác cầm chừng",
         "Yêu cầu nâng công suất các mỏ vật liệu xây dựng", "Sở Nông nghiệp và Môi trường"),
    ),
    Template(
        "dossiers", "mau_thu_tuc_hanh_chinh.xlsx", "CƠ QUAN, ĐƠN VỊ BÁO CÁO",
        ("BÁO CÁO TÌNH HÌNH GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", "(Từ ngày 15/3/2026 đến ngày 14/4/2026)"),
        None,
        (Column("STT", "unit_code", 6),
         Column("Đơn vị", "unit_name", 30),
         Column("Lĩnh vực", "field", 20),
         Column("Kỳ trước chuyển sang", "carried_over", 12, "int"),
         Column("Mới tiếp nhận", "received_new", 12, "int"),
         Column("Đã giải quyết trước hạn", "settled_early", 12, "int"),
         Column("Đã giải quyết đúng hạn", "settled_on_time", 12, "int"),
         Column("Đã giải quyết quá hạn", "settled_late", 12, "int"),
         Column("Đang giải quyết trong hạn", "pending_in_time", 12, "int"),
         Column("Đang giải quyết quá hạn", "pending_overdue", 12, "int")),
        (1, "UBND xã Trà Lĩnh", "Đất đai", 12, 85, 40, 38, 4, 11, 4),
    ),
    Template(
        "petitions", "mau_don_thu.xlsx", "CƠ QUAN, ĐƠN VỊ BÁO CÁO",
        ("SỔ THEO DÕI ĐƠN KHIẾU NẠI, TỐ CÁO, KIẾN NGHỊ, PHẢN ÁNH", "(Số liệu đến ngày 30/4/2026)"),
        None,
        (Column("STT", "petition_code", 6),
         Column("Số đơn", "petition_id", 10),
         Column("Ngày nhận đơn", "received_on", 13, "date"),
         Column("Nội dung đơn", "content", 44),
         Column("Loại đơn", "kind", 18, choices="petition_kinds", strict=True),
         Column("Cơ quan giải quyết", "agency", 26),
         Column("Địa bàn", "commune", 18, choices="communes", strict=True),
         Column("Hạn giải quyết", "due_on", 13, "date"),
         Column("Kết quả giải quyết", "status", 24, choices="petition_results"),
         Column("Ngày giải quyết", "settled_on", 13, "date")),
        (1, "015/ĐT", dt.date(2026, 3, 2),
         "Khiếu nại việc bồi thường, hỗ trợ khi thu hồi đất thực hiện Dự án cao tốc Đồng Đăng - Trà Lĩnh",
         "Khiếu nại", "UBND xã Đông Khê", "Xã Đông Khê", dt.date(2026, 4, 16), "Đang xác minh", None),
    ),
)


def _lists() -> dict[str, tuple[str, ...]]:
    names = tuple(c.name for c in communes())
    return {
        "communes": names,
        "areas": (PROVINCE,) + names,
        "task_statuses": TASK_STATUSES,
        "mine_statuses": MINE_STATUSES,
        "mine_units": MINE_UNITS,
        "capital_sources": CAPITAL_SOURCES,
        "key_project": KEY_PROJECT,
        "gates": GATES,
        "petition_kinds": PETITION_KINDS,
        "petition_results": PETITION_RESULTS,
    }


LIST_HEADERS = {
    "communes": "Xã, phường (56 đơn vị)", "areas": "Địa bàn thu", "task_statuses": "Tình hình nhiệm vụ",
    "mine_statuses": "Tình trạng mỏ", "mine_units": "Đơn vị công suất", "capital_sources": "Nguồn vốn",
    "key_project": "Trọng điểm", "gates": "Cửa khẩu",
    "petition_kinds": "Loại đơn", "petition_results": "Kết quả giải quyết",
}

GUIDE = (
    "Hướng dẫn điền biểu",
    "1. Giữ nguyên dòng tên cột; có thể thêm cột khác ở bên phải.",
    "2. Sửa ngày số liệu trong tiêu đề (\"Số liệu đến ngày ...\") thành ngày cuối kỳ báo cáo.",
    "3. Dòng đầu tiên dưới tên cột là ví dụ: ghi đè hoặc xóa trước khi gửi.",
    "4. Cột xã, phường, tình trạng có danh sách chọn; tên xã, phường theo 56 đơn vị sau sắp xếp năm 2025.",
    "5. Số tiền ghi theo đơn vị tính ở đầu biểu; ngày ghi theo dạng ngày/tháng/năm.",
)


def write_template(template: Template, folder: Path) -> Path:
    path = folder / template.file_name
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": CREATED, "title": template.titles[0], "author": "UBND tỉnh Cao Bằng"})
    font = {"font_name": "Times New Roman", "font_size": 11, "valign": "vcenter"}
    f_agency = wb.add_format(font | {"bold": True, "align": "center"})
    f_title = wb.add_format(font | {"bold": True, "align": "center", "font_size": 13})
    f_sub = wb.add_format(font | {"italic": True, "align": "center"})
    f_unit = wb.add_format(font | {"italic": True, "align": "right"})
    f_head = wb.add_format(font | {"bold": True, "align": "center", "border": 1, "text_wrap": True,
                                   "bg_color": "#DDEBF7"})
    cell_formats = {
        "text": wb.add_format(font | {"border": 1, "text_wrap": True}),
        "int": wb.add_format(font | {"border": 1, "num_format": "#,##0"}),
        "dec": wb.add_format(font | {"border": 1, "num_format": "#,##0.0"}),
        "date": wb.add_format(font | {"border": 1, "num_format": "dd/mm/yyyy", "align": "center"}),
        "month": wb.add_format(font | {"border": 1, "num_format": "mm/yyyy", "align": "center"}),
    }

    ws = wb.add_worksheet("Biểu mẫu")
    last = len(template.columns) - 1
    ws.merge_range(0, 0, 0, min(2, last), template.agency, f_agency)
    for i, title in enumerate(template.titles):
        ws.merge_range(2 + i, 0, 2 + i, last, title, f_title if i == 0 else f_sub)
    if template.unit:
        ws.merge_range(4, max(0, last - 2), 4, last, template.unit, f_unit)
    header = FIRST_DATA_ROW - 1
    ws.set_row(header, 36)
    for c, col in enumerate(template.columns):
        ws.set_column(c, c, col.width, cell_formats[col.kind])
        ws.write(header, c, col.header, f_head)
        value = template.example[c]
        fmt = cell_formats[col.kind]
        if value is None:
            ws.write_blank(FIRST_DATA_ROW, c, None, fmt)
        elif isinstance(value, dt.date):
            ws.write_datetime(FIRST_DATA_ROW, c, dt.datetime.combine(value, dt.time()), fmt)
        else:
            ws.write(FIRST_DATA_ROW, c, value, fmt)
    ws.freeze_panes(FIRST_DATA_ROW, 0)

    lists = _lists()
    used = [name for name in lists if any(col.choices == name for col in template.columns)]
    sheet = wb.add_worksheet(LIST_SHEET)
    ranges = {}
    for k, name in enumerate(used):
        sheet.write(0, k, LIST_HEADERS[name])
        sheet.write_column(1, k, lists[name])
        col_letter = xlsxwriter.utility.xl_col_to_name(k)
        ranges[name] = f"='{LIST_SHEET}'!${col_letter}$2:${col_letter}${len(lists[name]) + 1}"
        sheet.set_column(k, k, 34)
    for c, col in enumerate(template.columns):
        if not col.choices:
            continue
        ws.data_validation(FIRST_DATA_ROW, c, LAST_INPUT_ROW, c, {
            "validate": "list", "source": ranges[col.choices],
            "error_type": "stop" if col.strict else "warning",
            "error_title": "Giá trị không có trong danh sách",
            "error_message": f"Chọn một giá trị trong danh sách \"{LIST_HEADERS[col.choices]}\".",
        })
    sheet.hide()

    guide = wb.add_worksheet("Hướng dẫn")
    guide.set_column(0, 0, 110)
    for r, line in enumerate(GUIDE):
        guide.write(r, 0, line, f_agency if r == 0 else None)
    ws.activate()
    wb.close()
    return path


def write_templates(folder: Path = TEMPLATE_DIR) -> list[Path]:
    """One clean xlsx per dataset; returns their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [write_template(t, folder) for t in TEMPLATES]
