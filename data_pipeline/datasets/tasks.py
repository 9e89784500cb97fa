"""Nhiệm vụ UBND tỉnh, Chủ tịch UBND tỉnh giao: one row per task, status judged at report_date."""

from __future__ import annotations

from typing import TYPE_CHECKING

import datetime as dt
import re

import numpy as np

from ..layout import is_total_text
from ..text import fold_words
from ..values import RECURRING, is_recurring_text, parse_date
from .base import Context, columns_under, numbered_texts, stable_keys, stt_level
from .cells import BOOL, DATE, INT, TEXT, keyed_records

if TYPE_CHECKING:
    from .cells import Cells

STATUSES = ("done_on_time", "done_late", "in_progress", "overdue", "not_started")

# "Đã hoàn thành 80% khối lượng" is a task under way, not a done one.
_NOT_DONE = re.compile(r"\b(chua hoan thanh|chua ht|khong hoan thanh|khong ht|chua xong|dang hoan thanh|chua thuc hien xong|"
                       r"(?:hoan thanh|ht) (?:duoc |khoang |dat )?\d{1,2}(?: \d+)? ?%)")
# "Đã hoàn thành" ("Đã HT"), or a cell that opens with "Hoàn thành"; not "dự kiến hoàn thành trước ...".
_DONE = re.compile(r"(\bda (hoan thanh|ht|thuc hien xong|xong)\b|^(hoan thanh|ht|xong|done)\b)")
_LATE = re.compile(r"\b(cham|(?<!mong )muon|qua han|tre han|tre|khong dung (?:thoi )?han|sau (?:thoi )?han)\b")
_NOT_STARTED = re.compile(r"\b(chua thuc hien|chua trien khai|chua bat dau|not started)\b")


def is_done(words: str) -> bool:
    return bool(_DONE.search(words)) and not _NOT_DONE.search(words)


_DATE_IN_TEXT = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/\d{4}(?![\d/])|ngày \d{1,2} tháng \d{1,2} năm \d{4}", re.I)


def completion_date_in(text: str | None, report_date: dt.date) -> dt.date | None:
    """'Đã hoàn thành (Tờ trình số 45/TTr-SXD ngày 20/4/2026)': the last date the text gives, where
    the sheet has no completion-date column. Dates after the report date are not completions."""
    found = None
    for m in _DATE_IN_TEXT.finditer(text or ""):
        try:
            day = parse_date(m.group(0))
        except ValueError:
            continue
        if day <= report_date:
            found = day
    return found


def judge_status(text: str | None, deadline: dt.date | None, completed_on: dt.date | None,
                 report_date: dt.date) -> str:
    """The contract's status rule, from the sheet's wording and dates."""
    return _status(_wording(text, report_date), deadline, completed_on, report_date)


def _wording(text: str | None, report_date: dt.date) -> tuple[bool, bool, bool, dt.date | None]:
    """What a status text says: done, late, not started, and the completion date it gives."""
    words = fold_words(text or "")
    done = is_done(words)
    return (done, bool(_LATE.search(words)), bool(_NOT_STARTED.search(words)),
            completion_date_in(text, report_date) if done else None)


def _status(wording, deadline: dt.date | None, completed_on: dt.date | None, report_date: dt.date) -> str:
    done, late, not_started, _ = wording
    if done:
        late_by_date = completed_on is not None and deadline is not None and completed_on > deadline
        return "done_late" if late_by_date or late else "done_on_time"
    if deadline is not None and deadline < report_date:
        return "overdue"
    return "not_started" if not_started else "in_progress"


_STATUS_WORDS = re.compile(r"\b(hoan thanh|ht|thuc hien|trien khai|xong|dung han|qua han|trong han|tre han|cham|"
                           r"chua den han|dang|chua)\b")
_MARKS = {"x", "v", "1", "co", "ok", "yes"}


