"""Text from a department's sheet is shown as text on the pages, never run as markup: a title or an
obstacle holding HTML reaches the leader's tablet escaped."""

from __future__ import annotations

from data_pipeline.ingest import ingest
from reader_builders import write_xlsx
from test_pages import open_page

MARKUP = '<img src=x onerror="alert(1)">Đường <b>tránh</b> Trà Lĩnh'


def _html_elements(at) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("<div class=\"alert\"")]


def test_an_overdue_task_titled_with_markup_is_escaped_on_the_overview(tmp_path, db):
    rows = [["TỔNG HỢP NHIỆM VỤ UBND TỈNH GIAO (đến ngày 30/4/2026)"], [],
            ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Tình hình thực hiện"],
            [1, MARKUP, "Sở Xây dựng <i>cũ</i>", "01/03/2026", "Đang thực hiện"]]
    ingest(write_xlsx(tmp_path / "nv.xlsx", {"Nhiệm vụ": rows}), db=db)
    alerts = _html_elements(open_page("pages/tong_quan.py"))
    shown = next(a for a in alerts if "tránh" in a)
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in shown and "<img" not in shown
    assert "&lt;b&gt;tránh&lt;/b&gt;" in shown and "Sở Xây dựng &lt;i&gt;cũ&lt;/i&gt;" in shown


def test_a_key_project_with_markup_in_its_name_and_obstacle_is_escaped(tmp_path, db):
    rows = [["BÁO CÁO GIẢI NGÂN VỐN ĐẦU TƯ CÔNG NĂM 2026 (đến ngày 30/4/2026)"], ["Đơn vị tính: triệu đồng"],
            ["Mã dự án", "Tên dự án", "Chủ đầu tư", "Kế hoạch vốn", "Giải ngân", "Dự án trọng điểm", "Vướng mắc"],
            ["DA1", MARKUP, "Ban QLDA tỉnh", 1000, 100, "x", "<script>alert(2)</script> chưa bàn giao mặt bằng"]]
    ingest(write_xlsx(tmp_path / "gn.xlsx", {"Biểu 1": rows}), db=db)
    at = open_page("pages/dau_tu_cong.py")
    shown = next(a for a in _html_elements(at) if "tránh" in a)
    assert "<img" not in shown and "<script>" not in shown
    assert "&lt;script&gt;alert(2)&lt;/script&gt; chưa bàn giao mặt bằng" in shown
