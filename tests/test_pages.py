"""Every page renders on the demo store, and its headline figures equal the same figures computed by SQL."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import fmt
from data_pipeline import store

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
PAGES = ["pages/tong_quan.py", "pages/nhiem_vu.py", "pages/dau_tu_cong.py", "pages/khoang_san.py",
         "pages/thu_ngan_sach.py", "pages/cua_khau.py", "pages/trinh_chieu.py"]


def open_page(page: str, state: dict | None = None, **query) -> AppTest:
    """The page run through app.py, with `query` in its link and `state` (e.g. the open tab) set first."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    for key, value in (state or {}).items():
        at.session_state[key] = value
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def sql(db, query: str):
    con = duckdb.connect(str(store.snapshot_path(db)), read_only=True)
    try:
        return con.execute(query).fetchone()
    finally:
        con.close()


def page_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.caption] + [m.value for m in at.info]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_demo_store(demo_env, page):
    at = open_page(page)
    assert at.title, f"{page} has no title"


def test_overview_overdue_count_matches_sql(demo_env):
    at = open_page("pages/tong_quan.py")
    overdue = sql(demo_env, "select count(*) from tasks where status = 'overdue'")[0]
    assert f"Nhiệm vụ quá hạn</div><div class=\"value\">{fmt.number(overdue)}</div>" in page_text(at)


def test_tasks_page_metrics_match_sql(demo_env):
    at = open_page("pages/nhiem_vu.py")
    metrics = {m.label: m.value for m in at.metric}
    total, overdue = sql(demo_env, "select count(*), count(*) filter (where status = 'overdue') from tasks")
    assert metrics["Tổng số nhiệm vụ"] == fmt.number(total)
    assert metrics["Quá hạn"] == fmt.number(overdue)
    due_soon, vague = sql(demo_env, """
        select count(*) filter (where status in ('in_progress', 'not_started')
                                  and deadline between report_date and report_date + 7),
               count(*) filter (where status not in ('done_on_time', 'done_late') and is_vague_report(progress_note))
        from tasks""")
    assert due_soon > 0 and vague > 0
    assert metrics["Sắp đến hạn"] == fmt.number(due_soon)
    assert metrics["Báo cáo chung chung"] == fmt.number(vague)


def test_tasks_scoreboard_rows_match_sql(demo_env):
    at = open_page("pages/nhiem_vu.py")
    board = at.dataframe[0].value
    agencies = sql(demo_env, "select count(distinct coalesce(lead_agency, '')) from tasks")[0]
    assert len(board) == agencies
    assert board["assigned"].sum() == sql(demo_env, "select count(*) from tasks")[0]


def test_task_link_opens_its_detail(demo_env):
    task_id, title = sql(demo_env, "select task_id, title from tasks where status = 'overdue' order by task_id limit 1")
    at = open_page("pages/nhiem_vu.py", task=task_id)
    assert any(s.value == fmt.md(title) for s in at.subheader)  # shown literally: its dashes and dots escaped


def test_investment_totals_match_sql(demo_env):
    at = open_page("pages/dau_tu_cong.py")
    metrics = {m.label: m.value for m in at.metric}
    plan, disbursed = sql(demo_env, "select sum(plan_vnd), sum(disbursed_vnd) from disbursement")
    assert metrics["Kế hoạch vốn"] == fmt.money(plan)
    assert metrics["Đã giải ngân"] == fmt.money(disbursed)


def test_project_link_opens_its_detail(demo_env):
    project_id, name = sql(demo_env, "select project_id, project_name from disbursement order by project_id limit 1")
    at = open_page("pages/dau_tu_cong.py", project=project_id)
    assert any(s.value == fmt.md(name) for s in at.subheader)


def test_mining_counts_match_sql(demo_env):
    at = open_page("pages/khoang_san.py")
    metrics = {m.label: m.value for m in at.metric}
    mines, missing = sql(demo_env, "select count(*), count(*) filter (where actual_output is null) from mining")
    assert metrics["Số mỏ"] == fmt.number(mines)
    assert metrics["Chưa báo cáo"] == fmt.number(missing)


def test_revenue_headline_matches_sql(demo_env):
    at = open_page("pages/thu_ngan_sach.py")
    ytd = sql(demo_env, """select ytd_actual_vnd from revenue
                           where period = (select max(period) from revenue) and parent_item_code is null
                             and area = 'Toàn tỉnh' order by item_code limit 1""")[0]
    assert fmt.money(ytd) in page_text(at)


def test_trade_totals_match_sql(demo_env):
    at = open_page("pages/cua_khau.py")
    metrics = {m.label: m.value for m in at.metric}
    exports = sql(demo_env, """select sum(value_usd) from trade where direction = 'export'
                               and year(period) = (select max(year(period)) from trade)""")[0]
    assert metrics["Xuất khẩu (lũy kế)"] == fmt.usd(exports)


def test_pages_say_what_is_missing_on_an_empty_store(db):
    db.parent.mkdir(parents=True, exist_ok=True)
    for page in PAGES[1:]:
        at = open_page(page)
        assert any("Chưa có" in i.value for i in at.info), page
