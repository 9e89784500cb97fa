"""Who may see and change what, through the real pages (AppTest) and the real store: sign-in with
accounts kept in the store, roles, what an editor may load, slowed-down and logged failures, the
first administrator, the demo viewer, and viewing without sign-in where settings.toml allows it."""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import partial
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from access_fixtures import NUNG_TRI_CAO, PASSWORDS, THUC_PHAN, add_accounts, copy_store
from data_pipeline import accounts, store
from data_pipeline.accounts import SignInRefused, check_upload
from data_pipeline.problems import Rejected
from data_pipeline.upload import ingest_upload
from store_fixtures import Project, dump_store, write_disbursement, write_tasks

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


@pytest.fixture
def real_sign_in(monkeypatch):
    """No test account: the pages ask who is there, as on a server."""
    monkeypatch.delenv("DASHBOARD_TEST_ACCOUNT", raising=False)
    monkeypatch.delenv("DASHBOARD_DEMO", raising=False)


@pytest.fixture
def accounts_db(demo_db, tmp_path, monkeypatch, real_sign_in) -> Path:
    db = copy_store(demo_db, tmp_path / "store")
    add_accounts(db)
    monkeypatch.setenv("DASHBOARD_DB", str(db))
    return db


def app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if page:
        at.switch_page(page)
    return run(at)


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def sign_in(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="sign_in_username").input(username)
    at.text_input(key="sign_in_password").input(password)
    next(b for b in at.button if b.label == "Đăng nhập").click()
    return run(at)


