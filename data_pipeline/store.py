"""The DuckDB store: schema, loads written in one transaction, history, rollback, and the
read-only snapshot the dashboard reads while a load runs.

DuckDB lets only one process hold a file read-write, and then no other process may open it.
So writers serialise on a lock file and hold the store only for the short write; after each
write, still holding the lock, they publish a copy (`<store>.read.duckdb`, swapped in with an
atomic rename) that readers open read-only. A reader that opened the old copy keeps seeing it
whole; a reader that opens after the swap sees the new one.

A write that readers must see is only done once that copy is published. Such a writer leaves a
marker file (`<store>.publish-pending`) from before its commit until the copy is swapped in, so a
writer killed, or stopped by a full disk, between the two leaves the marker behind: the next
writer, the next command and the next start of the dashboard server publish what was committed
(and say so), and remove the temporary copies a failed publish left. A load whose copy cannot be
published is taken out of the store again, so that "not loaded" stays true.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import getpass
import hashlib
import json
import os
import shutil
import signal
import time
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from . import audit, marts
from .communes import communes
from .problems import Problem, Rejected, reject
from .settings import SQL_DIR, setting

if TYPE_CHECKING:  # pandas is imported only where a DataFrame is asked for
    import pandas as pd

BUSY_TIMEOUT_S = 60.0
DATASETS = ("tasks", "disbursement", "mining", "revenue", "trade", "growth", "dossiers", "petitions")
# Kept month by month: for each month and unit the newest load wins. The others are kept whole:
# for each unit the newest load covering it (its own report or a compilation) wins.
MONTHLY_DATASETS = ("revenue", "trade", "growth")
WHOLE_DATASETS = tuple(d for d in DATASETS if d not in MONTHLY_DATASETS)


def snapshot_path(db: Path) -> Path:
    return db.with_name(db.name.removesuffix(".duckdb") + ".read.duckdb")


def sql_files() -> list[Path]:
    """The current views and shared macros: load_parts first (which loads show), report_status and
    current_loads last (they read the views of the datasets). Marts are queries run by marts.py."""
    last = ("report_status", "current_loads")
    return sorted((SQL_DIR / "current").glob("*.sql"),
                  key=lambda p: (p.stem != "load_parts", p.stem in last, p.stem))


def private_files() -> None:
    """Files this process creates from now on (the store, its WAL, snapshots, backups, logs) are
    its user's alone, or its user's and the group of [store] group: they hold password hashes."""
    os.umask(0o027 if _file_group() is not None else 0o077)


def protect(path: Path) -> None:
    """The store's mode on one file made before private_files() (or by a library that ignores it)."""
    if not path.exists():
        return
    group = _file_group()
    if group is not None:
        os.chown(path, -1, group)
    path.chmod(0o640 if group is not None else 0o600)


def _file_group() -> int | None:
    import grp

    name = (setting("store", "group", "") or "").strip()
    if not name:
        return None
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        raise reject("store-group", f"Nhóm «{name}» trong settings.toml ([store] group) không có trên máy này.") from None


@contextlib.contextmanager
def writer_lock(db: Path):
    """The writers' lock of a store: one writer at a time across processes."""
    db = Path(db)
    db.parent.mkdir(parents=True, exist_ok=True)
    lock_path = db.with_name(db.name + ".lock")
    with open(lock_path, "a+") as lock:
        deadline = time.monotonic() + BUSY_TIMEOUT_S
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise reject("store-busy", "Kho dữ liệu đang bận (một lần nạp khác đang chạy); hãy thử lại sau.") from None
                time.sleep(0.2)
        try:
            yield deadline
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class PublishFailed(Rejected):
    """A write was committed but its read snapshot could not be published: readers do not see it.
    `undone`: the write was taken out of the store again (readers and store agree once more)."""

    def __init__(self, reason: str, undone: bool = False):
        self.reason, self.undone = reason, undone
        super().__init__([Problem("publish-pending", f"Đã ghi vào kho dữ liệu nhưng bảng điều hành chưa thấy thay đổi "
                                                     f"này: không công bố được bản đọc ({reason}). {WHEN_PUBLISHED}")])


