"""The Tăng trưởng and Hành chính pages on the demo store: their headline figures equal the same
figures computed by SQL, shared links open a sector, a unit, a case; the overview and the map show
the new warnings; an empty store says what is missing."""

from __future__ import annotations

import duckdb
from streamlit.testing.v1 import AppTest

from dashboard import fmt
from data_pipeline import marts, store
from test_pages import open_page


def sql(db, query: str, *params):
    con = duckdb.connect(str(store.snapshot_path(db)), read_only=True)
    try:
        return con.execute(query, list(params)).fetchone()
    finally:
        con.close()


def mart(db, name: str):
    con = store.read_connection(db)
    try:
        return marts.run_mart(con, name)
    finally:
        con.close()


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.caption] + [m.value for m in at.warning]
    return "\n".join(str(p) for p in parts)


def test_growth_page_headline_matches_sql(demo_env):
    at = open_page("pages/tang_truong.py")
    metrics = {m.label: m.value for m in at.metric}
    sectors = mart(demo_env, "growth_sectors")
    leaves = sectors[sectors["is_leaf"]]
    assert metrics["Ngành chậm so kịch bản"] == f"{int(leaves['is_behind'].sum())}/{len(leaves)}"
    target, actual = sql(demo_env, "select target_vnd, actual_vnd from growth "
                                   "where sector_code = 'GRDP' and period = (select max(period) from growth)")
    assert metrics["GRDP so kịch bản"] == fmt.signed(round(100 * (actual - target) / target, 1), suffix="%")
    assert metrics["Chậm mà chưa có giải pháp"] == fmt.number(int(leaves["lacks_measure"].sum()))


def test_growth_page_lists_sectors_behind_with_the_agency_that_answers(demo_env):
    at = open_page("pages/tang_truong.py")
    table = at.dataframe[0].value
    sectors = mart(demo_env, "growth_sectors")
    behind = sectors[sectors["is_leaf"] & sectors["is_behind"]]
    assert sorted(table["sector"]) == sorted(behind["sector"])
    mining = table[table["sector"] == "Khai khoáng"].iloc[0]
    assert mining["agency"] == "Sở Nông nghiệp và Môi trường"
    assert "nâng công suất" in mining["measure"]


def test_sector_link_opens_its_path_cause_and_measure(demo_env):
    code = sql(demo_env, "select sector_code from growth where sector = 'Xây dựng' limit 1")[0]
    at = open_page("pages/tang_truong.py", sector=code)
    assert [s.value for s in at.subheader] == ["Xây dựng"]
    assert "Sở Xây dựng" in texts(at) and "Đẩy nhanh giải ngân" in texts(at)


def test_a_sector_behind_without_a_measure_is_called_out(demo_env):
    sectors = mart(demo_env, "growth_sectors")
    code = sectors[sectors["lacks_measure"]].iloc[0]["sector_code"]
    at = open_page("pages/tang_truong.py", sector=code)
    assert any("chưa nêu giải pháp" in w.value for w in at.warning)


def test_admin_page_headlines_match_sql(demo_env):
    at = open_page("pages/hanh_chinh.py")
    metrics = {m.label: m.value for m in at.metric}
    overdue, received = sql(demo_env, "select sum(pending_overdue), sum(received_total) from dossiers")
    assert metrics["Đang giải quyết quá hạn"] == fmt.number(overdue)
    assert metrics["Hồ sơ nhận giải quyết"] == fmt.number(received)
    units = sql(demo_env, "select count(*) from dossiers where pending_overdue > 0")[0]
    assert metrics["Đơn vị có hồ sơ tồn quá hạn"] == fmt.number(units)
    total, pending = sql(demo_env, "select sum(received_count), sum(pending_count) from petitions")
    assert metrics["Tổng số đơn"] == fmt.number(total) and metrics["Đang giải quyết"] == fmt.number(pending)
    cases = mart(demo_env, "petition_cases")
    assert metrics["Tồn lâu, quá hạn"] == fmt.number(int((cases["state"] == "red").sum()))


def test_pending_cases_are_listed_longest_pending_first(demo_env):
    at = open_page("pages/hanh_chinh.py")
    table = next(d.value for d in at.dataframe if "days_pending" in d.value.columns)
    days = list(table["days_pending"])
    assert days == sorted(days, reverse=True)
    assert len(table) == sql(demo_env, "select count(*) from petitions where status = 'pending'")[0]


def test_links_open_a_unit_a_case_and_an_agency(demo_env):
    key, name, overdue = sql(demo_env, "select unit_key, unit_name, pending_overdue from dossiers "
                                       "order by pending_overdue desc limit 1")
    at = open_page("pages/hanh_chinh.py", unit=key)
    assert [s.value for s in at.subheader] == [name]
    assert {m.label: m.value for m in at.metric}["Đang giải quyết quá hạn"] == fmt.number(overdue)
    pid, content = sql(demo_env, "select petition_id, content from petitions where status = 'pending' "
                                 "order by received_on limit 1")
    at = open_page("pages/hanh_chinh.py", petition=pid)
    assert [s.value for s in at.subheader] == [content]
    at = open_page("pages/hanh_chinh.py", agency="Thanh tra tỉnh")
    received = sql(demo_env, "select sum(received_count) from petitions where agency = 'Thanh tra tỉnh'")[0]
    assert {m.label: m.value for m in at.metric}["Tổng số đơn"] == fmt.number(received)


def test_overview_shows_the_new_kpis_and_filters_their_warnings(demo_env):
    at = open_page("pages/tong_quan.py")
    page = texts(at)
    for label in ("GRDP so kịch bản tăng trưởng", "Hồ sơ TTHC quá hạn", "Đơn thư tồn lâu, quá hạn"):
        assert label in page
    pills = at.get("button_group")[0]
    assert {"Tăng trưởng", "Thủ tục hành chính", "Đơn thư"} <= {o.content for o in pills.proto.options}
    pills.set_value("Đơn thư").run()
    alerts = [m.value for m in at.markdown if 'class="alert"' in m.value]
    assert alerts and all("<b>Đơn thư</b>" in a for a in alerts)


def test_map_profile_of_a_commune_lists_its_dossier_warnings(demo_env):
    code = sql(demo_env, "select commune_code from dossiers where pending_overdue > 0 and commune_code is not null "
                         "order by pending_overdue desc limit 1")[0]
    at = open_page("pages/ban_do_xa.py", commune=code)
    metrics = {m.label: m.value for m in at.metric}
    overdue = sql(demo_env, "select sum(pending_overdue) from dossiers where commune_code = ?", code)[0]
    assert metrics["Hồ sơ TTHC quá hạn"] == fmt.number(overdue)
    assert "hồ sơ thủ tục hành chính quá hạn" in texts(at)


def test_new_pages_say_what_is_missing_on_an_empty_store(db):
    db.parent.mkdir(parents=True, exist_ok=True)
    for page in ("pages/tang_truong.py", "pages/hanh_chinh.py"):
        at = open_page(page)
        assert any("Chưa có dữ liệu" in i.value for i in at.info), page
