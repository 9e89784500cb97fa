"""Tasks given to a group or to several agencies at once: counted on the scoreboard's own line
"Nhiều cơ quan" (the mart, the Nhiệm vụ page, the brief), never in a single agency's figures, and
listed when that line is opened."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import duckdb
import pandas as pd
import pytest

from dashboard import fmt
from dashboard.brief import content
from data_pipeline import marts, store
from data_pipeline.ingest import ingest
from store_fixtures import write_tasks
from test_pages import open_page

MANY = "Nhiều cơ quan"
# (title, lead as the sheet writes it, deadline, report) at 15/5/2026
TASKS = [
    ("Rà soát phân bổ vốn", "Sở Tài chính", "10/5/2026", "Đang thực hiện"),
    ("Tham mưu kế hoạch đầu tư công trung hạn", "Sở Tài chính", "30/6/2026", "Đang thực hiện"),
    ("Hoàn thiện hồ sơ xử lý nhà, đất dôi dư", "Các sở, ngành, địa phương", "12/5/2026", "Đang rà soát"),
    ("Thống nhất số liệu trong dự thảo", "Sở Tài chính; Thống kê tỉnh", "30/5/2026", "Đang phối hợp"),
    ("Lập danh sách người dân khám sức khỏe", "UBND các xã, phường", "10/5/2026", "Đã hoàn thành ngày 09/5/2026"),
    ("Báo cáo trước ngày 23 hằng tháng", "Các sở, ban, ngành, UBND các xã, phường", "Hằng tháng", "Đang thực hiện"),
    ("Tổ chức hoạt động văn hóa", "Sở Văn hóa, Thể thao và Du lịch", "30/6/2026", "Đang thực hiện"),
]
SHARED = [t[0] for t in TASKS if t[1] not in ("Sở Tài chính", "Sở Văn hóa, Thể thao và Du lịch")]


@pytest.fixture(scope="module")
def many_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("many")
    db = folder / "store.duckdb"
    ingest(write_tasks(folder / "nhiem_vu.xlsx", TASKS, as_of="15/5/2026"), db=db)
    return db


@pytest.fixture
def many_env(many_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(many_db))
    return many_db


def run(db, name: str, **params):
    con = duckdb.connect(str(store.snapshot_path(db)), read_only=True)
    try:
        return marts.run_mart(con, name, **params)
    finally:
        con.close()


def test_scoreboard_counts_tasks_of_many_agencies_on_their_own_line_below_the_agencies(many_db):
    board = run(many_db, "task_scoreboard")
    assert list(board["lead_agency"]) == ["Sở Tài chính", "Sở Văn hóa, Thể thao và Du lịch", MANY]
    lines = board.set_index("lead_agency")
    # Sở Tài chính's own two tasks only: not the one it shares with Thống kê tỉnh
    assert (lines.loc["Sở Tài chính", "assigned"], lines.loc["Sở Tài chính", "overdue"]) == (2, 1)
    shared = lines.loc[MANY]
    assert bool(shared["is_shared_line"]) and not lines.loc["Sở Tài chính", "is_shared_line"]
    assert (shared["assigned"], shared["overdue"], shared["done_on_time"], shared["in_progress"]) == (4, 1, 1, 2)
    assert shared["pct_on_time"] == 50.0
    assert board["assigned"].sum() == len(TASKS)


def test_opening_a_line_lists_its_tasks_and_counts_them(many_db):
    listed = run(many_db, "task_list", lead_agency=MANY)
    assert sorted(listed["title"]) == sorted(SHARED)
    assert "Sở Tài chính; Thống kê tỉnh" in set(listed["lead_agency"])  # each as the notice worded its lead
    assert run(many_db, "task_counts", lead_agency=MANY).iloc[0]["total"] == len(SHARED)
    assert run(many_db, "task_counts", lead_agency=MANY, only="overdue").iloc[0]["total"] == 1
    assert sorted(run(many_db, "task_list", lead_agency="Sở Tài chính")["title"]) == [
        "Rà soát phân bổ vốn", "Tham mưu kế hoạch đầu tư công trung hạn"]
    # a recurring task given to many is never overdue
    recurring = listed[listed["title"] == "Báo cáo trước ngày 23 hằng tháng"].iloc[0]
    assert (recurring["status"], bool(recurring["is_recurring"]), pd.isna(recurring["deadline"])) == (
        "in_progress", True, True)


def test_tasks_page_links_every_scoreboard_line_to_its_tasks(many_env):
    at = open_page("pages/nhiem_vu.py")
    board = at.dataframe[0].value
    links = dict(zip(board["lead_agency"], board["link"]))
    assert links[MANY] == f"?agency={quote(MANY)}"
    assert any("«Nhiều cơ quan»" in c.value for c in at.caption)

    at = open_page("pages/nhiem_vu.py", agency=MANY)
    assert [s.value for s in at.subheader] == [MANY]
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Được giao"], metrics["Quá hạn"]) == (fmt.number(4), fmt.number(1))
    table = at.dataframe[0].value
    assert sorted(table["title"]) == sorted(SHARED)
    assert all(link.startswith("?task=") for link in table["link"])
    assert table.set_index("title").loc["Báo cáo trước ngày 23 hằng tháng", "deadline"] == "Thường xuyên"
    assert any("không cộng vào số liệu của cơ quan nào" in c.value for c in at.caption)


def test_an_agency_line_opens_its_own_tasks_and_a_line_not_in_the_data_says_so(many_env):
    at = open_page("pages/nhiem_vu.py", agency="Sở Tài chính")
    assert sorted(at.dataframe[0].value["title"]) == ["Rà soát phân bổ vốn", "Tham mưu kế hoạch đầu tư công trung hạn"]
    assert not any("không cộng vào" in c.value for c in at.caption)
    at = open_page("pages/nhiem_vu.py", agency="Sở Không Có")
    assert any("Đường dẫn hỏi nhiệm vụ của «Sở Không Có», nhưng số liệu hiện hành không có" in w.value
               for w in at.warning)
    assert {m.label for m in at.metric} >= {"Tổng số nhiệm vụ", "Quá hạn"}  # the page itself, below the message


def test_brief_scoreboard_has_the_line_of_many_and_says_what_it_counts(many_db):
    con = duckdb.connect(str(store.snapshot_path(many_db)), read_only=True)
    try:
        brief = content.gather(con, with_map=False, made_at=dt.datetime(2026, 5, 15, 8))
    finally:
        con.close()
    section = next(s for s in brief.sections if s.key == "scoreboard")
    table = next(b for b in section.blocks if isinstance(b, content.Table))
    assert [row[0] for row in table.rows] == ["Sở Tài chính", "Sở Văn hóa, Thể thao và Du lịch", MANY]
    assert table.rows[-1][1] == fmt.number(4)
    assert any(isinstance(b, str) and b.startswith("«Nhiều cơ quan»: 4 nhiệm vụ giao chung") for b in section.blocks)


@pytest.mark.parametrize("which", ["many", "demo"])
def test_every_scoreboard_line_opens_exactly_the_tasks_it_counts(which, many_db, demo_db):
    db = many_db if which == "many" else demo_db
    board = run(db, "task_scoreboard")
    for line in board.itertuples():
        counts = run(db, "task_counts", lead_agency=line.lead_agency).iloc[0]
        assert (counts["total"], counts["overdue"]) == (line.assigned, line.overdue), line.lead_agency