def audit_rows(db: Path, action: str | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        query = "select actor, action, target, detail, outcome from audit_log"
        return con.execute(query + (" where action = ?" if action else "") + " order by event_at",
                           [action] if action else []).fetchall()
    finally:
        con.close()


def shows_sign_in(at: AppTest) -> bool:
    return any(t.value == "Đăng nhập" for t in at.title)


def refused(at: AppTest) -> bool:
    return any("không được mở trang này" in e.value for e in at.error)


# ------------------------------------------------------------------ signing in

def test_without_sign_in_no_page_shows_any_figure(accounts_db):
    for page in (None, "pages/nhiem_vu.py", "pages/cap_nhat_du_lieu.py", "pages/tai_khoan.py", "pages/nhat_ky.py"):
        at = app(page)
        assert shows_sign_in(at), page
        assert not at.metric and not at.dataframe and not at.get("file_uploader"), page


def test_right_password_signs_in_and_is_logged(accounts_db):
    at = sign_in(app(), "lanhdao", PASSWORDS["lanhdao"])
    assert not shows_sign_in(at)
    assert at.title[0].value == "Tổng quan điều hành"
    assert audit_rows(accounts_db, "sign_in") == [("lanhdao", "sign_in", "lanhdao", "vai trò viewer", "ok")]


def test_wrong_password_is_refused_and_logged_without_the_password(accounts_db):
    at = sign_in(app(), "lanhdao", "mat-khau-sai-123")
    assert shows_sign_in(at)
    assert any("Tên đăng nhập hoặc mật khẩu không đúng" in e.value for e in at.error)
    assert not at.metric
    assert audit_rows(accounts_db, "sign_in_failed") == [
        ("lanhdao", "sign_in_failed", "lanhdao", "sai mật khẩu", "refused")]
    con = duckdb.connect(str(accounts_db), read_only=True)
    logged = " ".join(str(v) for row in con.execute("select * from audit_log").fetchall() for v in row)
    hashes = [r[0] for r in con.execute("select password_hash from accounts").fetchall()]
    con.close()
    assert "mat-khau-sai-123" not in logged and PASSWORDS["lanhdao"] not in logged
    assert all(h.startswith("$argon2id$") and PASSWORDS["lanhdao"] not in h for h in hashes)


def test_unknown_name_gets_the_same_answer_as_a_wrong_password(accounts_db):
    with pytest.raises(SignInRefused, match="Tên đăng nhập hoặc mật khẩu không đúng"):
        accounts.sign_in(accounts_db, "khong-co-ai", "bat-ky-mat-khau")
    assert audit_rows(accounts_db, "sign_in_failed")[-1][3] == "không có tài khoản này"


def test_repeated_failures_make_the_next_attempt_wait_even_with_the_right_password(accounts_db):
    start = dt.datetime.now()
    for i in range(3):
        with pytest.raises(SignInRefused):
            accounts.sign_in(accounts_db, "lanhdao", f"sai-{i}-xxxxxxxx", now=start + dt.timedelta(seconds=i))
    with pytest.raises(SignInRefused, match="Hãy thử lại sau 5 giây"):
        accounts.sign_in(accounts_db, "lanhdao", PASSWORDS["lanhdao"], now=start + dt.timedelta(seconds=2))
    assert audit_rows(accounts_db, "sign_in_throttled")[-1][4] == "refused"
    # Another failure after the wait doubles it.
    with pytest.raises(SignInRefused):
        accounts.sign_in(accounts_db, "lanhdao", "sai-nua-xxxxxxxx", now=start + dt.timedelta(seconds=8))
    with pytest.raises(SignInRefused, match="sau 10 giây"):
        accounts.sign_in(accounts_db, "lanhdao", PASSWORDS["lanhdao"], now=start + dt.timedelta(seconds=8))
    ok = accounts.sign_in(accounts_db, "lanhdao", PASSWORDS["lanhdao"], now=start + dt.timedelta(seconds=19))
    assert ok.role == "viewer"
    # Other names are not held up by these failures.
    assert accounts.sign_in(accounts_db, "cv.stc", PASSWORDS["cv.stc"], now=start + dt.timedelta(seconds=3))


def test_a_disabled_account_is_signed_out_at_its_next_page_view(accounts_db):
    at = sign_in(app(), "lanhdao", PASSWORDS["lanhdao"])
    assert not shows_sign_in(at)
    accounts.set_disabled(accounts_db, "lanhdao", True, actor="quantri2")
    at = run(at)
    assert shows_sign_in(at) and not at.metric
    with pytest.raises(SignInRefused) as refused:  # answered as a wrong password: it confirms nothing
        accounts.sign_in(accounts_db, "lanhdao", PASSWORDS["lanhdao"])
    assert str(refused.value) == accounts.WRONG_PASSWORD


# ------------------------------------------------------------------ roles and pages

def test_viewer_cannot_open_the_update_or_admin_pages_by_url(accounts_db):
    at = sign_in(app(), "lanhdao", PASSWORDS["lanhdao"])
    for page in ("pages/cap_nhat_du_lieu.py", "pages/tai_khoan.py", "pages/nhat_ky.py"):
        at.switch_page(page)
        run(at)
        assert refused(at), page
        assert not at.get("file_uploader") and not at.dataframe, page


def test_viewer_test_account_cannot_open_the_update_page(monkeypatch, demo_env):
    monkeypatch.setenv("DASHBOARD_TEST_ACCOUNT", "viewer")
    at = app("pages/cap_nhat_du_lieu.py")
    assert refused(at) and not at.get("file_uploader")


def test_editor_sees_the_update_page_but_not_rollback_nor_admin_pages(accounts_db):
    at = sign_in(app(), "cv.stc", PASSWORDS["cv.stc"])
    at.switch_page("pages/cap_nhat_du_lieu.py")
    run(at)
    assert at.title[0].value == "Cập nhật dữ liệu"
    assert at.get("file_uploader")
    assert not [s for s in at.selectbox if s.key == "rollback_choice"], "rolling back is for administrators"
    at.switch_page("pages/tai_khoan.py")
    assert refused(run(at))


def test_admin_sees_accounts_and_the_audit_log(accounts_db):
    at = sign_in(app(), "quantri2", PASSWORDS["quantri2"])
    at.switch_page("pages/tai_khoan.py")
    run(at)
    table = at.dataframe[0].value
    assert set(table["Tên đăng nhập"]) == {"lanhdao", "cv.stc", "quantri2"}
    assert "Phường Thục Phán" in set(table["Xã, phường"])
    at.switch_page("pages/nhat_ky.py")
    run(at)
    log = at.dataframe[0].value
    assert {"Đăng nhập", "Thêm tài khoản"} <= set(log["Việc"])


def test_admin_adds_an_account_through_the_page_and_it_is_logged(accounts_db):
    at = sign_in(app(), "quantri2", PASSWORDS["quantri2"])
    at.switch_page("pages/tai_khoan.py")
    run(at)
    at.text_input(key="add_username").input("cv.xa")
    at.text_input(key="add_name").input("Cán bộ xã")
    next(b for b in at.button if b.label == "Thêm tài khoản").click()
    run(at)
    notice = " ".join(s.value for s in at.success)
    assert "Đã thêm tài khoản cv.xa" in notice and "Mật khẩu (chỉ hiện một lần)" in notice
    password = notice.split("`")[1]
    assert accounts.sign_in(accounts_db, "cv.xa", password).role == "viewer"
    assert ("quantri2", "account_add", "cv.xa", "vai trò viewer", "ok") in audit_rows(accounts_db, "account_add")
    assert password not in " ".join(str(r) for r in audit_rows(accounts_db))


# ------------------------------------------------------------------ what an editor may load

def editor() -> accounts.Account:
    return accounts.Account("cv.stc", "Chuyên viên Sở Tài chính", "editor", ("disbursement",), (THUC_PHAN,))


def test_editor_cannot_load_another_communes_sheet(tmp_path, db):
    ingest_upload(write_disbursement(tmp_path / "t4.xlsx", [Project("Kè Thục Phán", location="Phường Thục Phán",
                                                                      plan=100, disbursed=10)]).read_bytes(),
                  "t4.xlsx", db=db, loaded_by="quantri")
    before = dump_store(db), dump_store(store.snapshot_path(db))
    other = write_disbursement(tmp_path / "nung_tri_cao.xlsx", [
        Project("Kè Thục Phán", location="Phường Thục Phán", plan=100, disbursed=20),
        Project("Đường Nùng Trí Cao", location="Phường Nùng Trí Cao", plan=200, disbursed=50)], as_of="31/5/2026")
    data = other.read_bytes()
    with pytest.raises(Rejected) as caught:
        ingest_upload(data, "nung_tri_cao.xlsx", db=db, loaded_by="cv.stc", permit=partial(check_upload, editor()))
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 1 and "Phường Nùng Trí Cao" in messages[0] and "dòng 11" in messages[0], messages
    assert (dump_store(db), dump_store(store.snapshot_path(db))) == before
    rejected = audit_rows(db, "upload_rejected")
    assert rejected[-1][:3] == ("cv.stc", "upload_rejected", "nung_tri_cao.xlsx")
    assert hashlib.sha256(data).hexdigest() in rejected[-1][3]
    assert NUNG_TRI_CAO not in editor().communes


def test_editor_can_load_a_sheet_of_their_own_commune_and_it_is_logged(tmp_path, db):
    own = write_disbursement(tmp_path / "thuc_phan.xlsx", [Project("Kè Thục Phán", location="Phường Thục Phán",
                                                                     plan=100, disbursed=20)])
    result = ingest_upload(own.read_bytes(), "thuc_phan.xlsx", db=db, loaded_by="cv.stc",
                           permit=partial(check_upload, editor()))
    assert result.load_id == 1
    (row,) = audit_rows(db, "upload")
    assert row[:3] == ("cv.stc", "upload", "thuc_phan.xlsx") and result.prepared.meta["file_sha256"] in row[3]


def test_editor_cannot_load_a_dataset_not_assigned(tmp_path, db):
    tasks = write_tasks(tmp_path / "nhiem_vu.xlsx", [("Báo cáo", "Sở Tài chính", "30/6/2026", "Đang thực hiện")])
    with pytest.raises(Rejected, match="không được nạp loại dữ liệu"):
        ingest_upload(tasks.read_bytes(), "nhiem_vu.xlsx", db=db, loaded_by="cv.stc",
                      permit=partial(check_upload, editor()))
    assert not db.exists(), "a refused upload creates no store"


def test_viewer_cannot_load_anything(tmp_path, db):
    viewer = accounts.Account("lanhdao", "Lãnh đạo", "viewer")
    own = write_disbursement(tmp_path / "t4.xlsx", [Project("Kè", location="Phường Thục Phán", plan=1, disbursed=1)])
    with pytest.raises(Rejected, match="chỉ được xem"):
        ingest_upload(own.read_bytes(), "t4.xlsx", db=db, permit=partial(check_upload, viewer))


# ------------------------------------------------------------------ first start, demo, open viewing

def test_first_start_creates_one_admin_and_prints_its_password_once(db, real_sign_in, capfd):
    at = app()
    assert shows_sign_in(at)
    printed = capfd.readouterr().out
    assert "Đã tạo tài khoản quản trị đầu tiên: quantri" in printed
    password = printed.split("Mật khẩu (chỉ in một lần, hãy đổi sau khi đăng nhập): ")[1].split()[0]
    app()
    assert "Mật khẩu" not in capfd.readouterr().out, "the password is printed once"
    assert [a.username for a in accounts.list_accounts(db)] == ["quantri"]
    at = sign_in(app(), "quantri", password)
    at.switch_page("pages/tai_khoan.py")
    assert run(at).dataframe[0].value["Vai trò"].tolist() == ["Quản trị"]
    assert password not in " ".join(str(r) for r in audit_rows(db))


def test_demo_signs_in_a_read_only_viewer_under_the_sample_data_banner(demo_env, real_sign_in, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DEMO", "1")
    at = app()
    assert not shows_sign_in(at) and at.metric or at.markdown
    assert any("dữ liệu mẫu" in w.value for w in at.warning)
    at.switch_page("pages/cap_nhat_du_lieu.py")
    run(at)
    assert shows_sign_in(at) and not at.get("file_uploader"), "the demo viewer cannot upload"


def test_viewing_without_sign_in_when_settings_allow_it_still_guards_the_update_page(
        accounts_db, tmp_path, monkeypatch):
    settings = (Path(__file__).resolve().parent.parent / "settings.toml").read_text()
    assert "viewing_requires_sign_in = true" in settings
    (tmp_path / "open.toml").write_text(settings.replace("viewing_requires_sign_in = true",
                                                         "viewing_requires_sign_in = false"))
    monkeypatch.setenv("DASHBOARD_SETTINGS", str(tmp_path / "open.toml"))
    at = app("pages/nhiem_vu.py")
    assert not shows_sign_in(at) and at.metric
    at.switch_page("pages/cap_nhat_du_lieu.py")
    run(at)
    assert shows_sign_in(at) and not at.get("file_uploader")
