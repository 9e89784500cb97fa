"""Demo spreadsheets for what the April 2026 conclusion notice asks to watch beyond the first five
datasets: the growth scenario tracked month by month (Sở Tài chính), administrative dossiers
(Trung tâm Phục vụ hành chính công tỉnh) and petitions (Thanh tra tỉnh), January to October 2026.

Made-up figures in the forms these bodies use, with a few of every condition the dashboard
warns about: sectors behind their path (one without a measure to make it up), units with
dossiers pending past due, petitions pending long. One seeded generator per dataset.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from .communes import communes
from .demo import (KKT, SCT, SEED, SNNMT, STC, SVHTTDL, SXD, THUE, UBND, YEAR, Col, Form, Row, d, issued_on,
                   month_end, signer, vn_date)

SOURCE_PRICES = "giá so sánh 2010"


# ---------------------------------------------------------------- growth scenario

@dataclass(frozen=True)
class Sector:
    code: str  # the sheet's numbering: "I" for a group, "1" for a sector under it
    name: str
    annual: float = 0.0  # tỷ đồng at 2010 prices; 0 for groups, which sum their sectors
    growth: float = 0.0  # the scenario's growth rate for the year, %
    pace: float = 1.0  # the estimate against the scenario's path
    agency: str = ""
    cause: str = ""
    measure: str = ""


SECTORS: tuple[Sector, ...] = (
    Sector("I", "Nông, lâm nghiệp và thủy sản"),
    Sector("1", "Nông nghiệp", 2_380, 5.0, 1.004, SNNMT),
    Sector("2", "Lâm nghiệp", 560, 5.0, 1.01, SNNMT),
    Sector("3", "Thủy sản", 42, 6.0, 0.998, SNNMT),
    Sector("II", "Công nghiệp và xây dựng"),
    Sector("1", "Khai khoáng", 910, 19.0, 0.9, SNNMT,
           "Nhiều mỏ đủ điều kiện nhưng khai thác cầm chừng, chậm đưa vào hoạt động",
           "Rà soát từng mỏ, yêu cầu nâng công suất; thu hồi giấy phép mỏ không khai thác"),
    Sector("2", "Công nghiệp chế biến, chế tạo", 1_050, 12.5, 0.975, SCT,
           "Thiếu đơn hàng, giá nguyên liệu tăng", ""),
    Sector("3", "Sản xuất và phân phối điện", 610, 9.0, 1.03, SCT),
    Sector("4", "Xây dựng", 1_360, 14.5, 0.94, SXD,
           "Giải ngân vốn đầu tư công chậm; thiếu vật liệu xây dựng, bãi đổ thải",
           "Đẩy nhanh giải ngân các dự án trọng điểm; bảo đảm nguồn vật liệu cho công trình"),
    Sector("III", "Dịch vụ"),
    Sector("1", "Bán buôn, bán lẻ", 1_620, 11.0, 0.985, SCT,
           "Sức mua trong tỉnh yếu", "Tổ chức hội chợ, kích cầu tiêu dùng; hỗ trợ hộ kinh doanh"),
    Sector("2", "Vận tải, kho bãi", 520, 10.0, 1.0, SXD),
    Sector("3", "Dịch vụ lưu trú và ăn uống", 430, 12.0, 1.025, SVHTTDL),
    Sector("4", "Dịch vụ logistics, xuất nhập khẩu qua cửa khẩu", 720, 15.0, 0.91, KKT,
           "Thông quan qua cửa khẩu Trà Lĩnh giảm mạnh so cùng kỳ",
           "Làm việc với phía bạn tăng năng lực thông quan; hỗ trợ doanh nghiệp logistics"),
    Sector("5", "Các hoạt động dịch vụ khác", 4_250, 9.0, 1.0, STC),
    Sector("IV", "Thuế sản phẩm trừ trợ cấp sản phẩm", 1_230, 10.5, 0.965, THUE,
           "Thu từ khu vực ngoài quốc doanh thấp", "Chống thất thu, rà soát khoản thu còn dư địa"),
)
# Growth comes unevenly through the year: harvest, the dry season for building, Tết.
GROWTH_SEASON = (0.075, 0.07, 0.08, 0.08, 0.085, 0.085, 0.08, 0.08, 0.085, 0.09, 0.09, 0.1)


def growth_paths(rng: random.Random) -> dict[str, list[float]]:
    """The estimate against the scenario's path, month by month, for every sector."""
    out = {}
    for s in SECTORS:
        if s.annual:
            drift = rng.uniform(-0.004, 0.004)
            out[s.name] = [s.pace + drift * m + rng.uniform(-0.006, 0.006) for m in range(12)]
    return out