def status_mark_columns(ctx: Context) -> list[tuple[int, str]]:
    """(column, wording) of a status split over columns ticked with "x": "Kết quả thực hiện" over
    "Đã hoàn thành | Đang thực hiện | Chưa thực hiện", or three header rows such as "Đã hoàn
    thành" over "Đúng hạn | Quá hạn". Empty when the status is written in one column."""
    group = columns_under(ctx, "status")
    if group is None:
        return []
    parent, columns = group
    labels = ctx.table.labels
    others = {c for name, c in ctx.columns.items() if name != "status"}
    marks = []
    for c in columns:
        wording = " - ".join(dict.fromkeys(p for p in labels[c][1:] if p and p != parent))
        if c not in others and wording and _STATUS_WORDS.search(fold_words(wording)):
            marks.append((c, wording))
    return marks if len(marks) >= 2 else []


def _marked_statuses(cells: Cells, rows, marks: list[tuple[int, str]]) -> list[str | None]:
    """_marked_status of every row."""
    columns = [cells.text_at(col, rows) for col, _ in marks]
    wordings = [wording for _, wording in marks]
    return [_marked_status(texts, wordings) for texts in zip(*columns)] if columns else []


def _marked_status(texts, wordings: list[str]) -> str | None:
    """The wording of the ticked columns; what a cell says besides a tick follows its column's wording."""
    said, written = [], []
    for text, wording in zip(texts, wordings):
        if not text or text in ("-", "–", "—", "0"):
            continue
        plain = text in ("✓", "✔", "☑", "☒") or fold_words(text) in _MARKS
        said.append(wording if plain else f"{wording}: {text}")
        if not plain:
            written.append(text)
    if len(written) > 1:  # "Đã thực hiện: …" beside "Chưa thực hiện: …": what is done and what is left
        return "; ".join(written)
    return "; ".join(said) or None


# A group row naming the document that assigned the tasks below it.
_DOCUMENT = re.compile(r"^(thong bao|ket luan|cong van|quyet dinh|ke hoach|chi thi|nghi quyet|van ban|to trinh|"
                       r"chuong trinh|tb|kl|cv|qd|kh)\b")
_TASK_FIELDS = ("lead_agency", "coordinating_agencies", "deadline", "status", "completed_on", "output")


def _group_row(title: str, stt_text: str) -> tuple[int, str] | None:
    """The heading of a row with nothing written in the task's other columns ("I | Thông báo số
    145/TB-UBND ngày 12/5/2026", "II | Lĩnh vực giao thông"): numbered A, B or I, II, or
    unnumbered but naming a document. (level, heading), or None for a task row."""
    token, name = numbered_texts(title, stt_text)
    if not name:
        return None
    level = stt_level(token)
    if level is not None and level <= 1:
        return level, name
    if not token and _DOCUMENT.match(fold_words(name)):
        return -1, name
    return None


