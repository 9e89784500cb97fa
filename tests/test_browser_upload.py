"""An upload through the update page in a real browser: the file goes through the page's file
input, the preview shows what it would change, confirming loads it, and the new load is in the
history. Debian's headless chromium, never a downloaded browser; screenshots in tests/artifacts/."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from browser import ARTIFACTS, chromium, dashboard_server
from browser import wait_for_app as settle
from data_pipeline import store
from test_preview import V1, V2, disbursement_file

pytestmark = pytest.mark.browser

LANDSCAPE = {"width": 1024, "height": 768}
PORTRAIT = {"width": 820, "height": 1180}


@pytest.fixture
def server(db):
    """`streamlit run dashboard/app.py` on a free localhost port, serving this test's store."""
    with dashboard_server(db, DASHBOARD_TEST_ACCOUNT="admin") as url:
        yield url


@pytest.fixture
def browser():
    """Debian's headless chromium (/usr/bin/chromium); skipped, saying why, when it is not installed."""
    with chromium() as b:
        yield b


def no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def shot(page, name: str) -> None:
    """The whole page: Streamlit scrolls inside its main block, so the viewport grows for the picture."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], height)})
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.set_viewport_size(size)


def loads(db: Path) -> list[tuple]:
    con = duckdb.connect(str(store.snapshot_path(db)), read_only=True)
    try:
        return con.execute("select load_id, dataset, file_name, status from loads order by load_id").fetchall()
    finally:
        con.close()


def open_update_page(browser, server: str, viewport: dict):
    """The update page, reached the way a person does: the home page first, then its link."""
    page = browser.new_page(viewport=viewport)
    page.goto(server)
    settle(page)
    page.goto(f"{server}/cap_nhat_du_lieu")
    settle(page)
    return page


def test_upload_preview_confirm_and_history(server, browser, db, tmp_path):
    april = disbursement_file(tmp_path / "giai_ngan_T4.xlsx", "30/4/2026", V1)
    page = open_update_page(browser, server, LANDSCAPE)
    page.get_by_role("heading", name="Cập nhật dữ liệu").first.wait_for(timeout=20000)
    page.get_by_text("Chưa có lần nạp nào").wait_for(timeout=20000)
    assert no_sideways_scroll(page), "the empty update page scrolls sideways at 1024×768"
    shot(page, "upload-empty-landscape")

    page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(str(april))
    page.get_by_text("So với số liệu hiện hành").wait_for(timeout=30000)
    settle(page)
    assert page.get_by_text("Giải ngân vốn đầu tư công", exact=False).first.is_visible()
    assert page.locator('[data-testid="stMetric"]').filter(has_text="Thêm mới").first.inner_text().split()[-1] == "3"
    assert page.locator('[data-testid="stException"]').count() == 0
    assert not db.exists() and not store.snapshot_path(db).exists(), "a preview writes nothing"
    assert no_sideways_scroll(page), "the preview scrolls sideways at 1024×768"
    shot(page, "upload-preview-landscape")

    page.get_by_role("button", name="Xác nhận nạp «Giải ngân vốn đầu tư công»").click()
    page.get_by_text("Đã nạp tệp «giai_ngan_T4.xlsx»").wait_for(timeout=30000)
    settle(page)
    assert loads(db) == [(1, "disbursement", "giai_ngan_T4.xlsx", "active")]
    assert page.get_by_text("Mã lần nạp (load_id): 1").first.is_visible()
    assert page.get_by_role("combobox", name="Lần nạp cần hoàn tác").input_value() == \
        "Lần nạp 1 · Giải ngân vốn đầu tư công · đến ngày 30/04/2026 · giai_ngan_T4.xlsx"
    assert no_sideways_scroll(page), "the update page after loading scrolls sideways at 1024×768"
    shot(page, "upload-loaded-landscape")

    # A second month at portrait size, added beside the first: its preview counts against the load just made.
    may = disbursement_file(tmp_path / "giai_ngan_T5.xlsx", "31/5/2026", V2)
    page.set_viewport_size(PORTRAIT)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(str(may))
    page.get_by_text("Tệp «giai_ngan_T5.xlsx»").wait_for(timeout=30000)
    page.get_by_text("(đến ngày 30/04/2026)", exact=False).first.wait_for(timeout=30000)
    settle(page)
    metrics = {m.split("\n")[0]: m.split("\n")[-1] for m in page.locator('[data-testid="stMetric"]').all_inner_texts()}
    changes = {name: metrics.get(name) for name in ("Thêm mới", "Bỏ đi", "Thay đổi", "Giữ nguyên")}
    assert changes == {"Thêm mới": "1", "Bỏ đi": "1", "Thay đổi": "1", "Giữ nguyên": "1"}
    assert no_sideways_scroll(page), "the preview scrolls sideways at 820×1180"
    shot(page, "upload-preview-portrait")
    page.close()


def test_a_rejected_file_shows_its_errors_and_loads_nothing(server, browser, db, tmp_path):
    bad = disbursement_file(tmp_path / "sai.xlsx", "30/4/2026", [("DA1", "Đường A", "12a", 10)])
    page = open_update_page(browser, server, LANDSCAPE)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(str(bad))
    page.get_by_text("Tệp không được nhận: 1 lỗi").wait_for(timeout=30000)
    settle(page)
    assert page.get_by_role("button", name="Xác nhận nạp", exact=False).count() == 0
    assert not db.exists()
    assert no_sideways_scroll(page)
    shot(page, "upload-rejected-landscape")
    page.close()
