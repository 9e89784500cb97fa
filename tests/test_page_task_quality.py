"""The Nhiệm vụ page's two panels on the demo store: coordinating agencies ranked (and re-sorted
on a tap), and the agencies whose progress reports are mostly vague."""

from __future__ import annotations

import duckdb

from data_pipeline import store
from test_pages import open_page

# Only the open tab of the page runs: each test opens the tab it reads.
COORDINATION_TAB = "Cơ quan phối hợp chậm"
VAGUE_TAB = "Báo cáo chung chung"


def rows(db, query: str) -> list[tuple]:
    con = duckdb.connect(str(store.snapshot_path(db)), read_only=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def frame_with(at, column: str):
    """The first table on the page with that column."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_coordinator_ranking_lists_every_named_coordinator_worst_first(demo_env):
    at = open_page("pages/nhiem_vu.py", state={"task_tab": COORDINATION_TAB})
    ranking = frame_with(at, "rank")
    assert list(ranking["rank"]) == sorted(ranking["rank"])
    assert ranking.iloc[0]["late"] == ranking["late"].max()
    # Sở Xây dựng coordinates on the demo's tasks: its count equals the tasks whose cell names it.
    named = rows(demo_env, "select count(*) from tasks where coordinating_agencies like '%Sở Xây dựng%'")[0][0]
    row = ranking[ranking["agency"] == "Sở Xây dựng"].iloc[0]
    assert row["tasks_coordinating"] == named
    assert not ranking["agency"].str.contains("liên quan|các sở", case=False).any()


def test_coordinator_ranking_resorts_by_share_late(demo_env):
    at = open_page("pages/nhiem_vu.py", state={"task_tab": COORDINATION_TAB})
    at.segmented_control(key="coord_sort").set_value("Tỷ lệ chậm").run()
    ranking = frame_with(at, "rank")
    shares = [float(p.rstrip("%").replace(".", "").replace(",", ".")) for p in ranking["pct_late"] if p != "—"]
    assert shares == sorted(shares, reverse=True) and shares[0] == 100.0
    assert ranking.iloc[0]["pct_late"] == "100,0%"  # Vietnamese decimal comma
    assert list(ranking["rank"]) != sorted(ranking["rank"])


def test_mostly_vague_agencies_are_named_with_their_share(demo_env):
    at = open_page("pages/nhiem_vu.py", state={"task_tab": VAGUE_TAB})
    warning = next(w.value for w in at.warning if "chủ yếu chung chung" in w.value)
    for agency in ("Sở Nội vụ", "Sở Công Thương", "Ban Quản lý Khu kinh tế tỉnh"):
        assert agency in warning
    assert "Sở Tài chính" not in warning
    table = frame_with(at, "pct_vague_text")
    assert table.iloc[0]["lead_agency"] == "Sở Nội vụ" and table.iloc[0]["pct_vague_text"] == "100,0%"