WHEN_PUBLISHED = ("Khi ổ đĩa đủ chỗ trống, thay đổi sẽ hiện lúc máy chủ bảng điều hành khởi động lại hoặc khi chạy "
                  "lệnh tiếp theo (ví dụ `python -m data_pipeline history`).")


@contextlib.contextmanager
def writer(db: Path, *, publish_after: bool = False, undo=None):
    """The store open read-write, alone: one writer at a time across processes.

    With `publish_after`, the read snapshot is republished before the lock is let go, so that no
    other writer can change the store while it is copied, nor publish out of order; a write that
    committed but could not be published raises PublishFailed, after `undo(con, reason)` (where
    given) has taken it out of the store again in a transaction of its own."""
    db = Path(db)
    with writer_lock(db) as deadline:
        if not publish_after:
            con = _open_rw(db, deadline)
            try:
                ensure_schema(con)
                yield con
            finally:
                con.close()
                protect(db)
            return
        _publish_interrupted(db, deadline, before_write=True)
        _mark_publish_pending(db)
        before = _files_state(db)
        con = None
        try:
            con = _open_rw(db, deadline)
            ensure_schema(con)
            _fault_point("writing")
            yield con
        except BaseException:
            _close_quietly(con)
            _after_failed_write(db, before)
            raise
        _fault_point("committed")
        try:
            con.execute("checkpoint")  # into the store file itself, or a full disk says so here
            con.close()
            protect(db)
            publish(db)
        except (duckdb.Error, OSError) as exc:
            _close_quietly(con)
            reason = _vi_io(exc)
            undone = undo is not None and _undo(db, deadline, undo, reason)
            if undone:
                _clear_publish_pending(db)
            raise PublishFailed(reason, undone) from None
        _fault_point("published")
        _clear_publish_pending(db)


def _fault_point(step: str) -> None:
    """The fault tests stop a writer at a named step (DASHBOARD_FAULT_STOP=step) to kill it there."""
    if os.environ.get("DASHBOARD_FAULT_STOP") == step:
        os.kill(os.getpid(), signal.SIGSTOP)


def _close_quietly(con) -> None:
    if con is not None:
        with contextlib.suppress(duckdb.Error):
            con.close()


