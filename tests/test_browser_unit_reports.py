"""One agency's own report uploaded through the update page in a real browser, in an English and a
Vietnamese browser: before anything is written the page says whose report it is and what stays as
it was; after loading, the board of who has reported counts the agency as late and the other four
as not yet reported."""

from __future__ import annotations

import datetime as dt

import pytest

from browser import chromium, dashboard_server, has_horizontal_scroll, screenshot
from browser import wait_for_app as settle
from data_pipeline.ingest import ingest
from store_fixtures import write_tasks
from test_unit_reports import STC, compilation_tasks, current, own_report, tasks_by_agency

pytestmark = pytest.mark.browser

LANDSCAPE = {"width": 1024, "height": 768}


def loads(db) -> list:
    return [unit for (unit,) in current(db, "select reporting_unit from loads order by load_id")]


def selectbox(page, label: str) -> str:
    """The chosen option of a select box, as shown."""
    return page.get_by_role("combobox", name=label).input_value()


def report_month(today: dt.date) -> tuple[dt.date, dt.date]:
    """The compilation's date (end of the month before last) and the agency's report date (the 20th of
    last month): last month's due day has passed whatever day the tests run, so the board's states
    do not depend on the clock."""
    first_of_this = today.replace(day=1)
    last_month_end = first_of_this - dt.timedelta(days=1)
    compiled = last_month_end.replace(day=1) - dt.timedelta(days=1)
    return compiled, last_month_end.replace(day=20)


@pytest.mark.parametrize("locale", ["en-US", "vi-VN"])
def test_an_agencys_report_says_what_it_updates_and_the_board_counts_who_is_missing(tmp_path, db, locale):
    compiled, reported = report_month(dt.date.today())
    province = compilation_tasks()
    ingest(write_tasks(tmp_path / "tong_hop.xlsx", province, as_of=f"{compiled:%d/%m/%Y}"), db=db)
    own = write_tasks(tmp_path / "so_tai_chinh.xlsx", own_report(STC, province, "Đang thực hiện, đạt 60% khối lượng"),
                      as_of=f"{reported:%d/%m/%Y}")

    with dashboard_server(db, DASHBOARD_TEST_ACCOUNT="admin") as url, chromium() as browser:
        context = browser.new_context(locale=locale, viewport=LANDSCAPE)
        page = context.new_page()
        page.goto(f"{url}/cap_nhat_du_lieu")
        settle(page)
        page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(str(own))
        sentence = page.get_by_text("Biểu của Sở Tài chính: cập nhật 4 nhiệm vụ của Sở Tài chính; "
                                    "16 nhiệm vụ của 4 cơ quan khác giữ nguyên.")
        sentence.wait_for(timeout=30000)
        settle(page)
        assert "báo cáo riêng của Sở Tài chính" in selectbox(page, "Phạm vi của biểu")
        assert loads(db) == [None], "the preview wrote nothing"
        screenshot(page, f"unit-report-preview-{locale}")

        page.get_by_role("button", name="Xác nhận nạp", exact=False).click()
        page.get_by_text("Đã nạp tệp «so_tai_chinh.xlsx»").wait_for(timeout=30000)
        settle(page)
        assert loads(db) == [None, STC]
        assert tasks_by_agency(db)[STC] == (4, "in_progress")
        assert sum(n for n, _ in tasks_by_agency(db).values()) == 20, "the other agencies' tasks stay"

        page.get_by_role("heading", name="Tình hình gửi báo cáo").wait_for(timeout=20000)
        board = page.locator('[data-testid="stMetric"]').all_inner_texts()
        counts = {m.split("\n")[0]: m.split("\n")[-1] for m in board}
        assert {k: counts.get(k) for k in ("Đã gửi đúng hạn", "Gửi muộn", "Chưa gửi")} == \
            {"Đã gửi đúng hạn": "0", "Gửi muộn": "1", "Chưa gửi": "4"}, counts
        assert f"Tháng {reported:%m/%Y}" in selectbox(page, "Tháng báo cáo")
        assert page.get_by_text(f"Hạn gửi báo cáo tháng {reported:%m/%Y}: 23/{reported:%m/%Y}").count() == 1
        assert not has_horizontal_scroll(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        screenshot(page, f"unit-report-board-{locale}")
        context.close()
