"""Nhiệm vụ UBND tỉnh, Chủ tịch UBND tỉnh giao: one row per task, status judged at report_date."""

from __future__ import annotations

from typing import TYPE_CHECKING

import datetime as dt
import re

from ..layout import cell_text, data_rows, is_total_text
from ..text import fold_words
from ..values import RECURRING, is_recurring_text, parse_date
from .base import Context, columns_under, numbered_row, stable_key, stt_level

if TYPE_CHECKING:  # the columnar path is imported where it runs
    from ..columnar import ColumnRecords, Columns

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
    words = fold_words(text or "")
    if is_done(words):
        late_by_date = completed_on is not None and deadline is not None and completed_on > deadline
        return "done_late" if late_by_date or _LATE.search(words) else "done_on_time"
    if deadline is not None and deadline < report_date:
        return "overdue"
    if _NOT_STARTED.search(words):
        return "not_started"
    return "in_progress"


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


def _marked_status(row: list[object], marks: list[tuple[int, str]]) -> str | None:
    """The wording of the ticked columns; what a cell says besides a tick follows its column's wording."""
    said, written = [], []
    for col, wording in marks:
        text = cell_text(row[col]) if col < len(row) else ""
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


def _group_row(ctx: Context, row: list[object], stt_col: int | None, marks) -> tuple[int, str] | None:
    """The heading of a group row ("I | Thông báo số 145/TB-UBND ngày 12/5/2026", "II | Lĩnh vực
    giao thông"): numbered A, B or I, II (or unnumbered but naming a document) and nothing written
    in the task's other columns. (level, heading), or None for a task row."""
    if any(ctx.text(row, f) for f in _TASK_FIELDS) or (marks and _marked_status(row, marks)):
        return None
    token, name = numbered_row(ctx, row, "title", stt_col)
    if not name:
        return None
    level = stt_level(token)
    if level is not None and level <= 1:
        return level, name
    if not token and _DOCUMENT.match(fold_words(name)):
        return -1, name
    return None


def build(ctx: Context) -> list[dict]:
    from .disbursement import _stt_column
    title_col = ctx.columns["title"]
    stt_col = _stt_column(ctx)
    marks = status_mark_columns(ctx)
    rows: list[dict] = []
    group_doc: tuple[int, str] | None = None  # (level, name) of the document a group row above names
    keys = [title_col] if stt_col is None or stt_col == title_col else [title_col, stt_col]
    for row_no, row in data_rows(ctx.table, keys):
        title = ctx.text(row, "title") or ""
        group = _group_row(ctx, row, stt_col, marks)
        if group is not None:
            if _DOCUMENT.match(fold_words(group[1])):
                group_doc = group
            elif group_doc is not None and group[0] <= group_doc[0]:
                group_doc = None  # a group beside the document's, not inside it
            continue
        if not title or (is_total_text(title) and len(title) < 20):
            continue
        status_text = _marked_status(row, marks) if marks else ctx.text(row, "status")
        deadline = ctx.date(row_no, row, "deadline", allow_recurring=True)
        recurring = deadline is RECURRING or is_recurring_text(status_text or "")
        completed_on = ctx.date(row_no, row, "completed_on") if ctx.has("completed_on") else None
        source_doc = ctx.text(row, "source_doc") or (group_doc[1] if group_doc else None)
        note = ctx.text(row, "progress_note")
        rows.append({
            "task_id": ctx.text(row, "task_id") or stable_key("NV", source_doc, title),
            "title": title,
            "source_doc": source_doc,
            "lead_agency": ctx.text(row, "lead_agency"),
            "coordinating_agencies": ctx.text(row, "coordinating_agencies"),
            "commune_code": ctx.commune(row_no, row, "commune") if ctx.has("commune") else None,
            "deadline": None if recurring else deadline,
            "is_recurring": recurring,
            "status_text": status_text,
            "completed_on": completed_on,
            "output": ctx.text(row, "output"),
            "progress_note": " — ".join(t for t in (status_text, note) if t) or None,
            "source_row": row_no,
        })
        if not ctx.text(row, "lead_agency"):
            ctx.error("missing-cell", "chưa ghi cơ quan chủ trì", row_no, "lead_agency")
    ctx.check_duplicates(rows, "task_id", "task_id" if ctx.has("task_id") else "title")
    return rows


def finish(rows: list[dict], report_date: dt.date) -> None:
    """Status needs the load's report_date, known only once the whole sheet is read."""
    for r in rows:
        deadline = None if r["is_recurring"] else r["deadline"]
        text = r.pop("status_text")
        if r["completed_on"] is None and is_done(fold_words(text or "")):
            r["completed_on"] = completion_date_in(text, report_date)
        r["status"] = judge_status(text, deadline, r["completed_on"], report_date)
        if r["is_recurring"] and r["status"] == "overdue":
            r["status"] = "in_progress"


