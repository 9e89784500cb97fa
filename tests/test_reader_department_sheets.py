"""Sheets as Cao Bằng departments write them, in the wordings the cleaner examples miss: month-only
deadlines, abbreviated headers, a status ticked across columns, units without "đồng", as-of dates
worded another way, gates named by their kind of crossing, locations naming several communes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from data_pipeline.communes import resolve_location
from data_pipeline.datasets.tasks import judge_status
from data_pipeline.datasets.trade import gate_name
from data_pipeline.values import parse_date, parse_title_period, unit_line
from reader_builders import SizeChecked, write_csv

# Every sheet of this file is also read padded past 5,000 rows, where it is read column by
# column, and must give the same rows, problems and report date (reader_builders.SizeChecked).
_sized = SizeChecked()
prepare = _sized.prepare
write_xlsx = _sized.xlsx

D = dt.date
TRIEU = 1_000_000
TY = 1_000_000_000


def xlsx(tmp_path, rows, merges=(), name="Biểu 1"):
    return write_xlsx(tmp_path / "bieu.xlsx", {name: rows}, {name: list(merges)})


def as_tuples(frame, *columns):
    return [tuple(None if v != v else v for v in row) for row in frame[list(columns)].itertuples(index=False)]


# ---------------------------------------------------------------- tasks: deadlines and statuses


def test_deadline_written_as_month_and_year_without_a_day_is_the_last_day_of_that_month(tmp_path):
    """"6/2026", "T6/2026", "06-2026": the month and year a department gives as a deadline, as
    "Tháng 6/2026" is read (its last day); a quarter without its year takes the report's year."""
    rows = [["DANH MỤC NHIỆM VỤ UBND TỈNH GIAO (số liệu đến ngày 30/6/2026)"],
            ["TT", "Nội dung công việc", "Đơn vị chủ trì", "Thời gian hoàn thành", "Kết quả thực hiện"],
            [1, "Xây dựng đề án chuyển đổi số", "Sở Khoa học và Công nghệ", "6/2026", "Đang thực hiện"],
            [2, "Rà soát quy hoạch vùng", "Sở Xây dựng", "T5/2026", "Đang thực hiện"],
            [3, "Ban hành kế hoạch kiểm tra", "Sở Nội vụ", "09-2026", "Chưa triển khai"],
            [4, "Tổng kết công tác năm", "Văn phòng UBND tỉnh", "Quý IV", "Đang thực hiện"],
            [5, "Báo cáo sơ kết", "Sở Tài chính", "Quí II/2026", "Đang thực hiện"]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert prepared.report_date == D(2026, 6, 30)
    assert as_tuples(prepared.rows, "deadline", "status") == [
        (D(2026, 6, 30), "in_progress"),
        (D(2026, 5, 31), "overdue"),
        (D(2026, 9, 30), "not_started"),
        (D(2026, 12, 31), "in_progress"),
        (D(2026, 6, 30), "in_progress"),
    ]


@pytest.mark.parametrize("text, expected", [
    ("6/2026", D(2026, 6, 30)), ("06/2026", D(2026, 6, 30)), ("T6/2026", D(2026, 6, 30)),
    ("T6.2026", D(2026, 6, 30)), ("Trước 6/2026", D(2026, 6, 30)), ("2026-05", D(2026, 5, 31)),
    ("Quý 3", D(2026, 9, 30)), ("Quí II/2026", D(2026, 6, 30)), ("15/5/2026", D(2026, 5, 15)),
])
def test_parse_date_month_and_year_without_a_day(text, expected):
    assert parse_date(text, year=2026) == expected


@pytest.mark.parametrize("text, expected", [
    ("Hoàn thành muộn", "done_late"),
    ("Đã hoàn thành (muộn 3 ngày)", "done_late"),
    ("Đã HT", "done_on_time"),
    ("HT", "done_on_time"),
    ("Chưa HT", "in_progress"),
    ("HT 80%", "in_progress"),
    ("Đã hoàn thành, đạt yêu cầu như mong muốn", "done_on_time"),
])
def test_task_status_wordings_late_and_abbreviated(text, expected):
    """"Muộn" is late as "chậm" is; "HT" is how tracking sheets shorten "hoàn thành"."""
    assert judge_status(text, D(2026, 8, 15), None, D(2026, 6, 30)) == expected


def test_status_ticked_in_one_of_several_columns_is_the_wording_of_that_column(tmp_path):
    """"Kết quả thực hiện" over "Đã hoàn thành | Đang thực hiện | Chưa thực hiện", an "x" in one
    of them: the task has the status its ticked column names (read as if written in words)."""
    rows = [["TỔNG HỢP KẾT QUẢ THỰC HIỆN NHIỆM VỤ (đến ngày 30/6/2026)"],
            ["STT", "Số, ký hiệu văn bản", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn",
             "Kết quả thực hiện", None, None, "Ghi chú"],
            [None, None, None, None, None, "Đã hoàn thành", "Đang thực hiện", "Chưa thực hiện", None],
            [1, "145/TB-UBND", "Trình đề án A", "Sở Xây dựng", "15/5/2026", "x", None, None, None],
            [2, "145/TB-UBND", "Trình đề án B", "Sở Xây dựng", "15/8/2026", None, "x", None, None],
            [3, "145/TB-UBND", "Trình đề án C", "Sở Tài chính", "15/5/2026", None, "X", None, "Chờ ý kiến Bộ"],
            [4, "145/TB-UBND", "Trình đề án D", "Sở Tài chính", "15/8/2026", None, None, "x", None],
            [5, "145/TB-UBND", "Trình đề án E", "Sở Nội vụ", "15/5/2026", "Tờ trình 45/TTr-SNV ngày 20/5/2026",
             None, None, None]]
    merges = ["A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:H2", "I2:I3"]
    prepared = prepare(xlsx(tmp_path, rows, merges))
    assert as_tuples(prepared.rows, "title", "status", "completed_on") == [
        ("Trình đề án A", "done_on_time", None),
        ("Trình đề án B", "in_progress", None),
        ("Trình đề án C", "overdue", None),
        ("Trình đề án D", "not_started", None),
        ("Trình đề án E", "done_late", D(2026, 5, 20)),
    ]
    assert list(prepared.rows["progress_note"])[2] == "Đang thực hiện — Chờ ý kiến Bộ"


def test_status_ticked_under_on_time_and_overdue_sub_columns(tmp_path):
    """Three header rows: "Tình hình thực hiện" / "Đã hoàn thành", "Chưa hoàn thành" / "Đúng hạn",
    "Quá hạn" (and "Trong hạn"): a tick under "Đã hoàn thành - Quá hạn" is a task done late."""
    rows = [["KẾT QUẢ THỰC HIỆN NHIỆM VỤ CHỦ TỊCH UBND TỈNH GIAO, SỐ LIỆU ĐẾN NGÀY 30/6/2026"],
            ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Tình hình thực hiện", None, None, None],
            [None, None, None, None, "Đã hoàn thành", None, "Chưa hoàn thành", None],
            [None, None, None, None, "Đúng hạn", "Quá hạn", "Trong hạn", "Quá hạn"],
            [1, "Nhiệm vụ A", "Sở Xây dựng", "15/5/2026", "x", None, None, None],
            [2, "Nhiệm vụ B", "Sở Xây dựng", "15/5/2026", None, "x", None, None],
            [3, "Nhiệm vụ C", "Sở Tài chính", "15/8/2026", None, None, "x", None],
            [4, "Nhiệm vụ D", "Sở Tài chính", "15/5/2026", None, None, None, "x"]]
    merges = ["A2:A4", "B2:B4", "C2:C4", "D2:D4", "E2:H2", "E3:F3", "G3:H3"]
    prepared = prepare(xlsx(tmp_path, rows, merges))
    assert list(prepared.rows["status"]) == ["done_on_time", "done_late", "in_progress", "overdue"]


# ---------------------------------------------------------------- headers written short


def test_abbreviated_revenue_headers_dt_th_ck(tmp_path):
    """"DT HĐND giao" (dự toán), "TH tháng 9" (thực hiện), "Lũy kế TH", "CK năm trước" (cùng kỳ)."""
    rows = [["THU NGÂN SÁCH NHÀ NƯỚC THÁNG 9/2026"], ["ĐVT: Tr.đ"],
            ["TT", "Chỉ tiêu", "DT HĐND giao", "TH tháng 9", "Lũy kế TH", "CK năm trước", "% so DT"],
            ["I", "Thu nội địa", 1000, 100, 700, 600, 70],
            [1, "Thu từ doanh nghiệp nhà nước", 500, 50, 300, 250, 60],
            [2, "Thu từ khu vực ngoài quốc doanh", 500, 50, 400, 350, 80]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert prepared.dataset == "revenue"
    assert as_tuples(prepared.rows, "period", "item_code", "estimate_vnd", "month_actual_vnd", "ytd_actual_vnd",
                     "ytd_last_year_vnd") == [
        (D(2026, 9, 1), "I", 1000 * TRIEU, 100 * TRIEU, 700 * TRIEU, 600 * TRIEU),
        (D(2026, 9, 1), "I.1", 500 * TRIEU, 50 * TRIEU, 300 * TRIEU, 250 * TRIEU),
        (D(2026, 9, 1), "I.2", 500 * TRIEU, 50 * TRIEU, 400 * TRIEU, 350 * TRIEU),
    ]


@pytest.mark.parametrize("disbursed", ["Lũy kế GN", "Số vốn đã GN", "Giá trị GN"])
def test_disbursement_written_gn(disbursed, tmp_path):
    rows = [["GIẢI NGÂN KẾ HOẠCH VỐN NĂM 2026 ĐẾN 30/9/2026"], ["ĐVT: Tr.đ"],
            ["TT", "Tên dự án", "CĐT", "KHV 2026", disbursed, "Tỷ lệ GN (%)"],
            [1, "Đường Trà Lĩnh - Hùng Quốc", "Ban QLDA tỉnh", 1000, "250,5", 25]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert as_tuples(prepared.rows, "plan_vnd", "disbursed_vnd") == [(1000 * TRIEU, 250.5 * TRIEU)]


def test_mining_headers_cs_khoi_luong_and_licensee_unit(tmp_path):
    """"CS khai thác" (công suất), "Khối lượng khai thác thực tế", "Đơn vị được cấp phép" (the
    company, not the unit of measure), and "Thời hạn GP (năm)", a number of years, which is not the
    expiry date: it is left out rather than read as a date."""
    rows = [["TÌNH HÌNH KHAI THÁC KHOÁNG SẢN 9 THÁNG NĂM 2026"],
            ["TT", "Tên mỏ", "Loại khoáng sản", "Đơn vị được cấp phép", "Số GP", "Thời hạn GP (năm)",
             "CS khai thác (m3/năm)", "Khối lượng khai thác thực tế (m3)"],
            [1, "Mỏ đá Nà Lạn", "Đá vôi", "Công ty TNHH A", "15/GP-UBND", "10 năm", "50.000", "35.000"],
            [2, "Mỏ cát Bằng Giang", "Cát sỏi", "Công ty CP B", "16/GP-UBND", 5, 20000, "12.000,5"]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert prepared.dataset == "mining"
    assert as_tuples(prepared.rows, "mine_id", "company", "licensed_capacity", "actual_output", "unit",
                     "period_start", "period_end", "license_expiry") == [
        ("15/GP-UBND", "Công ty TNHH A", 50000.0, 35000.0, "m3/năm", D(2026, 1, 1), D(2026, 9, 30), None),
        ("16/GP-UBND", "Công ty CP B", 20000.0, 12000.5, "m3/năm", D(2026, 1, 1), D(2026, 9, 30), None),
    ]


# ---------------------------------------------------------------- units


@pytest.mark.parametrize("text, unit", [
    ("ĐVT: Tỷ", "ty"), ("Đơn vị tính: Triệu", "trieu"), ("(Đơn vị tính: nghìn)", "nghin"), ("Đơn vị: đ", "dong"),
    ("ĐVT: Nghìn đô la Mỹ", "nghin_usd"), ("ĐVT: Triệu đô la Mỹ", "trieu_usd"),
    ("Đơn vị: người", None), ("Đơn vị chủ trì", None),
])
def test_unit_line_with_the_multiple_alone_or_dollars_in_words(text, unit):
    assert unit_line(text) == unit


def test_unit_written_alone_in_the_title_or_in_brackets_in_a_header(tmp_path):
    """"ĐVT: Tỷ" means tỷ đồng, and "Giải ngân (tỷ)" too: read as triệu (the default) the amounts
    would be a thousand times too small."""
    rows = [["GIẢI NGÂN VỐN ĐẦU TƯ CÔNG ĐẾN NGÀY 30/9/2026"], ["ĐVT: Tỷ"],
            ["TT", "Tên dự án", "Chủ đầu tư", "Kế hoạch vốn", "Giải ngân"],
            [1, "Đường A", "Ban QLDA", "12,5", 5]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert as_tuples(prepared.rows, "plan_vnd", "disbursed_vnd") == [(12.5 * TY, 5 * TY)]
    assert not prepared.warnings
    rows = [["GIẢI NGÂN VỐN ĐẦU TƯ CÔNG ĐẾN NGÀY 30/9/2026"],
            ["TT", "Tên dự án", "Chủ đầu tư", "Kế hoạch vốn (tỷ)", "Giải ngân (tỷ)"],
            [1, "Đường A", "Ban QLDA", "12,5", 5]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert as_tuples(prepared.rows, "plan_vnd", "disbursed_vnd") == [(12.5 * TY, 5 * TY)]


# ---------------------------------------------------------------- as-of dates and periods


@pytest.mark.parametrize("lines, expected", [
    (["Số liệu tính đến thời điểm 30/9/2026"], (None, D(2026, 9, 30))),
    (["Thời điểm báo cáo: 30/9/2026"], (None, D(2026, 9, 30))),
    (["Số liệu cập nhật ngày 30/9/2026"], (None, D(2026, 9, 30))),
    (["Từ ngày 01/01 đến ngày 30/9/2026"], (D(2026, 1, 1), D(2026, 9, 30))),
    (["Từ tháng 1 đến tháng 9 năm 2026"], (D(2026, 1, 1), D(2026, 9, 30))),
    (["BÁO CÁO NĂM 2026", "(Số liệu đến ngày 30/9)"], (None, D(2026, 9, 30))),
])
def test_title_as_of_dates_and_periods_worded_otherwise(lines, expected):
    period = parse_title_period(lines)
    assert (period.start, period.end) == expected


def test_mining_period_from_months_in_the_title(tmp_path):
    """"Từ tháng 1 đến tháng 9 năm 2026": the output covers January to September, not September."""
    rows = [["BÁO CÁO KHAI THÁC KHOÁNG SẢN TỪ THÁNG 1 ĐẾN THÁNG 9 NĂM 2026"],
            ["STT", "Tên mỏ", "Công suất cấp phép (tấn/năm)", "Sản lượng khai thác thực tế"],
            [1, "Mỏ sắt Nà Rụa", 100000, 60000]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert as_tuples(prepared.rows, "period_start", "period_end") == [(D(2026, 1, 1), D(2026, 9, 30))]
    assert prepared.report_date == D(2026, 9, 30)


def test_report_date_from_a_title_saying_thoi_diem(tmp_path):
    rows = [["GIẢI NGÂN VỐN ĐẦU TƯ CÔNG NĂM 2026"], ["Số liệu tính đến thời điểm 15/10/2026"],
            ["TT", "Tên dự án", "Chủ đầu tư", "Kế hoạch vốn", "Giải ngân"],
            [1, "Đường A", "Ban QLDA", 100, 40]]
    assert prepare(xlsx(tmp_path, rows), unit="triệu").report_date == D(2026, 10, 15)


# ---------------------------------------------------------------- trade gates


@pytest.mark.parametrize("text, gate", [
    ("Cặp chợ Nà Lạn", "Nà Lạn"), ("Lối mở Nà Đoỏng", "Nà Đoỏng"), ("Điểm thông quan Nà Đoỏng", "Nà Đoỏng"),
    ("CK QT Tà Lùng", "Tà Lùng"), ("Cửa khẩu QT Trà Lĩnh", "Trà Lĩnh"), ("Lối mở số 3", "Lối mở số 3"),
])
def test_gate_name_drops_market_pairs_openings_and_qt(text, gate):
    """A crossing is stored by its place's name, whatever kind of crossing the sheet calls it; one
    known only by its number keeps its whole name."""
    assert gate_name(text) == gate


def test_trade_sheet_with_export_and_import_columns_and_kinds_of_crossing(tmp_path):
    rows = [["TÌNH HÌNH XUẤT NHẬP KHẨU QUA CÁC CỬA KHẨU THÁNG 8 NĂM 2026"], [None, None, None, "ĐVT: nghìn USD"],
            ["STT", "Cửa khẩu", "Xuất khẩu", "Nhập khẩu"],
            [None, "Tổng cộng", 1500, 700],
            [1, "Cửa khẩu quốc tế Tà Lùng", "1.000,5", 500],
            [2, "CK Trà Lĩnh", 300, 100],
            [3, "Cặp chợ Nà Lạn", 200, 100]]
    path = write_csv(tmp_path / "xnk.csv", rows, encoding="cp1258")
    prepared = prepare(path)
    assert as_tuples(prepared.rows, "period", "gate", "direction", "value_usd") == [
        (D(2026, 8, 1), "Tà Lùng", "export", 1000500.0), (D(2026, 8, 1), "Tà Lùng", "import", 500000.0),
        (D(2026, 8, 1), "Trà Lĩnh", "export", 300000.0), (D(2026, 8, 1), "Trà Lĩnh", "import", 100000.0),
        (D(2026, 8, 1), "Nà Lạn", "export", 200000.0), (D(2026, 8, 1), "Nà Lạn", "import", 100000.0),
    ]


# ---------------------------------------------------------------- locations


@pytest.mark.parametrize("text", ["Các xã trên địa bàn tỉnh", "Các xã biên giới", "05 xã", "5 xã biên giới",
                                  "Một số xã", "Các phường"])
def test_location_describing_several_communes_has_no_commune(text):
    """Several communes described rather than listed: no one commune, and no error either."""
    assert resolve_location(text) is None


def test_project_located_in_the_border_communes_loads_with_no_commune(tmp_path):
    rows = [["GIẢI NGÂN VỐN ĐẦU TƯ CÔNG ĐẾN NGÀY 30/9/2026"], ["Đơn vị tính: triệu đồng"],
            ["TT", "Tên dự án", "Chủ đầu tư", "Địa điểm", "Kế hoạch vốn", "Giải ngân"],
            [1, "Đường tuần tra biên giới", "Bộ CHQS tỉnh", "Các xã biên giới", 1000, 200],
            [2, "Trường THCS Trà Lĩnh", "UBND xã Trà Lĩnh", "Xã Trà Lĩnh", 500, 100]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert as_tuples(prepared.rows, "project_name", "commune_code") == [
        ("Đường tuần tra biên giới", None), ("Trường THCS Trà Lĩnh", "01447")]


# ---------------------------------------------------------------- fund rows without numbering


def _fund_rows(projects_per_fund: int) -> list[list[object]]:
    rows = [["GIẢI NGÂN VỐN ĐẦU TƯ CÔNG NĂM 2026 ĐẾN NGÀY 30/9/2026"], ["ĐVT: triệu đồng"],
            ["STT", "Tên dự án", "Chủ đầu tư", "Kế hoạch vốn", "Giải ngân"],
            [None, "TỔNG SỐ", None, 3 * projects_per_fund, projects_per_fund]]
    for fund, road in (("Vốn ngân sách Trung ương", "TW"), ("Nguồn vốn NSĐP", "ĐP")):
        rows.append([None, fund, None, projects_per_fund * 1.5, projects_per_fund * 0.5])
        rows += [[k, f"Đường {road} số {k}", "Ban QLDA", 1.5, 0.5] for k in range(1, projects_per_fund + 1)]
    rows.append([None, "Vốn đối ứng dự án ODA đường biên giới", "Ban QLDA tỉnh", 7, 2])  # a project: it has an investor
    return rows


def test_unnumbered_fund_rows_with_subtotals_set_the_fund_and_are_not_projects(tmp_path):
    """A bold "Vốn ngân sách Trung ương" row without STT or investor, carrying its subtotal, is the
    fund group of the projects below it: taken for a project, it would count its money twice."""
    prepared = prepare(xlsx(tmp_path, _fund_rows(2)))
    assert as_tuples(prepared.rows, "project_name", "capital_source", "plan_vnd") == [
        ("Đường TW số 1", "Vốn ngân sách Trung ương", 1.5 * TRIEU),
        ("Đường TW số 2", "Vốn ngân sách Trung ương", 1.5 * TRIEU),
        ("Đường ĐP số 1", "Nguồn vốn NSĐP", 1.5 * TRIEU),
        ("Đường ĐP số 2", "Nguồn vốn NSĐP", 1.5 * TRIEU),
        ("Vốn đối ứng dự án ODA đường biên giới", "Nguồn vốn NSĐP", 7 * TRIEU),
    ]


def test_unnumbered_fund_rows_read_the_same_in_a_large_sheet(tmp_path):
    from data_pipeline.columnar import ColumnRecords
    path = xlsx(tmp_path, _fund_rows(3000))
    columnar, exact = prepare(path), prepare(path, columnar=False)
    assert isinstance(columnar.records, ColumnRecords)
    assert list(columnar.records) == list(exact.records)
    assert len(exact.records) == 6001
    assert sum(r["plan_vnd"] for r in exact.records) == (9000 + 7) * TRIEU


def test_ticked_status_columns_in_a_large_sheet_read_the_same_as_cell_by_cell(tmp_path):
    rows = [["KẾT QUẢ THỰC HIỆN NHIỆM VỤ (đến ngày 30/6/2026)"],
            ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Kết quả thực hiện", None],
            [None, None, None, None, "Đã hoàn thành", "Chưa hoàn thành"]]
    rows += [[k, f"Nhiệm vụ {k}", "Sở Nội vụ", "15/5/2026", "x" if k % 2 else None, None if k % 2 else "x"]
             for k in range(1, 6001)]
    merges = ["A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:F2"]
    path = xlsx(tmp_path, rows, merges)
    columnar, exact = prepare(path), prepare(path, columnar=False)
    assert list(columnar.rows["status"]) == list(exact.rows["status"])
    assert exact.rows["status"].value_counts().to_dict() == {"done_on_time": 3000, "overdue": 3000}


# ---------------------------------------------------------------- task lists grouped by document


def test_task_group_rows_naming_the_assigning_document_give_the_tasks_their_source(tmp_path):
    """"A | Thông báo số 145/TB-UBND …" over its tasks, with no agency, deadline or status of its
    own, is a group row, not a task lacking its lead agency: the tasks below take it as their
    source document, also under the field groups inside it ("I | Lĩnh vực giáo dục"). A group
    beside it ("B | Nhiệm vụ khác") gives no document."""
    doc = "Thông báo số 145/TB-UBND ngày 12/5/2026 của UBND tỉnh"
    rows = [["DANH MỤC NHIỆM VỤ UBND TỈNH GIAO (số liệu đến ngày 30/6/2026)"],
            ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn", "Tình hình thực hiện"],
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
            ["A", doc, None, None, None, None],
            ["I", "Lĩnh vực giáo dục", None, None, None, None],
            [1, "Trình đề án trường nội trú", "Sở Giáo dục và Đào tạo", None, "15/5/2026", "Đã hoàn thành"],
            ["II", "Lĩnh vực xây dựng", None, None, None, None],
            [1, "Rà soát quy hoạch", "Sở Xây dựng", "Sở Tài chính", "15/8/2026", "Đang thực hiện"],
            ["B", "Nhiệm vụ khác", None, None, None, None],
            [1, "Tổ chức lễ hội", "Sở Văn hóa, Thể thao và Du lịch", None, "15/5/2026", "Chưa thực hiện"],
            [None, "Kết luận số 20-KL/TU của Tỉnh ủy", None, None, None, None],
            [1, "Kiểm tra các mỏ", "Sở Nông nghiệp và Môi trường", None, "30/9/2026", "Chưa thực hiện"]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert as_tuples(prepared.rows, "source_row", "title", "source_doc", "status") == [
        (6, "Trình đề án trường nội trú", doc, "done_on_time"),
        (8, "Rà soát quy hoạch", doc, "in_progress"),
        (10, "Tổ chức lễ hội", None, "overdue"),
        (12, "Kiểm tra các mỏ", "Kết luận số 20-KL/TU của Tỉnh ủy", "not_started"),
    ]


def test_a_task_row_without_its_lead_agency_is_still_an_error(tmp_path):
    rows = [["DANH MỤC NHIỆM VỤ (số liệu đến ngày 30/6/2026)"],
            ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Tình hình thực hiện"],
            [1, "Trình đề án", "Sở Xây dựng", "15/5/2026", "Đã hoàn thành"],
            [2, "Rà soát quy hoạch", None, None, None]]
    from data_pipeline.problems import Rejected
    with pytest.raises(Rejected) as exc:
        prepare(xlsx(tmp_path, rows))
    assert [str(p) for p in exc.value.problems] == ['Biểu 1, dòng 4, cột "Cơ quan chủ trì": chưa ghi cơ quan chủ trì']


# ---------------------------------------------------------------- amounts split into parts


def test_plan_and_disbursement_split_by_year_without_a_total_column_are_added_up(tmp_path):
    """"Kế hoạch vốn" over "Vốn năm 2025 kéo dài sang 2026 | Vốn năm 2026" and no "Tổng": the
    contract's plan_vnd and disbursed_vnd are the totals, so the parts are added; an empty part
    adds nothing, and a unit in one part's header applies to that part."""
    rows = [["GIẢI NGÂN VỐN ĐẦU TƯ CÔNG NĂM 2026 ĐẾN NGÀY 30/9/2026"], ["ĐVT: triệu đồng"],
            ["STT", "Tên dự án", "Chủ đầu tư", "Kế hoạch vốn", None, "Giải ngân", None, "Tỷ lệ (%)"],
            [None, None, None, "Vốn năm 2025 kéo dài sang 2026", "Vốn năm 2026", "Vốn năm 2025 kéo dài",
             "Vốn năm 2026", None],
            [1, "Đường A", "Ban QLDA", 100, "900", 50, "400,5", 45],
            [2, "Đường B", "Ban QLDA", None, 500, "-", 100, 20]]
    merges = ["A3:A4", "B3:B4", "C3:C4", "D3:E3", "F3:G3", "H3:H4"]
    prepared = prepare(xlsx(tmp_path, rows, merges))
    assert as_tuples(prepared.rows, "project_name", "plan_vnd", "disbursed_vnd") == [
        ("Đường A", 1000 * TRIEU, 450.5 * TRIEU), ("Đường B", 500 * TRIEU, 100 * TRIEU)]


@pytest.mark.parametrize("subs, plan", [
    (["Tổng số", "Vốn năm 2025 kéo dài", "Vốn năm 2026"], 1000),  # the total is written: taken as it is
    (["KH giao đầu năm", "KH điều chỉnh"], 900),  # two versions of the plan, not parts of it
])
def test_plan_columns_that_are_not_parts_are_not_added(subs, plan, tmp_path):
    figures = {3: [1000, 100, 900], 2: [800, 900]}[len(subs)]
    width = len(subs)
    rows = [["GIẢI NGÂN VỐN ĐẦU TƯ CÔNG NĂM 2026 ĐẾN NGÀY 30/9/2026"], ["ĐVT: triệu đồng"],
            ["STT", "Tên dự án", "Chủ đầu tư", "Kế hoạch vốn"] + [None] * (width - 1) + ["Giải ngân"],
            [None, None, None] + subs + [None],
            [1, "Đường A", "Ban QLDA"] + figures + [300]]
    last = chr(ord("D") + width - 1)
    merges = ["A3:A4", "B3:B4", "C3:C4", f"D3:{last}3", f"{chr(ord(last) + 1)}3:{chr(ord(last) + 1)}4"]
    prepared = prepare(xlsx(tmp_path, rows, merges))
    assert as_tuples(prepared.rows, "plan_vnd", "disbursed_vnd") == [(plan * TRIEU, 300 * TRIEU)]


def test_extended_deadline_is_the_deadline_in_force(tmp_path):
    """"15/5/2026 (gia hạn đến 30/6/2026)": the province extended it; judged against the first date
    the task would be overdue at 31/5 though it is not."""
    rows = [["DANH MỤC NHIỆM VỤ (số liệu đến ngày 31/5/2026)"],
            ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Tình hình thực hiện"],
            [1, "Trình đề án", "Sở Xây dựng", "15/5/2026 (gia hạn đến 30/6/2026)", "Đang thực hiện"],
            [2, "Rà soát quy hoạch", "Sở Xây dựng", "Trước 15/4/2026, điều chỉnh thành 15/5/2026", "Đang thực hiện"],
            [3, "Báo cáo", "Sở Nội vụ", "15/5/2026", "Đang thực hiện"]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert as_tuples(prepared.rows, "deadline", "status") == [
        (D(2026, 6, 30), "in_progress"), (D(2026, 5, 15), "overdue"), (D(2026, 5, 15), "overdue")]


def test_header_as_of_date_without_its_year_takes_the_year_of_the_title(tmp_path):
    """Title "… NĂM 2026", header "Giải ngân đến 30/9": the figures run to 30/9/2026, not to the
    day the file is loaded."""
    rows = [["BÁO CÁO GIẢI NGÂN VỐN ĐẦU TƯ CÔNG NĂM 2026"], ["ĐVT: triệu đồng"],
            ["TT", "Tên dự án", "Chủ đầu tư", "KH vốn 2026", "Giải ngân đến 30/9", "Tỷ lệ GN (%)"],
            [1, "Đường A", "Ban QLDA", 1000, 500, 50]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert prepared.report_date == D(2026, 9, 30)
    assert not prepared.warnings


# ---------------------------------------------------------------- rows that split a project


def test_rows_splitting_a_project_by_fund_or_item_are_not_projects(tmp_path):
    """Under "1 | Đường A | Ban QLDA", the rows "- Vốn NSTW", "- Vốn NSĐP", "Trong đó: …" and
    "+ Hạng mục cầu", with no investor of their own, split the project's figures: taken for
    projects they would count its money twice. Projects numbered "-" under a sector, each with its
    investor, stay projects."""
    rows = [["GIẢI NGÂN VỐN ĐẦU TƯ CÔNG ĐẾN NGÀY 30/9/2026"], ["ĐVT: triệu đồng"],
            ["STT", "Tên dự án", "Chủ đầu tư", "Kế hoạch vốn", "Giải ngân"],
            [1, "Đường A", "Ban QLDA", 1000, 500],
            ["-", "Vốn NSTW", None, 600, 300],
            ["-", "Vốn NSĐP", None, 400, 200],
            [2, "Đường B", "Ban QLDA", 200, 100],
            [None, "Trong đó: vốn NSTW", None, 200, 100],
            [3, "Đường C", "Ban QLDA", 300, 100],
            ["a", "Hạng mục cầu", None, 100, 50],
            ["b", "Hạng mục đường", None, 200, 50],
            ["II", "Y tế", None, 300, 100],
            ["-", "Trạm y tế xã Trà Lĩnh", "UBND xã Trà Lĩnh", 100, 50],
            ["-", "Trạm y tế xã Hòa An", "UBND xã Hòa An", 200, 50]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert as_tuples(prepared.rows, "project_name", "sector", "plan_vnd", "disbursed_vnd") == [
        ("Đường A", None, 1000 * TRIEU, 500 * TRIEU),
        ("Đường B", None, 200 * TRIEU, 100 * TRIEU),
        ("Đường C", None, 300 * TRIEU, 100 * TRIEU),
        ("Trạm y tế xã Trà Lĩnh", "Y tế", 100 * TRIEU, 50 * TRIEU),
        ("Trạm y tế xã Hòa An", "Y tế", 200 * TRIEU, 50 * TRIEU),
    ]


def test_rows_splitting_a_project_read_the_same_in_a_large_sheet(tmp_path):
    rows = [["GIẢI NGÂN VỐN ĐẦU TƯ CÔNG ĐẾN NGÀY 30/9/2026"], ["ĐVT: triệu đồng"],
            ["STT", "Tên dự án", "Chủ đầu tư", "Kế hoạch vốn", "Giải ngân"]]
    for k in range(1, 2001):
        rows += [[k, f"Đường số {k}", "Ban QLDA", 10, 4], ["-", "Vốn NSTW", None, 6, 3], ["-", "Vốn NSĐP", None, 4, 1]]
    path = xlsx(tmp_path, rows)
    columnar, exact = prepare(path), prepare(path, columnar=False)
    assert list(columnar.records) == list(exact.records)
    assert len(exact.records) == 2000
    assert sum(r["plan_vnd"] for r in exact.records) == 20000 * TRIEU


def test_output_of_the_reported_year_is_taken_over_last_years_column(tmp_path):
    """"Sản lượng khai thác năm 2025" beside "Sản lượng khai thác 9 tháng năm 2026" in a report
    for 2026: the actual output is this year's, whichever column comes first."""
    rows = [["BÁO CÁO TÌNH HÌNH KHAI THÁC KHOÁNG SẢN"], ["Từ ngày 01/01/2026 đến ngày 30/9/2026"],
            ["STT", "Tên mỏ", "Công suất được cấp phép (m3/năm)", "Sản lượng khai thác năm 2025 (m3)",
             "Sản lượng khai thác 9 tháng năm 2026 (m3)"],
            [1, "Mỏ đá Nà Lạn", 50000, 40000, 30000]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert as_tuples(prepared.rows, "licensed_capacity", "actual_output", "unit", "period_start", "period_end") == [
        (50000.0, 30000.0, "m3/năm", D(2026, 1, 1), D(2026, 9, 30))]


def test_trade_headers_written_xk_and_nk(tmp_path):
    """"Kim ngạch XK", "Kim ngạch NK", "Lũy kế XK", "XK cùng kỳ": the customs office's shorthand for
    xuất khẩu and nhập khẩu gives two rows per gate, each with its own year-to-date figure."""
    rows = [["KIM NGẠCH XUẤT NHẬP KHẨU QUA CÁC CỬA KHẨU THÁNG 8 NĂM 2026"], ["ĐVT: nghìn USD"],
            ["STT", "Cửa khẩu", "Kim ngạch XK", "Kim ngạch NK", "Lũy kế XK", "Lũy kế NK", "XK cùng kỳ", "NK cùng kỳ"],
            [1, "CK Tà Lùng", 100, 50, 700, 350, 90, 40]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert as_tuples(prepared.rows, "gate", "direction", "value_usd", "ytd_value_usd", "last_year_value_usd") == [
        ("Tà Lùng", "export", 100_000.0, 700_000.0, 90_000.0), ("Tà Lùng", "import", 50_000.0, 350_000.0, 40_000.0)]


@pytest.mark.parametrize("lines, expected", [
    (["BÁO CÁO KẾT QUẢ THU NGÂN SÁCH NHÀ NƯỚC THÁNG 9", "NĂM 2026"], (D(2026, 9, 1), D(2026, 9, 30))),
    (["BÁO CÁO QUÝ III", "NĂM 2026"], (D(2026, 7, 1), D(2026, 9, 30))),
    (["TÌNH HÌNH KHAI THÁC KHOÁNG SẢN 9 THÁNG ĐẦU", "NĂM 2026"], (D(2026, 1, 1), D(2026, 9, 30))),
    (["BÁO CÁO NĂM 2026"], (D(2026, 1, 1), D(2026, 12, 31))),
])
def test_title_month_with_its_year_on_the_next_line(lines, expected):
    """A title broken over two lines, "… THÁNG 9" then "NĂM 2026": the month of that year, not the year."""
    period = parse_title_period(lines)
    assert (period.start, period.end) == expected


def test_revenue_month_from_a_title_split_over_two_lines(tmp_path):
    rows = [["BÁO CÁO KẾT QUẢ THU NGÂN SÁCH NHÀ NƯỚC THÁNG 9"], ["NĂM 2026"], ["ĐVT: triệu đồng"],
            ["STT", "Chỉ tiêu", "Dự toán", "Thực hiện trong tháng", "Lũy kế từ đầu năm"],
            ["I", "Thu nội địa", 1000, 100, 700]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert as_tuples(prepared.rows, "period", "month_actual_vnd") == [(D(2026, 9, 1), 100 * TRIEU)]
    assert prepared.report_date == D(2026, 9, 30)


# ---------------------------------------------------------------- the command line's own messages


@pytest.mark.parametrize("args, said", [
    (["ingest", "bieu.xlsx", "--dataset", "task"],
     'tham số --dataset: giá trị "task" không hợp lệ (chọn một trong: tasks, disbursement'),
    (["ingest", "bieu.xlsx", "--report-date", "30/09/2026"], 'tham số --report-date: ngày "30/09/2026"'),
    (["ingest"], "thiếu tham số bắt buộc: file"),
    (["ingest", "bieu.xlsx", "--bogus"], "tham số không nhận ra: --bogus"),
    (["rollback", "abc"], 'tham số load_id: "abc" không phải là số'),
])
def test_a_mistyped_command_line_is_answered_in_vietnamese(args, said, capsys):
    from data_pipeline.cli import main
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert said in err
    for english in ("usage:", "invalid choice", "argument ", "required", "unrecognized"):
        assert english not in err


def test_trade_gate_rows_with_export_and_import_rows_below_them(tmp_path):
    """"1 | Cửa khẩu quốc tế Tà Lùng | 150" over "- Xuất khẩu | 100" and "- Nhập khẩu | 50": the gate
    row carries the sum; the rows below it are the gate's export and import."""
    rows = [["KIM NGẠCH XUẤT NHẬP KHẨU QUA CÁC CỬA KHẨU THÁNG 8 NĂM 2026"], ["ĐVT: nghìn USD"],
            ["STT", "Cửa khẩu", "Kim ngạch tháng 8", "Lũy kế 8 tháng"],
            [None, "Tổng cộng", 165, 1155],
            [1, "Cửa khẩu quốc tế Tà Lùng", 150, 1050],
            [None, "- Xuất khẩu", 100, 700],
            [None, "- Nhập khẩu", 50, 350],
            [2, "Cửa khẩu Trà Lĩnh", 15, 105],
            [None, "XK", 10, 70],
            [None, "NK", 5, 35]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert as_tuples(prepared.rows, "period", "gate", "direction", "value_usd", "ytd_value_usd") == [
        (D(2026, 8, 1), "Tà Lùng", "export", 100_000.0, 700_000.0),
        (D(2026, 8, 1), "Tà Lùng", "import", 50_000.0, 350_000.0),
        (D(2026, 8, 1), "Trà Lĩnh", "export", 10_000.0, 70_000.0),
        (D(2026, 8, 1), "Trà Lĩnh", "import", 5_000.0, 35_000.0),
    ]


def test_progress_written_under_done_and_not_done_columns_is_judged_from_its_words(tmp_path):
    """"Đã thực hiện" and "Chưa thực hiện" columns holding what is done and what is left (not
    ticks): the task is under way, judged from what is written, not from the columns' names."""
    rows = [["KẾT QUẢ THỰC HIỆN NHIỆM VỤ (đến ngày 30/6/2026)"],
            ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Kết quả thực hiện", None],
            [None, None, None, None, "Đã thực hiện", "Chưa thực hiện"],
            [1, "Lập quy hoạch", "Sở Xây dựng", "30/9/2026", "Đã lấy ý kiến các sở", "Trình thẩm định"],
            [2, "Trình đề án", "Sở Nội vụ", "30/9/2026", None, "x"]]
    merges = ["A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:F2"]
    prepared = prepare(xlsx(tmp_path, rows, merges))
    assert list(prepared.rows["status"]) == ["in_progress", "not_started"]


# ---------------------------------------------------------------- forms of Kho bạc, Ban QLDA, Hải quan


def _subgroup_rows(mark: str, in_name: bool):
    """A sector, lettered sub-groups with subtotals under it (one holding a single project), as a
    Ban QLDA writes its plan: "a) Dự án chuyển tiếp" is a group, not a 42,5-tỷ project."""
    def letter(x, label):
        token = {"a)": f"{x})", "a.": f"{x}.", "a -": f"{x} -"}[mark]
        return [None, f"{token} {label}"] if in_name else [token, label]
    return [["BÁO CÁO GIẢI NGÂN KẾ HOẠCH VỐN NĂM 2026 ĐẾN NGÀY 31/5/2026"], ["Đơn vị tính: triệu đồng"],
            ["STT", "Tên dự án", "Chủ đầu tư", "Kế hoạch vốn", "Giải ngân"],
            [None, "TỔNG CỘNG", None, 100000, 40000],
            ["I", "Giáo dục", None, 57500, 25000],
            letter("a", "Dự án chuyển tiếp") + [None, 42500, 20000],
            [1, "Trường PTDTNT tỉnh", "Ban QLDA tỉnh", 42500, 20000],
            letter("b", "Dự án khởi công mới") + [None, 15000, 5000],
            [1, "Trường THCS Hòa An", "UBND xã Hòa An", 10000, 3000],
            [2, "Trường TH Trà Lĩnh", "UBND xã Trà Lĩnh", 5000, 2000],
            ["II", "Y tế", None, 42500, 15000],
            letter("a", "Dự án chuyển tiếp") + [None, 42500, 15000],
            [1, "Bệnh viện đa khoa tỉnh", "Sở Y tế", 42500, 15000]]


@pytest.mark.parametrize("in_name", [False, True], ids=["stt-cell", "in-name"])
@pytest.mark.parametrize("mark", ["a)", "a.", "a -"])
def test_lettered_sub_groups_under_a_sector_are_groups_not_projects(tmp_path, mark, in_name):
    prepared = prepare(xlsx(tmp_path, _subgroup_rows(mark, in_name)))
    assert as_tuples(prepared.rows, "project_name", "sector", "plan_vnd", "disbursed_vnd") == [
        ("Trường PTDTNT tỉnh", "Dự án chuyển tiếp", 42_500 * TRIEU, 20_000 * TRIEU),
        ("Trường THCS Hòa An", "Dự án khởi công mới", 10_000 * TRIEU, 3_000 * TRIEU),
        ("Trường TH Trà Lĩnh", "Dự án khởi công mới", 5_000 * TRIEU, 2_000 * TRIEU),
        ("Bệnh viện đa khoa tỉnh", "Dự án chuyển tiếp", 42_500 * TRIEU, 15_000 * TRIEU),
    ]
    assert prepared.rows["plan_vnd"].sum() == 100_000 * TRIEU  # the sheet's own total, counted once


def test_lettered_sub_group_over_unnumbered_projects_is_a_group(tmp_path):
    rows = [["BÁO CÁO GIẢI NGÂN ĐẾN NGÀY 31/5/2026"], ["Đơn vị tính: triệu đồng"],
            ["STT", "Tên dự án", "Chủ đầu tư", "Kế hoạch vốn", "Giải ngân"],
            ["I", "Giao thông", None, 3000, 1000],
            ["a)", "Dự án chuyển tiếp", None, 3000, 1000],
            [None, "Đường Cao Bằng - Trà Lĩnh", "Ban QLDA giao thông", 3000, 1000],
            ["b)", "Dự án khởi công mới", None, 0, 0]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert as_tuples(prepared.rows, "project_name", "plan_vnd") == [("Đường Cao Bằng - Trà Lĩnh", 3000 * TRIEU)]


def _dated_rows(title="BÁO CÁO TÌNH HÌNH GIẢI NGÂN VỐN ĐẦU TƯ CÔNG NĂM 2026 (số liệu đến ngày 31/5/2026)"):
    return [[title], ["Đơn vị tính: triệu đồng"],
            ["STT", "Tên dự án", "Chủ đầu tư", "Kế hoạch vốn năm 2026", "Giải ngân đến 30/4/2026",
             "Giải ngân đến 31/5/2026", "Tỷ lệ (%)"],
            [1, "Đường A", "Ban QLDA tỉnh", 100_000, 30_000, 54_100, 54.1],
            [2, "Đường B", "Ban QLDA tỉnh", 50_000, 24_100, 36_700, 73.4]]


@pytest.mark.parametrize("hidden", [[], [4]], ids=["shown", "old-hidden"])
def test_several_dated_columns_read_the_one_of_the_report_date(tmp_path, hidden):
    """Last month's column beside this month's, often hidden: the title's date picks 31/5."""
    path = write_xlsx(tmp_path / "bieu.xlsx", {"Biểu 1": _dated_rows()}, hidden_columns={"Biểu 1": hidden})
    prepared = prepare(path)
    assert prepared.report_date == D(2026, 5, 31)
    assert as_tuples(prepared.rows, "project_name", "disbursed_vnd") == [
        ("Đường A", 54_100 * TRIEU), ("Đường B", 36_700 * TRIEU)]
    assert prepared.rows["disbursed_vnd"].sum() == 90_800 * TRIEU
    assert prepared.columns_read == {"disbursed_vnd": "Giải ngân đến 31/5/2026"}
    assert not prepared.warnings
    from data_pipeline.ingest import LoadResult
    assert "đọc cột «Giải ngân đến 31/5/2026»" in LoadResult(None, prepared).summary()


def test_a_dated_column_fitting_the_report_date_is_read_and_a_warning_says_it_was_hidden(tmp_path):
    path = write_xlsx(tmp_path / "bieu.xlsx", {"Biểu 1": _dated_rows()}, hidden_columns={"Biểu 1": [5]})
    prepared = prepare(path)
    assert prepared.rows["disbursed_vnd"].sum() == 90_800 * TRIEU
    assert [(p.kind, p.column) for p in prepared.warnings] == [("hidden-column", "Giải ngân đến 31/5/2026")]


def test_report_date_given_reads_its_own_column_or_the_latest_before_it(tmp_path):
    path = xlsx(tmp_path, _dated_rows())
    assert prepare(path, report_date=D(2026, 4, 30)).rows["disbursed_vnd"].sum() == 54_100 * TRIEU
    later = prepare(path, report_date=D(2026, 5, 15))  # no column of 15/5: the latest before it
    assert later.rows["disbursed_vnd"].sum() == 54_100 * TRIEU
    assert [p.kind for p in later.warnings] == ["dated-column"]
    assert "30/04/2026" in later.warnings[0].message


def test_no_dated_column_up_to_the_report_date_is_refused(tmp_path):
    from data_pipeline.problems import Rejected
    with pytest.raises(Rejected) as exc:
        prepare(xlsx(tmp_path, _dated_rows()), report_date=D(2026, 3, 31))
    assert [p.kind for p in exc.value.problems] == ["no-dated-column"]
    assert "«Giải ngân đến 30/4/2026», «Giải ngân đến 31/5/2026»" in exc.value.problems[0].message


GATES = ["Tà Lùng", "Trà Lĩnh", "Sóc Giang", "Lý Vạn", "Hạ Lang", "Pò Peo", "Trà Lĩnh 2", "Bí Hà", "Nà Lạn",
         "Đức Long"]


def test_trade_months_as_column_groups_are_each_their_own_period(tmp_path):
    """"Tháng 1 | Tháng 2 | Tháng 3 | Tháng 4", each over "XK | NK": 10 gates × 4 months, one row
    per gate, month and direction, each month's own figures; the cumulative column is April's."""
    header = ["STT", "Cửa khẩu"]
    sub = [None, None]
    for m in range(1, 5):
        header += [f"Tháng {m}", None]
        sub += ["XK", "NK"]
    header += ["Lũy kế 4 tháng", None]
    sub += ["XK", "NK"]
    rows = [["KIM NGẠCH XUẤT NHẬP KHẨU QUA CÁC CỬA KHẨU 4 THÁNG ĐẦU NĂM 2026"], ["ĐVT: nghìn USD"], header, sub]
    for g, gate in enumerate(GATES, 1):
        figures = []
        for m in range(1, 5):
            figures += [g * 100 + m, g * 10 + m]
        figures += [sum(g * 100 + m for m in range(1, 5)), sum(g * 10 + m for m in range(1, 5))]
        rows.append([g, f"Cửa khẩu {gate}"] + figures)
    merges = ["A3:A4", "B3:B4", "C3:D3", "E3:F3", "G3:H3", "I3:J3", "K3:L3"]
    prepared = prepare(xlsx(tmp_path, rows, merges))
    frame = prepared.rows
    assert len(frame) == 80
    assert (frame["direction"] == "export").sum() == 40
    assert sorted(set(frame["period"])) == [D(2026, m, 1) for m in range(1, 5)]
    export = frame[frame["direction"] == "export"]
    for m in range(1, 5):
        assert export[export["period"] == D(2026, m, 1)]["value_usd"].sum() == sum(g * 100 + m for g in range(1, 11)) * 1000
    tl = frame[(frame["gate"] == "Tà Lùng") & (frame["direction"] == "import")]
    assert as_tuples(tl, "period", "value_usd", "ytd_value_usd") == [
        (D(2026, 1, 1), 11_000.0, None), (D(2026, 2, 1), 12_000.0, None), (D(2026, 3, 1), 13_000.0, None),
        (D(2026, 4, 1), 14_000.0, 50_000.0)]
    assert prepared.report_date == D(2026, 4, 30)


def test_revenue_months_as_columns_are_each_their_own_period(tmp_path):
    rows = [["BÁO CÁO THU NGÂN SÁCH NHÀ NƯỚC 3 THÁNG ĐẦU NĂM 2026"], ["Đơn vị tính: triệu đồng"],
            ["STT", "Chỉ tiêu", "Dự toán năm", "Thực hiện tháng 1", "Thực hiện tháng 2", "Thực hiện tháng 3",
             "Lũy kế 3 tháng"],
            ["I", "Thu nội địa", 1200, 100, 110, 120, 330],
            [1, "Thu từ doanh nghiệp nhà nước", 600, 50, 55, 60, 165]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert as_tuples(prepared.rows, "period", "item_code", "estimate_vnd", "month_actual_vnd", "ytd_actual_vnd") == [
        (D(2026, 1, 1), "I", 1200 * TRIEU, 100 * TRIEU, None), (D(2026, 2, 1), "I", 1200 * TRIEU, 110 * TRIEU, None),
        (D(2026, 3, 1), "I", 1200 * TRIEU, 120 * TRIEU, 330 * TRIEU),
        (D(2026, 1, 1), "I.1", 600 * TRIEU, 50 * TRIEU, None), (D(2026, 2, 1), "I.1", 600 * TRIEU, 55 * TRIEU, None),
        (D(2026, 3, 1), "I.1", 600 * TRIEU, 60 * TRIEU, 165 * TRIEU)]


def test_quarters_as_column_groups_are_refused_saying_why(tmp_path):
    from data_pipeline.problems import Rejected
    rows = [["KIM NGẠCH XUẤT NHẬP KHẨU NĂM 2026"], ["ĐVT: USD"],
            ["STT", "Cửa khẩu", "Quý I", None, "Quý II", None], [None, None, "XK", "NK", "XK", "NK"],
            [1, "Tà Lùng", 1, 2, 3, 4]]
    with pytest.raises(Rejected) as exc:
        prepare(xlsx(tmp_path, rows, ["A3:A4", "B3:B4", "C3:D3", "E3:F3"]))
    assert [p.kind for p in exc.value.problems if p.severity == "error"] == ["by-quarter"]
    assert "«Quý I - XK»" in exc.value.problems[0].message and "theo tháng" in exc.value.problems[0].message


def test_disbursement_of_each_month_without_a_cumulative_column_is_refused(tmp_path):
    from data_pipeline.problems import Rejected
    rows = [["GIẢI NGÂN VỐN ĐẦU TƯ CÔNG NĂM 2026"], ["Đơn vị tính: triệu đồng"],
            ["STT", "Tên dự án", "Chủ đầu tư", "Kế hoạch vốn", "Giải ngân tháng 4", "Giải ngân tháng 5"],
            [1, "Đường A", "Ban QLDA tỉnh", 1000, 100, 200]]
    with pytest.raises(Rejected) as exc:
        prepare(xlsx(tmp_path, rows))
    assert [p.kind for p in exc.value.problems if p.severity == "error"] == ["by-month"]


def test_a_merged_month_cell_exported_to_csv_fills_down(tmp_path):
    """The month on the first row of its block, blank below (a merged cell, as CSV keeps it)."""
    rows = [["TÌNH HÌNH XUẤT NHẬP KHẨU QUA CÁC CỬA KHẨU NĂM 2026"], ["ĐVT: nghìn USD"],
            ["Tháng", "Cửa khẩu", "Xuất khẩu", "Nhập khẩu"],
            ["Tháng 10/2026", "Tà Lùng", 100, 50], [None, "Trà Lĩnh", 30, 10],
            ["Tháng 11/2026", "Tà Lùng", 120, 60], [None, "Trà Lĩnh", 35, 12]]
    prepared = prepare(write_csv(tmp_path / "xnk.csv", rows))
    assert as_tuples(prepared.rows, "period", "gate", "direction", "value_usd") == [
        (D(2026, 10, 1), "Tà Lùng", "export", 100_000.0), (D(2026, 10, 1), "Tà Lùng", "import", 50_000.0),
        (D(2026, 10, 1), "Trà Lĩnh", "export", 30_000.0), (D(2026, 10, 1), "Trà Lĩnh", "import", 10_000.0),
        (D(2026, 11, 1), "Tà Lùng", "export", 120_000.0), (D(2026, 11, 1), "Tà Lùng", "import", 60_000.0),
        (D(2026, 11, 1), "Trà Lĩnh", "export", 35_000.0), (D(2026, 11, 1), "Trà Lĩnh", "import", 12_000.0)]
    assert prepared.report_date == D(2026, 11, 30)


def test_a_month_missing_from_the_file_is_never_quoted_in_a_message(tmp_path):
    """A blank month above any month, under a title naming only the year: refused, naming the
    cell, and no message speaks of a month the file does not hold (December)."""
    from data_pipeline.problems import Rejected
    rows = [["TÌNH HÌNH XUẤT NHẬP KHẨU QUA CÁC CỬA KHẨU NĂM 2026"], ["ĐVT: nghìn USD"],
            ["Tháng", "Cửa khẩu", "Xuất khẩu", "Nhập khẩu"],
            [None, "Tà Lùng", 100, 50], [None, "Tà Lùng", 30, 10]]
    with pytest.raises(Rejected) as exc:
        prepare(write_csv(tmp_path / "xnk.csv", rows))
    messages = [str(p) for p in exc.value.problems if p.severity == "error"]
    assert [(p.kind, p.row) for p in exc.value.problems if p.severity == "error"] == [
        ("missing-cell", 4), ("missing-cell", 5)]
    assert not any("12/2026" in m or "tháng 12" in m for m in messages)


def test_a_duplicate_gate_and_month_quotes_the_cells_of_the_file(tmp_path):
    from data_pipeline.problems import Rejected
    rows = [["TÌNH HÌNH XUẤT NHẬP KHẨU QUA CÁC CỬA KHẨU THÁNG 10 NĂM 2026"], ["ĐVT: nghìn USD"],
            ["Tháng", "Cửa khẩu", "Xuất khẩu", "Nhập khẩu"],
            ["10/2026", "CK Tà Lùng", 100, 50], [None, "Cửa khẩu Tà Lùng", 30, 10]]
    with pytest.raises(Rejected) as exc:
        prepare(write_csv(tmp_path / "xnk.csv", rows))
    first = str(exc.value.problems[0])
    assert first == ('xnk, dòng 5, cột "Cửa khẩu": cửa khẩu "Cửa khẩu Tà Lùng", tháng "10/2026" (dòng 4) '
                     "(xuất khẩu) trùng với dòng 4")


def test_a_commune_with_its_old_name_in_brackets_and_a_capacity_with_its_unit(tmp_path):
    rows = [["BÁO CÁO TÌNH HÌNH KHAI THÁC KHOÁNG SẢN 6 THÁNG ĐẦU NĂM 2026"],
            ["STT", "Tên mỏ", "Vị trí", "Công suất cấp phép", "Sản lượng khai thác thực tế"],
            [1, "Mỏ đá Khau Cút", "Phường Thục Phán (phường Hợp Giang cũ)", "50.000 m³/năm", "21.500 m³"],
            [2, "Mỏ sắt Nà Rụa", "Xã Hòa An", "120.000 tấn/năm", 40000]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert as_tuples(prepared.rows, "commune_code", "location", "licensed_capacity", "actual_output", "unit") == [
        ("01273", "Phường Thục Phán (phường Hợp Giang cũ)", 50000.0, 21500.0, "m3/năm"),
        ("01654", "Xã Hòa An", 120000.0, 40000.0, "tấn/năm")]
    assert not prepared.warnings


def test_a_quantity_whose_unit_differs_from_the_header_is_refused(tmp_path):
    from data_pipeline.problems import Rejected
    rows = [["BÁO CÁO KHAI THÁC KHOÁNG SẢN 6 THÁNG ĐẦU NĂM 2026"],
            ["STT", "Tên mỏ", "Công suất cấp phép (m3/năm)", "Sản lượng thực tế"],
            [1, "Mỏ đá Khau Cút", "50.000 tấn/năm", 100]]
    with pytest.raises(Rejected) as exc:
        prepare(xlsx(tmp_path, rows))
    assert [(p.kind, p.row, p.column) for p in exc.value.problems] == [
        ("unit-conflict", 3, "Công suất cấp phép (m3/năm)")]


OLD_LIST = Path(__file__).resolve().parents[2] / "shared" / "real" / "danh_sach_dvhc_15_04_2023.xls"


@pytest.fixture
def old_communes(monkeypatch):
    if not OLD_LIST.exists():
        pytest.skip("no list of communes before 2025 (../shared/real/danh_sach_dvhc_15_04_2023.xls)")
    monkeypatch.setenv("DASHBOARD_OLD_COMMUNES", str(OLD_LIST))


def test_an_old_commune_name_is_read_as_the_commune_it_became_with_a_warning(tmp_path, old_communes):
    rows = [["GIẢI NGÂN VỐN ĐẦU TƯ CÔNG ĐẾN NGÀY 31/5/2026"], ["Đơn vị tính: triệu đồng"],
            ["STT", "Tên dự án", "Chủ đầu tư", "Địa điểm", "Kế hoạch vốn", "Giải ngân"],
            [1, "Kè sông Bằng", "Ban QLDA tỉnh", "Phường Hợp Giang", 1000, 400],
            [2, "Đường Chí Viễn", "Ban QLDA tỉnh", "Xã Chí Viễn", 500, 100],
            [3, "Nhà văn hóa", "Ban QLDA tỉnh", "Phường Hợp Giang", 200, 100]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert as_tuples(prepared.rows, "project_name", "commune_code") == [
        ("Kè sông Bằng", "01273"), ("Đường Chí Viễn", "01501"), ("Nhà văn hóa", "01273")]
    assert [(p.kind, p.row) for p in prepared.warnings] == [("old-commune-name", 4), ("old-commune-name", 5)]
    assert "Phường Thục Phán" in prepared.warnings[0].message
    assert "Xã Đàm Thủy" in prepared.warnings[1].message


def test_an_old_commune_name_of_several_places_is_refused_naming_them(tmp_path, old_communes):
    from data_pipeline.problems import Rejected
    rows = [["GIẢI NGÂN VỐN ĐẦU TƯ CÔNG ĐẾN NGÀY 31/5/2026"], ["Đơn vị tính: triệu đồng"],
            ["STT", "Tên dự án", "Chủ đầu tư", "Địa điểm", "Kế hoạch vốn", "Giải ngân"],
            [1, "Đường Ngọc Động", "Ban QLDA tỉnh", "Xã Ngọc Động", 1000, 400]]
    with pytest.raises(Rejected) as exc:
        prepare(xlsx(tmp_path, rows))
    problem = exc.value.problems[0]
    assert (problem.kind, problem.row, problem.column) == ("unknown-commune", 4, "Địa điểm")
    assert "Huyện Hà Quảng" in problem.message and "Huyện Quảng Hòa" in problem.message
    assert "Xã Hạnh Phúc" in problem.message


def test_months_as_columns_over_export_and_import_rows_under_each_gate(tmp_path):
    rows = [["KIM NGẠCH QUA CÁC CỬA KHẨU 2 THÁNG ĐẦU NĂM 2026"], ["ĐVT: USD"],
            ["STT", "Cửa khẩu", "Kim ngạch tháng 1", "Kim ngạch tháng 2", "Lũy kế 2 tháng"],
            [1, "Cửa khẩu Tà Lùng", 30, 70, 100], [None, "- Xuất khẩu", 20, 50, 70], [None, "- Nhập khẩu", 10, 20, 30]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert as_tuples(prepared.rows, "period", "gate", "direction", "value_usd", "ytd_value_usd") == [
        (D(2026, 1, 1), "Tà Lùng", "export", 20.0, None), (D(2026, 2, 1), "Tà Lùng", "export", 50.0, 70.0),
        (D(2026, 1, 1), "Tà Lùng", "import", 10.0, None), (D(2026, 2, 1), "Tà Lùng", "import", 20.0, 30.0)]


def test_revenue_cumulative_columns_of_two_dates_read_the_report_dates(tmp_path):
    rows = [["BÁO CÁO THU NGÂN SÁCH NHÀ NƯỚC NĂM 2026 (số liệu đến ngày 31/5/2026)"], ["ĐVT: triệu đồng"],
            ["STT", "Chỉ tiêu", "Dự toán", "Lũy kế đến 30/4/2026", "Lũy kế đến 31/5/2026"],
            ["I", "Thu nội địa", 1000, 300, 400]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert as_tuples(prepared.rows, "period", "ytd_actual_vnd") == [(D(2026, 5, 1), 400 * TRIEU)]
    assert prepared.columns_read == {"ytd_actual_vnd": "Lũy kế đến 31/5/2026"}


def test_the_month_over_the_figures_is_their_period_whatever_the_title_says(tmp_path):
    """"Tháng 3" over "XK | NK" in a sheet titled April: the figures are March's, never relabelled."""
    rows = [["KIM NGẠCH XUẤT NHẬP KHẨU THÁNG 4 NĂM 2026"], ["ĐVT: USD"],
            ["STT", "Cửa khẩu", "Tháng 3", None], [None, None, "XK", "NK"], [1, "Tà Lùng", 5, 6]]
    prepared = prepare(xlsx(tmp_path, rows, ["A3:A4", "B3:B4", "C3:D3"]))
    assert as_tuples(prepared.rows, "period", "direction", "value_usd") == [
        (D(2026, 3, 1), "export", 5.0), (D(2026, 3, 1), "import", 6.0)]
