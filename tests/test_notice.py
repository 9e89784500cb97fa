"""Tasks read from conclusion notices: the two real notices, read in place from ../shared/examples."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys

from conftest import ROOT, shared_file
from data_pipeline.ingest import prepare
from data_pipeline.notice import extract_tasks, read_notice


def by_lead(tasks, lead):
    return [t for t in tasks if t.lead_agency == lead]


def test_cao_bang_notice_assignments_with_lead_agency_and_deadline():
    tasks = extract_tasks(read_notice(shared_file("examples", "thong_bao_ket_luan_T4_2026.txt")))
    assert len(tasks) >= 30
    mines = [t for t in by_lead(tasks, "Sở Nông nghiệp và Môi trường") if "mỏ khoáng sản" in t.title]
    assert mines and mines[0].deadline == dt.date(2026, 5, 20)
    assert {"Sở Xây dựng", "Sở Công Thương"} <= set(mines[0].coordinating_agencies)
    chu_trinh = [t for t in by_lead(tasks, "Ban Quản lý Khu kinh tế tỉnh") if "Chu Trinh" in t.title][0]
    assert chu_trinh.deadline == dt.date(2026, 5, 15)
    assert "UBND phường Tân Giang" in chu_trinh.coordinating_agencies
    # "thông tuyến đến Đông Khê vào ngày 19/5/2026" is the target; the report is due 13/5/2026.
    highway = [t for t in tasks if "Đông Khê" in t.title][0]
    assert highway.lead_agency == "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh"
    assert highway.deadline == dt.date(2026, 5, 13)
    assert any(t.lead_agency == "Sở Nội vụ" and t.deadline == dt.date(2026, 5, 23) for t in tasks)


def test_quang_ngai_lettered_items_belong_to_their_heading_agency():
    tasks = extract_tasks(read_notice(shared_file("examples", "quang_ngai_660_TB-UBND_2024.txt")))
    steering = by_lead(tasks, "Ban Chỉ đạo xoá nhà tạm, nhà dột nát huyện Bình Sơn")
    assert len(steering) == 5  # items a) to e)
    assert by_lead(tasks, "Sở Tài nguyên và Môi trường")
    assert all(t.source_doc == "Thông báo 660/TB-UBND ngày 31/12/2024" for t in tasks)


def test_cao_bang_standing_orders_to_groups_are_tasks_with_the_group_as_lead():
    tasks = extract_tasks(read_notice(shared_file("examples", "thong_bao_ket_luan_T4_2026.txt")))
    monthly = [t for t in tasks if t.title.startswith("Trước ngày 23 hằng tháng")]
    assert [(t.lead_agency, t.deadline) for t in monthly] == [
        ("Các sở, ban, ngành, UBND các xã, phường và các cơ quan, đơn vị liên quan", None)]  # recurring
    [accounts] = [t for t in tasks if "hồ sơ quyết toán" in t.title]
    assert (accounts.lead_agency, accounts.deadline) == ("Các chủ đầu tư", None)  # the 15/5 is the advice's
    [forests] = [t for t in tasks if "bảo vệ rừng" in t.title]
    assert forests.lead_agency == "Chủ tịch UBND xã, phường"  # who answers for it, the work having no subject
    [residents] = [t for t in tasks if "lập danh sách người dân" in t.title]
    assert residents.lead_agency == "UBND các xã, phường" and residents.output.startswith("Lập danh sách người dân")
    [figures] = [t for t in tasks if "thống nhất giữa" in t.title]
    assert figures.lead_agency == "Sở Tài chính; Thống kê tỉnh"
    # "các sở, ngành, địa phương ... gửi Sở Tài chính trước ngày 12/5/2026 để tổng hợp": two tasks
    assets = [t for t in tasks if "cơ sở nhà, đất" in t.title]
    assert [(t.lead_agency, t.deadline) for t in assets] == [("Các sở, ngành, địa phương", dt.date(2026, 5, 12)),
                                                             ("Sở Tài chính", dt.date(2026, 5, 12))]
    assert assets[0].title.endswith("gửi Sở Tài chính trước ngày 12/5/2026") and "để tổng hợp" in assets[1].title
    assert len({t.title for t in tasks}) == len(tasks)  # a tasks sheet keys rows without a code by their title
    # Neither the assessment (I), the views (II), what the meeting adopted (IV) nor the closing formula
    assert not [t for t in tasks if re.search(r"Tình hình kinh tế|Mỗi sở, ngành|Báo cáo tình hình thực hiện kế hoạch"
                                              r"|nghiêm túc triển khai thực hiện", t.title)]


def test_descriptions_decisions_and_the_closing_formula_are_not_tasks():
    text = """II. Nhiệm vụ thời gian tới

