"""The coordinating-agency ranking and the progress-report score, each compared with figures
worked out by hand from a small tasks sheet loaded through the real reader into a real store."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import xlsxwriter

from data_pipeline import marts, store
from data_pipeline.ingest import ingest

HEADER = ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn", "Tình hình thực hiện",
          "Ngày hoàn thành", "Nội dung báo cáo tiến độ"]


def tasks_sheet(path: Path, as_of: str, rows: list[tuple]) -> Path:
    """(title, lead, coordinating, deadline, status, completed on, note) under a title with the as-of date."""
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Nhiệm vụ")
    ws.write(0, 0, f"TÌNH HÌNH THỰC HIỆN NHIỆM VỤ UBND TỈNH GIAO (đến ngày {as_of})")
    ws.write_row(2, 0, HEADER)
    for i, row in enumerate(rows):
        ws.write_row(3 + i, 0, [i + 1, *row])
    book.close()
    return path


def run(db: Path, name: str):
    con = store.read_connection(db)
    try:
        return marts.run_mart(con, name)
    finally:
        con.close()


# ---------------------------------------------------------------- coordinating agencies

COORDINATION = [
    # overdue 30 days at 30/4 (deadline 31/3)
    ("Nhiệm vụ A", "Sở Tài chính", "Sở Xây dựng; Sở Công Thương", "31/03/2026", "Chưa hoàn thành", None, None),
    # done 10 days late (deadline 15/4, done 25/4); a comma between two agencies
    ("Nhiệm vụ B", "Sở Nội vụ", "Sở Xây dựng, Thống kê tỉnh", "15/04/2026", "Đã hoàn thành", "25/04/2026", None),
    # done on time; "các cơ quan liên quan" is no one in particular
    ("Nhiệm vụ C", "Sở Y tế", "Sở Xây dựng và các cơ quan liên quan", "20/03/2026", "Đã hoàn thành", "18/03/2026", None),
    # not yet due: counted as coordinated, not as due
    ("Nhiệm vụ D", "Sở Y tế", "Sở Công Thương; các sở, ngành", "31/05/2026", "Đang triển khai", None, None),
    # overdue 20 days; a comma and "và" inside one agency's name
    ("Nhiệm vụ E", "Sở Tài chính", "Sở Văn hóa, Thể thao và Du lịch", "10/04/2026", "Đang phối hợp", None, None),
]


@pytest.fixture
def coordination_db(tmp_path):
    db = tmp_path / "store.duckdb"
    ingest(tasks_sheet(tmp_path / "nv.xlsx", "30/4/2026", COORDINATION), db=db)
    return db


def test_coordinating_agencies_are_ranked_by_late_tasks_then_share_then_days(coordination_db):
    ranking = run(coordination_db, "coordinator_delays")
    got = {r.agency: (r.rank, r.tasks_coordinating, r.tasks_due, r.late, r.overdue, r.done_late, r.pct_late,
                      r.avg_days_late, r.max_days_late) for r in ranking.itertuples()}
    assert got == {
        "Sở Xây dựng": (1, 3, 3, 2, 1, 1, 66.7, 20.0, 30),
        "Sở Công Thương": (2, 2, 1, 1, 1, 0, 100.0, 30.0, 30),
        "Sở Văn hóa, Thể thao và Du lịch": (3, 1, 1, 1, 1, 0, 100.0, 20.0, 20),
        "Thống kê tỉnh": (4, 1, 1, 1, 0, 1, 100.0, 10.0, 10),
    }
    assert list(ranking["agency"]) == ["Sở Xây dựng", "Sở Công Thương", "Sở Văn hóa, Thể thao và Du lịch", "Thống kê tỉnh"]


# ---------------------------------------------------------------- progress-report score

MARCH = [
    ("Nội vụ 1", "Sở Nội vụ", None, "30/06/2026", "Đang triển khai", None, None),
    ("Nội vụ 2", "Sở Nội vụ", None, "30/06/2026", "Đang phối hợp", None, None),
    ("Y tế 1", "Sở Y tế", None, "30/06/2026", "Đang rà soát", None, None),
    ("Y tế 2", "Sở Y tế", None, "15/03/2026", "Đã hoàn thành", "10/03/2026", None),
    ("Tài chính 1", "Sở Tài chính", None, "15/05/2026", "Đang thực hiện", None, "Dự kiến hoàn thành ngày 15/5/2026"),
    ("Thương mại 1", "Sở Công Thương", None, "30/06/2026", None, None, None),
]
APRIL = [
    ("Nội vụ 1", "Sở Nội vụ", None, "30/06/2026", "Đang triển khai", None, None),
    ("Nội vụ 2", "Sở Nội vụ", None, "30/06/2026", "Đang thực hiện", None,
     "Đã trình UBND tỉnh Tờ trình số 12/TTr-SNV ngày 20/4/2026"),
    ("Y tế 1", "Sở Y tế", None, "30/06/2026", "Đang thực hiện", None, "Đã khám cho 1.250 người, đạt 40%"),
    ("Y tế 2", "Sở Y tế", None, "15/03/2026", "Đã hoàn thành", "10/03/2026", None),
    ("Tài chính 1", "Sở Tài chính", None, "15/05/2026", "Đang thực hiện", None, "Dự kiến hoàn thành ngày 15/5/2026"),
    ("Thương mại 1", "Sở Công Thương", None, "30/06/2026", None, None, None),
]


@pytest.fixture
def reports_db(tmp_path):
    db = tmp_path / "store.duckdb"
    ingest(tasks_sheet(tmp_path / "t3.xlsx", "31/3/2026", MARCH), db=db)
    ingest(tasks_sheet(tmp_path / "t4.xlsx", "30/4/2026", APRIL), db=db)
    return db


def test_every_report_of_an_unfinished_task_is_scored_for_date_quantity_and_output(reports_db):
    vague = run(reports_db, "vague_reports").set_index("lead_agency")
    # Sở Nội vụ: "Đang triển khai" twice, "Đang phối hợp", then a dated submission (date + output).
    # Sở Y tế: "Đang rà soát", then "1.250 người, 40%" (quantity); its done task does not count.
    # Sở Tài chính: "Dự kiến hoàn thành ngày 15/5/2026" twice (date). Sở Công Thương sent no report.
    assert sorted(vague.index) == ["Sở Nội vụ", "Sở Tài chính", "Sở Y tế"]
    got = {a: (r.reports, r.vague, r.with_date, r.with_quantity, r.with_output, r.pct_vague, r.is_mostly_vague)
           for a, r in vague.iterrows()}
    assert got == {
        "Sở Nội vụ": (4, 3, 1, 0, 1, 75.0, True),
        "Sở Y tế": (2, 1, 0, 1, 0, 50.0, True),  # half vague reaches the 0.5 of settings.toml
        "Sở Tài chính": (2, 0, 2, 0, 0, 0.0, False),
    }
    assert math.isclose(vague.loc["Sở Nội vụ", "avg_score"], 0.5)
    assert list(vague.index[:2]) == ["Sở Nội vụ", "Sở Y tế"]


def test_mostly_vague_threshold_comes_from_settings(reports_db):
    con = store.read_connection(reports_db)
    try:
        strict = marts.run_mart(con, "vague_reports", mostly_vague_share=0.8).set_index("lead_agency")
    finally:
        con.close()
    assert not strict["is_mostly_vague"].any()


def test_task_list_scores_the_current_report(reports_db):
    tasks = run(reports_db, "task_list").set_index("title")
    assert tasks.loc["Nội vụ 1", "report_score"] == 0 and tasks.loc["Nội vụ 1", "is_vague"]
    assert tasks.loc["Nội vụ 2", "report_score"] == 2 and not tasks.loc["Nội vụ 2", "is_vague"]
    assert tasks.loc["Y tế 1", "report_score"] == 1
    assert not tasks.loc["Thương mại 1", "is_vague"]  # no report at all is not a vague one
