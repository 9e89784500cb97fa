"""Finding the table inside a departmental sheet: title block, merged header rows, column-number
row, total rows, group rows, notes and signatures, stray zeros, several sheets in one workbook."""

from __future__ import annotations

import datetime as dt

import pytest

from data_pipeline.ingest import prepare
from data_pipeline.layout import header_height, locate_table
from data_pipeline.problems import Rejected
from data_pipeline.readers import Sheet, read_workbook
from reader_builders import write_csv, write_ods, write_xlsx

TRIEU = 1_000_000

# A disbursement report as Sở Tài chính sends it: agency and quốc hiệu, title, as-of date, unit
# line on the right, a two-row merged header, a lettered column-number row, "Tổng cộng" above the
# projects, fund and sector group rows, a stray row of zeros, a note, the issue date and signatures.
DISBURSEMENT = [
    ["UBND TỈNH CAO BẰNG", None, None, None, None, None, None, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["SỞ TÀI CHÍNH", None, None, None, None, None, None, "Độc lập - Tự do - Hạnh phúc"],
    [],
    ["BIỂU TỔNG HỢP TÌNH HÌNH GIẢI NGÂN VỐN ĐẦU TƯ CÔNG NĂM 2026"],
    ["(Số liệu đến ngày 30/4/2026)"],
    [None, None, None, None, None, None, None, "Đơn vị tính: triệu đồng"],
    ["STT", "Tên dự án", "Chủ đầu tư", "Địa điểm", "Kế hoạch vốn năm 2026", None, "Giải ngân đến 30/4/2026",
     None, "Ghi chú"],
    [None, None, None, None, "Tổng số", "Trong đó: NSTW", "Tổng số", "Tỷ lệ (%)", None],
    ["A", "B", "C", "D", "1", "2", "3", "4=3/1", "5"],
    [None, "Tổng cộng", None, None, "1.500", "1.000", "600", 40, None],
    ["A", "Vốn ngân sách trung ương", None, None, 1000, 1000, 400, 40, None],
    ["I", "Giao thông", None, None, 1000, 1000, 400, 40, None],
    ["1", "Đường Quốc lộ 4A đoạn qua xã Trà Lĩnh", "Ban QLDA ĐTXD các công trình giao thông", "Xã Trà Lĩnh",
     "600", "600", "250,5", None, None],
    ["2", "Cầu Bằng Giang", "Ban QLDA ĐTXD các công trình giao thông", "Phường Thục Phán", 400, 400, 149.5,
     None, "Vướng GPMB"],
    ["B", "Vốn ngân sách địa phương", None, None, 500, 0, 200, 40, None],
    ["1", "Trường PTDTNT xã Lý Quốc", "Sở Giáo dục và Đào tạo", "xã Lý Quốc", 500, None, 200, None, None],
    [None, 0, None, None, 0, 0, 0, None, None],
    [],
    ["Ghi chú: số liệu do các chủ đầu tư báo cáo"],
    [None, None, None, None, None, "Cao Bằng, ngày 05 tháng 5 năm 2026"],
    ["Người lập biểu", None, None, None, None, "KT. GIÁM ĐỐC"],
    [None, None, None, None, None, "PHÓ GIÁM ĐỐC"],
    ["Nguyễn Văn A", None, None, None, None, "Trần Thị B"],
]
DISBURSEMENT_MERGES = ["A7:A8", "B7:B8", "C7:C8", "D7:D8", "E7:F7", "G7:H7", "I7:I8"]

EXPECTED_PROJECTS = [
    # source_row, name, location, commune_code, capital_source, sector, plan (triệu), disbursed (triệu)
    (13, "Đường Quốc lộ 4A đoạn qua xã Trà Lĩnh", "Xã Trà Lĩnh", "01447", "Vốn ngân sách trung ương",
     "Giao thông", 600, 250.5),
    (14, "Cầu Bằng Giang", "Phường Thục Phán", "01273", "Vốn ngân sách trung ương", "Giao thông", 400, 149.5),
    (16, "Trường PTDTNT xã Lý Quốc", "xã Lý Quốc", "01537", "Vốn ngân sách địa phương", None, 500, 200),
]


def write(kind: str, tmp_path, rows, merges=(), name="Biểu 1"):
    path = tmp_path / f"bieu.{kind}"
    if kind == "xlsx":
        return write_xlsx(path, {name: rows}, {name: list(merges)})
    if kind == "ods":
        return write_ods(path, {name: rows}, {name: list(merges)})
    return write_csv(path, rows)


def as_tuples(frame, *columns):
    return [tuple(None if v != v else v for v in row) for row in frame[list(columns)].itertuples(index=False)]


@pytest.mark.parametrize("kind", ["xlsx", "ods", "csv"])
def test_disbursement_report_with_title_merged_header_groups_totals_and_footer(kind, tmp_path):
    prepared = prepare(write(kind, tmp_path, DISBURSEMENT, DISBURSEMENT_MERGES))
    assert prepared.dataset == "disbursement"
    assert prepared.report_date == dt.date(2026, 4, 30)
    got = as_tuples(prepared.rows, "source_row", "project_name", "location", "commune_code", "capital_source",
                    "sector", "plan_vnd", "disbursed_vnd")
    assert got == [(r, n, loc, code, cap, sec, plan * TRIEU, dis * TRIEU)
                   for r, n, loc, code, cap, sec, plan, dis in EXPECTED_PROJECTS]
    assert prepared.rows["plan_vnd"].sum() == 1500 * TRIEU  # the sheet's own "Tổng cộng"
    assert prepared.rows["disbursed_vnd"].sum() == 600 * TRIEU
    assert list(prepared.rows["obstacle"].fillna("")) == ["", "Vướng GPMB", ""]
    assert prepared.warnings == []


def test_header_block_is_found_below_a_long_title_block(tmp_path):
    title = [[f"Dòng tiêu đề số {i}"] for i in range(1, 21)]
    rows = title + [["STT", "Tên dự án", "Kế hoạch vốn", "Giải ngân"], [1, "Dự án A", 100, 50]]
    prepared = prepare(write("xlsx", tmp_path, rows), unit="triệu")
    assert prepared.meta["sheet_name"] == "Biểu 1"
    assert as_tuples(prepared.rows, "source_row", "project_name", "plan_vnd") == [(22, "Dự án A", 100 * TRIEU)]


def test_header_below_row_thirty_is_not_looked_for(tmp_path):
    rows = [[f"Dòng {i}"] for i in range(1, 32)] + [["STT", "Tên dự án", "Kế hoạch vốn", "Giải ngân"],
                                                    [1, "Dự án A", 100, 50]]
    with pytest.raises(Rejected) as exc:
        prepare(write("xlsx", tmp_path, rows))
    assert "30 dòng đầu" in str(exc.value)


def test_three_header_rows_with_merged_cells_name_the_total_column(tmp_path):
    rows = [
        ["BÁO CÁO GIẢI NGÂN THÁNG 4 NĂM 2026"],
        ["ĐVT: triệu đồng"],
        ["TT", "Tên dự án", "Kế hoạch vốn năm 2026", None, None, "Giải ngân", None, None],
        [None, None, "Tổng số", "Trong đó", None, "Tổng số", "Trong đó", None],
        [None, None, None, "Vốn năm trước kéo dài", "Vốn năm nay", None, "Vốn năm trước kéo dài", "Vốn năm nay"],
        ["1", "2", "3", "4", "5", "6", "7", "8"],
        [1, "Dự án A", 300, 100, 200, 120, 100, 20],
        [2, "Dự án B", 50, 0, 50, 10, 0, 10],
    ]
    merges = ["A3:A5", "B3:B5", "C3:E3", "F3:H3", "C4:C5", "D4:E4", "F4:F5", "G4:H4"]
    for kind in ("xlsx", "csv"):
        prepared = prepare(write(kind, tmp_path, rows, merges))
        assert as_tuples(prepared.rows, "project_name", "plan_vnd", "disbursed_vnd") == [
            ("Dự án A", 300 * TRIEU, 120 * TRIEU), ("Dự án B", 50 * TRIEU, 10 * TRIEU)], kind


@pytest.mark.parametrize("numbers", [
    ["(1)", "(2)", "(3)", "(4)", "(5)"],
    ["A", "B", "1", "2", "4=3/1"],
    ["1", "3", "2", "9", "10"],
])
def test_column_number_row_under_the_header_is_skipped(numbers, tmp_path):
    rows = [["ĐVT: triệu đồng"], ["STT", "Tên dự án", "Kế hoạch vốn", "Giải ngân", "Tỷ lệ"], numbers,
            [1, "Dự án A", 100, 50, 50]]
    prepared = prepare(write("xlsx", tmp_path, rows))
    assert as_tuples(prepared.rows, "source_row", "project_name") == [(4, "Dự án A")]


@pytest.mark.parametrize("total", ["Tổng cộng", "TỔNG SỐ", "Tổng", "Cộng", "Cộng:", "Cộng (A+B)", "TỔNG (I+II+III)",
                                   "Cộng chung", "Tổng cộng toàn tỉnh"])
def test_total_row_below_the_projects_is_not_a_project(total, tmp_path):
    rows = [["ĐVT: triệu đồng"], ["STT", "Tên dự án", "Kế hoạch vốn", "Giải ngân"],
            [1, "Dự án A", 100, 50], [2, "Dự án B", 200, 10], [None, total, 300, 60]]
    prepared = prepare(write("xlsx", tmp_path, rows))
    assert list(prepared.rows["project_name"]) == ["Dự án A", "Dự án B"]
    assert prepared.rows["plan_vnd"].sum() == 300 * TRIEU


@pytest.mark.parametrize("name", ["Cống tiêu thoát lũ xã Trà Lĩnh", "Công nghiệp hóa nông thôn Hòa An",
                                  "Cổng chào Khu kinh tế cửa khẩu", "Công an xã Quảng Lâm: trụ sở làm việc"])
def test_an_unnumbered_project_whose_name_folds_like_a_total_is_kept(name, tmp_path):
    rows = [["ĐVT: triệu đồng"], ["STT", "Tên dự án", "Kế hoạch vốn", "Giải ngân"],
            [1, "Dự án A", 100, 50], [None, name, 200, 10], [None, "Tổng cộng", 300, 60]]
    prepared = prepare(write("xlsx", tmp_path, rows))
    assert list(prepared.rows["project_name"]) == ["Dự án A", name]
    assert prepared.rows["plan_vnd"].sum() == 300 * TRIEU


def test_notes_and_signature_block_below_the_table_are_ignored(tmp_path):
    rows = [["ĐVT: triệu đồng"], ["STT", "Tên dự án", "Chủ đầu tư", "Kế hoạch vốn", "Giải ngân"],
            [1, "Dự án A", "Ban QLDA", 100, 50],
            [None, "Cao Bằng, ngày 05 tháng 5 năm 2026"],
            [None, "Nơi nhận:", None, "GIÁM ĐỐC"],
            [None, "- Như trên;"],
            [None, "- Lưu: VT."],
            [None, "Nguyễn Văn A"]]
    prepared = prepare(write("xlsx", tmp_path, rows))
    assert list(prepared.rows["project_name"]) == ["Dự án A"]


def test_a_task_that_begins_like_a_signature_is_data_and_the_signature_below_it_is_not(tmp_path):
    rows = [["Tính đến ngày 15/5/2026"],
            ["Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Tình hình thực hiện"],
            ["Rà soát vốn", "Sở Tài chính", "30/6/2026", "Đang thực hiện"],
            ["Thủ trưởng các sở, ban, ngành trực tiếp chỉ đạo các nhiệm vụ chậm tiến độ", "Các sở, ban, ngành"],
            ["Chủ tịch UBND các xã, phường lập danh sách người dân theo 03 nhóm", "UBND các xã, phường", None,
             "Chưa thực hiện"],
            [],
            [None, "Thủ trưởng đơn vị (Ký, ghi rõ họ tên, đóng dấu)"],
            [None, "Nguyễn Văn A"]]
    prepared = prepare(write("csv", tmp_path, rows))
    assert list(prepared.rows["lead_agency"]) == ["Sở Tài chính", "Các sở, ban, ngành", "UBND các xã, phường"]


def test_rows_of_zeros_and_dashes_below_the_table_are_ignored(tmp_path):
    rows = [["ĐVT: triệu đồng"], ["STT", "Tên dự án", "Kế hoạch vốn", "Giải ngân"],
            [1, "Dự án A", 100, 50]] + [[0, 0, 0, 0], [None, "0", "-", "0"], ["", "", 0, ""]] * 5
    prepared = prepare(write("xlsx", tmp_path, rows))
    assert list(prepared.rows["project_name"]) == ["Dự án A"]


def test_first_data_rows_of_plain_text_are_not_taken_for_header_rows(tmp_path):
    # A task list with no numbering column: its first rows hold only text, like a header would.
    rows = [["DANH MỤC NHIỆM VỤ"], ["Tính đến ngày 15/5/2026"],
            ["Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Tình hình thực hiện"],
            ["Hoàn thành GPMB KCN Chu Trinh", "UBND phường Tân Giang", "trước ngày 30/4/2026", "Đang thực hiện"],
            ["Báo cáo giải ngân hằng tuần", "Sở Tài chính", "Thường xuyên", "Đang thực hiện"],
            ["Trình đề án trường nội trú", "Sở Giáo dục và Đào tạo", "30/06/2026", "Chưa thực hiện"]]
    for kind in ("xlsx", "csv"):
        prepared = prepare(write(kind, tmp_path, rows))
        assert prepared.dataset == "tasks"
        assert as_tuples(prepared.rows, "source_row", "title") == [
            (4, "Hoàn thành GPMB KCN Chu Trinh"), (5, "Báo cáo giải ngân hằng tuần"),
            (6, "Trình đề án trường nội trú")], kind


def test_header_height_follows_merges_and_filled_gaps():
    merged = Sheet("S", [["STT", "Tên", "Kế hoạch vốn", ""], ["", "", "Tổng", "NSTW"], ["1", "A", 1, 1]],
                     merged=[((0, 0), (1, 0)), ((0, 1), (1, 1)), ((0, 2), (0, 3))])
    unmerged = Sheet("S", [["STT", "Tên", "Kế hoạch vốn", ""], ["", "", "Tổng", "NSTW"], ["1", "A", 1, 1]])
    flat = Sheet("S", [["Nội dung", "Chủ trì", "Thời hạn"], ["Việc A", "Sở X", "Thường xuyên"]])
    assert header_height(merged, 0) == 2
    assert header_height(unmerged, 0) == 2
    assert header_height(flat, 0) == 1


# ---------------------------------------------------------------- group rows


def test_fund_group_row_sets_capital_source_and_resets_sector(tmp_path):
    rows = [["ĐVT: triệu đồng"], ["STT", "Tên dự án", "Chủ đầu tư", "Kế hoạch vốn", "Giải ngân"],
            ["A", "Vốn ngân sách trung ương", None, 300, 100],
            ["I", "Lĩnh vực giao thông", None, 300, 100],
            ["1", "Dự án chuyển tiếp", None, 100, 50],
            ["1.1", "Đường A", "Ban QLDA giao thông", 60, 30],
            ["1.2", "Đường B", "Ban QLDA giao thông", 40, 20],
            ["2", "Cầu C", "Ban QLDA giao thông", 200, 50],
            ["B", "Vốn ngân sách địa phương", None, 90, 30],
            ["1", "Trường D", "Sở Giáo dục và Đào tạo", 90, 30],
            ["C", "Vốn trái phiếu Chính phủ", None, 10, 0],
            ["I", "Y tế", None, 10, 0],
            ["1", "Trạm y tế E", "Sở Y tế", 10, 0]]
    prepared = prepare(write("xlsx", tmp_path, rows))
    assert as_tuples(prepared.rows, "project_name", "capital_source", "sector", "plan_vnd") == [
        ("Đường A", "Vốn ngân sách trung ương", "Dự án chuyển tiếp", 60 * TRIEU),
        ("Đường B", "Vốn ngân sách trung ương", "Dự án chuyển tiếp", 40 * TRIEU),
        ("Cầu C", "Vốn ngân sách trung ương", "Lĩnh vực giao thông", 200 * TRIEU),
        ("Trường D", "Vốn ngân sách địa phương", None, 90 * TRIEU),
        ("Trạm y tế E", "Vốn trái phiếu Chính phủ", "Y tế", 10 * TRIEU),
    ]


def test_group_rows_without_numbering_below_a_numbered_fund_row(tmp_path):
    rows = [["ĐVT: tỷ đồng"], ["STT", "Tên dự án", "Chủ đầu tư", "Kế hoạch vốn", "Giải ngân"],
            ["I", "NSTW", None, 3, 1],
            ["1", "Cao tốc Đồng Đăng - Trà Lĩnh", "Ban QLDA ĐTXD các công trình giao thông", 2, 1],
            ["2", "Cao tốc Bắc Kạn - Cao Bằng", "Ban QLDA ĐTXD các công trình giao thông", 1, 0],
            ["II", "NSĐP", None, 1, 0.5],
            ["1", "Hạ tầng KCN Chu Trinh", "Ban Quản lý Khu kinh tế tỉnh", 1, 0.5]]
    prepared = prepare(write("xlsx", tmp_path, rows))
    assert as_tuples(prepared.rows, "project_name", "capital_source", "plan_vnd") == [
        ("Cao tốc Đồng Đăng - Trà Lĩnh", "NSTW", 2e9),
        ("Cao tốc Bắc Kạn - Cao Bằng", "NSTW", 1e9),
        ("Hạ tầng KCN Chu Trinh", "NSĐP", 1e9),
    ]


def test_capital_source_column_wins_over_the_group_row(tmp_path):
    rows = [["ĐVT: triệu đồng"], ["STT", "Tên dự án", "Nguồn vốn", "Kế hoạch vốn", "Giải ngân"],
            ["A", "Vốn ngân sách trung ương", None, 100, 50],
            ["1", "Đường A", "NSĐP", 100, 50]]
    prepared = prepare(write("xlsx", tmp_path, rows))
    assert as_tuples(prepared.rows, "project_name", "capital_source") == [("Đường A", "NSĐP")]


REVENUE = [
    ["CỤC THUẾ TỈNH CAO BẰNG"],
    ["BÁO CÁO KẾT QUẢ THU NGÂN SÁCH NHÀ NƯỚC THÁNG 4 NĂM 2026"],
    [None, None, None, "Cao Bằng, ngày 05 tháng 5 năm 2026"],
    [None, None, None, "ĐVT: triệu đồng"],
    ["STT", "Chỉ tiêu", "Dự toán HĐND tỉnh giao", "Thực hiện tháng 4", "Lũy kế từ đầu năm", "Cùng kỳ năm trước"],
    ["A", "B", "1", "2", "3", "4"],
    [None, "Tổng cộng", "2.000.000", "150.000", "700.000", "650.000"],
    ["A", "Tổng thu NSNN trên địa bàn (A = I + II)", "2.000.000", "150.000", "700.000", "650.000"],
    ["I", "Thu nội địa", "1.800.000", "140.000", "650.000", "600.000"],
    ["1", "Thu từ DNNN trung ương", "100.000", "8.000", "30.000", "28.000"],
    ["2", "Thu từ khu vực ngoài quốc doanh", "300.000", "25.000", "110.000", "100.000"],
    ["2.1", "Thuế giá trị gia tăng", "200.000", "20.000", "80.000", "70.000"],
    ["2.2", "Thuế thu nhập doanh nghiệp", "100.000", "5.000", "30.000", "30.000"],
    ["4", "Lệ phí trước bạ", "50.000", "3.000", "20.000", "18.000"],
    ["II", "Thu từ hoạt động xuất nhập khẩu", "200.000", "10.000", "50.000", "50.000"],
    [None, "Tổng số", "2.000.000", "150.000", "700.000", "650.000"],
    ["Ghi chú: số liệu sơ bộ"],
]


def test_revenue_numbered_rows_are_items_with_their_numbering_path(tmp_path):
    prepared = prepare(write("xlsx", tmp_path, REVENUE))
    assert prepared.dataset == "revenue"
    assert prepared.report_date == dt.date(2026, 4, 30)
    assert set(prepared.rows["period"]) == {dt.date(2026, 4, 1)}
    assert set(prepared.rows["area"]) == {"Toàn tỉnh"}
    assert as_tuples(prepared.rows, "item_code", "parent_item_code", "item_name", "estimate_vnd") == [
        ("A", None, "Tổng thu NSNN trên địa bàn (A = I + II)", 2_000_000 * TRIEU),
        ("A.I", "A", "Thu nội địa", 1_800_000 * TRIEU),
        ("A.I.1", "A.I", "Thu từ DNNN trung ương", 100_000 * TRIEU),
        ("A.I.2", "A.I", "Thu từ khu vực ngoài quốc doanh", 300_000 * TRIEU),
        ("A.I.2.1", "A.I.2", "Thuế giá trị gia tăng", 200_000 * TRIEU),
        ("A.I.2.2", "A.I.2", "Thuế thu nhập doanh nghiệp", 100_000 * TRIEU),
        ("A.I.4", "A.I", "Lệ phí trước bạ", 50_000 * TRIEU),
        ("A.II", "A", "Thu từ hoạt động xuất nhập khẩu", 200_000 * TRIEU),
    ]
    top = prepared.rows.iloc[0]
    assert (top.month_actual_vnd, top.ytd_actual_vnd, top.ytd_last_year_vnd) == (
        150_000 * TRIEU, 700_000 * TRIEU, 650_000 * TRIEU)


# ---------------------------------------------------------------- several sheets

GUIDE = [["HƯỚNG DẪN ĐIỀN BIỂU"],
         ["Tên dự án", "Chủ đầu tư", "Kế hoạch vốn", "Giải ngân"],
         ["Ghi tên dự án theo quyết định đầu tư", "Tên chủ đầu tư", "Triệu đồng", "Lũy kế đến ngày báo cáo"]]
DATA = [["BÁO CÁO GIẢI NGÂN THÁNG 4 NĂM 2026"], ["ĐVT: triệu đồng"],
        ["STT", "Tên dự án", "Chủ đầu tư", "Kế hoạch vốn", "Giải ngân"],
        [1, "Dự án A", "Ban QLDA", 1000, 500], [2, "Dự án B", "Ban QLDA", 2000, 100]]


@pytest.mark.parametrize("guide_name", ["Hướng dẫn", "HƯỚNG DẪN NHẬP LIỆU", "Ghi chú"])
def test_explanation_sheet_is_ignored_even_when_it_repeats_the_headers(guide_name, tmp_path):
    path = write_xlsx(tmp_path / "bieu.xlsx", {guide_name: GUIDE, "Biểu 01": DATA})
    prepared = prepare(path)
    assert prepared.meta["sheet_name"] == "Biểu 01"
    assert list(prepared.rows["project_name"]) == ["Dự án A", "Dự án B"]


def test_data_sheet_is_picked_among_a_summary_and_a_list_sheet(tmp_path):
    summary = [["TỔNG HỢP"], ["STT", "Nguồn vốn", "Tổng số dự án"], [1, "NSTW", 2]]
    lists = [["Mã xã", "Tên xã"], ["01273", "Phường Thục Phán"]]
    path = write_xlsx(tmp_path / "bieu.xlsx", {"Tổng hợp": summary, "Chi tiết": DATA, "Danh mục": lists})
    assert prepare(path).meta["sheet_name"] == "Chi tiết"


def test_visible_sheet_is_preferred_to_a_hidden_copy(tmp_path):
    old = [row[:] for row in DATA]
    old[3] = [1, "Dự án cũ", "Ban QLDA", 1, 1]
    path = write_xlsx(tmp_path / "bieu.xlsx", {"Cũ": old, "Mới": DATA}, hidden=("Cũ",))
    prepared = prepare(path)
    assert prepared.meta["sheet_name"] == "Mới"
    assert "Dự án cũ" not in set(prepared.rows["project_name"])


def test_locate_table_reports_header_position_and_title_lines(tmp_path):
    table = locate_table(read_workbook(write("xlsx", tmp_path, DISBURSEMENT, DISBURSEMENT_MERGES)))
    assert (table.header_top, table.header_rows) == (6, 2)
    assert table.unit == "trieu"
    assert "SỞ TÀI CHÍNH" in table.title_lines
    assert table.header_label("plan_vnd") == "Kế hoạch vốn năm 2026 - Tổng số"


def test_unit_line_written_in_a_header_cell_applies_to_the_table(tmp_path):
    rows = [["BÁO CÁO GIẢI NGÂN THÁNG 4 NĂM 2026"],
            ["STT", "Tên dự án", "Kế hoạch vốn", "Giải ngân", "ĐVT: tỷ đồng"],
            [1, "Dự án A", "1,5", "0,5", None]]
    prepared = prepare(write("xlsx", tmp_path, rows))
    assert as_tuples(prepared.rows, "plan_vnd", "disbursed_vnd") == [(1.5e9, 0.5e9)]
    assert not prepared.warnings


def test_workbook_with_a_sheet_per_month_gives_the_latest_month(tmp_path):
    def month(n, plan):
        return [[f"BÁO CÁO GIẢI NGÂN THÁNG {n} NĂM 2026"], ["ĐVT: triệu đồng"],
                ["STT", "Tên dự án", "Kế hoạch vốn", "Giải ngân"], [1, "Dự án A", plan, 10 * n]]
    path = write_xlsx(tmp_path / "bieu.xlsx", {"T2": month(2, 100), "T4": month(4, 100), "T3": month(3, 100)})
    prepared = prepare(path)
    assert prepared.meta["sheet_name"] == "T4"
    assert prepared.report_date == dt.date(2026, 4, 30)
    assert list(prepared.rows["disbursed_vnd"]) == [40 * TRIEU]


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_group_and_total_rows_written_across_merged_stt_and_name_cells(kind, tmp_path):
    rows = [["ĐVT: triệu đồng"], ["STT", "Tên dự án", "Chủ đầu tư", "Kế hoạch vốn", "Giải ngân"],
            ["A. VỐN NGÂN SÁCH TRUNG ƯƠNG", None, None, 300, 100],
            ["I. Giao thông", None, None, 300, 100],
            ["1", "Đường A", "Ban QLDA", 300, 100],
            ["B. VỐN NGÂN SÁCH ĐỊA PHƯƠNG", None, None, 50, 10],
            ["1", "Trường B", "Sở Giáo dục và Đào tạo", 50, 10],
            ["7", None, None, None, None],
            ["TỔNG CỘNG", None, None, 350, 110]]
    merges = ["A3:C3", "A4:C4", "A6:C6", "A9:C9"]
    prepared = prepare(write(kind, tmp_path, rows, merges))
    assert as_tuples(prepared.rows, "project_name", "capital_source", "sector", "plan_vnd") == [
        ("Đường A", "VỐN NGÂN SÁCH TRUNG ƯƠNG", "Giao thông", 300 * TRIEU),
        ("Trường B", "VỐN NGÂN SÁCH ĐỊA PHƯƠNG", None, 50 * TRIEU),
    ]


def test_numbering_written_inside_the_name_makes_group_rows(tmp_path):
    rows = [["ĐVT: triệu đồng"], ["Tên dự án", "Chủ đầu tư", "Kế hoạch vốn", "Giải ngân"],
            ["A. Vốn ngân sách trung ương", None, 300, 100],
            ["1. Đường A", "Ban QLDA", 300, 100],
            ["B. Vốn ngân sách địa phương", None, 50, 10],
            ["1.1 Trường B", "Sở Giáo dục và Đào tạo", 50, 10]]
    prepared = prepare(write("csv", tmp_path, rows))
    assert as_tuples(prepared.rows, "project_name", "capital_source", "plan_vnd") == [
        ("Đường A", "Vốn ngân sách trung ương", 300 * TRIEU),
        ("Trường B", "Vốn ngân sách địa phương", 50 * TRIEU),
    ]
    assert prepared.rows["plan_vnd"].sum() == 350 * TRIEU


def test_revenue_without_a_numbering_column_reads_numbers_from_the_item_names(tmp_path):
    rows = [["THU NGÂN SÁCH THÁNG 4 NĂM 2026"], ["ĐVT: triệu đồng"],
            ["Chỉ tiêu", "Dự toán", "Thực hiện tháng", "Lũy kế"],
            ["Tổng cộng", 300, 30, 120],
            ["I. Thu nội địa", 300, 30, 120],
            ["1. Thu từ khu vực ngoài quốc doanh", 200, 20, 80],
            ["2. Lệ phí trước bạ", 100, 10, 40]]
    prepared = prepare(write("xlsx", tmp_path, rows))
    assert as_tuples(prepared.rows, "item_code", "parent_item_code", "item_name") == [
        ("I", None, "Thu nội địa"), ("I.1", "I", "Thu từ khu vực ngoài quốc doanh"),
        ("I.2", "I", "Lệ phí trước bạ")]


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_agency_merged_down_over_its_tasks_is_given_to_each_task(kind, tmp_path):
    rows = [["Tính đến ngày 15/5/2026"],
            ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Tình hình thực hiện"],
            [1, "Việc A", "Sở Tài chính", "30/6/2026", "Đang thực hiện"],
            [2, "Việc B", None, "30/4/2026", "Đang thực hiện"],
            [3, "Việc C", "Sở Xây dựng", "30/4/2026", "Đã hoàn thành"]]
    prepared = prepare(write(kind, tmp_path, rows, ["C3:C4"]))
    assert as_tuples(prepared.rows, "title", "lead_agency", "status") == [
        ("Việc A", "Sở Tài chính", "in_progress"), ("Việc B", "Sở Tài chính", "overdue"),
        ("Việc C", "Sở Xây dựng", "done_on_time")]


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_gate_merged_down_over_its_months_gives_a_row_per_month(kind, tmp_path):
    rows = [["NĂM 2026"], ["STT", "Cửa khẩu", "Tháng", "Xuất khẩu (USD)", "Nhập khẩu (USD)"],
            [1, "Cửa khẩu quốc tế Tà Lùng", "3/2026", 100, 50], [None, None, "4/2026", 200, 60],
            [2, "Cửa khẩu Trà Lĩnh", "3/2026", 10, 5], [None, None, "4/2026", 20, 6]]
    prepared = prepare(write(kind, tmp_path, rows, ["A3:A4", "B3:B4", "A5:A6", "B5:B6"]))
    assert as_tuples(prepared.rows, "period", "gate", "direction", "value_usd") == [
        (dt.date(2026, 3, 1), "Tà Lùng", "export", 100.0), (dt.date(2026, 3, 1), "Tà Lùng", "import", 50.0),
        (dt.date(2026, 4, 1), "Tà Lùng", "export", 200.0), (dt.date(2026, 4, 1), "Tà Lùng", "import", 60.0),
        (dt.date(2026, 3, 1), "Trà Lĩnh", "export", 10.0), (dt.date(2026, 3, 1), "Trà Lĩnh", "import", 5.0),
        (dt.date(2026, 4, 1), "Trà Lĩnh", "export", 20.0), (dt.date(2026, 4, 1), "Trà Lĩnh", "import", 6.0)]
    assert prepared.report_date == dt.date(2026, 4, 30)


def test_figure_merged_down_over_rows_is_not_repeated(tmp_path):
    rows = [["ĐVT: triệu đồng"], ["STT", "Tên dự án", "Chủ đầu tư", "Kế hoạch vốn", "Giải ngân"],
            [1, "Dự án A", "Ban QLDA", 100, 40], [2, "Dự án B", "Ban QLDA", None, 10]]
    prepared = prepare(write("xlsx", tmp_path, rows, ["C3:C4", "D3:D4"]))
    assert as_tuples(prepared.rows, "project_name", "investor", "plan_vnd") == [
        ("Dự án A", "Ban QLDA", 100 * TRIEU), ("Dự án B", "Ban QLDA", None)]


def test_ods_merged_cells_are_read_from_the_file(tmp_path):
    sheet = read_workbook(write("ods", tmp_path, DISBURSEMENT, DISBURSEMENT_MERGES)).sheets[0]
    assert sorted(sheet.merged) == sorted([
        ((6, 0), (7, 0)), ((6, 1), (7, 1)), ((6, 2), (7, 2)), ((6, 3), (7, 3)), ((6, 4), (6, 5)),
        ((6, 6), (6, 7)), ((6, 8), (7, 8))])


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_header_and_column_numbers_repeated_on_the_next_printed_page_are_skipped(kind, tmp_path):
    header = [["STT", "Tên dự án", "Kế hoạch vốn năm 2026", None, "Giải ngân"],
              [None, None, "Tổng số", "Trong đó NSTW", None],
              ["1", "2", "3", "4", "5"]]
    rows = ([["ĐVT: triệu đồng"]] + header + [[1, "Dự án A", 100, 50, 40], [2, "Dự án B", 200, 0, 10]]
            + header + [[3, "Dự án C", 300, 300, 30]])
    merges = ["A2:A3", "B2:B3", "C2:D2", "E2:E3", "A7:A8", "B7:B8", "C7:D7", "E7:E8"]
    prepared = prepare(write(kind, tmp_path, rows, merges))
    assert as_tuples(prepared.rows, "source_row", "project_name", "plan_vnd") == [
        (5, "Dự án A", 100 * TRIEU), (6, "Dự án B", 200 * TRIEU), (10, "Dự án C", 300 * TRIEU)]