Các sở, ngành, địa phương đã chủ động triển khai các nhiệm vụ được giao. Các địa phương cơ bản hoàn thành chỉ tiêu.

UBND tỉnh ghi nhận, biểu dương các sở, ngành, địa phương. Thống nhất thông qua dự thảo Kế hoạch phát triển du lịch.

Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh đã hoàn thành hồ sơ. Các dự án chậm tiến độ phải được rà soát.

Mỗi nhóm phải có nội dung khám phù hợp. Chủ tịch UBND tỉnh yêu cầu các sở, ngành, địa phương:

Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm trước Chủ tịch UBND tỉnh nếu để chậm tiến độ.

Thủ trưởng các sở, ban, ngành tỉnh; Chủ tịch UBND các huyện tổ chức triển khai thực hiện nghiêm Thông báo này.

UBND tỉnh thống nhất chủ trương đầu tư dự án đường ven biển; giao Sở Xây dựng hoàn thiện hồ sơ trước ngày 25/3/2025.

Nay thông báo để các cơ quan, đơn vị, địa phương biết, thực hiện./.
"""
    assert [(t.lead_agency, t.deadline) for t in extract_tasks(text)] == [("Sở Xây dựng", dt.date(2025, 3, 25))]


def test_groups_and_equals_lead_as_the_notice_words_them():
    text = """1. Giao các Sở: Tài chính, Xây dựng, Kế hoạch và Đầu tư theo chức năng, nhiệm vụ hướng dẫn các chủ đầu tư.

2. UBND các huyện, thị xã, thành phố chỉ đạo lập danh sách hộ nghèo, báo cáo trước ngày 25/12 hằng năm.

3. Sở Y tế và Sở Giáo dục và Đào tạo phối hợp tổ chức khám sức khỏe học sinh.

4. Sở Tài chính, Sở Xây dựng và các cơ quan liên quan rà soát đơn giá.

5. Đối với các địa phương có tỷ lệ giải ngân thấp, Chủ tịch UBND các xã phải trực tiếp chỉ đạo, báo cáo hằng tuần.

6. Thủ trưởng các sở, ban, ngành; Chủ tịch UBND các xã, phường phải trực tiếp chỉ đạo các nhiệm vụ chậm tiến độ.

7. Các sở, ban, ngành tỉnh

a) Cung cấp số liệu cho Sở Tài chính trước ngày 10/7/2025.
"""
    got = [(t.lead_agency, t.coordinating_agencies, t.deadline) for t in extract_tasks(text)]
    assert got == [
        ("Các Sở: Tài chính, Xây dựng, Kế hoạch và Đầu tư", [], None),
        ("UBND các huyện, thị xã, thành phố", [], None),  # a date that comes back each year
        ("Sở Y tế; Sở Giáo dục và Đào tạo", [], None),  # two named as equals lead together
        ("Sở Tài chính", ["Sở Xây dựng"], None),  # a list of co-actors: the first named leads
        ("Chủ tịch UBND các xã", [], None),
        ("Thủ trưởng các sở, ban, ngành; Chủ tịch UBND các xã, phường", [], None),
        ("Các sở, ban, ngành tỉnh", [], dt.date(2025, 7, 10)),
    ]


def test_lettered_and_bulleted_items_and_an_agency_named_before_a_colon():
    text = """2. Về các nhiệm vụ thời gian tới:

b) Sở Xây dựng khẩn trương hướng dẫn các chủ đầu tư điều chỉnh dự toán.

c) UBND các huyện, thị xã, thành phố: tập trung giải phóng mặt bằng các dự án trọng điểm.

- Sở Tài chính: Tham mưu bố trí kinh phí thực hiện, hoàn thành trước ngày 15/7/2024.

- Các chủ đầu tư: đẩy nhanh tiến độ thi công, giải ngân.

3. Sở Y tế:

