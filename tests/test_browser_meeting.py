"""In the meeting room, in a real browser: the presentation flow and its follow-up marks, the brief
downloaded with one tap from a page's chrome (its conclusions hold what was marked), and the offline
copy opened with the network switched off."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from browser import TABLETS, chromium, dashboard_server, has_horizontal_scroll, screenshot, wait_for_app

from data_pipeline import store
from data_pipeline.problems import Rejected

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _fonts():
    from dashboard.brief import fonts
    try:
        fonts.font_file()
    except Rejected:
        pytest.skip("the DejaVu fonts are not installed (apt-get install fonts-dejavu-core)")


@pytest.fixture(scope="module")
def meeting_db(demo_db, tmp_path_factory):
    copy = tmp_path_factory.mktemp("meeting") / "meeting.duckdb"
    shutil.copyfile(demo_db, copy)
    shutil.copyfile(store.snapshot_path(demo_db), store.snapshot_path(copy))
    return copy


@pytest.fixture(scope="module")
def server(meeting_db):
    with dashboard_server(meeting_db) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def download(page, label: str, target):
    if not page.get_by_role("button", name=label).is_visible():  # the popover stays open after a download
        page.get_by_role("button", name="Báo cáo nhanh").first.click()
    page.get_by_role("button", name=label).wait_for(timeout=10000)
    with page.expect_download(timeout=120000) as info:
        page.get_by_role("button", name=label).click()
    info.value.save_as(target)
    return target


def test_top_bar_shows_every_page_on_a_portrait_tablet(server, browser):
    page = browser.new_page(viewport=TABLETS["portrait"])
    page.goto(server)
    wait_for_app(page)
    links = page.locator('[data-testid="stTopNavLink"]')
    assert links.filter(has_text="Trình chiếu").is_visible()
    assert all(links.nth(i).is_visible() for i in range(links.count()))
    assert "more" not in page.locator('[data-testid="stTopNav"]').inner_text()
    page.close()


@pytest.mark.parametrize("size", list(TABLETS))
def test_presentation_screen_has_finger_sized_buttons_and_no_sideways_scroll(server, browser, size):
    page = browser.new_page(viewport=TABLETS[size])
    page.goto(f"{server}/trinh_chieu")
    wait_for_app(page)
    page.get_by_role("heading", name="Trình chiếu cảnh báo đỏ").wait_for(timeout=20000)
    for name in ("◀ Trước", "Sau ▶", "☆ Đánh dấu theo dõi"):
        box = page.get_by_role("button", name=name).bounding_box()
        assert box["height"] >= 88 and box["width"] >= 88, (name, box)
    assert not has_horizontal_scroll(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, f"trinh_chieu-{size}")
    page.close()


def test_full_screen_leaves_only_the_warning_and_comes_back(server, browser):
    page = browser.new_page(viewport=TABLETS["landscape"])
    page.goto(f"{server}/trinh_chieu?muc=3")
    wait_for_app(page)
    assert page.locator('[data-testid="stTopNav"]').is_visible()
    page.get_by_role("button", name="Toàn màn hình").click()
    wait_for_app(page)
    assert not page.locator('[data-testid="stTopNav"]').is_visible()
    assert not page.get_by_role("button", name="Báo cáo nhanh").is_visible()
    assert page.get_by_role("button", name="Sau ▶").is_visible()  # still on one screen at 1024 × 768
    assert page.get_by_role("button", name="Sau ▶").bounding_box()["y"] < TABLETS["landscape"]["height"]
    page.get_by_role("button", name="Thoát toàn màn hình").click()
    wait_for_app(page)
    assert page.locator('[data-testid="stTopNav"]').is_visible()
    page.close()


def test_marked_warning_reaches_the_downloaded_brief(server, browser, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils is not installed (apt-get install poppler-utils)")
    page = browser.new_page(viewport=TABLETS["portrait"], accept_downloads=True)
    page.goto(f"{server}/trinh_chieu")
    wait_for_app(page)
    page.get_by_role("button", name="Sau ▶").click()
    wait_for_app(page)
    assert re.search(r"[?&]muc=2\b", page.url)
    title = page.locator(".st-key-slide h2").first.inner_text().strip()
    page.get_by_role("button", name="☆ Đánh dấu theo dõi").click()
    wait_for_app(page)
    page.get_by_role("heading", name="Danh sách theo dõi (1)").wait_for(timeout=20000)
    page.get_by_role("button", name="★ Bỏ theo dõi").wait_for()

    page.goto(f"{server}/nhiem_vu")  # any page: the brief is in the shared chrome
    wait_for_app(page)
    pdf = download(page, "Báo cáo nhanh (PDF)", tmp_path / "bao_cao.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    text = " ".join(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    conclusions = text.split("X. KẾT LUẬN")[1].split("NGUỒN SỐ LIỆU")[0]
    assert " ".join(title.split()) in conclusions
    docx = download(page, "Báo cáo nhanh (Word)", tmp_path / "bao_cao.docx")
    assert docx.read_bytes().startswith(b"PK")
    page.close()


def test_offline_copy_opens_with_the_network_off(server, browser, tmp_path):
    page = browser.new_page(viewport=TABLETS["landscape"], accept_downloads=True)
    page.goto(f"{server}/khoang_san")
    wait_for_app(page)
    copy = download(page, "Bản sao ngoại tuyến (HTML)", tmp_path / "ban_sao.html")
    page.close()

    context = browser.new_context(viewport=TABLETS["portrait"], offline=True)
    offline = context.new_page()
    fetched = []
    offline.on("request", lambda r: fetched.append(r.url) if not r.url.startswith(("file:", "data:", "blob:")) else None)
    errors = []
    offline.on("pageerror", lambda e: errors.append(str(e)))
    offline.goto(copy.as_uri())
    offline.wait_for_function("() => document.querySelectorAll('.plotly-graph-div .main-svg').length >= 3",
                              timeout=30000)
    assert fetched == [] and errors == []
    assert offline.get_by_role("heading", name="III. KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO CƠ QUAN").is_visible()
    from data_pipeline.settings import geo_path
    if geo_path() is not None:
        assert offline.locator("figure svg path").count() >= 2 * 56
    assert not has_horizontal_scroll(offline)
    screenshot(offline, "ban_sao_ngoai_tuyen-portrait")
    context.close()
