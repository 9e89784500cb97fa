"""Vietnamese number and date formatting: 1.234,5 — 87,3% — 15/05/2026 — 1.234,5 tỷ đồng."""

from __future__ import annotations

import datetime as dt
import html
import math
import re

import pandas as pd


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT


def number(value, decimals: int = 0) -> str:
    if _missing(value):
        return "—"
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def pct(value, decimals: int = 1) -> str:
    return "—" if _missing(value) else f"{number(value, decimals)}%"


def signed(value, decimals: int = 1, suffix: str = "") -> str:
    if _missing(value):
        return "—"
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    return f"{sign}{number(abs(value), decimals)}{suffix}"


def money(vnd, decimals: int = 1) -> str:
    """Money in tỷ đồng unless small (then triệu đồng)."""
    if _missing(vnd):
        return "—"
    if abs(vnd) >= 1e9 or vnd == 0:
        return f"{number(vnd / 1e9, decimals)} tỷ đồng"
    return f"{number(vnd / 1e6, decimals)} triệu đồng"


def usd(value, decimals: int = 1) -> str:
    if _missing(value):
        return "—"
    if abs(value) >= 1e6:
        return f"{number(value / 1e6, decimals)} triệu USD"
    return f"{number(value / 1e3, decimals)} nghìn USD"


def date(value) -> str:
    if _missing(value):
        return "—"
    if isinstance(value, str):
        value = dt.date.fromisoformat(value[:10])
    if isinstance(value, pd.Timestamp):
        value = value.date()
    return value.strftime("%d/%m/%Y")


def month(value) -> str:
    if _missing(value):
        return "—"
    if isinstance(value, pd.Timestamp):
        value = value.date()
    return f"{value.month:02d}/{value.year}"


def text(value, missing: str = "—") -> str:
    """A sheet's text as shown: trimmed, or `missing` where the cell was empty (None, NaN, blanks)."""
    return (value.strip() or missing) if isinstance(value, str) else missing


def md(value, missing: str = "—") -> str:
    """A sheet's text (or a file name) shown inside Markdown literally: no stray bold, link or heading,
    and no bare address made a link (an escaped ':' or '@' is no longer one)."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:@])", r"\\\1", text(value, missing))


# Should Streamlit read Markdown in an HTML fragment, no link or image may come of a sheet's brackets.
_MARKDOWN_AS_ENTITIES = str.maketrans({"[": "&#91;", "]": "&#93;"})


def html_text(value, missing: str = "—") -> str:
    """A sheet's text (or a file name) inside an HTML fragment of a page: no tag, no Markdown link."""
    return html.escape(text(value, missing)).translate(_MARKDOWN_AS_ENTITIES)


def kpi_value(value, unit: str) -> str:
    """A headline figure of the overview_kpis mart in its unit: a count, a share, or a change."""
    if unit == "count":
        return number(value)
    if unit == "change_pct":
        return signed(value, suffix="%")
    return pct(value)


def decimal(value) -> str:
    """A figure with one decimal: 1.871,2 (tỷ đồng, USD, tons...)."""
    return number(value, 1)


def unit(value) -> str:
    """A sheet's unit as printed: «m3/năm» → «m³/năm», «m2» → «m²»."""
    return re.sub(r"\b(k?m)([23])\b", lambda m: m.group(1) + "²³"[int(m.group(2)) - 2], text(value, ""))


def as_text(frame: pd.DataFrame, formatter, *columns: str) -> pd.DataFrame:
    """`columns` of a table written as text by `formatter`: Streamlit's own number formats ("localized",
    printf) follow the browser's language or print a '.' decimal point, and a Vietnamese reader takes
    "1,871" or "1871.2" for another number. Counts (no decimals) may stay numbers with format "%d"."""
    return frame.assign(**{c: frame[c].map(formatter) for c in columns})


def chart_text(value) -> str:
    """A sheet's text as plotly shows it literally: plotly reads tags (<a href>, <b>, <br>, <img>
    is dropped) and entities in labels, bar texts and hovers."""
    return html.escape(str(value), quote=False)


_TRACE_TEXTS = ("x", "y", "text", "hovertext", "customdata", "labels", "name")


def _literal_values(value):
    if isinstance(value, str):
        return chart_text(value)
    if isinstance(value, (list, tuple)) or (hasattr(value, "dtype") and value.dtype.kind in "OU"):
        return [_literal_values(v) for v in value]
    return value


def literal_figure(fig):
    """Every text a plotly figure carries (categories, bar texts, hovers, legend, titles) shown as
    text: a project or agency named `<a href=…>` in a sheet is not a link on the chart."""
    for trace in fig.data:
        for name in _TRACE_TEXTS:
            value = trace[name] if name in trace else None
            if value is not None:
                trace[name] = _literal_values(value)
    layout = fig.layout
    if layout.title.text:
        layout.title.text = chart_text(layout.title.text)
    for axis in (layout.xaxis, layout.yaxis):
        if axis.ticktext is not None:
            axis.ticktext = _literal_values(axis.ticktext)
        if axis.title.text:
            axis.title.text = chart_text(axis.title.text)
    return fig
