"""Pages that show long lists a page at a time (AppTest): the counts they print equal SQL, the first
page is the head of the whole list, and «Trang sau ›» shows the next rows of the same list."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import fmt
from data_pipeline import marts, store
from test_pages import open_page
from store_fixtures import COMMUNE_AREA, grown_demo_store

@pytest.fixture(scope="module")
def grown_db(demo_db, tmp_path_factory) -> Path:
    return grown_demo_store(demo_db, tmp_path_factory.mktemp("page_lists") / "grown.duckdb")


@pytest.fixture
def grown_env(grown_db, monkeypatch) -> Path:
    monkeypatch.setenv("DASHBOARD_DB", str(grown_db))
    return grown_db


def mart(db: Path, name: str, **params):
    con = store.read_connection(db)
    try:
        return marts.run_mart(con, name, **params)
    finally:
        con.close()


def sql(db: Path, query: str, *params):
    con = store.read_connection(db)
    try:
        return con.execute(query, list(params)).fetchone()
    finally:
        con.close()


def next_page(at: AppTest, key: str) -> AppTest:
    at.button(key=f"pager_{key}_next").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


# --- Tổng quan -----------------------------------------------------------------------------------

def shown_alerts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if 'class="alert"' in m.value]


def test_overview_counts_its_warnings_and_pages_through_them(demo_env):
    alerts = mart(demo_env, "alerts")
    red = int((alerts["severity"] == 1).sum())
    at = open_page("pages/tong_quan.py")
    captions = [c.value for c in at.caption]
    assert any(c.startswith(f"{fmt.number(len(alerts))} cảnh báo ({fmt.number(red)} đỏ, "
                            f"{fmt.number(len(alerts) - red)} vàng)") for c in captions), captions
    assert len(alerts) > 40
    shown = shown_alerts(at)
    assert len(shown) == 40
    assert all(title in html for title, html in zip(alerts["title"], shown))
    next_page(at, "alerts_all")
    shown = shown_alerts(at)
    assert len(shown) == min(len(alerts), 80) - 40
    assert all(title in html for title, html in zip(alerts["title"].iloc[40:], shown))


def test_overview_domain_pill_counts_and_lists_that_domain(demo_env):
    tasks = sql(demo_env, """select count(*), count(*) filter (where status = 'overdue') from tasks""")
    counts = mart(demo_env, "alert_counts").set_index("domain")
    assert counts.loc["tasks", "red"] == tasks[1]
    at = open_page("pages/tong_quan.py")
    at.get("button_group")[0].set_value("Nhiệm vụ").run()
    total = int(counts.loc["tasks", "total"])
    assert any(c.value.startswith(f"{fmt.number(total)} cảnh báo ({fmt.number(tasks[1])} đỏ") for c in at.caption)
    shown = shown_alerts(at)
    assert len(shown) == min(total, 40) and all("<b>Nhiệm vụ</b>" in a for a in shown)


# --- Đầu tư công ---------------------------------------------------------------------------------

def test_investment_totals_come_from_the_whole_store(grown_env):
    at = open_page("pages/dau_tu_cong.py")
    metrics = {m.label: m.value for m in at.metric}
    plan, disbursed, count = sql(grown_env, "select sum(plan_vnd), sum(disbursed_vnd), count(*) from disbursement")
    low = mart(grown_env, "disbursement_projects")["is_low"].sum()
    assert count > 100
    assert metrics["Kế hoạch vốn"] == fmt.money(plan)
    assert metrics["Đã giải ngân"] == fmt.money(disbursed)
    assert metrics["Dự án giải ngân thấp"] == fmt.number(low)


def project_list(at):
    """The last list of projects on the page (the «Tất cả dự án» tab), each row a link."""
    return next(d.value for d in reversed(at.dataframe) if "link" in d.value.columns)


def test_investment_all_projects_page_two_is_rows_51_to_100(grown_env):
    projects = mart(grown_env, "disbursement_projects")
    at = open_page("pages/dau_tu_cong.py")
    listed = project_list(at)  # the «Tất cả dự án» tab
    assert list(listed["link"]) == ["?project=" + p for p in projects["project_id"].iloc[:50]]
    assert any(f"dòng 1–50 trên {fmt.number(len(projects))}" in m.value for m in at.markdown)
    next_page(at, "projects_all")
    listed = project_list(at)
    assert list(listed["link"]) == ["?project=" + p for p in projects["project_id"].iloc[50:100]]


def test_investment_key_projects_are_paged_from_sql(grown_env):
    key = mart(grown_env, "disbursement_projects", only="key")
    assert len(key) > 20
    at = open_page("pages/dau_tu_cong.py")

    def cards():
        return [m.value for m in at.markdown if 'class="alert"' in m.value]

    assert len(cards()) == 20 and all(f"<b>{n}</b>" in c for n, c in zip(key["project_name"], cards()))
    next_page(at, "projects_key")
    assert all(f"<b>{n}</b>" in c for n, c in zip(key["project_name"].iloc[20:40], cards()))


def test_investment_detail_of_a_project_on_a_later_page(grown_env):
    projects = mart(grown_env, "disbursement_projects")
    chosen = projects.iloc[110]
    at = open_page("pages/dau_tu_cong.py", project=chosen["project_id"])
    assert [s.value for s in at.subheader] == [fmt.md(chosen["project_name"])]


# --- Thu ngân sách -------------------------------------------------------------------------------

def test_revenue_page_shows_the_province_tree_only(grown_env):
    assert sql(grown_env, "select count(*) from revenue where area = ?", COMMUNE_AREA)[0] > 0
    province = mart(grown_env, "revenue_items", area="Toàn tỉnh")
    at = open_page("pages/thu_ngan_sach.py")
    table = at.dataframe[0].value
    assert list(table["item_code"]) == list(province["item_code"])
    top = province[province["parent_item_code"].isna()].iloc[0]
    assert any(fmt.money(top["ytd_actual_vnd"]) in m.value for m in at.markdown)
