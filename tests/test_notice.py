"""Tasks read from conclusion notices: the two real notices, read in place from ../shared/examples."""

from __future__ import annotations

import datetime as dt
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


def test_extracted_csv_is_accepted_as_a_tasks_sheet(tmp_path):
    notice = shared_file("examples", "quang_ngai_660_TB-UBND_2024.txt")
    out = tmp_path / "tasks.csv"
    run = subprocess.run([sys.executable, "-m", "data_pipeline", "extract-tasks", str(notice), "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    header = out.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("title,lead_agency,coordinating_agencies,deadline,output,source_doc")
    prepared = prepare(out, report_date=dt.date(2025, 1, 15))
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
    "thong_bao_ket_luan_T4_2026.txt": (46, 46, 46, 46, 46, 46),
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
