"""The meeting brief: the PDF read back with poppler (pdftotext, pdffonts, pdftoppm, pdfimages), the Word
file read back with python-docx, the offline copy checked for anything it would fetch, the command line,
and the follow-up list that becomes the brief's conclusions."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from docx import Document
from PIL import Image
from store_fixtures import ROOT, dump_store

from dashboard import brief, fmt
from data_pipeline import meeting, store
from data_pipeline.accounts import Account
from data_pipeline.problems import Rejected

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
LEADER = Account("lanhdao", "Lãnh đạo UBND tỉnh", "viewer")
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def require_poppler() -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils is not installed (apt-get install poppler-utils); PDF read-back skipped")


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def pdf_text(path: Path) -> str:
    """The PDF's text in content order (a table cell's wrapped lines stay together), spaces collapsed."""
    return one_line(subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True, capture_output=True,
                                   text=True).stdout)


def sql(db: Path, query: str) -> list[tuple]:
    con = store.read_connection(db)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


@pytest.fixture(autouse=True)
def _fonts():
    from dashboard.brief import fonts
    try:
        fonts.font_file()
    except Rejected:
        pytest.skip("the DejaVu fonts are not installed (apt-get install fonts-dejavu-core)")


@pytest.fixture
def meeting_db(demo_db, tmp_path) -> Path:
    """A copy of the demo store that a test may write to (follow-up marks)."""
    copy = tmp_path / "meeting.duckdb"
    shutil.copyfile(demo_db, copy)
    shutil.copyfile(store.snapshot_path(demo_db), store.snapshot_path(copy))
    return copy


@pytest.fixture(scope="module")
def demo_pdf(demo_db, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("brief") / "bao_cao.pdf"
    path.write_bytes(brief.build(demo_db, "pdf"))
    return path


def red_titles(db: Path) -> list[str]:
    from data_pipeline import marts
    con = store.read_connection(db)
    try:
        alerts = marts.run_mart(con, "alerts")
    finally:
        con.close()
    return list(alerts[alerts["severity"] == meeting.RED]["title"])


# --- PDF ---------------------------------------------------------------------------------------

def test_pdf_is_an_administrative_report_with_the_as_of_date(demo_pdf, demo_db):
    require_poppler()
    text = pdf_text(demo_pdf)
    as_of = sql(demo_db, "select max(report_date) from current_loads")[0][0]
    for expected in (NATION, MOTTO, "ỦY BAN NHÂN DÂN", "TỈNH CAO BẰNG", "BÁO CÁO NHANH",
                     f"(Số liệu đến ngày {fmt.date(as_of)})"):
        assert expected in text, expected


def source_files(db) -> list[str]:
    """The files behind the figures shown now: each dataset's compilation and the units' newer own
    reports; for the datasets kept month by month, the loads of the latest month."""
    from data_pipeline import marts, store
    con = store.read_connection(db)
    try:
        files = list(marts.run_mart(con, "current_sources")["file_name"].unique())
    finally:
        con.close()
    assert len(files) > 8
    return files


def test_pdf_names_the_file_behind_every_dataset(demo_pdf, demo_db):
    require_poppler()
    text = "".join(pdf_text(demo_pdf).split())  # a long name wraps inside its table cell
    for file_name in source_files(demo_db):
        assert "".join(file_name.split()) in text, file_name


def test_pdf_figures_equal_the_store(demo_pdf, demo_db):
    require_poppler()
    text = pdf_text(demo_pdf)
    overdue = sql(demo_db, "select count(*) from tasks where status = 'overdue'")[0][0]
    assert f"Nhiệm vụ quá hạn {fmt.number(overdue)} " in text
    for (agency,) in sql(demo_db, "select distinct lead_agency from tasks where lead_agency is not null"):
        assert one_line(agency) in text, agency
    titles = red_titles(demo_db)
    assert f"Có {fmt.number(len(titles))} cảnh báo đỏ" in text
    for title in titles:  # every red warning is listed, its diacritics intact
        assert one_line(title) in text, title


def test_pdf_embeds_its_fonts(demo_pdf):
    require_poppler()
    fonts = subprocess.run(["pdffonts", str(demo_pdf)], check=True, capture_output=True, text=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all("DejaVu" in row[0] for row in rows)
    # columns: name type encoding emb sub uni ...; every font embedded, with a Unicode map for search and copy
    assert all(row[-5] == "yes" and row[-3] == "yes" for row in rows), fonts


def test_pdf_pages_render_and_are_not_blank(demo_pdf, tmp_path):
    require_poppler()
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(demo_pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    info = subprocess.run(["pdfinfo", str(demo_pdf)], check=True, capture_output=True, text=True).stdout
    assert len(pages) == int(re.search(r"Pages:\s+(\d+)", info).group(1)) >= 2
    for page in pages:
        grey = Image.open(page).convert("L")
        assert grey.getextrema()[0] < 100, f"{page.name} has no dark ink"


def test_pdf_carries_the_commune_maps(demo_pdf):
    require_poppler()
    from data_pipeline.settings import geo_path
    if geo_path() is None:
        pytest.skip("no commune boundaries (DASHBOARD_GEO); the brief then says so instead of a map")
    images = subprocess.run(["pdfimages", "-list", str(demo_pdf)], check=True, capture_output=True, text=True).stdout
    assert len(images.splitlines()) - 2 == 2
    assert "Nhiệm vụ quá hạn theo xã, phường" in pdf_text(demo_pdf)


def test_map_picture_colours_the_communes_with_overdue_tasks():
    from dashboard import geo
    from dashboard.brief import map_image
    from data_pipeline.settings import geo_path
    if geo_path() is None:
        pytest.skip("no commune boundaries (DASHBOARD_GEO)")
    boundaries = geo.read_boundaries(geo_path())
    code = boundaries.features[0]["properties"]["commune_code"]
    classes = geo.count_classes(3, "reds")
    layer = map_image.MapLayer("Nhiệm vụ quá hạn", {code: 3}, classes, {code: "Xã Thử"})
    colours = Image.open(__import__("io").BytesIO(map_image.png(boundaries, layer, width=800))).convert("RGB")
    used = {colour for _, colour in colours.getcolors(1 << 20)}
    darkest = tuple(int(geo.class_of(3, classes).colour[i:i + 2], 16) for i in (1, 3, 5))
    assert darkest in used
    svg = map_image.svg(boundaries, layer)
    assert svg.count("<path") == len(boundaries.features) and "Xã Thử: 3" in svg


# --- Word --------------------------------------------------------------------------------------

def test_docx_has_the_same_report(demo_db):
    doc = Document(__import__("io").BytesIO(brief.build(demo_db, "docx")))
    header = " ".join(p.text for cell in doc.tables[0].rows[0].cells for p in cell.paragraphs)
    assert NATION in header and MOTTO in header and "TỈNH CAO BẰNG" in header
    paragraphs = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO NHANH" in paragraphs and "III. KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO CƠ QUAN" in paragraphs
    board = next(t for t in doc.tables if t.rows[0].cells[0].text == "Cơ quan chủ trì")
    agencies = sql(demo_db, "select count(distinct coalesce(lead_agency, '')) from tasks")[0][0]
    assert len(board.rows) - 1 == agencies
    for file_name in source_files(demo_db):
        assert file_name in paragraphs or any(file_name in c.text for t in doc.tables for r in t.rows for c in r.cells)


# --- offline copy ------------------------------------------------------------------------------

def test_offline_copy_needs_no_network(demo_db):
    page = brief.build(demo_db, "html").decode("utf-8")
    assert "<script src" not in page and "<link" not in page and "@import" not in page
    markup = re.sub(r"<script[^>]*>.*?</script>", "", page, flags=re.DOTALL)  # the browser test watches the scripts
    assert not re.search(r"""(src|href)=["']https?:""", markup)
    assert page.count('class="plotly-graph-div"') >= 3
    assert "Plotly.newPlot" in page and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page


