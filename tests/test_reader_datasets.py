"""Recognising the dataset from its headers and building each dataset's rows: tasks status,
trade gates and directions, mining periods and units, money units and --unit."""

from __future__ import annotations

import datetime as dt

import pytest

from data_pipeline.datasets.tasks import judge_status
from data_pipeline.datasets.trade import gate_name
from data_pipeline.ingest import prepare
from data_pipeline.layout import locate_table
from data_pipeline.problems import Rejected
from data_pipeline.readers import read_workbook
from data_pipeline.recognise import recognise
from reader_builders import write_csv, write_xlsx

TRIEU = 1_000_000


def xlsx(tmp_path, rows, merges=(), name="Biểu 1"):
    return write_xlsx(tmp_path / "bieu.xlsx", {name: rows}, {name: list(merges)})


def as_tuples(frame, *columns):
    return [tuple(None if v != v else v for v in row) for row in frame[list(columns)].itertuples(index=False)]


def rejection(path, **options) -> list[str]:
    with pytest.raises(Rejected) as exc:
        prepare(path, **options)
    return [str(p) for p in exc.value.problems]


# ---------------------------------------------------------------- recognition


@pytest.mark.parametrize("plan", ["Kế hoạch vốn", "KH vốn năm 2026", "Vốn kế hoạch giao", "Kế hoạch vốn giao năm 2026",
                                  "KHV 2026", "Kế hoạch năm 2026", "Tổng vốn kế hoạch"])
@pytest.mark.parametrize("disbursed", ["Giải ngân", "Giải ngân đến 30/4/2026", "Lũy kế giải ngân", "Đã giải ngân",
                                       "Vốn đã giải ngân từ 01/01/2026 đến 30/4/2026", "Giá trị giải ngân"])
