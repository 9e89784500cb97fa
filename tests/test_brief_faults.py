"""A brief of a store with long text still prints (the PDF cuts a long cell with "…", the Word copy
keeps it whole), and a brief that cannot be made says why in Vietnamese: on the command line, in
the file a tap downloads, and on the page."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document

from browser import TABLETS, chromium, dashboard_server, wait_for_app
from dashboard.brief_buttons import MadeFile
from data_pipeline.ingest import ingest
from data_pipeline.problems import Rejected
from reader_builders import write_xlsx
from store_fixtures import ROOT
from test_brief import one_line, pdf_text, require_poppler

OBSTACLE = ("Chậm giải phóng mặt bằng do vướng mắc về nguồn gốc đất, hồ sơ thanh toán chưa hoàn thiện; "
            * 20)[:1500].strip()


@pytest.fixture(autouse=True)
def _fonts():
    from dashboard.brief import fonts
    try:
        fonts.font_file()
    except Rejected:
        pytest.skip("the DejaVu fonts are not installed (apt-get install fonts-dejavu-core)")


def long_obstacle_store(tmp_path: Path) -> Path:
    db = tmp_path / "kho.duckdb"
    rows = [["BÁO CÁO GIẢI NGÂN VỐN ĐẦU TƯ CÔNG NĂM 2026 (đến ngày 30/4/2026)"], ["Đơn vị tính: triệu đồng"],
            ["Mã dự án", "Tên dự án", "Chủ đầu tư", "Kế hoạch vốn", "Giải ngân", "Vướng mắc"],
            ["DA1", "Kè sông Bằng", "Ban QLDA tỉnh", 1000, 10, OBSTACLE]]
    ingest(write_xlsx(tmp_path / "gn.xlsx", {"Biểu 1": rows}), db=db)
    return db


def brief_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard.brief", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def test_a_1500_character_obstacle_is_cut_with_an_ellipsis_in_the_pdf_and_whole_in_word(tmp_path):
    require_poppler()
    db = long_obstacle_store(tmp_path)
    run = brief_cli("--out", tmp_path / "b.pdf", "--db", db)
    assert run.returncode == 0, run.stdout + run.stderr
    text = pdf_text(tmp_path / "b.pdf")
    assert OBSTACLE[:200] in text.replace("- ", "-") or one_line(OBSTACLE[:120]) in text
    assert OBSTACLE not in text and "…" in text
    assert "được rút gọn cho vừa trang in; bản Word (.docx) có đủ nội dung" in text
    run = brief_cli("--out", tmp_path / "b.docx", "--db", db)
    assert run.returncode == 0, run.stderr
    cells = [c.text for t in Document(str(tmp_path / "b.docx")).tables for r in t.rows for c in r.cells]
    assert OBSTACLE in cells


def test_a_brief_of_a_store_that_cannot_be_read_says_why_in_vietnamese(tmp_path):
    broken = tmp_path / "hong.duckdb"
    broken.write_bytes(b"khong phai kho du lieu" * 100)
    run = brief_cli("--out", tmp_path / "b.pdf", "--db", broken)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    assert run.stderr.startswith("Không lập được báo cáo nhanh dạng PDF:"), run.stderr


def test_a_brief_with_unreadable_boundaries_says_why_and_the_tap_downloads_a_file_saying_so(tmp_path):
    require_poppler()
    db = long_obstacle_store(tmp_path)
    geo = tmp_path / "ranh_gioi.geojson"
    geo.write_text("{không phải json")
    made, failure = MadeFile("pdf").get(db, geo)
    assert failure.startswith("Không lập được báo cáo nhanh dạng PDF: Tệp ranh giới không phải GeoJSON"), failure
    assert made.startswith(b"%PDF")
    (tmp_path / "loi.pdf").write_bytes(made)
    assert "Tệp ranh giới không phải GeoJSON hợp lệ" in pdf_text(tmp_path / "loi.pdf")
    run = brief_cli("--out", tmp_path / "b.pdf", "--db", db, "--geo", geo)
    assert run.returncode == 2 and "Tệp ranh giới không phải GeoJSON hợp lệ" in run.stderr, run.stderr


@pytest.mark.browser
def test_a_tap_on_a_brief_that_cannot_be_made_says_why_on_the_page(tmp_path):
    db = long_obstacle_store(tmp_path)
    geo = tmp_path / "ranh_gioi.geojson"
    geo.write_text("{không phải json")
    with dashboard_server(db, DASHBOARD_GEO=str(geo)) as url, chromium() as browser:
        page = browser.new_page(viewport=TABLETS["landscape"], accept_downloads=True)
        page.goto(f"{url}/nhiem_vu")
        wait_for_app(page)
        page.get_by_role("button", name="Báo cáo nhanh").first.click()
        with page.expect_download(timeout=120000):
            page.get_by_role("button", name="Báo cáo nhanh (PDF)").click()
        wait_for_app(page)
        alert = page.get_by_text("Không lập được báo cáo nhanh dạng PDF")
        alert.first.wait_for(timeout=30000)
        assert "Tệp ranh giới không phải GeoJSON" in alert.first.inner_text()