GROWTH_COLS = [
    Col("STT", width=5, kind="center"),
    Col("Ngành, lĩnh vực", width=40, kind="wrap"),
    Col(f"Giá trị tăng thêm lũy kế từ đầu năm ({SOURCE_PRICES})", "Kịch bản", width=13, kind="dec"),
    Col(f"Giá trị tăng thêm lũy kế từ đầu năm ({SOURCE_PRICES})", "Ước thực hiện", width=13, kind="dec"),
    Col("Tốc độ tăng so cùng kỳ (%)", "Kịch bản", width=10, kind="pct"),
    Col("Tốc độ tăng so cùng kỳ (%)", "Ước thực hiện", width=10, kind="pct"),
    Col("Nguyên nhân", width=32, kind="wrap"),
    Col("Giải pháp bù đắp phần thiếu hụt", width=36, kind="wrap"),
    Col("Cơ quan chủ trì", width=24, kind="wrap"),
]


def _figures(target: float, actual: float, last_year: float) -> list[float]:
    """Kịch bản, ước thực hiện, and both growth rates against last year's value."""
    return [round(target, 1), round(actual, 1), round(100 * (target / last_year - 1), 1),
            round(100 * (actual / last_year - 1), 1)]


def growth_form(month: int, paths: dict[str, list[float]]) -> Form:
    share = sum(GROWTH_SEASON[:month])
    values, members, group = {}, {}, None  # sector → (target, actual, last year); group → its sectors
    for s in SECTORS:
        if s.code.isalpha():
            group = s.code
            members[group] = []
        if s.annual:
            target = s.annual * share
            values[s.name] = (target, target * paths[s.name][month - 1], target / (1 + s.growth / 100))
            members[group].append(s.name)

    def summed(names):
        return [sum(values[n][k] for n in names) for k in range(3)]

    rows = [Row(["", "Tổng sản phẩm trên địa bàn (GRDP)", *_figures(*summed(values)), "", "", STC], "total")]
    for s in SECTORS:
        if s.code.isalpha() and not s.annual:
            rows.append(Row([s.code, s.name, *_figures(*summed(members[s.code])), "", "", ""], "group"))
            continue
        target, actual, _ = values[s.name]
        behind = actual < target * 0.99
        rows.append(Row([s.code, s.name, *_figures(*values[s.name]), s.cause if behind else "",
                         s.measure if behind else "", s.agency],
                        "group" if s.code.isalpha() else "item", as_text=(2, 3) if month == 5 else ()))
    as_of = month_end(month)
    return Form(
        stem=f"tang_truong_T{month:02d}_2026", sheet="Theo dõi kịch bản",
        agency=(UBND, "SỞ TÀI CHÍNH"), doc_no=f"Số: {512 + 23 * month}/BC-STC", issued=issued_on(month, 8),
        titles=["BẢNG THEO DÕI THỰC HIỆN KỊCH BẢN TĂNG TRƯỞNG KINH TẾ NĂM 2026",
                f"Tháng {month} năm 2026 (ước thực hiện đến ngày {vn_date(as_of)})"],
        unit="Đơn vị tính: tỷ đồng", cols=GROWTH_COLS, rows=rows,
        notes=["Ghi chú: Kịch bản theo Kế hoạch thực hiện kịch bản tăng trưởng GRDP năm 2026 đạt 10% trở lên; "
               "số ước thực hiện do các sở, ngành cung cấp, Thống kê tỉnh thống nhất."],
        signer=signer(month, "Lục Văn Thắng", "Hoàng Văn Minh"), preparer="Đinh Thị Thu",
    )


# ---------------------------------------------------------------- administrative dossiers

@dataclass(frozen=True)
class Unit:
    name: str
    monthly: int  # dossiers received a month
    days_to_settle: float  # share settled within the period, of what there is to settle
    late: float  # share of settled ones settled late
    stuck: float  # share of pending ones past due