def test_disbursement_is_recognised_from_plan_and_disbursement_synonyms(plan, disbursed, tmp_path):
    rows = [["ĐVT: triệu đồng"], ["STT", "Tên dự án", "Chủ đầu tư", plan, disbursed, "Tỷ lệ giải ngân (%)"],
            [1, "Dự án A", "Ban QLDA", "1.234,5", "617,25", 50]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert prepared.dataset == "disbursement"
    assert as_tuples(prepared.rows, "plan_vnd", "disbursed_vnd") == [(1234.5 * TRIEU, 617.25 * TRIEU)]


def test_annual_plan_is_told_apart_from_medium_term_plan_and_since_start_disbursement(tmp_path):
    rows = [["ĐVT: triệu đồng"],
            ["STT", "Danh mục dự án", "Chủ đầu tư", "Tổng mức đầu tư", "Kế hoạch vốn trung hạn giai đoạn 2021-2025",
             "KH vốn năm 2026", "Lũy kế giải ngân từ khởi công", "Giải ngân KH vốn năm 2026", "Tỷ lệ (%)"],
            [1, "Dự án A", "Ban QLDA", 90000, 50000, 1000, 40000, 300, 30]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert as_tuples(prepared.rows, "plan_vnd", "disbursed_vnd") == [(1000 * TRIEU, 300 * TRIEU)]


@pytest.mark.parametrize("headers, dataset", [
    (["STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành", "Kết quả thực hiện"],
     "tasks"),
    (["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Tiến độ", "Sản phẩm"], "tasks"),
    (["STT", "Tên mỏ", "Loại khoáng sản", "Công suất (tấn/năm)", "Sản lượng khai thác năm 2026", "Thời hạn giấy phép"],
     "mining"),
    (["STT", "Tên cửa khẩu", "Kim ngạch xuất khẩu (USD)", "Kim ngạch nhập khẩu (USD)"], "trade"),
    (["STT", "Chỉ tiêu", "Dự toán năm 2026", "Thực hiện tháng 4/2026", "Lũy kế 4 tháng", "So với dự toán (%)"],
     "revenue"),
    (["TT", "Tên công trình, dự án", "Chủ đầu tư", "Kế hoạch năm 2026", "Giá trị giải ngân", "Khó khăn, vướng mắc"],
     "disbursement"),
])
def test_dataset_is_recognised_from_usual_headers(headers, dataset):
    assert recognise([[h] for h in headers]).dataset == dataset
    assert recognise([[h] for h in headers]).complete


@pytest.mark.parametrize("headers, field, column", [
    (["Chỉ tiêu", "Dự toán", "Ước thực hiện tháng 4", "Ước thực hiện 4 tháng"], "ytd_actual_vnd", 3),
    (["Chỉ tiêu", "Dự toán", "Ước thực hiện tháng 4", "Ước thực hiện 4 tháng"], "month_actual_vnd", 2),
    (["Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Thời gian hoàn thành", "Tình hình thực hiện"],
     "deadline", 2),
    (["Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Thời gian hoàn thành", "Tình hình thực hiện"],
     "completed_on", 3),
    (["Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành", "Tình hình thực hiện"], "deadline", 2),
])
def test_each_header_goes_to_the_field_it_names(headers, field, column):
    assert recognise([[h] for h in headers]).columns[field] == column


def test_recognised_dataset_is_named_and_dataset_option_chooses_between_two_readings(tmp_path):
    # Headers that read as a task list and as a revenue table at once.
    rows = [["Nội dung", "Cơ quan chủ trì", "Thời hạn", "Tình hình thực hiện", "Dự toán", "Lũy kế"],
            ["Thu thuế", "Cục Thuế", "31/12/2026", "Đang thực hiện", 100, 40]]
    path = xlsx(tmp_path, rows)
    assert prepare(path, report_date=dt.date(2026, 4, 30)).dataset == "tasks"
    revenue = prepare(path, dataset="revenue", report_date=dt.date(2026, 4, 30))
    assert revenue.dataset == "revenue"
    assert as_tuples(revenue.rows, "item_name", "estimate_vnd", "ytd_actual_vnd") == [
        ("Thu thuế", 100 * TRIEU, 40 * TRIEU)]


def test_dataset_option_for_another_kind_of_sheet_is_refused_naming_both(tmp_path):
    rows = [["ĐVT: triệu đồng"], ["STT", "Tên dự án", "Kế hoạch vốn", "Giải ngân"], [1, "Dự án A", 100, 50]]
    problems = rejection(xlsx(tmp_path, rows), dataset="tasks")
    assert any("(disbursement)" in p and "(tasks)" in p for p in problems)
    assert any('thiếu cột bắt buộc "Cơ quan chủ trì"' in p for p in problems)


def test_missing_required_column_is_named_by_its_usual_header(tmp_path):
    rows = [["ĐVT: triệu đồng"], ["STT", "Tên dự án", "Kế hoạch vốn", "Ghi chú"], [1, "Dự án A", 100, ""]]
    problems = rejection(xlsx(tmp_path, rows), dataset="disbursement")
    assert problems == ['Biểu 1, dòng 2: thiếu cột bắt buộc "Giải ngân"']


# ---------------------------------------------------------------- money units


def disbursement_rows(unit_line=None, plan="Kế hoạch vốn", disbursed="Giải ngân"):
    rows = [["SỞ TÀI CHÍNH"], ["BÁO CÁO GIẢI NGÂN THÁNG 4 NĂM 2026"]]
    if unit_line:
        rows.append([None, None, None, unit_line])
    return rows + [["STT", "Tên dự án", plan, disbursed], [1, "Dự án A", "1.234,5", "100"],
                   [2, "Dự án B", 2000, "1.000"]]


@pytest.mark.parametrize("line, factor", [
    ("Đơn vị tính: triệu đồng", 1e6), ("ĐVT: tỷ đồng", 1e9), ("Đơn vị: nghìn đồng", 1e3),
    ("(Đơn vị tính: Đồng)", 1.0), ("ĐVT: Tr.đồng", 1e6),
])
def test_unit_line_turns_values_into_dong(line, factor, tmp_path):
    prepared = prepare(xlsx(tmp_path, disbursement_rows(line)))
    assert list(prepared.rows["plan_vnd"]) == [1234.5 * factor, 2000 * factor]
    assert list(prepared.rows["disbursed_vnd"]) == [100 * factor, 1000 * factor]
    assert prepared.meta["money_unit"] is not None
    assert not [w for w in prepared.warnings if w.kind == "unit-assumed"]


def test_unit_inside_header_cells_turns_values_into_dong(tmp_path):
    rows = disbursement_rows(None, "Kế hoạch vốn (tỷ đồng)", "Giải ngân (tỷ đồng)")
    prepared = prepare(xlsx(tmp_path, rows))
    assert list(prepared.rows["plan_vnd"]) == [1234.5e9, 2000e9]
    assert not prepared.warnings


def test_no_unit_anywhere_assumes_trieu_dong_with_a_warning(tmp_path):
    prepared = prepare(xlsx(tmp_path, disbursement_rows()))
    assert list(prepared.rows["plan_vnd"]) == [1234.5e6, 2000e6]
    assert [str(w) for w in prepared.warnings if w.kind == "unit-assumed"] == [
        "Cảnh báo: Biểu 1: bảng không ghi đơn vị tính; coi là triệu đồng (dùng --unit để chỉ định)"]


@pytest.mark.parametrize("unit, factor", [("đồng", 1.0), ("nghìn", 1e3), ("triệu", 1e6), ("tỷ", 1e9)])
def test_unit_option_supplies_the_unit_a_sheet_does_not_state(unit, factor, tmp_path):
    prepared = prepare(xlsx(tmp_path, disbursement_rows()), unit=unit)
    assert list(prepared.rows["plan_vnd"]) == [1234.5 * factor, 2000 * factor]
    assert not prepared.warnings


def test_unit_option_agreeing_with_the_sheet_is_accepted(tmp_path):
    prepared = prepare(xlsx(tmp_path, disbursement_rows("ĐVT: Triệu đồng")), unit="triệu đồng")
    assert list(prepared.rows["plan_vnd"]) == [1234.5e6, 2000e6]


@pytest.mark.parametrize("line, unit", [("ĐVT: triệu đồng", "tỷ"), ("Đơn vị tính: đồng", "nghìn")])
def test_unit_option_conflicting_with_the_sheet_is_an_error(line, unit, tmp_path):
    problems = rejection(xlsx(tmp_path, disbursement_rows(line)), unit=unit)
    assert len([p for p in problems if "nhưng lệnh chỉ định" in p]) == 1


def test_unit_option_conflicting_with_a_header_unit_is_an_error(tmp_path):
    rows = disbursement_rows(None, "Kế hoạch vốn (tỷ đồng)", "Giải ngân (tỷ đồng)")
    assert rejection(xlsx(tmp_path, rows), unit="triệu") == [
        'Biểu 1: bảng ghi đơn vị "tỷ đồng" nhưng lệnh chỉ định "triệu đồng"']


# ---------------------------------------------------------------- tasks

REPORT = dt.date(2026, 5, 15)
D = dt.date


@pytest.mark.parametrize("text, deadline, completed, expected", [
    ("Đã hoàn thành", D(2026, 4, 30), D(2026, 4, 28), "done_on_time"),
    ("Đã hoàn thành", D(2026, 4, 30), D(2026, 4, 30), "done_on_time"),
    ("Đã hoàn thành", D(2026, 4, 30), D(2026, 5, 5), "done_late"),
    ("Đã hoàn thành", D(2026, 4, 30), None, "done_on_time"),
    ("Hoàn thành", D(2026, 6, 30), None, "done_on_time"),
    ("Đã hoàn thành nhưng chậm so với thời hạn", D(2026, 4, 30), None, "done_late"),
    ("Hoàn thành quá hạn", D(2026, 4, 30), None, "done_late"),
    ("Hoàn thành không đúng hạn", D(2026, 4, 30), None, "done_late"),
    ("Hoàn thành đúng hạn", D(2026, 4, 30), None, "done_on_time"),
    ("Đã hoàn thành trước hạn", D(2026, 4, 30), D(2026, 4, 1), "done_on_time"),
    ("Đã hoàn thành, đã ban hành Quyết định số 12/QĐ-UBND", None, D(2026, 5, 2), "done_on_time"),
    ("Chưa hoàn thành", D(2026, 6, 30), None, "in_progress"),
    ("Chưa hoàn thành", D(2026, 4, 30), None, "overdue"),
    ("Không hoàn thành", D(2026, 4, 30), None, "overdue"),
    ("Đang thực hiện", D(2026, 4, 30), None, "overdue"),
    ("Đang thực hiện", REPORT, None, "in_progress"),
    ("Đang thực hiện", D(2026, 6, 30), None, "in_progress"),
    ("Đang triển khai, dự kiến hoàn thành trước 30/6/2026", D(2026, 6, 30), None, "in_progress"),
    ("Chưa thực hiện", D(2026, 6, 30), None, "not_started"),
    ("Chưa triển khai", D(2026, 6, 30), None, "not_started"),
    ("Chưa thực hiện", D(2026, 4, 30), None, "overdue"),
    ("", D(2026, 6, 30), None, "in_progress"),
    (None, D(2026, 4, 30), None, "overdue"),
    ("Đang thực hiện", None, None, "in_progress"),
    ("Đã hoàn thành 80% khối lượng", D(2026, 4, 30), None, "overdue"),
    ("Đã hoàn thành 100% khối lượng", D(2026, 4, 30), None, "done_on_time"),
])
def test_task_status_follows_the_contract_rule(text, deadline, completed, expected):
    assert judge_status(text, deadline, completed, REPORT) == expected


TASKS = [
    ["VĂN PHÒNG UBND TỈNH CAO BẰNG"],
    ["TỔNG HỢP TÌNH HÌNH THỰC HIỆN NHIỆM VỤ UBND TỈNH, CHỦ TỊCH UBND TỈNH GIAO"],
    ["(Tính đến ngày 15/5/2026)"],
    [None, None, None, None, None, None, None, "Cao Bằng, ngày 18 tháng 5 năm 2026"],
    ["STT", "Nội dung nhiệm vụ", "Văn bản giao", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn",
     "Tình hình thực hiện", "Ngày hoàn thành", "Xã, phường"],
    ["1", "Hoàn thành GPMB cổng KCN Chu Trinh", "Thông báo 145/TB-UBND ngày 12/5/2026", "UBND phường Tân Giang",
     "Sở Tài chính; Sở Xây dựng", "trước ngày 30/4/2026", "Đang thực hiện", None, "Phường Tân Giang"],
    ["2", "Báo cáo tiến độ giải ngân hằng tuần", "Thông báo 145/TB-UBND", "Sở Tài chính", None, "Thường xuyên",
     "Đang thực hiện", None, None],
    ["3", "Trình đề án trường nội trú xã biên giới", "Thông báo 145/TB-UBND", "Sở Giáo dục và Đào tạo", None,
     "30/04/2026", "Đã hoàn thành", "05/05/2026", "xã Đàm Thuỷ"],
    ["4", "Rà soát quy hoạch", "Thông báo 145/TB-UBND", "Sở Xây dựng", None, D(2026, 5, 31), "Chưa thực hiện",
     None, None],
    ["5", "Hoàn thiện hồ sơ dự án", "Thông báo 145/TB-UBND", "Sở Nội vụ", None, D(2026, 5, 10), "Đã hoàn thành",
     D(2026, 5, 9), None],
    ["6", "Báo cáo kết quả rà soát", "Thông báo 145/TB-UBND", "Sở Nội vụ", None, "Quý II/2026",
     "Chưa hoàn thành", None, None],
    ["7", "Kiểm tra định kỳ các mỏ", "Thông báo 145/TB-UBND", "Sở Nông nghiệp và Môi trường", None,
     "15/04/2026", "Thực hiện định kỳ hằng quý", None, None],
]


def test_task_sheet_rows_status_deadlines_and_communes(tmp_path):
    prepared = prepare(xlsx(tmp_path, TASKS))
    assert prepared.dataset == "tasks"
    assert prepared.report_date == REPORT  # not the issue date of 18/5
    assert as_tuples(prepared.rows, "source_row", "deadline", "status", "completed_on", "commune_code") == [
        (6, D(2026, 4, 30), "overdue", None, "01288"),
        (7, None, "in_progress", None, None),
        (8, D(2026, 4, 30), "done_late", D(2026, 5, 5), "01501"),
        (9, D(2026, 5, 31), "not_started", None, None),
        (10, D(2026, 5, 10), "done_on_time", D(2026, 5, 9), None),
        (11, D(2026, 6, 30), "in_progress", None, None),
        (12, None, "in_progress", None, None),
    ]
    first = prepared.rows.iloc[0]
    assert first.source_doc == "Thông báo 145/TB-UBND ngày 12/5/2026"
    assert first.lead_agency == "UBND phường Tân Giang"
    assert first.coordinating_agencies == "Sở Tài chính; Sở Xây dựng"
    assert "Đang thực hiện" in first.progress_note


def test_report_date_option_changes_what_is_overdue(tmp_path):
    prepared = prepare(xlsx(tmp_path, TASKS), report_date=D(2026, 4, 1))
    assert prepared.report_date == D(2026, 4, 1)
    assert list(prepared.rows["status"])[:4] == ["in_progress", "in_progress", "done_late", "not_started"]


def test_deadline_without_a_year_takes_the_year_of_the_title(tmp_path):
    rows = [row[:] for row in TASKS]
    rows[8][5] = "trước 31/5"
    rows[10][5] = "Tháng 6"
    prepared = prepare(xlsx(tmp_path, rows))
    assert list(prepared.rows["deadline"])[3] == D(2026, 5, 31)
    assert list(prepared.rows["deadline"])[5] == D(2026, 6, 30)


def test_completion_date_written_in_the_status_text_judges_lateness(tmp_path):
    rows = [["Tính đến ngày 15/5/2026"],
            ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Tình hình thực hiện"],
            [1, "Trình đề án", "Sở Xây dựng", "30/4/2026", "Đã hoàn thành (Tờ trình số 45/TTr-SXD ngày 05/5/2026)"],
            [2, "Ban hành kế hoạch", "Sở Nội vụ", "30/4/2026", "Đã hoàn thành tại Kế hoạch số 12/KH-SNV ngày 20/4/2026"],
            [3, "Rà soát hồ sơ", "Sở Tư pháp", "30/4/2026", "Đã hoàn thành"],
            [4, "Báo cáo", "Sở Tài chính", "30/6/2026", "Đang thực hiện, dự kiến xong ngày 20/6/2026"]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert as_tuples(prepared.rows, "status", "completed_on") == [
        ("done_late", D(2026, 5, 5)), ("done_on_time", D(2026, 4, 20)), ("done_on_time", None),
        ("in_progress", None)]


def test_impossible_deadline_is_an_error_naming_row_and_column(tmp_path):
    rows = [row[:] for row in TASKS]
    rows[8][5] = "31/02/2026"
    assert rejection(xlsx(tmp_path, rows)) == [
        'Biểu 1, dòng 9, cột "Thời hạn": "31/02/2026": ngày 31/02/2026 không tồn tại']


# ---------------------------------------------------------------- trade


@pytest.mark.parametrize("text, gate", [
    ("Cửa khẩu quốc tế Tà Lùng", "Tà Lùng"),
    ("CỬA KHẨU QUỐC TẾ TRÀ LĨNH", "TRÀ LĨNH"),
    ("Cửa khẩu chính Sóc Giang", "Sóc Giang"),
    ("Cửa khẩu song phương Lý Vạn", "Lý Vạn"),
    ("CKQT Tà Lùng", "Tà Lùng"),
    ("Cửa khẩu phụ Pò Peo", "Pò Peo"),
    ("Tà Lùng", "Tà Lùng"),
])
def test_gate_name_drops_the_kind_of_gate(text, gate):
    assert gate_name(text) == gate


TRADE = [
    ["CHI CỤC HẢI QUAN KHU VỰC VII"],
    ["KIM NGẠCH XUẤT NHẬP KHẨU QUA CÁC CỬA KHẨU TRÊN ĐỊA BÀN TỈNH CAO BẰNG THÁNG 4 NĂM 2026"],
    ["STT", "Cửa khẩu", "Kim ngạch (nghìn USD)", None, "Phương tiện xuất nhập cảnh (lượt)"],
    [None, None, "Xuất khẩu", "Nhập khẩu", None],
    ["1", "Cửa khẩu quốc tế Tà Lùng", "12.345,6", "8.000", 1200],
    ["2", "Cửa khẩu quốc tế Trà Lĩnh", 5000, "3.000,5", 800],
    ["3", "Cửa khẩu chính Sóc Giang", 100, 50, 20],
    [None, "Tổng cộng", "17.445,6", "11.050,5", 2020],
]


def test_trade_two_value_columns_give_two_rows_per_gate_in_usd(tmp_path):
    prepared = prepare(xlsx(tmp_path, TRADE, ["A3:A4", "B3:B4", "C3:D3", "E3:E4"]))
    assert prepared.dataset == "trade"
    assert prepared.report_date == D(2026, 4, 30)
    assert as_tuples(prepared.rows, "period", "gate", "direction", "value_usd") == [
        (D(2026, 4, 1), "Tà Lùng", "export", 12_345_600.0),
        (D(2026, 4, 1), "Tà Lùng", "import", 8_000_000.0),
        (D(2026, 4, 1), "Trà Lĩnh", "export", 5_000_000.0),
        (D(2026, 4, 1), "Trà Lĩnh", "import", 3_000_500.0),
        (D(2026, 4, 1), "Sóc Giang", "export", 100_000.0),
        (D(2026, 4, 1), "Sóc Giang", "import", 50_000.0),
    ]
    assert prepared.rows["value_usd"].sum() == pytest.approx((17_445.6 + 11_050.5) * 1000)


def test_trade_with_month_and_direction_columns_in_a_csv(tmp_path):
    rows = [["Đơn vị tính: USD"], ["Tháng", "Cửa khẩu", "Xuất/Nhập", "Kim ngạch", "Lũy kế"],
            ["T3/2026", "Tà Lùng", "Xuất khẩu", "1.000.000", "3.000.000"],
            ["T3/2026", "Tà Lùng", "Nhập khẩu", "500.000", "1.500.000"],
            ["04/2026", "Trà Lĩnh", "XK", "200.000", "700.000"]]
    prepared = prepare(write_csv(tmp_path / "xnk.csv", rows))
    assert prepared.report_date == D(2026, 4, 30)
    assert as_tuples(prepared.rows, "period", "gate", "direction", "value_usd", "ytd_value_usd") == [
        (D(2026, 3, 1), "Tà Lùng", "export", 1e6, 3e6),
        (D(2026, 3, 1), "Tà Lùng", "import", 5e5, 1.5e6),
        (D(2026, 4, 1), "Trà Lĩnh", "export", 2e5, 7e5),
    ]


def test_trade_values_in_trieu_usd_header(tmp_path):
    rows = [["THÁNG 4/2026"], ["Cửa khẩu", "Trị giá xuất khẩu (Triệu USD)", "Trị giá nhập khẩu (Triệu USD)"],
            ["Tà Lùng", "1,5", "0,25"]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert list(prepared.rows["value_usd"]) == [1.5e6, 0.25e6]


# ---------------------------------------------------------------- mining

MINING = [
    ["SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG TỈNH CAO BẰNG"],
    ["BÁO CÁO TÌNH HÌNH KHAI THÁC KHOÁNG SẢN"],
    ["(Từ ngày 01/01/2026 đến ngày 31/3/2026)"],
    ["STT", "Số giấy phép", "Tên mỏ", "Loại khoáng sản", "Tổ chức được cấp phép", "Vị trí",
     "Công suất cấp phép (m3/năm)", "Sản lượng khai thác thực tế", "Ngày hết hạn giấy phép", "Tình trạng"],
    ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)"],
    [1, "12/GP-UBND", "Mỏ đá vôi Khau Cải", "Đá vôi", "Công ty TNHH ABC", "Xã Hạ Lang", "50.000", "12.000,5",
     D(2027, 6, 30), "Đang khai thác"],
    [2, "15/GP-UBND", "Mỏ cát Bằng Giang", "Cát", "HTX XYZ", "phường Tân Giang", 20000, 0, "15/01/2030", "Tạm dừng"],
    [None, "Tổng", None, None, None, None, 70000, 12000.5, None, None],
]


def test_mining_period_from_title_range_and_unit_from_header(tmp_path):
    prepared = prepare(xlsx(tmp_path, MINING))
    assert prepared.dataset == "mining"
    assert prepared.report_date == D(2026, 3, 31)
    assert as_tuples(prepared.rows, "mine_id", "mine_name", "commune_code", "licensed_capacity", "actual_output",
                     "unit", "period_start", "period_end", "license_expiry", "status") == [
        ("12/GP-UBND", "Mỏ đá vôi Khau Cải", "01558", 50000.0, 12000.5, "m3/năm", D(2026, 1, 1), D(2026, 3, 31),
         D(2027, 6, 30), "Đang khai thác"),
        ("15/GP-UBND", "Mỏ cát Bằng Giang", "01288", 20000.0, 0.0, "m3/năm", D(2026, 1, 1), D(2026, 3, 31),
         D(2030, 1, 15), "Tạm dừng"),
    ]
    assert prepared.meta["period_start"] == D(2026, 1, 1)


def test_mining_unit_column_wins_over_the_header(tmp_path):
    rows = [["Quý I năm 2026"], ["Tên mỏ", "Đơn vị tính", "Công suất cấp phép", "Sản lượng thực tế"],
            ["Mỏ A", "tấn/năm", 1000, 200], ["Mỏ B", "m3/năm", 500, 100]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert as_tuples(prepared.rows, "mine_name", "unit", "period_start", "period_end") == [
        ("Mỏ A", "tấn/năm", D(2026, 1, 1), D(2026, 3, 31)), ("Mỏ B", "m3/năm", D(2026, 1, 1), D(2026, 3, 31))]


# ---------------------------------------------------------------- report date


def test_header_as_of_date_gives_the_report_date_when_the_title_names_only_the_year(tmp_path):
    rows = [["BÁO CÁO GIẢI NGÂN VỐN ĐẦU TƯ CÔNG NĂM 2026"], ["ĐVT: triệu đồng"],
            ["STT", "Tên dự án", "Kế hoạch vốn năm 2026", "Giải ngân từ 01/01/2026 đến 30/4/2026"],
            [1, "Dự án A", 100, 40]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert prepared.report_date == D(2026, 4, 30)
    assert not [w for w in prepared.warnings if w.kind == "report-date-assumed"]


def test_locate_table_keeps_the_title_as_of_date_over_the_header(tmp_path):
    rows = [["Số liệu đến ngày 15/5/2026"], ["Tên dự án", "Kế hoạch vốn", "Giải ngân đến 30/4/2026"],
            ["Dự án A", 100, 40]]
    table = locate_table(read_workbook(xlsx(tmp_path, rows)))
    assert table.period.end == D(2026, 5, 15)


# ---------------------------------------------------------------- project keys

FUNDS = [["Số liệu đến ngày 30/4/2026"], ["ĐVT: triệu đồng"],
         ["STT", "Tên dự án", "Chủ đầu tư", "Kế hoạch vốn", "Giải ngân"],
         ["A", "Vốn ngân sách trung ương", None, 300, 100],
         ["1", "Cao tốc Đồng Đăng - Trà Lĩnh", "Ban QLDA ĐTXD các công trình giao thông", 300, 100],
         ["B", "Vốn ngân sách địa phương", None, 50, 10],
         ["1", "Cao tốc Đồng Đăng - Trà Lĩnh", "Ban QLDA ĐTXD các công trình giao thông", 50, 10]]


def test_project_listed_under_each_of_its_funds_is_two_rows_with_their_own_keys(tmp_path):
    prepared = prepare(xlsx(tmp_path, FUNDS))
    assert as_tuples(prepared.rows, "capital_source", "plan_vnd") == [
        ("Vốn ngân sách trung ương", 300 * TRIEU), ("Vốn ngân sách địa phương", 50 * TRIEU)]
    assert prepared.rows["project_id"].is_unique


def test_project_key_without_a_fund_twin_stays_the_same_across_months(tmp_path):
    once = prepare(xlsx(tmp_path, FUNDS[:5])).rows["project_id"][0]
    other_month = [row[:] for row in FUNDS[:5]]
    other_month[0] = ["Số liệu đến ngày 31/5/2026"]
    other_month[4][4] = 150
    assert prepare(xlsx(tmp_path, other_month)).rows["project_id"][0] == once


def test_same_project_twice_under_one_fund_is_a_duplicate_named_by_its_name(tmp_path):
    rows = FUNDS[:5] + [FUNDS[4]]
    assert rejection(xlsx(tmp_path, rows)) == [
        'Biểu 1, dòng 6, cột "Tên dự án": trùng "Cao tốc Đồng Đăng - Trà Lĩnh" với dòng 5']


def test_mining_unit_from_the_title_unit_line(tmp_path):
    rows = [["Năm 2025"], [None, None, "Đơn vị tính: tấn/năm"],
            ["Tên mỏ", "Công suất cấp phép", "Sản lượng thực tế"], ["Mỏ A", 1000, 200]]
    prepared = prepare(xlsx(tmp_path, rows))
    assert as_tuples(prepared.rows, "unit", "period_start", "period_end") == [
        ("tấn/năm", D(2025, 1, 1), D(2025, 12, 31))]
    assert prepared.report_date == D(2025, 12, 31)
