"""Accounts: who may sign in, with which role, and what an editor may load.

Roles: viewer (reads every page), editor (loads the datasets, and where set only the communes,
assigned to the account), admin (everything, plus accounts, rollback and the audit log).
Passwords are kept as argon2 hashes; a password is never stored, logged or written to the audit
log. Every change writes its audit row in the same transaction and republishes the read snapshot,
where the dashboard looks an account up on every page view (so a disabled account is out at once).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from . import audit, sessions, store
from .communes import communes
from .problems import Problem, Rejected, reject
from .settings import setting
from .units import UnitLimit, agency_unit, decide_scope

ROLES = ("viewer", "editor", "admin")
ROLE_LABELS = {"viewer": "Xem số liệu", "editor": "Cập nhật số liệu", "admin": "Quản trị"}
_RANK = {role: i for i, role in enumerate(ROLES)}
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{2,63}$")
MIN_PASSWORD = 10
FIRST_ADMIN = "quantri"

_hasher = PasswordHasher()
# Checked against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    role: str
    datasets: tuple[str, ...] = ()
    communes: tuple[str, ...] = ()
    disabled: bool = False
    agencies: tuple[str, ...] = ()

    @property
    def unit_limit(self) -> UnitLimit:
        """The units an editor limited to some may load for: they always load as those units."""
        return UnitLimit(self.communes, self.agencies) if not self.can("admin") else UnitLimit()

    def can(self, role: str) -> bool:
        return not self.disabled and _RANK[self.role] >= _RANK[role]

    @property
    def label(self) -> str:
        return f"{self.display_name} ({ROLE_LABELS[self.role].lower()})"


WRONG_PASSWORD = "Tên đăng nhập hoặc mật khẩu không đúng."


class SignInRefused(Exception):
    """A sign-in that did not succeed; the message is Vietnamese and says what to do."""


# --------------------------------------------------------------------------- reading

_COLUMNS = "username, display_name, role, datasets, communes, disabled, agencies"


def _account(row) -> Account:
    return Account(row[0], row[1], row[2], tuple(row[3] or ()), tuple(row[4] or ()), bool(row[5]), tuple(row[6] or ()))


def find(con, username: str) -> Account | None:
    """The account on an open connection (the store or its read snapshot), or None."""
    row = con.execute(f"select {_COLUMNS} from accounts where username = ?", [username]).fetchone()
    return _account(row) if row else None


def list_accounts(db: Path) -> list[Account]:
    if not Path(db).exists():
        return []
    with store.writer(Path(db)) as con:
        return [_account(r) for r in con.execute(f"select {_COLUMNS} from accounts order by username").fetchall()]


# --------------------------------------------------------------------------- checks

def normal_username(username: str) -> str:
    return str(username or "").strip().lower()


def _check_username(username: str) -> str:
    name = normal_username(username)
    if not _USERNAME.match(name):
        raise reject("bad-username", f'Tên đăng nhập "{name}" không hợp lệ: 3–64 ký tự, chữ thường không dấu, '
                                     "số và . _ @ -, bắt đầu bằng chữ hoặc số.")
    return name


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise reject("bad-role", f'Không có vai trò "{role}" (dùng: {", ".join(ROLES)}).')
    return role


def _check_datasets(datasets) -> tuple[str, ...]:
    unknown = [d for d in datasets if d not in store.DATASETS]
    if unknown:
        raise reject("bad-dataset", f'Không có loại dữ liệu "{unknown[0]}" (dùng: {", ".join(store.DATASETS)}).')
    return tuple(dict.fromkeys(datasets))


def _check_communes(codes) -> tuple[str, ...]:
    known = {c.code for c in communes()}
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise reject("bad-commune", f'Không có xã, phường mã "{unknown[0]}" (dùng mã 5 chữ số).')
    return tuple(dict.fromkeys(codes))


def _check_agencies(names) -> tuple[str, ...]:
    """Agencies as the store names them (agencies.toml's spelling); a group is no agency."""
    found = []
    for name in names:
        unit = agency_unit(name)
        if unit is None:
            raise reject("bad-agency", f'"{name}" không phải là tên một cơ quan (là một nhóm cơ quan); '
                                       "hãy ghi tên từng cơ quan, cách nhau bởi dấu chấm phẩy.")
        found.append(unit)
    return tuple(dict.fromkeys(found))


def _check_password(password: str | None) -> str:
    if password is None:
        return new_password()
    if len(password) < MIN_PASSWORD:
        raise reject("weak-password", f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự.")
    return password


def new_password() -> str:
    return secrets.token_urlsafe(12)


# --------------------------------------------------------------------------- changes

# Changes after which no browser may stay signed in as the account.
ENDS_SESSIONS = ("account_role", "account_disable", "account_password")


def _change(db: Path, actor: str, action: str, target: str, detail: str, sql: str, params: list) -> None:
    """One account change and its audit row in one transaction, then the snapshot republished."""
    with store.writer(Path(db), publish_after=True) as con:
        con.execute("begin transaction")
        try:
            exists = con.execute("select count(*) from accounts where username = ?", [target]).fetchone()[0]
            if action == "account_add" and exists:
                raise reject("account-exists", f'Đã có tài khoản "{target}".')
            if action != "account_add" and not exists:
                raise reject("unknown-account", f'Không có tài khoản "{target}".')
            con.execute(sql, params)
            if action in ENDS_SESSIONS:  # every browser signed in as it is out at once
                sessions.end_all(con, target, action)
            audit.insert(con, actor, action, target=target, detail=detail)
            con.execute("commit")
        except BaseException:
            with contextlib.suppress(duckdb.Error):  # a failed commit has ended the transaction already
                con.execute("rollback")
            raise


def _scope_text(role: str, datasets, communes_, agencies=()) -> str:
    parts = [f"vai trò {role}"]
    if role == "editor":
        parts.append("dữ liệu: " + (", ".join(datasets) or "chưa giao"))
        if communes_:
            parts.append("xã, phường: " + ", ".join(communes_))
        if agencies:
            parts.append("cơ quan: " + "; ".join(agencies))
    return "; ".join(parts)


def add_account(db: Path, username: str, role: str, *, actor: str, password: str | None = None,
                display_name: str | None = None, datasets=(), communes_=(), agencies=()) -> str:
    """Create an account; returns its password (the one given, or a new random one to pass on once)."""
    name, role = _check_username(username), _check_role(role)
    datasets, communes_ = _check_datasets(datasets), _check_communes(communes_)
    agencies = _check_agencies(agencies)
    password = _check_password(password)
    now = dt.datetime.now()
    _change(db, actor, "account_add", name, _scope_text(role, datasets, communes_, agencies),
            "insert into accounts (username, display_name, password_hash, role, datasets, communes, agencies, "
            "disabled, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, false, ?, ?)",
            [name, (display_name or name).strip()[:100], _hasher.hash(password), role,
             list(datasets), list(communes_), list(agencies), now, now])
    return password


def set_role(db: Path, username: str, role: str, *, actor: str, datasets=(), communes_=(), agencies=()) -> None:
    name, role = normal_username(username), _check_role(role)
    datasets, communes_ = _check_datasets(datasets), _check_communes(communes_)
    agencies = _check_agencies(agencies)
    _change(db, actor, "account_role", name, _scope_text(role, datasets, communes_, agencies),
            "update accounts set role = ?, datasets = ?, communes = ?, agencies = ?, updated_at = ? where username = ?",
            [role, list(datasets), list(communes_), list(agencies), dt.datetime.now(), name])


def set_disabled(db: Path, username: str, disabled: bool, *, actor: str) -> None:
    name = normal_username(username)
    _change(db, actor, "account_disable" if disabled else "account_enable", name, "",
            "update accounts set disabled = ?, updated_at = ? where username = ?",
            [disabled, dt.datetime.now(), name])


def set_password(db: Path, username: str, *, actor: str, password: str | None = None) -> str:
    name, password = normal_username(username), _check_password(password)
    _change(db, actor, "account_password", name, "",
            "update accounts set password_hash = ?, updated_at = ? where username = ?",
            [_hasher.hash(password), dt.datetime.now(), name])
    return password


def ensure_first_admin(db: Path) -> str | None:
    """On a store without any account, create the admin `quantri` with a random password and
    return it (for the console, once); None when accounts exist already."""
    db = Path(db)
    if db.exists():
        with store.writer(db) as con:
            if con.execute("select count(*) from accounts").fetchone()[0]:
                return None
    with store.writer(db, publish_after=True) as con:
        if con.execute("select count(*) from accounts").fetchone()[0]:
            return None  # another process was first
        password, now = new_password(), dt.datetime.now()
        con.execute("begin transaction")
        con.execute("insert into accounts (username, display_name, password_hash, role, datasets, communes, "
                    "agencies, disabled, created_at, updated_at) values (?, ?, ?, 'admin', [], [], [], false, ?, ?)",
                    [FIRST_ADMIN, "Quản trị viên", _hasher.hash(password), now, now])
        audit.insert(con, "hệ thống", "account_add", target=FIRST_ADMIN, detail="tài khoản quản trị đầu tiên")
        con.execute("commit")
    return password


# --------------------------------------------------------------------------- sign-in

def _wait_after(failures: int, last: dt.datetime | None, free: int, now: dt.datetime) -> int:
    """After `free` failures in a row, each further one doubles the wait (from 5 s, to a ceiling)."""
    if failures < free or last is None:
        return 0
    wait = min(5 * 2 ** (failures - free), float(setting("access", "max_wait_seconds", 300)))
    return max(0, int((last + dt.timedelta(seconds=wait) - now).total_seconds() + 0.999))


def _wait_needed(con, name: str, client: str | None, now: dt.datetime) -> int:
    """Seconds still to wait before the next attempt of this name from this address. Failures slow
    down three things, each counted within the window and forgotten after a success:
    - the name at this address (a person mistyping, or someone guessing here): after a few;
    - the address, whatever names it tries (one password tried across many names): after more,
      and a success at that address does not reset it;
    - the name from every address (guessing spread over many machines): after many more, except at
      an address where this account signed in before, so that a stranger cannot lock the owner out.
    `client` None is a visitor on this machine, or one whose address is not known: the address
    counts are then left out."""
    window = now - dt.timedelta(minutes=float(setting("access", "failure_window_minutes", 15)))
    known = dt.timedelta(days=float(setting("access", "known_address_days", 30)))

    def failures(where: str, params: list, since: dt.datetime) -> tuple[int, dt.datetime | None]:
        return con.execute(f"select count(*), max(event_at) from audit_log where action = 'sign_in_failed' "
                           f"and event_at > ? and {where}", [since, *params]).fetchone()

    def last_ok(where: str, params: list) -> dt.datetime | None:
        return con.execute(f"select max(event_at) from audit_log where action = 'sign_in' and {where}",
                           params).fetchone()[0]

    here = last_ok("actor = ? and client is not distinct from ?", [name, client])
    waits = [_wait_after(*failures("actor = ? and client is not distinct from ?", [name, client],
                                   max(window, here) if here else window),
                         int(setting("access", "free_failures", 3)), now)]
    if client is not None:  # not forgotten after a success: one's own account must not reset the count
        waits.append(_wait_after(*failures("client = ?", [client], window),
                                 int(setting("access", "free_failures_per_address", 10)), now))
    if here is None or here < now - known:
        anywhere = last_ok("actor = ?", [name])
        waits.append(_wait_after(*failures("actor = ?", [name], max(window, anywhere) if anywhere else window),
                                 int(setting("access", "free_failures_per_name", 20)), now))
    return max(waits)


def sign_in(db: Path, username: str, password: str, *, client: str | None = None,
            now: dt.datetime | None = None) -> Account:
    """The account, when the name and password match an enabled account; else SignInRefused.
    Every attempt is recorded with the address it came from (`client`); repeated failures make
    the next attempts wait longer and longer (see _wait_needed). A disabled account is answered
    exactly as a wrong password, so that the answer never confirms a password."""
    name = normal_username(username)[:64] or "?"
    db = Path(db)
    if not db.exists():
        raise SignInRefused("Chưa có tài khoản nào. Quản trị viên tạo tài khoản bằng lệnh "
                            "`python -m data_pipeline users add`.")
    now = now or dt.datetime.now()
    try:
        with store.writer(db) as con:
            wait = _wait_needed(con, name, client, now)
            if wait:
                audit.insert(con, name, "sign_in_throttled", target=name, detail=f"còn phải chờ {wait} giây",
                             outcome="refused", at=now, client=client)
                raise SignInRefused(f"Đăng nhập sai nhiều lần. Hãy thử lại sau {wait} giây.")
            row = con.execute(f"select {_COLUMNS}, password_hash from accounts where username = ?", [name]).fetchone()
            ok = _verify(row[-1] if row else _DUMMY_HASH, password) and row is not None
            account = _account(row) if row else None
            if ok and not account.disabled:
                audit.insert(con, name, "sign_in", target=name, detail=f"vai trò {account.role}", at=now, client=client)
                return account
            # The log says why (for the administrators); the answer below is the same for all three.
            reason = "tài khoản bị khóa" if ok else ("sai mật khẩu" if row else "không có tài khoản này")
            audit.insert(con, name, "sign_in_failed", target=name, detail=reason, outcome="refused", at=now,
                         client=client)
    except Rejected as exc:
        raise SignInRefused("Không ghi được nhật ký đăng nhập nên chưa thể đăng nhập: "
                            + "; ".join(p.message for p in exc.problems)) from None
    time.sleep(float(setting("access", "failed_sign_in_delay_s", 1.0)))
    raise SignInRefused(WRONG_PASSWORD)


def _verify(hashed: str, password: str) -> bool:
    try:
        return _hasher.verify(hashed, password or "")
    except (VerificationError, InvalidHashError):
        return False


# --------------------------------------------------------------------------- what an editor may load

def upload_problems(account: Account, prepared) -> list[Problem]:
    """Why this account may not load this file (empty when it may): the dataset must be one
    assigned to the account and, where it is limited to some communes or agencies, every row must
    belong to one of them (units.decide_scope words each row that does not)."""
    if account.can("admin"):
        return []
    if not account.can("editor"):
        return [Problem("not-allowed", "Tài khoản của bạn chỉ được xem số liệu, không được nạp dữ liệu.")]
    if prepared.dataset not in account.datasets:
        allowed = ", ".join(account.datasets) or "chưa được giao loại nào"
        return [Problem("not-allowed", f'Tài khoản của bạn không được nạp loại dữ liệu "{prepared.label}" '
                                       f"({prepared.dataset}); được giao: {allowed}.")]
    if not account.unit_limit:
        return []
    try:
        decide_scope(prepared, limit=account.unit_limit)
    except Rejected as exc:
        return exc.problems
    return []


def check_upload(account: Account, prepared) -> None:
    problems = upload_problems(account, prepared)
    if problems:
        raise Rejected(problems)


@dataclass(frozen=True)
class UploadPermit:
    """What `ingest(permit=...)` takes for a signed-in account: the check of what it may load, and
    the units it always loads as (`limit`)."""

    account: Account

    def __call__(self, prepared) -> None:
        check_upload(self.account, prepared)

    @property
    def limit(self) -> UnitLimit:
        return self.account.unit_limit
