"""The growth, dossiers and petitions sheets of the reader tests, laid out the way Sở Tài chính,
Trung tâm Phục vụ hành chính công and Thanh tra tỉnh make them: agency and quốc hiệu lines, a
title with the period, merged headers over two or three rows, a column-number row, total and group
rows, notes and a signature below. Rows are 1-based in the docstrings, as Excel shows them."""

from __future__ import annotations

import datetime as dt

GROWTH_SHEET = "Kịch bản T4"
DOSSIER_SHEET = "TTHC"
PETITION_SHEET = "Sổ đơn"


def growth_rows(target_khai_khoang: object = 500, *, month_line: str = "Tháng 4 năm 2026") -> tuple[list, list]:
    """Rows 1-5 title block, 6-7 header (values and rates, each over Kịch bản | Ước thực hiện),
    8 column numbers, 9 GRDP, 10 group I, 11 group II, 12-13 its sectors, 14 "Công nghiệp chế
    biến" unnumbered (under "2"), 15 "Tổng cộng", then a note and a signature."""
    rows = [
        ["UBND TỈNH CAO BẰNG", None, None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["SỞ TÀI CHÍNH", None, None, None, None, None, "Độc lập - Tự do - Hạnh phúc"],
        ["BẢNG THEO DÕI THỰC HIỆN KỊCH BẢN TĂNG TRƯỞNG KINH TẾ NĂM 2026"],
        [month_line],
        [None, None, None, None, None, None, None, "Đơn vị tính: tỷ đồng"],
        ["STT", "Ngành, lĩnh vực", "Giá trị tăng thêm lũy kế (giá so sánh 2010)", None,
         "Tốc độ tăng so cùng kỳ (%)", None, "Nguyên nhân", "Giải pháp bù đắp", "Cơ quan chủ trì"],
        [None, None, "Kịch bản", "Ước thực hiện", "Kịch bản", "Ước thực hiện", None, None, None],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"],
        [None, "Tổng sản phẩm trên địa bàn (GRDP)", "8.000,5", 7900, 10, "9,2", None, None, "Sở Tài chính"],
        ["I", "Nông, lâm nghiệp và thủy sản", 2000, 2010, 4, 4.1, None, None, "Sở Nông nghiệp và Môi trường"],
        ["II", "Công nghiệp và xây dựng", 2000, 1800, 14, 10, None, None, None],
        [1, "Khai khoáng", target_khai_khoang, 400, 20, 8, "Mỏ khai thác cầm chừng", "Nâng công suất mỏ",
         "Sở Nông nghiệp và Môi trường"],
        [2, "Xây dựng", 1500, 1400, 12, 10.5, None, "Đẩy nhanh giải ngân", "Sở Xây dựng"],
        [None, "Công nghiệp chế biến, chế tạo", 300, 310, 11, 11.5, None, None, "Sở Công Thương"],
        [None, "Tổng cộng", 1, 1, 1, 1],
        [],
        ["Ghi chú: số liệu ước thực hiện do các sở, ngành cung cấp."],
        [None, None, None, None, None, None, "KT. GIÁM ĐỐC"],
    ]
    merges = ["C6:D6", "E6:F6", "A6:A7", "B6:B7", "G6:G7", "H6:H7", "I6:I7"]
    return rows, merges


def dossier_rows(trà_lĩnh: str = "UBND xã Trà Lĩnh", settled_late: object = 5) -> tuple[list, list]:
    """The official three-row header: rows 1-3 title block, 4-6 header, 7 column numbers ("(3)=(4)+(5)"),
    8 "TỔNG CỘNG", 9 group "I. Cấp tỉnh", 10-12 agencies (Công an tỉnh last), 13 group "II. Cấp xã",
    14-15 communes, then a signature."""
    rows = [
        ["VĂN PHÒNG UBND TỈNH", None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["BÁO CÁO TÌNH HÌNH GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"],
        ["(Từ ngày 15/3/2026 đến ngày 14/4/2026)"],
        ["STT", "Đơn vị", "Số hồ sơ nhận giải quyết", None, None, "Số hồ sơ đã giải quyết", None, None, None,
         "Số hồ sơ đang giải quyết", None, None],
        [None, None, "Tổng số", "Trong đó", None, "Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn", "Tổng số",
         "Trong hạn", "Quá hạn"],
        [None, None, None, "Kỳ trước chuyển sang", "Mới tiếp nhận", None, None, None, None, None, None, None],
        ["(1)", "(2)", "(3)=(4)+(5)", "(4)", "(5)", "(6)=(7)+(8)+(9)", "(7)", "(8)", "(9)", "(10)", "(11)", "(12)"],
        [None, "TỔNG CỘNG", 1200, 150, 1050, 1000, 500, 440, 60, 200, 160, 40],
        ["I", "Cấp tỉnh", 1000, 120, 880, 850, 430, 385, 35, 150, 125, 25],
        [1, "Sở Tư pháp", 120, 20, 100, 100, 60, 35, settled_late, 20, 15, 5],
        [2, "Sở Nông nghiệp và Môi trường", 380, 80, 300, 250, 70, 150, 30, 130, 110, 20],
        [3, "Công an tỉnh", 500, 20, 480, 500, 300, 200, 0, 0, 0, 0],
        ["II", "Cấp xã", 200, 30, 170, 150, 70, 55, 25, 50, 35, 15],
        [1, trà_lĩnh, 120, 20, 100, 80, 30, 30, 20, 40, 28, 12],
        [2, "UBND phường Thục Phán", 80, 10, 70, 70, 40, 25, 5, 10, 7, 3],
        [],
        [None, "NGƯỜI LẬP BIỂU", None, None, None, None, "GIÁM ĐỐC"],
    ]
    merges = ["C4:E4", "F4:I4", "J4:L4", "D5:E5", "A4:A6", "B4:B6", "C5:C6", "F5:F6", "G5:G6", "H5:H6",
              "I5:I6", "J5:J6", "K5:K6", "L5:L6"]
    return rows, merges


def petition_case_rows(received_second: object = dt.date(2026, 3, 5)) -> tuple[list, list]:
    """A list of cases: rows 1-3 title block, 4-5 header (kinds ticked under "Phân loại đơn"),
    6-9 cases, then a note. Column C holds the petitioner's name, which is never read."""
    rows = [
        ["THANH TRA TỈNH", None, None, None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["SỔ THEO DÕI ĐƠN THƯ KHIẾU NẠI, TỐ CÁO, KIẾN NGHỊ, PHẢN ÁNH"],
        ["(Số liệu đến ngày 30/4/2026)"],
        ["STT", "Ngày nhận đơn", "Họ tên người gửi", "Nội dung đơn", "Phân loại đơn", None, None,
         "Cơ quan giải quyết", "Địa bàn", "Hạn giải quyết", "Kết quả giải quyết", "Ngày giải quyết"],
        [None, None, None, None, "Khiếu nại", "Tố cáo", "Kiến nghị, phản ánh", None, None, None, None, None],
        [1, dt.date(2026, 1, 5), "Nguyễn Văn An", "Khiếu nại quyết định thu hồi đất", "x", None, None,
         "UBND xã Trà Lĩnh", "Xã Trà Lĩnh", dt.date(2026, 2, 19), "Đang xác minh", None],
        [2, received_second, "Hoàng Thị Bình", "Tố cáo cán bộ địa chính", None, "x", None, "Thanh tra tỉnh", None,
         None, "Đã ban hành kết luận nội dung tố cáo", dt.date(2026, 4, 2)],
        [3, "20/4/2026", "Lý Văn Cường", "Phản ánh ô nhiễm bụi từ cơ sở chế biến đá", None, None, "x",
         "Sở Nông nghiệp và Môi trường", "Phường Thục Phán", None, None, None],
        [4, dt.date(2026, 2, 10), "Bế Thị Dung", "Kiến nghị sửa đường giao thông nông thôn", None, None, "x",
         "UBND phường Thục Phán", "Phường Thục Phán", None, "Chưa giải quyết", None],
        [],
        ["Ghi chú: họ tên, địa chỉ người gửi lưu tại sổ gốc."],
    ]
    merges = ["E4:G4", "A4:A5", "B4:B5", "C4:C5", "D4:D5", "H4:H5", "I4:I5", "J4:J5", "K4:K5", "L4:L5"]
    return rows, merges


def petition_summary_rows() -> tuple[list, list]:
    """A summary per unit: rows 1-2 title, 3-4 header, 5 column numbers, 6 total, 7-9 units; the
    commune row states no "Đang giải quyết" figure (worked out), the last one states overdue ones."""
    rows = [
        ["THANH TRA TỈNH"],
        ["BÁO CÁO KẾT QUẢ TIẾP NHẬN, XỬ LÝ ĐƠN THƯ THÁNG 4 NĂM 2026"],
        ["STT", "Cơ quan, đơn vị", "Tổng số đơn", "Phân loại", None, None, "Kết quả giải quyết", None, None],
        [None, None, None, "Khiếu nại", "Tố cáo", "Kiến nghị, phản ánh", "Đã giải quyết", "Đang giải quyết",
         "Quá hạn"],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)"],
        [None, "Tổng cộng", 45, 15, 5, 25, 31, 14, 3],
        [1, "Thanh tra tỉnh", 10, 5, 5, 0, 8, 2, 0],
        [2, "UBND phường Thục Phán", 20, 5, 0, 15, 12, None, 0],
        [3, "Sở Nông nghiệp và Môi trường", 15, 5, 0, 10, 11, 4, 3],
    ]
    merges = ["D3:F3", "G3:I3", "A3:A4", "B3:B4", "C3:C4"]
    return rows, merges
