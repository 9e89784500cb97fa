"""Text from a sheet or a file name is shown as text everywhere: no Markdown link or image, no HTML
tag of it reaches a page (headings, captions, the follow-up list, charts and their hovers, maps), the
brief (PDF, Word, offline HTML) or the command line; direction and control characters (U+202E,
terminal escapes) are removed when the text is stored.

The pages are opened on a copy of the demo store whose every free-text column, and every file
name, carries the same hostile text, as a store written before text was cleaned would."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import duckdb
import pytest
from google.protobuf.json_format import MessageToJson
from streamlit.testing.v1 import AppTest

from access_fixtures import copy_store
from data_pipeline import meeting, store
from data_pipeline.accounts import Account
from data_pipeline.ingest import ingest
from reader_builders import write_xlsx
from store_fixtures import run_cli

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
HOSTILE = ('![t](http://x.invalid/beacon.png) [đăng nhập lại](http://x.invalid/phish) '
           '<a href="http://x.invalid/a">Sở Tài chính</a> <img src=x onerror=alert(1)>')
# An HTML tag, or (where the text is read as Markdown) a Markdown link or image, that nothing escaped.
TAG = re.compile(r"(?<![\\])<(?:a|img)\b", re.I)
LIVE = re.compile(TAG.pattern + r"|(?<!\\)\]\((?:https?:|javascript:)", re.I)
# Charts read their spec as JSON and their texts as plotly's or deck.gl's HTML, never as Markdown.
CHARTS = ("plotly_chart", "deck_gl_json_chart")
# Columns that only hold codes, keys or coded values: the pages join and filter on them.
NOT_FREE_TEXT = re.compile(r"(_id|_code|_key|_sha256)$|^(status|kind|direction|area|dataset|money_unit|"
                           r"reporting_unit|load_kind|domain|commune_code)$")
PAGES = ["tong_quan", "nhiem_vu", "dau_tu_cong", "ban_do_xa", "khoang_san", "thu_ngan_sach", "cua_khau",
         "tang_truong", "hanh_chinh", "trinh_chieu", "cap_nhat_du_lieu", "nhat_ky", "tai_khoan"]


@pytest.fixture(scope="module")
def hostile_db(demo_db, tmp_path_factory) -> Path:
    db = copy_store(demo_db, tmp_path_factory.mktemp("hostile"))
    con = duckdb.connect(str(db))
    try:
        columns = con.execute("select table_name, column_name from duckdb_columns() where data_type = 'VARCHAR' "
                              "and (table_name like 'stg_%' or table_name = 'loads') "
                              "and database_name = current_database()").fetchall()
        for table, column in columns:
            if not NOT_FREE_TEXT.search(column):
                con.execute(f'update {table} set "{column}" = "{column}" || ? where "{column}" is not null',
                            [" " + HOSTILE])
    finally:
        con.close()
    store.snapshot_path(db).unlink()  # its stored marts were worked out from the text before
    store.publish(db)
    reader = store.read_connection(db)
    try:
        for item in meeting.red_items(reader, limit=3).to_dict("records"):
            meeting.mark(db, item, Account("kiem-thu", "Kiểm thử", "viewer"))
    finally:
        reader.close()
    return db


# Shown as plain text whatever they hold: tables, and the options of a select box (only its label
# is Markdown).
PLAIN = ("arrow_data_frame", "dataframe", "table", "selectbox", "multiselect")


def shown_texts(at: AppTest) -> list[tuple[str, str]]:
    """(element type, its content as JSON) of everything on the page but what is shown as plain text."""
    found = []
    for node in at._tree:
        proto = getattr(node, "proto", None)
        if proto is None or node.type in PLAIN:
            continue
        found.append((node.type, MessageToJson(proto, ensure_ascii=False)))
    return found


def _strings(value):
    """Every string inside decoded JSON, the JSON a chart's spec is written in decoded too."""
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        if value[:1] in "{[":
            try:
                yield from _strings(json.loads(value))
                return
            except ValueError:
                pass
        yield value


def live_markup(at: AppTest) -> list[str]:
    found = []
    for kind, text in shown_texts(at):
        pattern = TAG if kind in CHARTS else LIVE
        found += [f"{kind}: {s[:300]}" for s in _strings(json.loads(text)) if pattern.search(s)]
    return found


