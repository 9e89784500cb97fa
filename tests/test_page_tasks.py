"""The Nhiệm vụ page on a store with more tasks than one page holds (the national generator at a
thousandth of its size): the counts it prints equal SQL on the `tasks` view, each list shows one
page of 50 in task_list's order, and «Trang sau» shows the next 50."""

from __future__ import annotations

import pytest

from bench.national_data import Size, build
from dashboard import fmt
from test_pages import open_page, sql
from test_task_marts import KINDS, ORDER

ALL_DOCS = "Tất cả văn bản"
OVERDUE_TAB = {"task_tab": "Quá hạn"}


@pytest.fixture(scope="module")
def small_national_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("national") / "small.duckdb"
    build(db, Size().scaled(0.001))
    return db


@pytest.fixture
def small_national(small_national_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(small_national_db))
    return small_national_db


def task_ids(db, where: str, params: tuple = ()) -> list[str]:
    import duckdb

    from data_pipeline import store

    con = duckdb.connect(str(store.snapshot_path(db)), read_only=True)
    try:
        return [r[0] for r in con.execute(f"select task_id from tasks where {where} {ORDER}", list(params)).fetchall()]
    finally:
        con.close()


def overdue_table(at):
    return next(d.value for d in at.dataframe if "days_overdue" in d.value.columns)


def shown_ids(table) -> list[str]:
    return [link.removeprefix("?task=") for link in table["link"]]


def test_counts_equal_sql_and_the_overdue_list_turns_pages(small_national):
    at = open_page("pages/nhiem_vu.py", state=OVERDUE_TAB)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Tổng số nhiệm vụ"] == fmt.number(sql(small_national, "select count(*) from tasks")[0])
    expected = {label: len(task_ids(small_national, KINDS[kind])) for label, kind in
                [("Quá hạn", "overdue"), ("Sắp đến hạn", "due_soon"), ("Báo cáo chung chung", "vague")]}
    assert {label: metrics[label] for label in expected} == {k: fmt.number(v) for k, v in expected.items()}

    overdue = task_ids(small_national, KINDS["overdue"])
    assert len(overdue) > 100
    assert shown_ids(overdue_table(at)) == overdue[:50]
    assert any(f"dòng 1–50 trên {fmt.number(len(overdue))}" in m.value for m in at.markdown)

    at.button(key=f"pager_overdue|{ALL_DOCS}_next").click().run()
    assert not at.exception
    assert shown_ids(overdue_table(at)) == overdue[50:100]
    assert any(f"dòng 51–100 trên {fmt.number(len(overdue))}" in m.value for m in at.markdown)


def test_choosing_a_document_counts_and_lists_its_tasks_only(small_national):
    doc, = sql(small_national, "select source_doc from tasks where status = 'overdue' "
                               "group by 1 order by count(*) desc, 1 limit 1")
    at = open_page("pages/nhiem_vu.py", state=OVERDUE_TAB)
    at.button(key=f"pager_overdue|{ALL_DOCS}_next").click().run()
    at.selectbox(key="doc").set_value(doc).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Tổng số nhiệm vụ"] == fmt.number(len(task_ids(small_national, "source_doc = ?", (doc,))))
    overdue = task_ids(small_national, f"source_doc = ? and {KINDS['overdue']}", (doc,))
    assert metrics["Quá hạn"] == fmt.number(len(overdue))
    assert shown_ids(overdue_table(at)) == overdue[:50]  # a new document starts at its first page


def test_the_first_view_shows_the_agencies_and_fetches_no_list(small_national):
    at = open_page("pages/nhiem_vu.py")
    assert [t.label for t in at.tabs][:2] == ["Theo cơ quan", "Quá hạn"]
    assert len(at.dataframe[0].value) == sql(small_national, "select count(distinct lead_agency) from tasks")[0]
    assert "as_of" in at.dataframe[0].value.columns  # each agency's figures with their own date
    assert not at.button  # no pager: the lists of the other tabs did not run


def test_a_task_beyond_the_first_page_opens_its_detail(small_national):
    task_id = task_ids(small_national, KINDS["overdue"])[75]
    title, = sql(small_national, f"select title from tasks where task_id = '{task_id}'")
    at = open_page("pages/nhiem_vu.py", task=task_id)
    assert [s.value for s in at.subheader] == [fmt.md(title)]


def test_a_commune_profile_lists_its_tasks_in_order_with_their_counts(demo_env):
    code, overdue = sql(demo_env, "select commune_code, count(*) filter (where status = 'overdue') from tasks "
                                  "where commune_code is not null group by 1 order by count(*) desc, 1 limit 1")
    at = open_page("pages/ban_do_xa.py", commune=code)
    expected = task_ids(demo_env, "commune_code = ?", (code,))
    assert len(expected) > 1
    table = next(d.value for d in at.dataframe if "state" in d.value.columns)
    assert [link.removeprefix("nhiem_vu?task=") for link in table["link"]] == expected
    assert any(f"Tất cả {fmt.number(len(expected))} nhiệm vụ" in m.value for m in at.markdown)
    if overdue:
        assert any(f"{fmt.number(overdue)} nhiệm vụ quá hạn" in m.value for m in at.markdown)