def build(cells: Cells):
    """One row per task; group rows give the tasks below them their assigning document. The
    status is judged in finish(), once the report date is known."""
    from .disbursement import stt_column
    ctx = cells.ctx
    title_col = ctx.columns["title"]
    stt_col = stt_column(ctx)
    marks = status_mark_columns(ctx)
    keys = [title_col] if stt_col is None or stt_col == title_col else [title_col, stt_col]
    rows = cells.data_rows(keys)
    titles = cells.texts("title", rows)
    stts = cells.text_at(stt_col, rows)
    filled = np.zeros(len(rows), bool)
    for f in _TASK_FIELDS:
        if ctx.has(f):
            filled |= cells.filled(f, rows)
    marked = _marked_statuses(cells, rows, marks) if marks else None
    keep, docs_above = [], []
    group_doc: tuple[int, str] | None = None  # (level, name) of the document a group row above names
    for k, title in enumerate(titles):
        written = filled[k] or (marked is not None and marked[k])
        group = None if written else _group_row(title or "", stts[k] or "")
        if group is not None:
            if _DOCUMENT.match(fold_words(group[1])):
                group_doc = group
            elif group_doc is not None and group[0] <= group_doc[0]:
                group_doc = None  # a group beside the document's, not inside it
            continue
        if not title or (is_total_text(title) and len(title) < 20):
            continue
        keep.append(k)
        docs_above.append(group_doc[1] if group_doc else None)
    rows, titles = rows[keep], [titles[k] for k in keep]
    status_texts = [marked[k] for k in keep] if marks else cells.texts("status", rows)
    deadlines = cells.dates("deadline", rows, allow_recurring=True) if ctx.has("deadline") else [None] * len(rows)
    recurring_text = {s: is_recurring_text(s or "") for s in set(status_texts)}
    recurring = [d is RECURRING or recurring_text[s] for d, s in zip(deadlines, status_texts)]
    none = [None] * len(rows)
    completed = cells.dates("completed_on", rows) if ctx.has("completed_on") else none
    docs = [own or above for own, above in zip(cells.texts("source_doc", rows), docs_above)]
    notes = cells.texts("progress_note", rows)
    leads = cells.texts("lead_agency", rows)
    for k in (k for k, lead in enumerate(leads) if not lead):
        cells.fail("missing-cell", "chưa ghi cơ quan chủ trì", k, "lead_agency")
    ids = cells.texts("task_id", rows)
    uncoded = [k for k, v in enumerate(ids) if v is None]
    for k, key in zip(uncoded, stable_keys("NV", [(docs[k], titles[k]) for k in uncoded])):
        ids[k] = key
    # Columns holding the cells as they are stay in the source's own form (Arrow, for a large sheet).
    columns = {
        "task_id": ids if uncoded else cells.text_column("task_id", rows),
        "title": cells.text_column("title", rows),
        "source_doc": docs if any(docs_above) else cells.text_column("source_doc", rows),
        "lead_agency": cells.text_column("lead_agency", rows),
        "coordinating_agencies": cells.text_column("coordinating_agencies", rows),
        "commune_code": cells.communes("commune", rows) if ctx.has("commune") else none,
        "deadline": [None if r else d for d, r in zip(deadlines, recurring)],
        "is_recurring": recurring,
        "status_text": status_texts if marks else cells.text_column("status", rows),
        "completed_on": completed,
        "output": cells.text_column("output", rows),
        "progress_note": [" — ".join(t for t in pair if t) or None for pair in zip(status_texts, notes)]
        if any(notes) or marks else cells.text_column("status", rows),
        "source_row": cells.row_nos(rows),
    }
    return keyed_records(cells, columns, TYPES, ids, rows, "task_id", "title", titles)


TYPES = {"task_id": TEXT, "title": TEXT, "source_doc": TEXT, "lead_agency": TEXT, "coordinating_agencies": TEXT,
         "commune_code": TEXT, "deadline": DATE, "is_recurring": BOOL, "status_text": TEXT, "completed_on": DATE,
         "output": TEXT, "progress_note": TEXT, "source_row": INT}


def finish(records, report_date: dt.date):
    """Status needs the load's report_date, known only once the whole sheet is read: judge_status,
    with each text's wording read once. Returns the records with `status` for `status_text`."""
    columnar = hasattr(records, "table")
    column = (lambda name: records.table.column(name).to_pylist()) if columnar else \
        (lambda name: [r[name] for r in records])
    texts = column("status_text")
    wording = {text: _wording(text, report_date) for text in set(texts)}
    completed = column("completed_on")
    statuses = []
    for i, (text, deadline) in enumerate(zip(texts, column("deadline"))):  # recurring tasks have none
        said = wording[text]
        if said[0] and completed[i] is None:
            completed[i] = said[3]
        statuses.append(_status(said, deadline, completed[i], report_date))
    if not columnar:
        for record, completed_on, status in zip(records, completed, statuses):
            del record["status_text"]
            record["completed_on"] = completed_on
            record["status"] = status
        return records
    from ..columnar import ColumnRecords, date_array, string_array
    table = records.table.drop_columns(["status_text"])
    table = table.set_column(table.column_names.index("completed_on"), "completed_on", date_array(completed))
    return ColumnRecords(table.append_column("status", string_array(statuses)))
