"""Tasks read from a notice, corrected by staff in a table, loaded as a load of `tasks`.

The table becomes a tasks sheet (CSV, with the usual Vietnamese headers) and goes through
`ingest()` like any upload, so it passes the same checks; problems name the table's own rows.
The load's reporting unit is the notice, so it stands beside the monthly tracking sheet instead of
replacing it, and confirming the same notice again replaces its earlier load.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from dataclasses import replace
from pathlib import Path

from .ingest import LoadResult, ingest, prepare
from .notice import ProposedTask
from .problems import Problem, Rejected
from .recognise import specs
from .upload import display_name, private_copy

# The columns staff correct, in the order the table shows them.
FIELDS = ("title", "lead_agency", "coordinating_agencies", "deadline", "output")


def field_label(name: str) -> str:
    return specs()["tasks"].fields[name].label


def proposal_rows(tasks: list[ProposedTask]) -> list[dict]:
    """One row per proposed task, for the table staff correct; every row starts as taken."""
    return [{"keep": True, "title": t.title, "lead_agency": t.lead_agency,
             "coordinating_agencies": "; ".join(t.coordinating_agencies), "deadline": t.deadline,
             "output": t.output or ""} for t in tasks]


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if hasattr(value, "isoformat") and not isinstance(value, str):  # date, Timestamp
        try:
            return value.strftime("%d/%m/%Y")
        except ValueError:  # NaT
            return ""
    return str(value).strip()


def _kept(rows: list[dict]) -> list[tuple[int, dict]]:
    """(table row number, row) of the rows staff kept that hold anything."""
    def taken(row: dict) -> bool:  # a row added to the table may not say either way
        keep = row.get("keep")
        return keep is None or bool(keep)
    return [(i + 1, r) for i, r in enumerate(rows) if taken(r) and any(_text(r.get(f)) for f in FIELDS)]


def tasks_sheet(rows: list[tuple[int, dict]], source_doc: str) -> bytes:
    """The kept rows as a tasks CSV: the headers a tracking sheet uses, the notice in "Văn bản giao",
    "Tình hình thực hiện" left empty (status is judged from the deadline)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([field_label(f) for f in FIELDS] + [field_label("source_doc"), field_label("status")])
    for _, row in rows:
        writer.writerow([_text(row.get(f)) for f in FIELDS] + [source_doc, ""])
    return buffer.getvalue().encode("utf-8")


_ROW_IN_TEXT = re.compile(r"\bdòng (\d+)")


def _in_table(problem: Problem, table_rows: list[int]) -> Problem:
    """A problem of the CSV (header on row 1) told in the table's own row numbers."""
    def table_row(csv_row: int) -> int:
        return table_rows[csv_row - 2] if 2 <= csv_row < len(table_rows) + 2 else csv_row
    message = _ROW_IN_TEXT.sub(lambda m: f"dòng {table_row(int(m.group(1)))}", problem.message)
    return replace(problem, sheet=None, message=message,
                   row=table_row(problem.row) if problem.row is not None else None)


def _own_checks(rows: list[tuple[int, dict]], source_doc: str) -> list[Problem]:
    problems = []
    if not source_doc.strip():
        problems.append(Problem("missing-cell", "chưa ghi văn bản giao (số, ngày của thông báo)",
                                column=field_label("source_doc")))
    if not rows:
        problems.append(Problem("no-data", "Bảng không còn nhiệm vụ nào được chọn để nạp."))
    for number, row in rows:
        if not _text(row.get("title")):
            problems.append(Problem("missing-cell", "chưa ghi nội dung nhiệm vụ", row=number,
                                    column=field_label("title")))
    return problems


def _file_name(origin: str | None) -> str:
    return f"Nhiệm vụ đọc từ thông báo «{display_name(origin)}».csv" if origin else "Nhiệm vụ đọc từ thông báo.csv"


def check_notice_tasks(rows: list[dict], source_doc: str, *, report_date: dt.date, origin: str | None = None):
    """Validate the corrected table as a tasks sheet; raises Rejected naming table rows. Writes nothing."""
    return _run(rows, source_doc, report_date=report_date, origin=origin, db=None)


def load_notice_tasks(rows: list[dict], source_doc: str, *, db: str | Path, report_date: dt.date,
                      origin: str | None = None, loaded_by: str | None = None, permit=None) -> LoadResult:
    """Load the corrected table as a load of tasks, its reporting unit the notice.
    `permit` as for `ingest`: raises Rejected when the person may not load these tasks."""
    return _run(rows, source_doc, report_date=report_date, origin=origin, db=db, loaded_by=loaded_by, permit=permit)


def _run(rows, source_doc, *, report_date, origin, db, loaded_by=None, permit=None):
    source_doc = " ".join((source_doc or "").split())
    kept = _kept(rows)
    own = _own_checks(kept, source_doc)
    if own:
        raise Rejected(own)
    numbers = [n for n, _ in kept]
    with private_copy(tasks_sheet(kept, source_doc), "notice.csv") as path:
        try:
            if db is None:
                return prepare(path, file_name=_file_name(origin), dataset="tasks", report_date=report_date)
            return ingest(path, db=db, file_name=_file_name(origin), dataset="tasks", report_date=report_date,
                          loaded_by=loaded_by, document=source_doc, permit=permit)
        except Rejected as exc:
            raise Rejected([_in_table(p, numbers) for p in exc.problems]) from None