PROVINCIAL_UNITS: tuple[Unit, ...] = (
    Unit("Sở Nông nghiệp và Môi trường", 620, 0.72, 0.07, 0.22),
    Unit("Sở Xây dựng", 180, 0.8, 0.03, 0.08),
    Unit("Sở Công Thương", 240, 0.9, 0.0, 0.0),
    Unit("Sở Tư pháp", 410, 0.88, 0.01, 0.02),
    Unit("Sở Tài chính", 150, 0.86, 0.0, 0.0),
    Unit("Sở Nội vụ", 90, 0.85, 0.0, 0.0),
    Unit("Sở Giáo dục và Đào tạo", 120, 0.93, 0.0, 0.0),
    Unit("Sở Y tế", 160, 0.87, 0.02, 0.04),
    Unit("Sở Văn hóa, Thể thao và Du lịch", 60, 0.9, 0.0, 0.0),
    Unit("Sở Khoa học và Công nghệ", 45, 0.9, 0.0, 0.0),
    Unit("Sở Dân tộc và Tôn giáo", 20, 0.95, 0.0, 0.0),
    Unit("Ban Quản lý Khu kinh tế tỉnh", 70, 0.84, 0.02, 0.05),
    Unit("Công an tỉnh", 900, 0.95, 0.0, 0.0),
)
# A few communes fall behind, land dossiers mostly.
SLOW_COMMUNES = {"Xã Trà Lĩnh": 0.25, "Xã Quảng Uyên": 0.18, "Phường Tân Giang": 0.12, "Xã Hòa An": 0.3,
                 "Xã Đông Khê": 0.15}


def commune_units(rng: random.Random) -> tuple[Unit, ...]:
    units = []
    for c in communes():
        stuck = SLOW_COMMUNES.get(c.name, 0.0)
        size = 260 if c.type == "phường" else rng.randint(40, 130)
        units.append(Unit(f"UBND {c.name[0].lower()}{c.name[1:]}", size, 0.9 - stuck / 2, stuck / 3, stuck))
    return tuple(units)


def dossier_series(rng: random.Random) -> dict[str, list[dict]]:
    """Every unit's counts month by month; what one month leaves pending is carried into the next."""
    out = {}
    for unit in PROVINCIAL_UNITS + commune_units(rng):
        carried, series = round(unit.monthly * 0.3), []
        for m in range(12):
            new = round(unit.monthly * rng.uniform(0.85, 1.15) * (0.7 if m == 1 else 1.0))
            total = carried + new
            settled = round(total * min(0.98, unit.days_to_settle * rng.uniform(0.97, 1.03)))
            late = round(settled * unit.late * rng.uniform(0.6, 1.4))
            early = round((settled - late) * rng.uniform(0.45, 0.7))
            pending = total - settled
            overdue = round(pending * unit.stuck * rng.uniform(0.7, 1.3))
            online = round(new * rng.uniform(0.35, 0.6))
            series.append({"carried": carried, "new": new, "online": online, "total": total,
                           "early": early, "on_time": settled - late - early, "late": late,
                           "settled": settled, "in_time": pending - overdue, "overdue": overdue,
                           "pending": pending})
            carried = pending
        out[unit.name] = series
    return out


DOSSIER_COLS = [
    Col("STT", width=5, kind="center"),
    Col("Đơn vị", width=34, kind="wrap"),
    Col("Số hồ sơ nhận giải quyết", "Tổng số", width=10, kind="int"),
    Col("Số hồ sơ nhận giải quyết", "Kỳ trước chuyển sang", width=10, kind="int"),
    Col("Số hồ sơ nhận giải quyết", "Mới tiếp nhận", width=10, kind="int"),
    Col("Số hồ sơ nhận giải quyết", "Trong đó: trực tuyến", width=10, kind="int"),
    Col("Số hồ sơ đã giải quyết", "Tổng số", width=10, kind="int"),
    Col("Số hồ sơ đã giải quyết", "Trước hạn", width=9, kind="int"),
    Col("Số hồ sơ đã giải quyết", "Đúng hạn", width=9, kind="int"),
    Col("Số hồ sơ đã giải quyết", "Quá hạn", width=9, kind="int"),
    Col("Số hồ sơ đang giải quyết", "Tổng số", width=10, kind="int"),
    Col("Số hồ sơ đang giải quyết", "Trong hạn", width=9, kind="int"),
    Col("Số hồ sơ đang giải quyết", "Quá hạn", width=9, kind="int"),
]
_DOSSIER_KEYS = ("total", "carried", "new", "online", "settled", "early", "on_time", "late", "pending", "in_time", "overdue")


