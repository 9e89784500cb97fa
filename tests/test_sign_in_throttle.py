"""Failed sign-ins slow down the name at an address, the address whatever names it tries, and the
name across addresses, without letting a stranger lock out an account its owner is using; a
disabled account is answered exactly as a wrong password."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from access_fixtures import PASSWORDS, add_accounts, copy_store
from data_pipeline import accounts
from data_pipeline.accounts import SignInRefused

SETTINGS = Path(__file__).resolve().parent.parent / "settings.toml"
START = dt.datetime(2026, 11, 30, 8, 0)
OWNER_DESK, STRANGER = "198.51.100.7", "203.0.113.9"


@pytest.fixture
def store_with_accounts(demo_db, tmp_path, monkeypatch) -> Path:
    text = SETTINGS.read_text().replace("failed_sign_in_delay_s = 1.0", "failed_sign_in_delay_s = 0.0")
    (tmp_path / "settings.toml").write_text(text)
    monkeypatch.setenv("DASHBOARD_SETTINGS", str(tmp_path / "settings.toml"))
    db = copy_store(demo_db, tmp_path / "kho")
    add_accounts(db)
    return db


def attempt(db: Path, name: str, password: str, client: str | None, second: float) -> str:
    """'ok', or the answer given."""
    try:
        accounts.sign_in(db, name, password, client=client, now=START + dt.timedelta(seconds=second))
        return "ok"
    except SignInRefused as exc:
        return str(exc)


def test_a_disabled_account_with_its_right_password_is_answered_as_a_wrong_password(store_with_accounts):
    db = store_with_accounts
    accounts.set_disabled(db, "lanhdao", True, actor="quantri2")
    answers = [attempt(db, name, password, STRANGER, 0)
               for name, password in (("lanhdao", PASSWORDS["lanhdao"]), ("cv.stc", "mat-khau-sai-123"),
                                      ("khong-co-ai", "bat-ky-mat-khau"))]
    assert answers == [accounts.WRONG_PASSWORD] * 3
    con = duckdb.connect(str(db), read_only=True)
    why = con.execute("select detail from audit_log where action = 'sign_in_failed' and actor = 'lanhdao'").fetchone()
    con.close()
    assert why == ("tài khoản bị khóa",), "the administrators still read why"


def test_one_password_tried_across_many_names_from_one_address_is_slowed(store_with_accounts):
    db = store_with_accounts
    for i in range(10):
        assert attempt(db, f"nguoi-{i}", "mat-khau-2026", STRANGER, i) == accounts.WRONG_PASSWORD
    answer = attempt(db, "lanhdao", "mat-khau-2026", STRANGER, 10)
    assert answer.startswith("Đăng nhập sai nhiều lần. Hãy thử lại sau"), answer
    # Its own account signing in from there does not wipe the count.
    assert attempt(db, "cv.stc", PASSWORDS["cv.stc"], STRANGER, 11).startswith("Đăng nhập sai nhiều lần")
    # Another address is not held up by it.
    assert attempt(db, "lanhdao", PASSWORDS["lanhdao"], OWNER_DESK, 12) == "ok"


def test_a_stranger_cannot_lock_out_an_account_its_owner_is_using(store_with_accounts):
    db = store_with_accounts
    assert attempt(db, "quantri2", PASSWORDS["quantri2"], OWNER_DESK, 0) == "ok"
    # Guessing spread over many machines, two tries each: the name is slowed for new addresses ...
    for i in range(40):
        attempt(db, "quantri2", f"doan-{i}-xxxxxxxx", f"203.0.113.{i // 2}", 1 + i)
    stranger = attempt(db, "quantri2", "doan-nua-xxxxxxxx", "192.0.2.50", 45)
    assert stranger.startswith("Đăng nhập sai nhiều lần"), stranger
    # ... never for the owner at the desk the account signs in from.
    assert attempt(db, "quantri2", PASSWORDS["quantri2"], OWNER_DESK, 46) == "ok"


def test_the_name_at_one_address_waits_after_three_failures_and_others_do_not(store_with_accounts):
    db = store_with_accounts
    for i in range(3):
        attempt(db, "lanhdao", f"sai-{i}-xxxxxxxx", STRANGER, i)
    assert attempt(db, "lanhdao", PASSWORDS["lanhdao"], STRANGER, 3).startswith("Đăng nhập sai nhiều lần")
    assert attempt(db, "lanhdao", PASSWORDS["lanhdao"], OWNER_DESK, 3) == "ok"
    con = duckdb.connect(str(db), read_only=True)
    clients = con.execute("select distinct client from audit_log where actor = 'lanhdao' order by 1").fetchall()
    con.close()
    assert clients == [(OWNER_DESK,), (STRANGER,)]