def _wal_path(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _pending_path(db: Path) -> Path:
    return db.with_name(db.name + ".publish-pending")


def _files_state(db: Path) -> tuple:
    """What a commit changes on disk: DuckDB appends it to the write-ahead log (or, checkpointing,
    rewrites the store file); a transaction rolled back touches neither."""
    state = []
    for path in (db, _wal_path(db)):
        try:
            st = path.stat()
        except FileNotFoundError:
            st = None
        # An empty log holds nothing: DuckDB empties it again when a commit fails.
        state.append((st.st_ino, st.st_size, st.st_mtime_ns) if st and (st.st_size or path == db) else None)
    return tuple(state)


def _mark_publish_pending(db: Path) -> None:
    try:
        os.close(os.open(_pending_path(db), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        folder = os.open(db.parent, os.O_RDONLY)
        try:
            os.fsync(folder)  # the marker is on disk before any commit it stands for
        finally:
            os.close(folder)
    except OSError as exc:
        raise reject("store-write-failed", f"Không ghi được vào kho dữ liệu: {_vi_io(exc)}; dữ liệu cũ giữ nguyên.") from None


def _clear_publish_pending(db: Path) -> None:
    _pending_path(db).unlink(missing_ok=True)


def _after_failed_write(db: Path, before: tuple) -> None:
    """A write that raised: where it committed nothing, readers' copy is still true; where it did
    commit something, publish that, or leave the marker for the next writer or start."""
    if _files_state(db) == before:
        _clear_publish_pending(db)
        return
    with contextlib.suppress(duckdb.Error, OSError):
        publish(db)
        _clear_publish_pending(db)


def _undo(db: Path, deadline: float, undo, reason: str) -> bool:
    """Take a committed but unpublished write out of the store again; False where even that fails."""
    try:
        con = _open_rw(db, deadline)
    except Rejected:
        return False
    try:
        con.execute("begin transaction")
        undo(con, reason)
        con.execute("commit")
        return True
    except duckdb.Error:  # the disk is too full even for that: the marker stays
        with contextlib.suppress(duckdb.Error):
            con.execute("rollback")
        return False
    finally:
        _close_quietly(con)


def publish_interrupted(db: Path) -> str | None:
    """Publish what a writer committed but did not publish (killed, or stopped by a full disk),
    and remove the temporary copies failed publishes left. Returns what it did, or why it still
    could not, in Vietnamese; None when there was nothing to do. The command line and the
    dashboard server call it when they start."""
    db = Path(db)
    if not _pending_path(db).exists() and not _leftover_snapshots(db):
        return None
    try:
        with writer_lock(db) as deadline:
            _remove_leftover_snapshots(db)
            return _publish_interrupted(db, deadline, before_write=False)
    except Rejected as exc:
        return "; ".join(p.message for p in exc.problems)


def _publish_interrupted(db: Path, deadline: float, *, before_write: bool) -> str | None:
    if not _pending_path(db).exists():
        return None
    try:
        con = _open_rw(db, deadline)  # replays what the killed writer committed to the write-ahead log
        try:
            shown = _unpublished_loads(con, snapshot_path(db))
            con.execute("checkpoint")
        finally:
            _close_quietly(con)
        publish(db)
    except (duckdb.Error, OSError, Rejected) as exc:
        reason = exc.problems[0].message if isinstance(exc, Rejected) else _vi_io(exc)
        said = f"Bảng điều hành chưa thấy một lần ghi trước bị gián đoạn: không công bố được bản đọc ({reason})."
        if before_write:
            raise reject("store-write-failed", f"{said} Chưa ghi gì thêm; dữ liệu giữ nguyên.") from None
        raise reject("publish-pending", f"{said} {WHEN_PUBLISHED}") from None
    _clear_publish_pending(db)
    if not shown:
        return "Đã công bố lại bản đọc cho bảng điều hành sau một lần ghi bị gián đoạn (không có lần nạp nào mới)."
    listed = ", ".join(str(i) for i in shown[:10]) + (" …" if len(shown) > 10 else "")
    return (f"Đã công bố cho bảng điều hành lần ghi trước bị gián đoạn: lần nạp {listed} "
            "(đã ghi vào kho nhưng chưa hiện) nay đã hiện.")


def _unpublished_loads(con: duckdb.DuckDBPyConnection, snap: Path) -> list[int]:
    """Active loads of the store that readers' copy does not have as active."""
    if not con.execute("select count(*) from duckdb_tables() where table_name = 'loads'").fetchone()[0]:
        return []
    if not snap.exists():
        return [r[0] for r in con.execute("select load_id from loads where status = 'active' order by 1").fetchall()]
    con.execute(f"attach '{_sql_text(str(snap))}' as published (read_only)")
    try:
        return [r[0] for r in con.execute(
            "select load_id from loads where status = 'active' except "
            "select load_id from published.loads where status = 'active' order by 1").fetchall()]
    finally:
        con.execute("detach published")


def _open_rw(db: Path, deadline: float) -> duckdb.DuckDBPyConnection:
    while True:
        try:
            return duckdb.connect(str(db))
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise reject("store-unavailable", f"Không mở được kho dữ liệu {db.name}: {_vi_io(exc)}") from None
            time.sleep(0.2)


def _vi_io(exc: Exception) -> str:
    text = str(exc).lower()
    if "no space" in text or "file too large" in text or "disk quota" in text:
        return "ổ đĩa đã đầy (hoặc hết dung lượng được phép ghi)"
    if "read-only" in text or "permission" in text:
        return "không có quyền ghi (tệp hoặc thư mục chỉ đọc)"
    if "lock" in text:
        return "tệp đang được một chương trình khác giữ"
    return "lỗi đọc/ghi tệp"


def _sql_version() -> str:
    digest = hashlib.sha256((SQL_DIR / "schema.sql").read_bytes())
    digest.update(json.dumps(_reporting_rules(), ensure_ascii=False, sort_keys=True).encode())
    for path in sql_files():
        digest.update(path.read_bytes())
    digest.update(_derived_version().encode())
    return digest.hexdigest()


DERIVED_TASKS = SQL_DIR / "derived" / "tasks.sql"


def _derived_version() -> str:
    """What the stored figures of tasks loads depend on: their SQL and the macros it calls."""
    return hashlib.sha256(DERIVED_TASKS.read_bytes() + (SQL_DIR / "current" / "_macros.sql").read_bytes()).hexdigest()


def derive_tasks(con: duckdb.DuckDBPyConnection) -> None:
    """Work out the stored figures of every tasks load not yet scored (sql/derived/tasks.sql). A
    load calls it inside its own transaction; `ensure_schema` calls it for stores made before."""
    con.execute(DERIVED_TASKS.read_text())


def _rederive_tasks(con: duckdb.DuckDBPyConnection) -> None:
    """Fill the stored figures of tasks loads; all of them again when the SQL that derives them changed."""
    version = _derived_version()
    stored = con.execute("select value from schema_meta where key = 'derived_tasks_version'").fetchone()
    con.execute("begin transaction")  # all or nothing: a half-done run would count some loads twice
    try:
        if stored and stored[0] != version:
            con.execute("delete from task_reports_by_load")
            con.execute("update stg_tasks set note_score = null, coordinating_list = null")
        derive_tasks(con)
        con.execute("insert or replace into schema_meta values ('derived_tasks_version', ?)", [version])
        con.execute("commit")
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.execute("rollback")
        raise


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Tables, the commune dimension, views and macros, and the stored figures of tasks loads not yet
    worked out; all of it only when the .sql changed."""
    version = _sql_version()
    con.execute("create table if not exists schema_meta (key varchar primary key, value varchar)")
    stored = con.execute("select value from schema_meta where key = 'sql_version'").fetchone()
    if stored and stored[0] == version:
        return
    con.execute((SQL_DIR / "schema.sql").read_text())
    if con.execute("select count(*) from communes").fetchone()[0] == 0:
        rows = communes()  # one statement: executemany runs one per row, far slower
        con.execute("insert into communes values " + ", ".join(["(?, ?, ?)"] * len(rows)),
                    [value for c in rows for value in (c.code, c.name, c.type)])
    _backfill_units(con)
    _write_reporting_rules(con)
    for path in sql_files():
        con.execute(path.read_text())
    _rederive_tasks(con)
    con.execute("insert or replace into schema_meta values ('sql_version', ?)", [version])


def _reporting_rules() -> dict:
    """settings.toml's [reports]: the due day, and the units expected per dataset as the store names them."""
    from .units import resolve_unit_option
    section = setting("reports", "expected", {}) or {}
    expected = {}
    for dataset, names in section.items():
        if dataset in DATASETS:
            for name in names:
                with contextlib.suppress(Rejected):
                    expected.setdefault(dataset, []).extend(resolve_unit_option(dataset, str(name)) or [])
    return {"due_day": int(setting("reports", "due_day", 23)), "expected": expected}


def _write_reporting_rules(con: duckdb.DuckDBPyConnection) -> None:
    rules = _reporting_rules()
    con.execute("delete from reporting_rules")
    con.execute("insert into reporting_rules values ('due_day', ?)", [str(rules["due_day"])])
    con.execute("delete from expected_units")
    for dataset, units in rules["expected"].items():
        for unit in dict.fromkeys(units):
            con.execute("insert into expected_units values (?, ?)", [dataset, unit])


def _backfill_units(con: duckdb.DuckDBPyConnection) -> None:
    """Rows stored before loads named their units: each row's unit worked out from its cells, and
    the units of each load listed; the loads of that time were compilations, or the tasks of a
    conclusion notice (then the only loads naming a reporting unit)."""
    from .units import UNIT_FIELDS, agency_unit, AGENCY_FIELDS
    pending = [d for d in DATASETS
               if con.execute(f"select count(*) from stg_{d} where is_own is null").fetchone()[0]]
    if not pending:
        return
    con.execute("begin transaction")
    try:
        con.execute("update loads set load_kind = 'notice' where dataset = 'tasks' and reporting_unit is not null "
                    "and load_id not in (select load_id from load_units)")
        for dataset in pending:
            first = UNIT_FIELDS[dataset][0]
            values = [v for (v,) in con.execute(f"select distinct {first} from stg_{dataset} "
                                                f"where is_own is null and {first} is not null").fetchall()]
            mapping = [(v, agency_unit(v) if first in AGENCY_FIELDS else str(v)) for v in values]
            con.execute("create or replace temp table unit_mapping (value varchar, unit varchar)")
            if mapping:
                con.executemany("insert into unit_mapping values (?, ?)", mapping)
            con.execute(f"update stg_{dataset} s set report_unit = m.unit from unit_mapping m "
                        f"where s.is_own is null and s.{first} = m.value")
            loads = [i for (i,) in con.execute(f"select distinct load_id from stg_{dataset} where is_own is null "
                                               "and load_id not in (select load_id from load_units)").fetchall()]
            con.execute(f"update stg_{dataset} set is_own = true where is_own is null")
            for load_id in loads:  # loads of that time: compilations, or a notice's tasks
                con.execute(_LOAD_UNITS_SQL.format(dataset=dataset, **_unit_columns(dataset)), [load_id, None])
        con.execute("drop table if exists unit_mapping")
        con.execute("commit")
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            con.execute("rollback")
        raise


def publish(db: Path) -> None:
    """Copy the store to the read snapshot, store in it the marts worth working out once
    (marts.STORED), and swap it in atomically. Called under the writers' lock; a copy that
    fails half-way is removed, and so are those earlier publishes left behind."""
    db = Path(db)
    target = snapshot_path(db)
    _remove_leftover_snapshots(db)
    tmp = target.with_name(target.name + f".tmp{os.getpid()}")
    try:
        shutil.copyfile(db, tmp)
        if _wal_path(db).exists():  # committed but not yet checkpointed: the copy replays it
            shutil.copyfile(_wal_path(db), _wal_path(tmp))
        con = duckdb.connect(str(tmp))
        try:
            materialize_current(con)
            marts.store_rows(con, previous=target)  # the figures every view would otherwise work out again
            con.execute("checkpoint")  # whole in the file that is swapped in, or a full disk says so here
        finally:
            con.close()
        _fault_point("copied")
        protect(tmp)
        os.replace(tmp, target)
    except BaseException:
        for path in (tmp, _wal_path(tmp)):
            path.unlink(missing_ok=True)
        raise


def _leftover_snapshots(db: Path) -> list[Path]:
    target = snapshot_path(db)
    return sorted(target.parent.glob(target.name + ".tmp*"))


def _remove_leftover_snapshots(db: Path) -> None:
    """Temporary copies of publishes that were killed or failed (only ever called under the lock)."""
    for path in _leftover_snapshots(db):
        path.unlink(missing_ok=True)


# The current views worked out once into tables of the snapshot: their merge of every unit's newest
# report (or month by month, every area's newest) reads the history of loads, which pages must not
# do on every view. Then the parts of report_status that do not depend on the day (they read tasks).
MATERIALIZED = (*DATASETS, "current_loads", "report_span", "report_expected", "report_arrivals")


def materialize_current(con: duckdb.DuckDBPyConnection) -> None:
    """In a snapshot being published: each view of MATERIALIZED becomes a table of its rows, under
    the same name, so every mart and macro reads it unchanged."""
    for name in MATERIALIZED:
        con.execute(f"create or replace table materialized_{name} as select * from {name}")
        con.execute(f"drop view {name}")
        con.execute(f"alter table materialized_{name} rename to {name}")


def current_owners(db: Path, dataset: str, ids: list) -> dict:
    """Entity id → (its current unit, its commune where the dataset keys units by commune too),
    for the ids given, as the pages show them now (the read snapshot); {} before any load."""
    from .units import ENTITY_KEYS, UNIT_FIELDS
    key = ENTITY_KEYS.get(dataset)
    db = Path(db)
    if key is None or not ids or not (db.exists() or snapshot_path(db).exists()):
        return {}
    second = UNIT_FIELDS[dataset][1] or "null"
    con = read_connection(db)
    try:
        rows = con.execute(f"select {key}, report_unit, {second} from {dataset} "
                           f"where {key} in (select unnest(?::varchar[]))", [list(ids)]).fetchall()
    finally:
        con.close()
    return {r[0]: (r[1], r[2]) for r in rows}


def refresh_views(db: Path) -> None:
    """Re-create views and marts from the .sql files (after an upgrade), then republish."""
    with writer(db, publish_after=True):
        pass


def write_load(db: Path, *, dataset: str, rows: list[dict] | pd.DataFrame, meta: dict,
               problems: list[Problem], scope=None, loaded_at: dt.datetime | None = None) -> int:
    """Everything one load writes, in one transaction; returns its load_id once readers see it.
    `scope` (units.Scope): whose report it is, which gives each row its unit; none: a compilation."""
    db = Path(db)
    units, own = _row_scope(dataset, rows, scope)
    written = {}

    def undo(con: duckdb.DuckDBPyConnection, reason: str) -> None:
        remove_load(con, written["load_id"])
        audit.insert(con, meta["loaded_by"], "upload_undone", target=meta["file_name"], outcome="refused",
                     detail=f"{dataset}, sha256 {meta['file_sha256']}: đã ghi nhưng không công bố được cho bảng "
                            f"điều hành ({reason}) nên đã hủy")

    try:
        with writer(db, publish_after=True, undo=undo) as con:
            con.execute("begin transaction")
            try:
                load_id = con.execute("select coalesce(max(load_id), 0) + 1 from loads").fetchone()[0]
                record = dict(meta, load_id=load_id, dataset=dataset, row_count=len(rows),
                              loaded_at=loaded_at or dt.datetime.now(), status="active",
                              warning_count=sum(1 for p in problems if p.severity == "warning"))
                record.setdefault("load_kind", "report")
                columns = [c for c in record if c in _LOAD_COLUMNS]
                con.execute(f"insert into loads ({', '.join(columns)}) values ({', '.join('?' * len(columns))})",
                            [record[c] for c in columns])
                if hasattr(rows, "table"):  # columnar.ColumnRecords: an Arrow table, scanned as it is
                    import pyarrow as pa
                    table = rows.table.append_column("report_unit", pa.array(units, pa.string())) \
                                      .append_column("is_own", pa.array(own, pa.bool_()))
                    con.register("incoming", table)
                    con.execute(f"insert into stg_{dataset} by name select *, ?::bigint as load_id, "
                                "?::date as report_date from incoming", [load_id, meta["report_date"]])
                else:
                    con.register("incoming", _incoming(rows, load_id=load_id, report_date=meta["report_date"],
                                                       report_unit=units, is_own=own))
                    con.execute(f"insert into stg_{dataset} by name select * from incoming")
                con.unregister("incoming")
                con.execute(_LOAD_UNITS_SQL.format(dataset=dataset, **_unit_columns(dataset)),
                            [load_id, scope.units if scope is not None else None])
                if dataset == "tasks":
                    derive_tasks(con)
                if problems:
                    con.executemany(
                        "insert into load_problems values (?, ?, ?, ?, ?, ?, ?)",
                        [(load_id, p.severity, p.kind, p.sheet, p.row, p.column, p.message) for p in problems])
                audit.insert(con, record["loaded_by"], "upload", target=record["file_name"],
                             detail=f"{dataset}, lần nạp {load_id}, {len(rows)} dòng, sha256 {record['file_sha256']}",
                             at=record["loaded_at"])
                con.execute("commit")
                written["load_id"] = load_id
            except BaseException:
                with contextlib.suppress(duckdb.Error):  # a failed commit has ended the transaction already
                    con.execute("rollback")
                raise
    except PublishFailed as exc:
        if exc.undone:
            raise reject("store-write-failed", "Không nạp được: tệp đã ghi vào kho nhưng không công bố được cho bảng "
                                               f"điều hành ({exc.reason}), nên lần ghi đó đã được hủy; dữ liệu cũ giữ "
                                               "nguyên. Hãy giải phóng dung lượng ổ đĩa rồi nạp lại.") from None
        raise reject("publish-pending", f"Lần nạp {written['load_id']} đã ghi vào kho nhưng chưa hiện trên bảng điều "
                                        f"hành: không công bố được bản đọc ({exc.reason}). {WHEN_PUBLISHED} "
                                        "Đừng nạp lại tệp này.") from None
    except duckdb.Error as exc:
        raise reject("store-write-failed", f"Không ghi được vào kho dữ liệu: {_vi_io(exc)}; dữ liệu cũ giữ nguyên.") from None
    except OSError as exc:
        raise reject("store-write-failed", f"Không ghi được vào kho dữ liệu: {_vi_io(exc)}; dữ liệu cũ giữ nguyên.") from None
    return int(load_id)


def _incoming(rows: list[dict] | pd.DataFrame, *, report_unit: list, is_own: list, **constants):
    """The rows, with the load's constant columns and each row's unit, as something DuckDB scans.
    A list of dicts becomes one NumPy array of Python objects per column, which DuckDB reads
    directly: quicker than building a DataFrame, and pandas need not be imported at all."""
    if not isinstance(rows, list):
        return rows.assign(report_unit=report_unit, is_own=is_own, **constants)
    import numpy as np
    names = dict.fromkeys(key for row in rows for key in row)
    columns = {name: np.array([row.get(name) for row in rows], dtype=object) for name in names}
    columns.update({name: np.array([value] * len(rows), dtype=object) for name, value in constants.items()})
    columns["report_unit"] = np.array(report_unit, dtype=object)
    columns["is_own"] = np.array(is_own, dtype=bool)
    return columns


def remove_load(con: duckdb.DuckDBPyConnection, load_id: int) -> None:
    """Every row of one load, in every table keyed by load_id: for a load that readers never saw."""
    tables = con.execute(
        "select distinct c.table_name from duckdb_columns() c join duckdb_tables() t "
        "on t.database_name = c.database_name and t.schema_name = c.schema_name and t.table_name = c.table_name "
        "where c.column_name = 'load_id' and c.database_name = current_database()").fetchall()
    for (table,) in tables:
        con.execute(f'delete from "{table}" where load_id = ?', [load_id])


_LOAD_COLUMNS = ("load_id", "dataset", "file_name", "file_sha256", "sheet_name", "report_date", "period_start",
                 "period_end", "reporting_unit", "loaded_at", "loaded_by", "row_count", "warning_count",
                 "money_unit", "status", "load_kind")

# The units a load names (load_units): each row's unit and, where the dataset has one, its commune;
# own where the load speaks for it: a compilation for every unit, a unit's report for its units
# ($2, NULL for a compilation), not for the other units its rows name.
_LOAD_UNITS_SQL = """
insert into load_units
select load_id, period, unit, count(*) as rows, $2::varchar[] is null or list_contains($2::varchar[], unit) as own
from (
    select load_id, {period} as period, report_unit as unit, is_own from stg_{dataset} where load_id = $1
    {second}
)
where unit is not null
group by all
"""


def _unit_columns(dataset: str) -> dict:
    from .units import UNIT_FIELDS
    second = UNIT_FIELDS[dataset][1]
    period = "period" if dataset in MONTHLY_DATASETS else "null::date"
    more = (f"union all select load_id, {period}, {second}, is_own from stg_{dataset} where load_id = $1"
            if second else "")
    return {"period": period, "second": more}


def _row_scope(dataset: str, rows, scope) -> tuple[list, list]:
    """Each row's unit and whether the load speaks for it."""
    from .units import records_units
    if scope is not None and len(scope.row_units) == len(rows):
        return list(scope.row_units), list(scope.own)
    records = rows.to_dict("records") if hasattr(rows, "to_dict") else rows
    return [unit for unit, _ in records_units(dataset, records)], [True] * len(records)



def history(db: Path, dataset: str | None = None) -> pd.DataFrame:
    with writer(db) as con:
        query = "select * from loads" + (" where dataset = ?" if dataset else "") + " order by load_id"
        return con.execute(query, [dataset] if dataset else []).df()


def rollback(db: Path, load_id: int, actor: str | None = None) -> dict:
    """Mark a load rolled back; its dataset's view then shows the load before it. Deletes nothing."""
    with writer(db, publish_after=True) as con:
        found = con.execute("select dataset, status from loads where load_id = ?", [load_id]).fetchone()
        if not found:
            raise reject("unknown-load", f"Không có lần nạp số {load_id}.")
        if found[1] == "rolled_back":
            raise reject("already-rolled-back", f"Lần nạp số {load_id} đã được hoàn tác trước đó.")
        con.execute("begin transaction")
        con.execute("update loads set status = 'rolled_back' where load_id = ?", [load_id])
        con.execute("insert into load_events values (?, 'rollback', ?, ?)",
                    [dt.datetime.now(), load_id, actor or current_user()])
        audit.insert(con, actor or current_user(), "rollback", target=f"lần nạp {load_id}", detail=found[0])
        con.execute("commit")
        current = con.execute("select load_id from current_loads where dataset = ? order by load_id desc",
                              [found[0]]).fetchall()
    return {"dataset": found[0], "load_id": load_id, "current": [r[0] for r in current]}


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in some containers
        return "unknown"


class SnapshotChanged(Exception):
    """The snapshot of the version asked for has been replaced by a newer one."""


def read_connection(db: Path, version: str | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published snapshot (publishing it first if missing).
    With `version` (a `data_version`), the snapshot of exactly that version, else SnapshotChanged.

    The snapshot is attached to a fresh in-memory database rather than opened by path: DuckDB
    hands out the database it already has open for a path, so while any connection to the old
    snapshot stayed open, new connections would keep seeing the old data."""
    db = Path(db)
    snap = snapshot_path(db)
    if not snap.exists() and db.exists():
        refresh_views(db)
    if not snap.exists():
        raise reject("no-store", f"Chưa có kho dữ liệu {db}. Hãy nạp dữ liệu trước.")
    for _ in range(ATTACH_ATTEMPTS):
        attached = _attach_unchanged(db, snap)
        if attached is None:  # a publish swapped the file while it was being attached
            if version is not None:
                raise SnapshotChanged(version)
            continue
        con, attached_version = attached
        if version is not None and attached_version != version:
            con.close()
            raise SnapshotChanged(version)
        return con
    raise reject("store-busy", "Kho dữ liệu đang được cập nhật liên tục; hãy tải lại trang sau ít giây.")


# DuckDB opens a file twice when attaching it: once to read its headers, again to read the
# blocks those headers point to. A publish between the two would pair one snapshot's headers with
# another's blocks, so an attach only counts when the file was the same before and after it.
ATTACH_ATTEMPTS = 20


def _attach_unchanged(db: Path, snap: Path) -> tuple[duckdb.DuckDBPyConnection, str] | None:
    before = data_version(db)
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"attach '{_sql_text(str(snap))}' as store (read_only)")
        con.execute("use store")
    except BaseException:
        con.close()
        if data_version(db) != before:
            return None
        raise
    if data_version(db) != before:
        con.close()
        return None
    return con, before


def _sql_text(text: str) -> str:
    return text.replace("'", "''")


def data_version(db: Path) -> str:
    """Changes whenever a new snapshot is published: the cache key of the dashboard."""
    snap = snapshot_path(Path(db))
    try:
        st = snap.stat()
    except FileNotFoundError:
        return "none"
    return f"{st.st_ino}-{st.st_mtime_ns}-{st.st_size}"
