"""Every query parameter of every page answers a bad value (an old, mistyped or forged link) with a
Vietnamese note, and no page ever shows a viewer a traceback: a page that fails says so in Vietnamese
with a code to quote, and the traceback goes to the server's log only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from access_fixtures import copy_store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
PARAMS = {"nhiem_vu": ["task", "agency", "doc"], "dau_tu_cong": ["project"], "khoang_san": ["mine"], "tang_truong": ["sector"],
          "thu_ngan_sach": ["item"], "hanh_chinh": ["unit", "petition", "agency"], "ban_do_xa": ["commune", "metric"],
          "trinh_chieu": ["muc"]}
HOSTILE = ["9999999999999999999999999", "-1", "' or 1=1; drop table loads; --",
           "[đăng nhập lại](http://x.invalid) <img src=x onerror=alert(1)>", "\x00\x1b[2J\u202e", "x" * 5000]
PAGES = sorted(p.stem for p in (ROOT / "dashboard" / "pages").glob("*.py"))


def test_the_table_of_parameters_is_every_parameter_the_pages_read():
    read = {}
    for page in PAGES:
        text = (ROOT / "dashboard" / "pages" / f"{page}.py").read_text()
        found = sorted(set(re.findall(r"""(?:query_params|params)\.get\(\s*["']([a-z_]+)["']""", text)))
        if found:
            read[page] = found
    assert read == {page: sorted(params) for page, params in PARAMS.items()}


def open_page(page: str, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(f"pages/{page}.py")
    at.run()
    return at


def everything_shown(at: AppTest) -> str:
    return " ".join(str(getattr(node, "proto", "")) for node in at._tree)


@pytest.mark.parametrize(("page", "param"), [(p, q) for p, qs in PARAMS.items() for q in qs])
def test_every_parameter_answers_a_hostile_value_in_vietnamese(demo_env, monkeypatch, page, param):
    monkeypatch.setenv("DASHBOARD_TEST_ACCOUNT", "admin")
    for value in HOSTILE:
        at = open_page(page, **{param: value})
        assert not at.exception, (value[:40], [e.message for e in at.exception])
        notes = [w.value for w in at.warning if w.value.startswith("Đường dẫn hỏi")]
        assert notes, (page, param, value[:40], [w.value for w in at.warning])
        assert "nhưng số liệu hiện hành không có" in notes[0]
        shown = everything_shown(at)
        assert "Traceback" not in shown and "duckdb" not in shown.lower()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_ignores_a_parameter_it_does_not_read(demo_env, monkeypatch, page):
    monkeypatch.setenv("DASHBOARD_TEST_ACCOUNT", "admin")
    at = open_page(page, khong_co=HOSTILE[3])
    assert not at.exception, [e.message for e in at.exception]


def test_a_page_that_fails_says_so_in_vietnamese_and_keeps_the_traceback_for_the_log(
        demo_db, tmp_path, monkeypatch, capfd):
    db = copy_store(demo_db, tmp_path / "hong")
    db.with_name("store.read.duckdb").write_bytes(b"khong phai kho du lieu" * 1000)  # a snapshot gone bad
    monkeypatch.setenv("DASHBOARD_DB", str(db))
    monkeypatch.delenv("DASHBOARD_PAGE_ERRORS")
    at = open_page("nhiem_vu")
    assert not at.exception
    said = [e.value for e in at.error]
    assert said and said[0].startswith("Trang này gặp lỗi không mong đợi"), said
    code = re.search(r"mã lỗi \*\*([0-9a-f-]+)\*\*", said[0]).group(1)
    shown = everything_shown(at)
    assert str(tmp_path) not in shown and "Traceback" not in shown
    log = capfd.readouterr().err
    assert f"(mã {code})" in log and "Traceback" in log


def test_the_server_never_sends_error_details():
    config = (ROOT / ".streamlit" / "config.toml").read_text()
    assert re.search(r'^showErrorDetails = "none"$', config, re.M)
