"""The marts of growth, dossiers and petitions on the demo store, each figure checked against the
same figure worked out here in Python from the current views; the warnings they raise; history
and rollback of the new datasets."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from data_pipeline import marts, store
from data_pipeline.settings import setting
from data_pipeline.store import rollback

T = {k: float(setting(section, k)) for section, keys in {
    "growth": ("growth_behind_pct", "growth_far_behind_pct", "growth_behind_points", "growth_far_behind_points"),
    "dossiers": ("dossier_overdue_red", "dossier_on_time_min_pct"),
    "petitions": ("petition_warn_days", "petition_long_days")}.items() for k in keys}


@pytest.fixture(scope="module")
def con(demo_db):
    connection = store.read_connection(demo_db)
    yield connection
    connection.close()


def records(con, sql: str) -> list[dict]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def mart(con, name: str) -> list[dict]:
    return marts.run_mart(con, name).to_dict("records")


def growth_state(r: dict) -> str | None:
    gap = 100 * (r["actual_vnd"] - r["target_vnd"]) / abs(r["target_vnd"]) if r["target_vnd"] else None
    points = r["actual_growth_pct"] - r["target_growth_pct"] if r["target_growth_pct"] is not None else None
    if (gap is not None and gap < -T["growth_far_behind_pct"]) or (points is not None and points < -T["growth_far_behind_points"]):
        return "red"
    if (gap is not None and gap < -T["growth_behind_pct"]) or (points is not None and points < -T["growth_behind_points"]):
        return "amber"
    return "green" if gap is not None or points is not None else None


# ---------------------------------------------------------------- growth

def test_growth_view_keeps_the_monthly_path_of_every_sector(con):
    months = con.execute("select sector_code, count(distinct period) from growth group by 1").fetchall()
    assert months and all(n == 10 for _, n in months)


def test_growth_sectors_gap_and_state_match_a_computation_from_the_view(con):
    latest = records(con, "select * from growth where period = (select max(period) from growth)")
    parents = {r["parent_code"] for r in latest}
    by_code = {r["sector_code"]: r for r in mart(con, "growth_sectors")}
    assert set(by_code) == {r["sector_code"] for r in latest}
    for r in latest:
        m = by_code[r["sector_code"]]
        assert m["gap_pct"] == pytest.approx(100 * (r["actual_vnd"] - r["target_vnd"]) / r["target_vnd"], abs=0.05)
        assert m["state"] == growth_state(r), r["sector"]
        assert m["is_leaf"] == (r["sector_code"] not in parents and r["sector_code"] != "GRDP")
        assert m["shortfall_vnd"] == pytest.approx(max(r["target_vnd"] - r["actual_vnd"], 0))


def test_growth_agencies_count_the_sectors_behind_that_each_answers_for(con):
    leaves = [r for r in mart(con, "growth_sectors") if r["is_leaf"]]
    for a in mart(con, "growth_agencies"):
        own = [r for r in leaves if (r["responsible_agency"] or "Chưa giao cơ quan chủ trì") == a["agency"]]
        assert a["sectors"] == len(own)
        assert a["behind"] == sum(r["state"] in ("red", "amber") for r in own)
        assert a["behind_without_measure"] == sum(r["lacks_measure"] for r in own)


def test_demo_has_sectors_far_behind_and_one_behind_without_a_measure(con):
    rows = mart(con, "growth_sectors")
    assert sum(r["state"] == "red" and r["is_leaf"] for r in rows) >= 3
    assert any(r["lacks_measure"] for r in rows)
    grdp = next(r for r in rows if r["sector_code"] == "GRDP")
    assert grdp["target_growth_pct"] >= 10  # the scenario aims at 10% or more


# ---------------------------------------------------------------- dossiers

def test_dossier_units_on_time_share_and_state_match_the_view(con):
    view = {r["unit_key"]: r for r in records(con, "select * from dossiers")}
    units = mart(con, "dossier_units")
    assert len(units) == len(view)
    for u in units:
        r = view[u["unit_key"]]
        settled = r["settled_early"] + r["settled_on_time"] + r["settled_late"]
        on_time = 100 * (r["settled_early"] + r["settled_on_time"]) / settled if settled else None
        assert u["on_time_pct"] == pytest.approx(on_time, abs=0.05) if on_time is not None else u["on_time_pct"] != u["on_time_pct"]
        expected = ("red" if r["pending_overdue"] >= T["dossier_overdue_red"] else
                    "amber" if r["pending_overdue"] > 0 or (on_time is not None and on_time < T["dossier_on_time_min_pct"])
                    else "green")
        assert u["state"] == expected, u["unit_name"]


def test_demo_dossiers_cover_every_commune_and_carry_the_backlog_over(con):
    assert con.execute("select count(distinct commune_code) from dossiers").fetchone()[0] == 56
    # What one report leaves pending is what the next one carries over.
    pairs = con.execute("""
        select count(*), count(*) filter (where s.carried_over = p.pending_total)
        from stg_dossiers s join loads l on l.load_id = s.load_id
        join stg_dossiers p on p.unit_key = s.unit_key
        join loads pl on pl.load_id = p.load_id and pl.report_date = l.report_date - interval 1 month
        where l.dataset = 'dossiers'""").fetchone()
    assert pairs[0] > 0 and pairs[0] == pairs[1]


# ---------------------------------------------------------------- petitions

def test_petition_cases_days_pending_and_state_match_the_view(con):
    view = {r["petition_id"]: r for r in records(con, "select * from petitions where is_case")}
    for c in mart(con, "petition_cases"):
        r = view[c["petition_id"]]
        if r["status"] == "settled":
            assert c["state"] is None or c["state"] != c["state"]  # NULL: no warning for a settled case
            continue
        days = (r["report_date"] - r["received_on"]).days
        assert c["days_pending"] == days
        expected = ("red" if (r["due_on"] and r["due_on"] < r["report_date"]) or days > T["petition_long_days"]
                    else "amber" if days > T["petition_warn_days"] else "green")
        assert c["state"] == expected


def test_petition_units_add_up_to_the_view(con):
    total = con.execute("select sum(received_count), sum(settled_count), sum(pending_count) from petitions").fetchone()
    units = mart(con, "petition_units")
    assert (sum(u["received"] for u in units), sum(u["settled"] for u in units), sum(u["pending"] for u in units)) == total
    assert sum(u["pending_long"] for u in units) == sum(c["state"] == "red" for c in mart(con, "petition_cases"))


# ---------------------------------------------------------------- warnings, map, overview

def test_alerts_name_every_sector_unit_and_case_that_needs_attention(con):
    alerts = mart(con, "alerts")
    by_domain = {d: [a for a in alerts if a["domain"] == d] for d in ("growth", "dossiers", "petitions")}
    sectors = [r for r in mart(con, "growth_sectors")
               if (r["is_leaf"] or r["sector_code"] == "GRDP") and r["state"] in ("red", "amber")]
    assert sorted(a["link_value"] for a in by_domain["growth"]) == sorted(r["sector_code"] for r in sectors)
    backlog = con.execute("select list(unit_key order by unit_key) from dossiers where pending_overdue > 0").fetchone()[0]
    assert sorted(a["link_value"] for a in by_domain["dossiers"]) == backlog
    late = [c["petition_id"] for c in mart(con, "petition_cases") if c["state"] in ("red", "amber")]
    assert sorted(a["link_value"] for a in by_domain["petitions"]) == sorted(late)
    for a in by_domain["growth"] + by_domain["dossiers"] + by_domain["petitions"]:
        assert a["severity"] in (1, 2) and a["responsible"], a["title"]


def test_commune_metrics_count_dossiers_overdue_and_petitions_pending_long(con):
    by_commune = {r["commune_code"]: r for r in mart(con, "commune_metrics")}
    assert len(by_commune) == 56
    overdue = dict(con.execute("select commune_code, sum(pending_overdue) from dossiers "
                               "where commune_code is not null group by 1").fetchall())
    for code, row in by_commune.items():
        assert row["dossiers_overdue"] == overdue.get(code, 0)
    red = {}
    for c in mart(con, "petition_cases"):
        if c["state"] == "red" and c["commune_code"]:
            red[c["commune_code"]] = red.get(c["commune_code"], 0) + 1
    assert {k: v["petitions_pending_long"] for k, v in by_commune.items() if v["petitions_pending_long"]} == red


def test_overview_adds_the_grdp_gap_dossiers_overdue_and_petitions_pending_long(con):
    kpis = {r["metric"]: r for r in mart(con, "overview_kpis")}
    grdp = next(r for r in mart(con, "growth_sectors") if r["sector_code"] == "GRDP")
    assert kpis["growth_gap"]["value"] == pytest.approx(grdp["gap_pct"], abs=0.05)
    assert kpis["dossiers_overdue"]["value"] == con.execute("select sum(pending_overdue) from dossiers").fetchone()[0]
    assert kpis["petitions_pending_long"]["value"] == sum(c["state"] == "red" for c in mart(con, "petition_cases"))
    assert kpis["petitions_pending_long"]["as_of"].date() == dt.date(2026, 10, 31)


# ---------------------------------------------------------------- history

def test_rolling_back_the_latest_dossiers_report_shows_the_one_before(demo_db, tmp_path):
    db = tmp_path / "copy.duckdb"
    db.write_bytes(demo_db.read_bytes())
    reader = duckdb.connect(str(db), read_only=True)
    latest = reader.execute("select max(load_id) from loads where dataset = 'dossiers'").fetchone()[0]
    reader.close()
    rollback(db, latest, actor="kiểm thử")
    con = store.read_connection(db)
    try:
        assert con.execute("select distinct report_date from dossiers").fetchall() == [(dt.date(2026, 9, 14),)]
        assert con.execute("select count(*) from stg_dossiers where load_id = ?", [latest]).fetchone()[0] > 0
    finally:
        con.close()
