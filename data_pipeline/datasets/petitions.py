"""Đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh, in either of the two forms units send:

- a list of cases ("Sổ theo dõi đơn thư"), one row per đơn with its ngày nhận đơn: the row says
  what kind it is, which body handles it, whether it is settled; days pending are counted from
  it at the report date;
- a summary per unit ("Tổng số đơn | Khiếu nại | Tố cáo | Kiến nghị, phản ánh | Đã giải quyết |
  Đang giải quyết"), one row per agency or commune.

Both become rows of the same table: a case is a row whose counts are 0 or 1 (is_case true).
Petitioners' names and addresses are never read: the dashboard has no use for them.
"""

from __future__ import annotations

import re

from ..layout import cell_text, data_rows
from ..text import fold_words
from .base import Context, stable_keys
from .dossiers import count, filled_total, unit_commune
from .grouped import is_total_row, numbered_rows

KINDS = ("complaint", "denunciation", "recommendation")
KIND_COUNTS = {"complaint": "complaint_count", "denunciation": "denunciation_count",
               "recommendation": "recommendation_count"}
_KIND_WORDS = (("denunciation", re.compile(r"\bto cao\b")), ("complaint", re.compile(r"\bkhieu nai\b")),
               ("recommendation", re.compile(r"\b(kien nghi|phan anh)\b")))
_TICK = {"x", "v", "1", "co", "yes"}
_PENDING = re.compile(r"\b(dang|chua|tiep tuc|tam dinh chi)\b")
_SETTLED = re.compile(r"\b(da giai quyet|da tra loi|da co (?:quyet dinh|ket luan|van ban)|da ban hanh|da xu ly|"
                      r"rut don|dinh chi|da chuyen|chuyen don|luu don|ket thuc|hoan thanh|xong|giai quyet xong)\b")


def kind_of(text: str | None) -> str | None:
    """'Đơn khiếu nại' → 'complaint'; 'Kiến nghị, phản ánh' → 'recommendation'."""
    words = fold_words(text or "")
    for kind, pattern in _KIND_WORDS:
        if pattern.search(words):
            return kind
    return None


def is_settled(text: str | None) -> bool | None:
    """What a case's result cell says: True settled, False pending, None when it says neither."""
    words = fold_words(text or "")
    if not words:
        return None
    if _PENDING.search(words) and not re.search(r"\b(da giai quyet|da tra loi)\b", words):
        return False
    if _SETTLED.search(words):
        return True
    return None


def _ticked(ctx: Context, row: list[object], name: str) -> bool:
    if not ctx.has(name):
        return False
    text = cell_text(ctx.raw(row, name))
    return bool(text) and (fold_words(text) in _TICK or text in ("✓", "✔", "☑"))


def build(ctx: Context) -> list[dict]:
    rows = _cases(ctx) if ctx.has("received_on") else _summaries(ctx)
    keys = stable_keys("DT", [(r["agency"], str(r["received_on"] or ""), r["content"]) for r in rows])
    for r, key in zip(rows, keys):
        r["petition_id"] = r["petition_id"] or key
    if ctx.has("petition_id"):
        named_by = "petition_id"
    else:  # a key derived from the row: name what a person wrote
        named_by = "content" if ctx.has("content") and ctx.has("received_on") else "agency"
    ctx.check_duplicates(rows, "petition_id", named_by)
    return rows


def _cases(ctx: Context) -> list[dict]:
    keys = [ctx.columns[f] for f in ("agency", "content", "received_on", "petition_id") if ctx.has(f)]
    rows = []
    for row_no, row in data_rows(ctx.table, keys):
        first = ctx.text(row, "content") or ctx.text(row, "agency") or ""
        if is_total_row("", first):
            continue
        received_on = ctx.date(row_no, row, "received_on")
        if received_on is None and not cell_text(ctx.raw(row, "received_on")):
            ctx.error("missing-cell", "chưa ghi ngày nhận đơn", row_no, "received_on")
        settled_on = ctx.date(row_no, row, "settled_on") if ctx.has("settled_on") else None
        kind = kind_of(ctx.text(row, "kind")) or next(
            (k for k in KINDS if _ticked(ctx, row, KIND_COUNTS[k])), None) or kind_of(ctx.text(row, "content"))
        said = is_settled(ctx.text(row, "status"))
        settled = (settled_on is not None or said is True or _ticked(ctx, row, "settled_count")) and said is not False
        agency = ctx.text(row, "agency")
        if not agency:
            ctx.error("missing-cell", "chưa ghi cơ quan giải quyết", row_no, "agency")
        rows.append(_record(
            row_no, petition_id=ctx.text(row, "petition_id"), is_case=True, agency=agency,
            commune_code=ctx.commune(row_no, row, "commune") if ctx.has("commune") else None,
            kind=kind, content=ctx.text(row, "content"), received_on=received_on,
            due_on=ctx.date(row_no, row, "due_on") if ctx.has("due_on") else None,
            settled_on=settled_on if settled else None, status="settled" if settled else "pending",
            status_text=ctx.text(row, "status"), received_count=1.0,
            counts={k: 1.0 if kind == k else 0.0 for k in KINDS},
            settled_count=1.0 if settled else 0.0, pending_count=0.0 if settled else 1.0, overdue=None))
    return rows


def _summaries(ctx: Context) -> list[dict]:
    rows = []
    for row_no, row, name, _ in numbered_rows(ctx, "agency", "petition_code"):
        values = {c: count(ctx, row_no, row, c) for c in
                  ("received_count", "complaint_count", "denunciation_count", "recommendation_count",
                   "settled_count", "pending_count", "pending_overdue_count")}
        filled_total(ctx, row_no, values, "received_count", ("complaint_count", "denunciation_count", "recommendation_count"))
        if values["pending_count"] is None and values["received_count"] is not None and values["settled_count"] is not None:
            values["pending_count"] = values["received_count"] - values["settled_count"]
        elif values["received_count"] is not None and values["settled_count"] is not None \
                and values["pending_count"] is not None \
                and abs(values["settled_count"] + values["pending_count"] - values["received_count"]) > 0.5:
            ctx.report.warn("inconsistent-total",
                            f'đã giải quyết {values["settled_count"]:.0f} + đang giải quyết {values["pending_count"]:.0f} '
                            f'khác tổng số đơn {values["received_count"]:.0f}', **ctx.where(row_no, "received_count"
                                                                                           if ctx.has("received_count") else "agency"))
        rows.append(_record(
            row_no, petition_id=None, is_case=False, agency=name, commune_code=unit_commune(ctx, row_no, row, name),
            kind=None, content=None, received_on=None, due_on=None, settled_on=None, status=None, status_text=None,
            received_count=values["received_count"],
            counts={k: values[KIND_COUNTS[k]] for k in KINDS},
            settled_count=values["settled_count"], pending_count=values["pending_count"],
            overdue=values["pending_overdue_count"]))
    return rows


def _record(row_no: int, *, counts: dict, overdue, **fields) -> dict:
    return {**fields, "complaint_count": counts["complaint"], "denunciation_count": counts["denunciation"],
            "recommendation_count": counts["recommendation"], "pending_overdue_count": overdue,
            "source_row": row_no}
