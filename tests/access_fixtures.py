"""Stores with real accounts for the sign-in tests: a private copy of the demo store, accounts added
through the same functions as `python -m data_pipeline users add`."""

from __future__ import annotations

import shutil
from pathlib import Path

from data_pipeline import accounts, store

PASSWORDS = {"lanhdao": "xem-so-lieu-2026", "cv.stc": "nap-giai-ngan-2026", "quantri2": "quan-tri-he-thong"}
THUC_PHAN, NUNG_TRI_CAO = "01273", "01279"


def copy_store(source: Path, folder: Path) -> Path:
    """The store file and its read snapshot, copied."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "store.duckdb"
    shutil.copyfile(source, db)
    shutil.copyfile(store.snapshot_path(source), store.snapshot_path(db))
    return db


def add_accounts(db: Path) -> None:
    """A leader who reads, an editor of disbursement for Phường Thục Phán only, and an administrator."""
    accounts.add_account(db, "lanhdao", "viewer", actor="kiem-thu", password=PASSWORDS["lanhdao"],
                         display_name="Lãnh đạo UBND tỉnh")
    accounts.add_account(db, "cv.stc", "editor", actor="kiem-thu", password=PASSWORDS["cv.stc"],
                         display_name="Chuyên viên Sở Tài chính", datasets=["disbursement"], communes_=[THUC_PHAN])
    accounts.add_account(db, "quantri2", "admin", actor="kiem-thu", password=PASSWORDS["quantri2"],
                         display_name="Quản trị viên")