def build_columns(cols: Columns) -> ColumnRecords:
    """build(), whole columns at a time (see columnar.py): the same tasks and keys."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from ..columnar import ColumnRecords, NotColumnar, bool_array, date_array, index_array, int_array, string_array
    from .base import stable_keys
    from .disbursement import _checked_commune

    ctx = cols.ctx
    if status_mark_columns(ctx):
        raise NotColumnar  # a status ticked across several columns, read row by row
    rows = cols.data_rows([ctx.columns["title"]])
    titles = cols.text("title", rows)
    total = cols.total_rows(titles, lambda t: is_total_text(t or "") and len(t or "") < 20)
    keep = np.flatnonzero(~total)
    rows, titles = rows[keep], titles.take(index_array(keep))
    if cols.text("lead_agency", rows).null_count:
        raise NotColumnar  # a task without its lead agency, worded cell by cell
    statuses = cols.text("status", rows)
    status_list = statuses.to_pylist()
    deadlines = cols.dates("deadline", rows, allow_recurring=True) if ctx.has("deadline") else [None] * len(rows)
    recurring_text = {s: is_recurring_text(s or "") for s in set(status_list)}
    recurring = [d is RECURRING or recurring_text[s] for d, s in zip(deadlines, status_list)]
    completed = cols.dates("completed_on", rows) if ctx.has("completed_on") else [None] * len(rows)
    docs = cols.text("source_doc", rows)
    notes = cols.text("progress_note", rows)
    ids = cols.text("task_id", rows)
    if ids.null_count:
        ids = ids.to_pylist()
        uncoded = [k for k, v in enumerate(ids) if v is None]
        title_list, doc_list = titles.to_pylist(), docs.to_pylist()
        for k, key in zip(uncoded, stable_keys("NV", [(doc_list[k], title_list[k]) for k in uncoded])):
            ids[k] = key
        ids = string_array(ids)
    if pc.count_distinct(ids).as_py() != len(ids):
        raise NotColumnar  # duplicate keys, worded cell by cell
    if notes.null_count == len(notes):
        progress = statuses
    else:
        progress = string_array([" — ".join(t for t in pair if t) or None
                                 for pair in zip(status_list, notes.to_pylist())])
    columns = {
        "task_id": ids,
        "title": titles,
        "source_doc": docs,
        "lead_agency": cols.text("lead_agency", rows),
        "coordinating_agencies": cols.text("coordinating_agencies", rows),
        "commune_code": cols.distinct_texts("commune", rows, _checked_commune) if ctx.has("commune")
        else pa.nulls(len(rows), pa.string()),
        "deadline": date_array([None if r else d for d, r in zip(deadlines, recurring)]),
        "is_recurring": bool_array(recurring),
        "status_text": statuses,
        "completed_on": date_array(completed),
        "output": cols.text("output", rows),
        "progress_note": progress,
        "source_row": int_array(rows + cols.start + 1),
    }
    return ColumnRecords(pa.Table.from_arrays(list(columns.values()), names=list(columns)))


def finish_columns(records, report_date: dt.date):
    """finish(), for rows read column by column: judge_status with each text's wording read once."""
    from ..columnar import ColumnRecords, date_array, string_array

    table = records.table
    texts = table.column("status_text").to_pylist()
    wording = {}
    for text in set(texts):
        words = fold_words(text or "")
        done = is_done(words)
        wording[text] = (done, bool(_LATE.search(words)), bool(_NOT_STARTED.search(words)),
                         completion_date_in(text, report_date) if done else None)
    completed = table.column("completed_on").to_pylist()
    statuses = []
    for i, (text, deadline, recurring) in enumerate(zip(texts, table.column("deadline").to_pylist(),
                                                        table.column("is_recurring").to_pylist())):
        done, late, not_started, completed_in_text = wording[text]
        completed_on = completed[i]
        if done:
            if completed_on is None:
                completed[i] = completed_on = completed_in_text
            late_by_date = completed_on is not None and deadline is not None and completed_on > deadline
            statuses.append("done_late" if late_by_date or late else "done_on_time")
        elif deadline is not None and deadline < report_date:
            statuses.append("in_progress" if recurring else "overdue")
        else:
            statuses.append("not_started" if not_started else "in_progress")
    table = table.drop_columns(["status_text"])
    table = table.set_column(table.column_names.index("completed_on"), "completed_on", date_array(completed))
    return ColumnRecords(table.append_column("status", string_array(statuses)))