def dossier_form(month: int, series: dict[str, list[dict]]) -> Form:
    start = d(15, month - 1) if month > 1 else d(15, 12, YEAR - 1)
    end = d(14, month)
    groups = (("I", "CẤP TỈNH", [u.name for u in PROVINCIAL_UNITS]),
              ("II", "CẤP XÃ", [name for name in series if name.startswith("UBND ")]))
    rows, grand = [], [0] * len(_DOSSIER_KEYS)
    body = []
    for code, label, names in groups:
        sums = [0] * len(_DOSSIER_KEYS)
        members = []
        for i, name in enumerate(names, start=1):
            values = [series[name][month - 1][k] for k in _DOSSIER_KEYS]
            sums = [a + b for a, b in zip(sums, values)]
            members.append(Row([i, name] + values, as_text=(2, 6, 10) if month == 7 and i % 5 == 0 else ()))
        grand = [a + b for a, b in zip(grand, sums)]
        body.append(Row([code, label] + sums, "group"))
        body.extend(members)
    rows.append(Row(["", "TỔNG CỘNG"] + grand, "total"))
    rows.extend(body)
    return Form(
        stem=f"thu_tuc_hanh_chinh_T{month:02d}_2026", sheet="TTHC",
        agency=("VĂN PHÒNG UBND TỈNH", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"), doc_no=f"Số: {61 + 9 * month}/BC-TTPVHCC",
        issued=end + dt.timedelta(days=3),
        titles=["BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
                f"(Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y})"],
        unit="Đơn vị tính: hồ sơ", cols=DOSSIER_COLS, rows=rows,
        notes=["Ghi chú: Số liệu trích xuất từ Hệ thống thông tin giải quyết thủ tục hành chính tỉnh."],
        signer=("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nông Văn Hùng"), preparer="Hoàng Thị Lan",
    )


# ---------------------------------------------------------------- petitions

@dataclass(frozen=True)
class Case:
    number: str
    received: dt.date
    kind: str  # 'complaint', 'denunciation', 'recommendation'
    content: str
    agency: str
    commune: str
    settled: dt.date | None  # None: still pending in October


PETITION_TOPICS = {
    "complaint": (
        ("Khiếu nại việc bồi thường, hỗ trợ khi thu hồi đất thực hiện Dự án cao tốc Đồng Đăng - Trà Lĩnh", "Xã Đông Khê"),
        ("Khiếu nại quyết định xử phạt vi phạm hành chính trong lĩnh vực đất đai", ""),
        ("Khiếu nại việc không cấp giấy chứng nhận quyền sử dụng đất", ""),
        ("Khiếu nại phương án bồi thường Khu công nghiệp Chu Trinh", "Phường Tân Giang"),
    ),
    "denunciation": (
        ("Tố cáo cán bộ địa chính xã có dấu hiệu sai phạm khi lập hồ sơ cấp giấy chứng nhận", ""),
        ("Tố cáo hành vi khai thác khoáng sản trái phép", "Xã Quảng Uyên"),
        ("Tố cáo sai phạm trong bình xét hộ nghèo", ""),
    ),
    "recommendation": (
        ("Kiến nghị sửa chữa đường giao thông nông thôn bị sạt lở sau mưa lớn", ""),
        ("Phản ánh ô nhiễm bụi, tiếng ồn từ cơ sở chế biến đá", "Xã Quảng Uyên"),
        ("Kiến nghị giải quyết chế độ chính sách người có công", ""),
        ("Phản ánh chậm chi trả tiền hỗ trợ xóa nhà tạm, nhà dột nát", ""),
        ("Kiến nghị cấp nước sinh hoạt cho các xóm vùng cao", ""),
    ),
}
PETITION_AGENCIES = {
    "complaint": ("UBND {commune}", "Sở Nông nghiệp và Môi trường", "UBND {commune}"),
    "denunciation": ("Thanh tra tỉnh", "UBND {commune}", "Công an tỉnh"),
    "recommendation": ("UBND {commune}", "Sở Xây dựng", "UBND {commune}", "Sở Nông nghiệp và Môi trường"),
}
KIND_WEIGHTS = (("recommendation", 0.55), ("complaint", 0.3), ("denunciation", 0.15))
DUE_DAYS = {"complaint": 45, "denunciation": 60}  # first settlement in remote areas; none for kiến nghị


def petition_cases(rng: random.Random) -> list[Case]:
    names = [c.name for c in communes()]
    cases, seq = [], 0
    for month in range(1, 11):
        for _ in range(rng.randint(6, 10)):
            seq += 1
            kind = rng.choices([k for k, _ in KIND_WEIGHTS], [w for _, w in KIND_WEIGHTS])[0]
            content, place = rng.choice(PETITION_TOPICS[kind])
            commune = place or rng.choice(names)
            agency = rng.choice(PETITION_AGENCIES[kind]).format(commune=commune[0].lower() + commune[1:])
            received = d(rng.randint(1, 28), month)
            days = rng.choice((8, 12, 20, 25, 32, 40, 55, 70, 95, None)) if kind != "recommendation" \
                else rng.choice((5, 7, 10, 14, 18, 25, 40, None))
            settled = received + dt.timedelta(days=days) if days else None
            cases.append(Case(f"{seq:03d}/ĐT", received, kind, content, agency, commune, settled))
    return cases


PETITION_COLS = [
    Col("STT", width=5, kind="center"),
    Col("Số đơn", width=9, kind="center"),
    Col("Ngày nhận đơn", width=12, kind="date"),
    Col("Nội dung đơn", width=46, kind="wrap"),
    Col("Phân loại đơn", "Khiếu nại", width=8, kind="center"),
    Col("Phân loại đơn", "Tố cáo", width=8, kind="center"),
    Col("Phân loại đơn", "Kiến nghị, phản ánh", width=9, kind="center"),
    Col("Cơ quan giải quyết", width=26, kind="wrap"),
    Col("Địa bàn", width=18, kind="wrap"),
    Col("Hạn giải quyết", width=12, kind="date"),
    Col("Kết quả giải quyết", width=26, kind="wrap"),
    Col("Ngày giải quyết", width=12, kind="date"),
]
_RESULTS = {"complaint": "Đã ban hành quyết định giải quyết khiếu nại", "denunciation": "Đã ban hành kết luận nội dung tố cáo",
            "recommendation": "Đã trả lời công dân"}


def petition_form(month: int, cases: list[Case]) -> Form:
    as_of = month_end(month)
    rows = []
    for i, c in enumerate((c for c in cases if c.received <= as_of), start=1):
        done = c.settled is not None and c.settled <= as_of
        due = c.received + dt.timedelta(days=DUE_DAYS[c.kind]) if c.kind in DUE_DAYS else None
        ticks = ["x" if c.kind == k else "" for k in ("complaint", "denunciation", "recommendation")]
        result = _RESULTS[c.kind] if done else ("Đang xác minh" if c.kind != "recommendation" else "Đang xem xét, giải quyết")
        received = c.received if month != 6 else f"{c.received.day}/{c.received.month}/{c.received.year}"
        rows.append(Row([i, c.number, received, c.content, *ticks, c.agency, c.commune, due, result,
                         c.settled if done else None]))
    return Form(
        stem=f"don_thu_T{month:02d}_2026", sheet="Sổ theo dõi đơn",
        agency=(UBND, "THANH TRA TỈNH"), doc_no=f"Số: {140 + 11 * month}/BC-TTr", issued=issued_on(month, 4),
        titles=["SỔ THEO DÕI TIẾP NHẬN, XỬ LÝ ĐƠN KHIẾU NẠI, TỐ CÁO, KIẾN NGHỊ, PHẢN ÁNH",
                f"(Số liệu từ ngày 01/01/2026 đến ngày {vn_date(as_of)})"],
        unit=None, cols=PETITION_COLS, rows=rows,
        notes=["Ghi chú: Họ tên, địa chỉ người gửi đơn lưu tại sổ gốc của Thanh tra tỉnh, không đưa vào biểu tổng hợp."],
        signer=("KT. CHÁNH THANH TRA", "PHÓ CHÁNH THANH TRA", "Bế Văn Tuấn"), preparer="Lã Thị Hoa",
    )


# ---------------------------------------------------------------- all three

ORDER = ("growth", "dossiers", "petitions")
FORMATS = {("growth", 3): ".csv", ("growth", 7): ".ods", ("dossiers", 2): ".csv", ("dossiers", 9): ".ods",
           ("petitions", 5): ".ods"}


def watch_forms(months: tuple[int, ...]) -> dict[int, list[tuple[str, Form, str]]]:
    """Month → (dataset, form, file suffix) of the three datasets, in loading order."""
    paths = growth_paths(random.Random(f"{SEED}-growth"))
    dossiers = dossier_series(random.Random(f"{SEED}-dossiers"))
    cases = petition_cases(random.Random(f"{SEED}-petitions"))
    out = {}
    for month in months:
        forms = {"growth": growth_form(month, paths), "dossiers": dossier_form(month, dossiers),
                 "petitions": petition_form(month, cases)}
        out[month] = [(name, forms[name], FORMATS.get((name, month), ".xlsx")) for name in ORDER]
    return out

