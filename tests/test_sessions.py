"""Sign-in sessions in the store: a cookie the server did not sign is refused, a session ends when
it expires, when its account is disabled, re-roled or given a new password, and signing out ends
every session of that account and of no other."""

from __future__ import annotations

import datetime as dt
import stat

import pytest

from data_pipeline import accounts, sessions, store


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "store.duckdb"
    for name in ("lanhdao", "lanhdao2"):
        accounts.add_account(path, name, "viewer", actor="kiem-thu", password="xem-so-lieu-2026")
    return path


def open_user(db, token):
    con = store.read_connection(db)
    try:
        return sessions.username_of(con, token)
    finally:
        con.close()


def test_the_server_secret_is_readable_by_the_server_alone(db):
    sessions.server_secret(db)
    mode = stat.S_IMODE(sessions.secret_path(db).stat().st_mode)
    assert mode == 0o600
    assert sessions.server_secret(db) == sessions.server_secret(db)  # kept, not made anew


def test_an_altered_or_foreign_cookie_is_refused(db, tmp_path):
    token = sessions.open_session(db, "lanhdao")
    cookie = sessions.cookie_value(db, token)
    assert sessions.token_of_cookie(db, cookie) == token
    assert sessions.token_of_cookie(db, "x" + cookie) is None
    assert sessions.token_of_cookie(db, token) is None  # unsigned
    other = tmp_path / "other" / "store.duckdb"
    other.parent.mkdir()
    assert sessions.token_of_cookie(other, cookie) is None  # signed by another server's secret


def test_the_handoff_note_lasts_a_minute(db):
    note = sessions.handoff(db, "abc", now=1000.0)
    assert sessions.token_of_handoff(db, note, now=1030.0) == "abc"
    assert sessions.token_of_handoff(db, note, now=1000.0 + sessions.HANDOFF_SECONDS + 1) is None
    token, expires, mac = note.split(".")
    assert sessions.token_of_handoff(db, f"{token}.{int(expires) + 3600}.{mac}", now=1030.0) is None


def test_a_session_expires_after_the_set_time(db):
    opened = dt.datetime.now() - sessions.lifetime() - dt.timedelta(minutes=1)
    token = sessions.open_session(db, "lanhdao", now=opened)
    assert open_user(db, token) is None
    assert open_user(db, sessions.open_session(db, "lanhdao")) == "lanhdao"


@pytest.mark.parametrize("change", ["password", "disable", "role"])
def test_an_account_change_ends_its_sessions_and_no_other(db, change):
    mine, theirs = sessions.open_session(db, "lanhdao"), sessions.open_session(db, "lanhdao2")
    if change == "password":
        accounts.set_password(db, "lanhdao", actor="quantri", password="mat-khau-moi-2026")
    elif change == "disable":
        accounts.set_disabled(db, "lanhdao", True, actor="quantri")
    else:
        accounts.set_role(db, "lanhdao", "admin", actor="quantri")
    assert open_user(db, mine) is None
    assert open_user(db, theirs) == "lanhdao2"


def test_signing_out_ends_every_session_of_the_account(db):
    tablet, laptop = sessions.open_session(db, "lanhdao"), sessions.open_session(db, "lanhdao")
    other = sessions.open_session(db, "lanhdao2")
    sessions.sign_out_everywhere(db, "lanhdao")
    assert open_user(db, tablet) is None and open_user(db, laptop) is None
    assert open_user(db, other) == "lanhdao2"