def open_page(name: str, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(f"pages/{name}.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize("page", PAGES)
def test_hostile_sheet_text_is_never_live_markup_on_a_page(hostile_db, monkeypatch, page):
    monkeypatch.setenv("DASHBOARD_DB", str(hostile_db))
    monkeypatch.setenv("DASHBOARD_TEST_ACCOUNT", "admin")
    at = open_page(page)
    assert "đăng nhập lại" in json.dumps([t for _, t in shown_texts(at)], ensure_ascii=False) or page in (
        "tai_khoan", "nhat_ky", "ban_do_xa", "cap_nhat_du_lieu"), "the hostile text is not shown at all: nothing was checked"
    assert live_markup(at) == []


def _first(db: Path, sql: str) -> str:
    con = store.read_connection(db)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize(("page", "param", "sql"), [
    ("nhiem_vu", "task", "select task_id from tasks limit 1"),
    ("dau_tu_cong", "project", "select project_id from disbursement limit 1"),
    ("khoang_san", "mine", "select mine_id from mining limit 1"),
    ("tang_truong", "sector", "select sector_code from growth where sector_code <> 'GRDP' limit 1"),
    ("thu_ngan_sach", "item", "select item_code from revenue limit 1"),
    ("hanh_chinh", "petition", "select petition_id from petitions limit 1"),
    ("hanh_chinh", "agency", "select agency from petitions limit 1"),
    ("hanh_chinh", "unit", "select unit_key from dossiers limit 1"),
    ("ban_do_xa", "commune", "select commune_code from communes limit 1"),
])
def test_hostile_sheet_text_is_never_live_markup_in_a_detail_view(hostile_db, monkeypatch, page, param, sql):
    monkeypatch.setenv("DASHBOARD_DB", str(hostile_db))
    at = open_page(page, **{param: _first(hostile_db, sql)})
    assert live_markup(at) == []


def test_links_built_from_sheet_codes_keep_the_code_inside_their_parameter(tmp_path, db, monkeypatch):
    rows = [["DANH SÁCH MỎ KHOÁNG SẢN (đến ngày 30/4/2026)"], [],
            ["Số giấy phép", "Tên mỏ", "Công suất cấp phép", "Sản lượng thực tế", "Đơn vị"],
            ["GP1&muc=9#x", "Mỏ đá Lũng Lạn", 1000, 100, "m3/năm"]]
    ingest(write_xlsx(tmp_path / "mo.xlsx", {"Mỏ": rows}), db=db)
    at = open_page("khoang_san")
    links = [v for f in at.dataframe for v in f.value.get("link", [])]
    assert links and set(links) == {"?mine=GP1%26muc%3D9%23x"}, links


# ------------------------------------------------------------------ stored text, command line, brief

CONTROLS = "\u202eĐường\u200f tránh\u2066 \x1b[31mTrà Lĩnh\x1b[0m\u0007"


def test_direction_and_control_characters_are_removed_when_text_is_stored(tmp_path, db):
    rows = [["TỔNG HỢP NHIỆM VỤ UBND TỈNH GIAO (đến ngày 30/4/2026)"], [],
            ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Tình hình thực hiện"],
            [1, CONTROLS, "Sở Xây\u202e dựng", "01/03/2026", "Đang thực hiện\x1b]0;x\x07"]]
    ingest(write_xlsx(tmp_path / "nv.xlsx", {"Nhiệm\u202e vụ": rows}), db=db, file_name="bieu\u202exslx.xlsx")
    con = store.read_connection(db)
    try:
        title, lead, note = con.execute("select title, lead_agency, progress_note from tasks").fetchone()
        file_name, sheet = con.execute("select file_name, sheet_name from loads").fetchone()
    finally:
        con.close()
    assert title == "Đường tránh [31mTrà Lĩnh[0m"
    assert lead == "Sở Xây dựng" and note == "Đang thực hiện]0;x"
    assert file_name == "bieuxslx.xlsx" and sheet == "Nhiệm vụ"


def test_the_command_line_never_prints_a_terminal_escape_from_a_cell(tmp_path, db):
    rows = [["TỔNG HỢP NHIỆM VỤ UBND TỈNH GIAO (đến ngày 30/4/2026)"], [],
            ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Tình hình thực hiện"],
            [1, "Kè sông Bằng", "Sở Xây dựng", f"ngày {CONTROLS}", "Đang thực hiện"]]
    sheet = write_xlsx(tmp_path / "nv\x1b[2Jlỗi.xlsx", {"Nhiệm vụ": rows})
    run = run_cli("ingest", sheet, "--db", db)
    assert run.code == 2, run.output
    assert "Trà Lĩnh" in run.stderr  # the cell is named in the message, as text
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069\u200e\u200f]", run.output), \
        repr(run.output)


def test_the_offline_copy_and_the_word_brief_show_hostile_text_as_text(hostile_db):
    from dashboard.brief import build
    page = build(hostile_db, "html").decode("utf-8")
    body = page.split("<script>", 1)[0] + page.rsplit("</script>", 1)[-1]
    assert "x.invalid" in page
    assert not re.search(r"<(a|img)\b[^>]*x\.invalid", body), "a live link or image in the offline copy's text"
    figures = re.findall(r"Plotly\.newPlot\(\s*\"[^\"]+\",\s*(\[.*?\]),\s*\{", page, re.S)
    assert figures, "no chart found in the offline copy"
    for data in figures:
        assert not [s for s in _strings(json.loads(data)) if TAG.search(s)], "a chart of the offline copy carries live markup"
    docx = build(hostile_db, "docx")
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        document = z.read("word/document.xml").decode("utf-8")
    assert "x.invalid" in document and "<w:hyperlink" not in document
