"""Sign-in sessions that outlive one browser tab: a reload, a new tab, a dropped Wi-Fi.

A password sign-in opens a session: a random token whose SHA-256 is a row of `sessions` in the
store. The browser keeps the token in an HttpOnly, SameSite=Strict cookie signed with HMAC-SHA256
under a server secret (a 0600 file beside the store), so a forged or altered cookie is refused
before the store is asked. A session ends when it expires (`[access] session_hours`, default 12),
when its account is disabled, its role changed or its password reset (in the same transaction as
the change, see accounts), or when the account signs out, which ends all of its sessions at once.

The dashboard reads sessions from the read snapshot, so opening and ending one republishes it,
as any account change does.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import secrets
import time
from pathlib import Path

from . import audit, store
from .settings import setting

COOKIE = "ubnd_cb_session"
HANDOFF_SECONDS = 60
DEFAULT_HOURS = 12.0


def lifetime() -> dt.timedelta:
    return dt.timedelta(hours=float(setting("access", "session_hours", DEFAULT_HOURS)))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --------------------------------------------------------------------------- the server secret

def secret_path(db: Path) -> Path:
    return Path(db).with_suffix(".session-secret")


def server_secret(db: Path) -> bytes:
    """The key cookies are signed with, created on first use readable by the server's user only."""
    path = secret_path(db)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    for _ in range(50):  # another process may have created it a moment ago and not yet written it
        key = path.read_text().strip()
        if key:
            return key.encode()
        time.sleep(0.01)
    raise RuntimeError(f"empty session secret {path}")


def _mac(db: Path, purpose: str, text: str) -> str:
    digest = hmac.new(server_secret(db), f"{purpose}:{text}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def cookie_value(db: Path, token: str) -> str:
    return f"{token}.{_mac(db, 'session', token)}"


def token_of_cookie(db: Path, value: str | None) -> str | None:
    """The token of a cookie the server signed, else None."""
    token, _, mac = str(value or "").rpartition(".")
    if not token or not hmac.compare_digest(mac, _mac(db, "session", token)):
        return None
    return token


def handoff(db: Path, token: str, *, now: float | None = None) -> str:
    """A short-lived signed note the page passes to the server, which answers with the cookie: a
    Streamlit page cannot set an HttpOnly cookie itself."""
    expires = int((now or time.time()) + HANDOFF_SECONDS)
    return f"{token}.{expires}.{_mac(db, 'handoff', f'{token}.{expires}')}"


def token_of_handoff(db: Path, note: str, *, now: float | None = None) -> str | None:
    token, expires, mac = (str(note or "").split(".") + ["", "", ""])[:3]
    if not token or not expires.isdigit() or int(expires) < (now or time.time()):
        return None
    if not hmac.compare_digest(mac, _mac(db, "handoff", f"{token}.{expires}")):
        return None
    return token


# --------------------------------------------------------------------------- rows in the store

def open_session(db: Path, username: str, *, now: dt.datetime | None = None) -> str:
    """A new session of an account that has just signed in; returns its token."""
    token, now = secrets.token_urlsafe(32), now or dt.datetime.now()
    with store.writer(Path(db), publish_after=True) as con:
        con.execute("delete from sessions where expires_at < ? or ended_at < ?", [now, now - lifetime()])
        con.execute("insert into sessions (token_hash, username, created_at, expires_at) values (?, ?, ?, ?)",
                    [_hash(token), username, now, now + lifetime()])
    return token


def open_row(con, token: str | None) -> tuple[str, dt.datetime] | None:
    """(account, expiry) of a session not ended, on a connection to the store or its snapshot."""
    if not token:
        return None
    return con.execute("select username, expires_at from sessions where token_hash = ? and ended_at is null",
                       [_hash(token)]).fetchone()


def username_of(con, token: str | None, *, now: dt.datetime | None = None) -> str | None:
    """The account of a session still open (not ended, not expired)."""
    row = open_row(con, token)
    return row[0] if row is not None and row[1] > (now or dt.datetime.now()) else None


def end_all(con, username: str, why: str, *, now: dt.datetime | None = None) -> None:
    """End every open session of the account, on the caller's connection (inside its transaction)."""
    con.execute("update sessions set ended_at = ?, ended_why = ? where username = ? and ended_at is null",
                [now or dt.datetime.now(), why, username])


def sign_out_everywhere(db: Path, username: str) -> None:
    with store.writer(Path(db), publish_after=True) as con:
        con.execute("begin transaction")
        end_all(con, username, "sign_out")
        audit.insert(con, username, "sign_out", target=username, detail="mọi phiên đăng nhập")
        con.execute("commit")