# --- follow-up list ------------------------------------------------------------------------------

def test_marked_items_become_the_conclusions(meeting_db, tmp_path):
    require_poppler()
    con = store.read_connection(meeting_db)
    try:
        items = meeting.red_items(con)
    finally:
        con.close()
    meeting.ensure_tables(meeting_db)
    first, second = items.iloc[0].to_dict(), items.iloc[3].to_dict()
    meeting.mark(meeting_db, first, LEADER)
    meeting.mark(meeting_db, second, LEADER)
    meeting.mark(meeting_db, first, LEADER)  # twice is once
    path = tmp_path / "b.pdf"
    path.write_bytes(brief.build(meeting_db, "pdf"))
    conclusions = pdf_text(path).split("X. KẾT LUẬN")[1].split("NGUỒN SỐ LIỆU")[0]
    assert one_line(first["title"]) in conclusions and one_line(second["title"]) in conclusions
    assert conclusions.index(one_line(first["title"])) < conclusions.index(one_line(second["title"]))
    meeting.unmark(meeting_db, first["item_key"], LEADER)
    meeting.clear(meeting_db, LEADER)
    path.write_bytes(brief.build(meeting_db, "pdf"))
    assert "Chưa có nội dung nào được đánh dấu theo dõi" in pdf_text(path)