- Chỉ đạo các cơ sở y tế bảo đảm thuốc.
"""
    got = [(t.lead_agency, t.deadline) for t in extract_tasks(text)]
    assert got == [("Sở Xây dựng", None), ("UBND các huyện, thị xã, thành phố", None),
                   ("Sở Tài chính", dt.date(2024, 7, 15)), ("Các chủ đầu tư", None), ("Sở Y tế", None)]


def test_extracted_csv_of_either_notice_is_accepted_as_a_tasks_sheet(tmp_path):
    for name in ("quang_ngai_660_TB-UBND_2024.txt", "thong_bao_ket_luan_T4_2026.txt"):
        _extracted_csv_is_accepted(tmp_path, shared_file("examples", name))


def _extracted_csv_is_accepted(tmp_path, notice):
    out = tmp_path / "tasks.csv"
    run = subprocess.run([sys.executable, "-m", "data_pipeline", "extract-tasks", str(notice), "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("title,lead_agency,coordinating_agencies,deadline,output,source_doc")
    prepared = prepare(out, report_date=dt.date(2026, 5, 15))
    assert prepared.dataset == "tasks"
    assert len(prepared.rows) == len(extract_tasks(read_notice(notice)))


# ---------------------------------------------------------------- against the hand labels

def test_every_label_quotes_its_notice_exactly_once():
    from notice_scoring import labelled_notices, squeeze

    for notice in labelled_notices():
        text = squeeze(read_notice(shared_file("examples", notice["file"])))
        for label in notice["task"]:
            assert text.count(squeeze(label["quote"])) == 1, (notice["file"], label["quote"])


# What the reader finds and gets right in each real notice (python bench/notice_accuracy.py):
# (labelled, proposed, found, lead right, deadline right, coordinating right). A change that
# lowers any of found / right, or proposes tasks that are none, fails here.
PINNED = {
    "thong_bao_ket_luan_T4_2026.txt": (67, 67, 67, 67, 67, 67),
    "quang_ngai_660_TB-UBND_2024.txt": (9, 9, 9, 9, 9, 9),
}


def test_reader_finds_and_gets_right_the_labelled_tasks_of_both_notices():
    from notice_scoring import labelled_notices, score

    for notice in labelled_notices():
        tasks = extract_tasks(read_notice(shared_file("examples", notice["file"])))
        s = score(notice, tasks)
        labelled, proposed, found, lead, deadline, coordinating = PINNED[notice["file"]]
        assert s.labelled == labelled
        assert s.found >= found, s.missed
        assert s.proposed - s.found <= proposed - found, s.extra
        assert s.lead_right >= lead and s.deadline_right >= deadline and s.coordinating_right >= coordinating, s.wrong


# ---------------------------------------------------------------- notices sent as bytes, and their load

def docx_bytes(paragraphs: list[str]) -> bytes:
    import io

    from docx import Document

    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def test_docx_notice_is_read_paragraph_by_paragraph():
    from data_pipeline.notice import notice_text

    text = notice_text(docx_bytes(["Số: 145/TB-UBND", "Cao Bằng, ngày 12 tháng 5 năm 2026",
                                   ("Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng rà soát vốn, "
                                    "báo cáo UBND tỉnh trước ngày 20/5/2026.")]), "tb.docx")
    [task] = extract_tasks(text)
    assert (task.lead_agency, task.coordinating_agencies, task.deadline) == ("Sở Tài chính", ["Sở Xây dựng"],
                                                                             dt.date(2026, 5, 20))
    assert task.source_doc == "Thông báo 145/TB-UBND ngày 12/05/2026"


def test_broken_or_oversized_docx_is_refused_in_vietnamese(monkeypatch):
    import pytest

    from data_pipeline import settings
    from data_pipeline.notice import notice_text
    from data_pipeline.problems import Rejected

    with pytest.raises(Rejected, match="không phải tệp .docx hợp lệ"):
        notice_text(b"PK\x03\x04 not a zip", "tb.docx")
    monkeypatch.setitem(settings.settings()["upload"], "max_uncompressed_mb", 0.0001)
    with pytest.raises(Rejected, match="vượt giới hạn"):
        notice_text(docx_bytes(["Giao Sở Tài chính chủ trì rà soát. " * 20]), "tb.docx")


def test_confirmed_table_needs_its_notice_and_a_content_per_row(tmp_path):
    import pytest

    from data_pipeline.notice_load import check_notice_tasks
    from data_pipeline.problems import Rejected

    rows = [{"keep": True, "title": "Rà soát vốn", "lead_agency": "Sở Tài chính", "deadline": dt.date(2026, 5, 20)},
            {"keep": False, "title": "Không phải nhiệm vụ", "lead_agency": ""},
            {"keep": True, "title": "", "lead_agency": "Sở Y tế"}]
    with pytest.raises(Rejected) as caught:
        check_notice_tasks(rows, "  ", report_date=dt.date(2026, 5, 12))
    got = {(p.row, p.column) for p in caught.value.problems}
    assert got == {(None, "Văn bản giao"), (3, "Nội dung nhiệm vụ")}
    prepared = check_notice_tasks(rows[:2], "Thông báo 145/TB-UBND", report_date=dt.date(2026, 5, 12))
    assert [(r["title"], r["source_doc"], r["status"]) for r in prepared.records] == [
        ("Rà soát vốn", "Thông báo 145/TB-UBND", "in_progress")]
    assert not (tmp_path / "store.duckdb").exists()
