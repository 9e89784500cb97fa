"""The list marts' filters and pages, and the count marts beside them: each filtered or paged result
is the same rows, in the same order, as the whole list cut by hand, and each count is the same
figure worked out from the current views or from the whole list."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from data_pipeline import marts, meeting, store
from store_fixtures import COMMUNE_AREA, grown_demo_store


@pytest.fixture(scope="module")
def grown(demo_db, tmp_path_factory) -> Path:
    return grown_demo_store(demo_db, tmp_path_factory.mktemp("lists") / "grown.duckdb")


@pytest.fixture(scope="module")
def con(grown):
    connection = store.read_connection(grown)
    yield connection
    connection.close()


def run(con, name: str, **params) -> pd.DataFrame:
    return marts.run_mart(con, name, **params)


def rows(frame: pd.DataFrame) -> list[tuple]:
    """The rows as plain tuples, every missing value None (a column of NULLs only comes back untyped)."""
    return [tuple(None if pd.isna(v) else v for v in row) for row in frame.itertuples(index=False)]


def same(part: pd.DataFrame, whole: pd.DataFrame) -> None:
    """`part` is exactly the rows of `whole` it should be, in the same order."""
    assert len(part) > 0
    assert list(part.columns) == list(whole.columns)
    assert rows(part) == rows(whole)


def view(con, query: str, *params):
    return con.execute(query, list(params)).fetchone()


# --- alerts --------------------------------------------------------------------------------------

def test_alerts_filters_give_the_rows_of_the_whole_list(con):
    alerts = run(con, "alerts")
    assert len(alerts) > 100
    for domain in alerts["domain"].unique():
        same(run(con, "alerts", domain=domain), alerts[alerts["domain"] == domain])
    for severity in (1, 2):
        same(run(con, "alerts", severity=severity), alerts[alerts["severity"] == severity])
    commune = alerts["commune_code"].value_counts().index[0]
    same(run(con, "alerts", commune_code=commune), alerts[alerts["commune_code"] == commune])
    same(run(con, "alerts", domain="tasks", severity=1), alerts[(alerts["domain"] == "tasks") & (alerts["severity"] == 1)])
    assert run(con, "alerts", domain="không có").empty


def test_alerts_page_two_is_rows_51_to_100_and_pages_cover_the_list_once(con):
    alerts = run(con, "alerts")
    same(run(con, "alerts", limit=50, offset=50), alerts.iloc[50:100])
    pages = pd.concat([run(con, "alerts", limit=50, offset=o) for o in range(0, len(alerts), 50)])
    same(pages, alerts)
    tasks = alerts[alerts["domain"] == "tasks"]
    same(run(con, "alerts", domain="tasks", limit=5, offset=5), tasks.iloc[5:10])


def test_alert_counts_match_the_list_and_the_current_views(con):
    alerts = run(con, "alerts")
    counts = run(con, "alert_counts").set_index("domain")
    by_hand = alerts.groupby("domain")["severity"].agg(total="size", red=lambda s: (s == 1).sum(),
                                                       amber=lambda s: (s == 2).sum())
    assert counts[["total", "red", "amber"]].astype(int).to_dict() == by_hand.astype(int).to_dict()
    assert counts.loc["tasks", "red"] == view(con, "select count(*) from tasks where status = 'overdue'")[0]
    assert counts.loc["mining", "red"] == view(con, "select count(*) from mining where license_expiry < report_date")[0]
    low = run(con, "disbursement_projects", only="low")
    assert counts.loc["investment", "total"] == len(low) > 0
    assert counts.loc["investment", "red"] == low["is_key_project"].sum()


def test_alert_counts_of_one_commune(con):
    alerts = run(con, "alerts")
    commune = alerts["commune_code"].value_counts().index[0]
    counts = run(con, "alert_counts", commune_code=commune)
    mine = alerts[alerts["commune_code"] == commune]
    assert dict(zip(counts["domain"], counts["total"])) == mine.groupby("domain").size().to_dict()


# --- the meeting's red items ----------------------------------------------------------------------

def red_by_hand(con) -> pd.DataFrame:
    alerts, reports = run(con, "alerts"), run(con, "_item_reports")
    red = alerts[alerts["severity"] == meeting.RED]
    merged = red.merge(reports, on=["link_param", "link_value"], how="left", sort=False)
    merged["item_key"] = merged["link_param"] + ":" + merged["link_value"]
    return merged.reset_index(drop=True)


def test_red_items_are_the_red_warnings_with_their_latest_report(con):
    expected = red_by_hand(con)
    items = meeting.red_items(con)
    assert list(items["item_key"]) == list(expected["item_key"])
    assert list(items["title"]) == list(expected["title"])
    for column in ("report_text", "source_file", "plan_vnd", "coordinating_agencies"):
        assert rows(items[[column]]) == rows(expected[[column]]), column
    assert set(items["total"]) == {len(expected)}


def test_red_items_one_at_a_time(con):
    expected = red_by_hand(con)
    for number in (1, 4, len(expected)):
        item = meeting.red_items(con, limit=1, offset=number - 1)
        assert list(item["item_key"]) == [expected.iloc[number - 1]["item_key"]]
        assert item["total"].iloc[0] == len(expected)
    assert meeting.red_items(con, limit=1, offset=len(expected)).empty


# --- projects ------------------------------------------------------------------------------------

def test_project_filters_give_the_rows_of_the_whole_list(con):
    projects = run(con, "disbursement_projects")
    assert len(projects) > 100
    same(run(con, "disbursement_projects", only="low"), projects[projects["is_low"]])
    same(run(con, "disbursement_projects", only="key"), projects[projects["is_key_project"]])
    commune = projects["commune_code"].value_counts().index[0]
    same(run(con, "disbursement_projects", commune_code=commune), projects[projects["commune_code"] == commune])
    one = projects.iloc[[7]]
    same(run(con, "disbursement_projects", project_id=one["project_id"].iloc[0]), one)
    assert run(con, "disbursement_projects", project_id="không có").empty


def test_project_page_two_is_rows_51_to_100(con):
    projects = run(con, "disbursement_projects")
    same(run(con, "disbursement_projects", limit=50, offset=50), projects.iloc[50:100])
    low = projects[projects["is_low"]]
    same(run(con, "disbursement_projects", only="low", limit=10, offset=10), low.iloc[10:20])


def test_project_totals_match_the_current_view(con):
    totals = run(con, "project_totals").iloc[0]
    plan, disbursed, count, key = view(con, """select sum(plan_vnd), sum(disbursed_vnd), count(*),
                                                      count(*) filter (where is_key_project) from disbursement""")
    assert totals["plan_vnd"] == pytest.approx(plan) and totals["disbursed_vnd"] == pytest.approx(disbursed)
    assert (totals["projects"], totals["key"]) == (count, key)
    assert totals["low"] == run(con, "alert_counts").set_index("domain").loc["investment", "total"]
    commune = view(con, "select commune_code from disbursement group by 1 order by count(*) desc, 1 limit 1")[0]
    mine = run(con, "project_totals", commune_code=commune).iloc[0]
    assert (mine["projects"], mine["plan_vnd"]) == pytest.approx(view(
        con, "select count(*), sum(plan_vnd) from disbursement where commune_code = ?", commune))


# --- revenue -------------------------------------------------------------------------------------

def test_revenue_items_of_one_area(con):
    items = run(con, "revenue_items")
    assert set(items["area"]) == {"Toàn tỉnh", COMMUNE_AREA}
    for area in ("Toàn tỉnh", COMMUNE_AREA):
        same(run(con, "revenue_items", area=area), items[items["area"] == area])
    rows = view(con, "select count(*) from revenue where area = 'Toàn tỉnh' and period = (select max(period) from revenue)")[0]
    assert len(run(con, "revenue_items", area="Toàn tỉnh")) == rows