def test_an_incomplete_mark_leaves_the_store_as_it_was(meeting_db):
    meeting.ensure_tables(meeting_db)
    before = dump_store(meeting_db)
    with pytest.raises(Rejected) as caught:
        meeting.mark(meeting_db, {"item_key": "task:X", "title": ""}, LEADER)
    assert "Không đánh dấu được" in str(caught.value.problems[0])
    assert dump_store(meeting_db) == before


def test_a_store_made_before_the_follow_up_list_gets_it(meeting_db):
    con = duckdb.connect(str(meeting_db))
    con.execute("drop table if exists follow_ups")
    con.execute("update schema_meta set value = 'old' where key = 'sql_version'")
    con.close()
    store.publish(meeting_db)
    assert "Chưa có nội dung nào được đánh dấu theo dõi" in one_line(
        " ".join(p.text for p in Document(__import__("io").BytesIO(brief.build(meeting_db, "docx"))).paragraphs))


# --- command line --------------------------------------------------------------------------------

def run_brief(*args, env: dict | None = None) -> subprocess.CompletedProcess:
    import os
    return subprocess.run([sys.executable, "-m", "dashboard.brief", *map(str, args)], cwd=ROOT, capture_output=True, check=False,
                          text=True, env={**os.environ, **(env or {})}, timeout=180)


@pytest.mark.parametrize("suffix", ["pdf", "docx", "html"])
def test_command_line_writes_each_format(demo_db, tmp_path, suffix):
    out = tmp_path / f"bao_cao.{suffix}"
    run = run_brief("--out", out, "--db", demo_db)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"Đã lập {out}") and run.stderr == ""
    head = out.read_bytes()[:16]
    assert head.startswith({"pdf": b"%PDF", "docx": b"PK", "html": b"<!DOCTYPE html>"}[suffix])


def test_command_line_format_overrides_the_extension(demo_db, tmp_path):
    out = tmp_path / "bao_cao.bin"
    assert run_brief("--out", out, "--db", demo_db, "--format", "pdf").returncode == 0
    assert out.read_bytes().startswith(b"%PDF")


def test_command_line_says_in_vietnamese_what_is_wrong(tmp_path):
    missing = run_brief("--out", tmp_path / "b.pdf", "--db", tmp_path / "none.duckdb")
    assert missing.returncode == 2 and "Chưa có kho dữ liệu" in missing.stderr and "Traceback" not in missing.stderr
    unknown = run_brief("--out", tmp_path / "b.txt", "--db", tmp_path / "none.duckdb")
    assert unknown.returncode == 2 and "đuôi .pdf, .docx, .html" in unknown.stderr
    assert not (tmp_path / "b.pdf").exists()


# --- long lists ---------------------------------------------------------------------------------

def test_a_store_with_more_warnings_than_a_page_holds_lists_the_first_and_counts_them_all(demo_db, monkeypatch):
    from dashboard.brief import content
    from data_pipeline import marts
    monkeypatch.setattr(content, "MAX_RED_ALERTS", 2)
    monkeypatch.setattr(content, "MAX_AMBER_ALERTS", 3)
    titles = red_titles(demo_db)
    con = store.read_connection(demo_db)
    try:
        amber = int(marts.run_mart(con, "alert_counts")["amber"].sum())
        made = content.gather(con, with_map=False)
    finally:
        con.close()
    assert len(titles) > 2 and amber > 3  # the demo store has more of each than the caps above
    section = next(s for s in made.sections if s.key == "warnings")
    summary, table = section.blocks
    assert summary.startswith(f"Có {fmt.number(len(titles))} cảnh báo đỏ và {fmt.number(amber)} cảnh báo vàng")
    assert "liệt kê 2 cảnh báo đỏ đầu tiên và 3 cảnh báo vàng đầu tiên" in summary
    assert [row[2] for row in table.rows[:2]] == titles[:2]  # the most serious first, as the alerts mart orders
    assert table.marks == ["red", "red", "amber", "amber", "amber"]
