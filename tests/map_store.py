"""A small store for the map page's tests: tasks, projects and mines in a few communes, loaded through
the same reader as any upload, with figures the tests can count by hand."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from data_pipeline.ingest import ingest

REPORT_DATE = dt.date(2026, 4, 30)
THUC_PHAN, TRA_LINH, BAO_LAM = "01273", "01447", "01290"


def _csv(path: Path, rows: list[list]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


def build_store(db: Path) -> Path:
    """Tasks, projects and mines in a few communes, loaded through the same reader as any upload."""
    folder = db.parent
    tasks = [["Mã nhiệm vụ", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Xã, phường", "Thời hạn",
              "Tình hình thực hiện", "Ngày hoàn thành"],
             ["NV01", "Giải phóng mặt bằng đường tránh", "UBND phường Thục Phán", "Phường Thục Phán", "15/03/2026",
              "Đang triển khai", ""],
             ["NV02", "Cải tạo chợ trung tâm", "UBND phường Thục Phán", "Phường Thục Phán", "01/04/2026",
              "Chưa hoàn thành", ""],
             ["NV03", "Báo cáo dân số", "UBND phường Thục Phán", "Phường Thục Phán", "10/04/2026", "Đã hoàn thành",
              "05/04/2026"],
             ["NV04", "Sửa chữa trường học", "Sở Giáo dục và Đào tạo", "Phường Thục Phán", "30/06/2026",
              "Đang thực hiện", ""],
             ["NV05", "Kiểm tra mỏ đá", "Sở Nông nghiệp và Môi trường", "Xã Trà Lĩnh", "20/02/2026",
              "Đang thực hiện", ""],
             ["NV06", "Hỗ trợ nhà ở", "UBND xã Trà Lĩnh", "Xã Trà Lĩnh", "30/05/2026", "Đang thực hiện", ""],
             ["NV07", "Rà soát quy hoạch", "Sở Xây dựng", "", "01/03/2026", "Đang thực hiện", ""]]
    ingest(_csv(folder / "nhiem_vu.csv", tasks), db=db, report_date=REPORT_DATE)
    projects = [["Mã dự án", "Tên dự án", "Chủ đầu tư", "Địa điểm", "Kế hoạch vốn", "Giải ngân"],
                ["DA01", "Kè bờ sông Bằng", "Ban Quản lý dự án tỉnh", "Phường Thục Phán", 100000, 5000],
                ["DA02", "Đường nội thị", "UBND phường Thục Phán", "Phường Thục Phán", 40000, 30000],
                ["DA03", "Trường mầm non Trà Lĩnh", "UBND xã Trà Lĩnh", "Xã Trà Lĩnh", 8000, 2000]]
    ingest(_csv(folder / "giai_ngan.csv", projects), db=db, report_date=REPORT_DATE, unit="triệu đồng")
    mines = [["Số giấy phép", "Tên mỏ", "Loại khoáng sản", "Tổ chức", "Vị trí", "Công suất cấp phép",
              "Sản lượng thực tế", "Đơn vị tính", "Từ ngày", "Đến ngày", "Ngày hết hạn"],
             ["GP01", "Mỏ đá Lũng Luông", "Đá vôi", "Công ty TNHH Đá Cao Bằng", "Xã Trà Lĩnh", 90000, 3000, "m3/năm",
              "01/01/2026", "30/04/2026", "31/12/2027"],
             ["GP02", "Mỏ cát Bằng Giang", "Cát", "Công ty Cổ phần Cát sông", "Phường Thục Phán", 12000, 3900, "m3/năm",
              "01/01/2026", "30/04/2026", "30/06/2026"]]
    ingest(_csv(folder / "khoang_san.csv", mines), db=db, report_date=REPORT_DATE)
    return db
