"""Files that arrive as bytes (the upload page): checked and loaded through the same path as the
command line, from a private temporary file.

The uploaded file's name is only a label (in messages and in `loads.file_name`); it is never used
as a path. The temporary file is created by `tempfile` (mode 0600, in a fresh 0700 directory) and
removed afterwards, whatever happens.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import gc
import hashlib
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .ingest import LoadResult, Prepared, apply_scope, ingest, prepare, record_rejected
from .problems import Rejected, reject
from .recognise import specs
from .settings import TEMPLATE_DIR, setting
from .text import fold_words, printable

if TYPE_CHECKING:
    import pandas as pd

    from .preview import Comparison

_MAX_LABEL = 200


def display_name(file_name: str | None) -> str:
    """The uploaded name made safe to show and to store: its last path part, printable, NFC, short."""
    text = printable(str(file_name or "").replace("\\", "/").rsplit("/", 1)[-1])
    if len(text) > _MAX_LABEL:
        text = text[:_MAX_LABEL - 1] + "…"
    return text or "tệp tải lên"


@contextlib.contextmanager
def private_copy(data: bytes, file_name: str | None = None):
    """The bytes in a fresh private temporary file, removed on exit. Yields its path."""
    max_mb = float(setting("upload", "max_file_mb", 50))
    if len(data) > max_mb * 1024 * 1024:
        size = f"{len(data) / 1024 / 1024:.1f}".replace(".", ",")
        raise reject("file-too-large", f'Tệp "{display_name(file_name)}" dung lượng {size} MB, '
                                       f"vượt giới hạn {max_mb:g} MB.")
    folder = tempfile.mkdtemp(prefix="dashboard-upload-")
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix="upload-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        yield Path(name)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def prepare_upload(data: bytes, file_name: str | None, *, dataset: str | None = None,
                   report_date: dt.date | None = None, unit: str | None = None, permit=None) -> Prepared:
    """Read and validate uploaded bytes; raises Rejected listing every problem. Writes nothing
    (`permit(prepared)`, where given, raises Rejected when the person may not load the file)."""
    with private_copy(data, file_name) as path:
        prepared = prepare(path, file_name=display_name(file_name), dataset=dataset,
                           report_date=report_date, unit=unit)
    if permit is not None:
        permit(prepared)
    return prepared


MAX_KEPT = 1000  # problems and changed rows the page keeps of one file; it says how many there are in all


@dataclass
class UploadCheck:
    """What the upload page shows of a file it checked, small whatever the file's size: the rows
    themselves are not kept (a confirmed load reads the file again)."""

    dataset: str
    label: str
    row_count: int
    report_date: dt.date
    sheet_name: str | None
    scope: object  # units.Scope: whose report the file is taken to be
    load_kind: str | None
    columns_read: dict
    columns_note: str
    warnings: list  # the first MAX_KEPT warnings
    warning_count: int
    head: pd.DataFrame  # the first rows of the file
    comparison: Comparison | None  # against the current rows, at most MAX_KEPT changed rows listed
    comparison_problem: str | None  # why there is no comparison
    data_version: str  # the read snapshot it was compared with


def check_file(data: bytes, file_name: str | None, *, db: str | Path, dataset: str | None = None,
               report_date: dt.date | None = None, unit: str | None = None, permit=None,
               scope: str | None = None, head_rows: int = 10) -> UploadCheck:
    """prepare_upload, ingest.apply_scope (`scope` as `--reporting-unit`) and compare_with_current,
    keeping only what the page shows; raises Rejected as they do. The memory the file's rows took goes back to the system before it
    returns, so that a server is not left holding the largest file anyone checked."""
    from . import store
    from .preview import compare_with_current

    version = store.data_version(Path(db))
    prepared = prepare_upload(data, file_name, dataset=dataset, report_date=report_date, unit=unit, permit=permit)
    prepared = apply_scope(prepared, db=db, option=scope, limit=getattr(permit, "limit", None))
    give_memory_back()  # what reading took, before the comparison takes its own
    try:
        comparison, problem = compare_with_current(prepared, db, max_changes=MAX_KEPT), None
    except Rejected as exc:
        comparison, problem = None, "; ".join(p.message for p in exc.problems)
    warnings = prepared.warnings
    check = UploadCheck(prepared.dataset, prepared.label, len(prepared.records), prepared.report_date,
                        prepared.meta.get("sheet_name"), prepared.scope, prepared.meta.get("load_kind"),
                        prepared.columns_read, prepared.columns_note, warnings[:MAX_KEPT], len(warnings),
                        prepared.head(head_rows),
                        comparison, problem, version)
    del prepared, warnings
    give_memory_back()
    return check


def give_memory_back() -> None:
    """Return freed memory to the system: Python's collector, Arrow's pool and the C allocator
    otherwise keep it for the process, and a server would stay as large as its largest upload."""
    gc.collect()
    if "pyarrow" in sys.modules:
        sys.modules["pyarrow"].default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def ingest_upload(data: bytes, file_name: str | None, *, db: str | Path, dataset: str | None = None,
                  report_date: dt.date | None = None, unit: str | None = None,
                  loaded_by: str | None = None, permit=None, reporting_unit: str | None = None) -> LoadResult:
    """Load uploaded bytes through `ingest()`, exactly as `python -m data_pipeline ingest` does
    (`reporting_unit` as `--reporting-unit`)."""
    try:
        with private_copy(data, file_name) as path:
            return ingest(path, db=db, file_name=display_name(file_name), dataset=dataset,
                          report_date=report_date, unit=unit, loaded_by=loaded_by, permit=permit,
                          reporting_unit=reporting_unit)
    except Rejected as exc:
        if any(p.kind == "file-too-large" for p in exc.problems):  # refused before ingest() saw it
            record_upload_refused(db, loaded_by or "?", data, file_name, exc.problems)
        raise


def record_upload_refused(db: str | Path, actor: str, data: bytes, file_name: str | None, problems) -> None:
    """The audit row of an upload the page refused while checking it (before any load was asked)."""
    record_rejected(db, actor, display_name(file_name), hashlib.sha256(data).hexdigest(), problems)


def template_files(folder: Path = TEMPLATE_DIR) -> list[tuple[Path, str]]:
    """The blank templates to download, each with the Vietnamese name of its dataset
    ("mau_giai_ngan.xlsx" → "Giải ngân vốn đầu tư công"), else its file name."""
    found = []
    for path in sorted(Path(folder).glob("*.xlsx")) if Path(folder).is_dir() else []:
        words = fold_words(path.stem.removeprefix("mau_").replace("_", " "))
        label = next((spec.label for spec in specs().values() if words and words in fold_words(spec.label)), path.name)
        found.append((path, label))
    return found
