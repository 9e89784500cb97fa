"""Files that arrive as bytes (the upload page): checked and loaded through the same path as the
command line, from a private temporary file.

The uploaded file's name is only a label (in messages and in `loads.file_name`); it is never used
as a path. The temporary file is created by `tempfile` (mode 0600, in a fresh 0700 directory) and
removed afterwards, whatever happens.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from .ingest import LoadResult, Prepared, ingest, prepare, record_rejected
from .problems import Rejected, reject
from .recognise import specs
from .settings import TEMPLATE_DIR, setting
from .text import fold_words, printable

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


def ingest_upload(data: bytes, file_name: str | None, *, db: str | Path, dataset: str | None = None,
                  report_date: dt.date | None = None, unit: str | None = None,
                  loaded_by: str | None = None, permit=None) -> LoadResult:
    """Load uploaded bytes through `ingest()`, exactly as `python -m data_pipeline ingest` does."""
    try:
        with private_copy(data, file_name) as path:
            return ingest(path, db=db, file_name=display_name(file_name), dataset=dataset,
                          report_date=report_date, unit=unit, loaded_by=loaded_by, permit=permit)
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
