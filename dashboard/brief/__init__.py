"""The meeting brief (PDF, Word) and the offline copy of the dashboard (one HTML file), built
straight from the store: the dashboard's buttons and `python -m dashboard.brief` call the same
`build`. Nothing here needs a running Streamlit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from data_pipeline import meeting, store

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
            from . import charts, offline_html
            return offline_html.render(brief, charts.figures(con)).encode("utf-8")
    finally:
        con.close()
    if kind == "pdf":
        from . import pdf
        return pdf.render(brief)
    if kind == "docx":
        from . import word
        return word.render(brief)
    raise ValueError(kind)
