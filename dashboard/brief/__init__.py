"""The meeting brief (PDF, Word) and the offline copy of the dashboard (one HTML file), built
straight from the store: the dashboard's buttons and `python -m dashboard.brief` call the same
`build`. Nothing here needs a running Streamlit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from data_pipeline import meeting, store
from data_pipeline.problems import Rejected

FORMATS = {"pdf": "application/pdf",
           "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           "html": "text/html"}


def file_name(kind: str, made_at: dt.datetime | None = None) -> str:
    stem = "ban_sao_ngoai_tuyen" if kind == "html" else "bao_cao_nhanh"
    return f"{stem}_{(made_at or dt.datetime.now()):%Y%m%d_%H%M}.{kind}"


def build(db: Path, kind: str, geo_file: Path | None = None, made_at: dt.datetime | None = None) -> bytes:
    """The brief ('pdf', 'docx') or the offline copy ('html') of the store at `db`."""
    from . import content

    meeting.ensure_tables(db)
    con = store.read_connection(db)
    try:
        brief = content.gather(con, geo_file, made_at)
        if kind == "html":
            from . import charts
            return _render(brief, kind, charts.figures(con))
    finally:
        con.close()
    return _render(brief, kind)


def _render(brief, kind: str, figures: dict | None = None) -> bytes:
    if kind == "pdf":
        from . import pdf
        return pdf.render(brief)
    if kind == "docx":
        from . import word
        return word.render(brief)
    if kind == "html":
        from . import offline_html
        return offline_html.render(brief, figures or {}).encode("utf-8")
    raise ValueError(kind)


KIND_LABELS = {"pdf": "báo cáo nhanh dạng PDF", "docx": "báo cáo nhanh dạng Word", "html": "bản sao ngoại tuyến"}


def why_not_made(kind: str, exc: Exception) -> str:
    """Why a brief could not be made, in Vietnamese, for the page and the command line."""
    import duckdb

    if isinstance(exc, Rejected):
        reason = "; ".join(p.message.rstrip(".") for p in exc.problems)
    elif isinstance(exc, (duckdb.Error, OSError)):
        reason = f"không đọc được kho dữ liệu ({store._vi_io(exc)})"
    else:
        reason = f"lỗi không mong đợi ({type(exc).__name__}); hãy báo quản trị hệ thống"
    return f"Không lập được {KIND_LABELS.get(kind, kind)}: {reason}."


def failure_document(kind: str, message: str, made_at: dt.datetime | None = None) -> bytes:
    """A file of the asked format that says why the brief could not be made (what a tap on the
    page's button downloads then, besides the page saying so)."""
    from .content import Brief, Section

    section = Section("failed", "KHÔNG LẬP ĐƯỢC BÁO CÁO", "Báo cáo này thay cho báo cáo không lập được.", [message])
    try:
        return _render(Brief(None, made_at or dt.datetime.now(), [section]), kind)
    except Exception:  # not even that: the message as plain text
        return message.encode("utf-8")
