"""The offline copy: the brief's sections with the dashboard's charts and the commune maps, in one
HTML file that needs no network (plotly's JavaScript inline, maps as inline SVG), for a tablet's
browser in a meeting room without a connection."""

from __future__ import annotations

import html

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from .content import AGENCY, NATION, SUBTITLE, TITLE, Brief, Picture, Table

CSS = """
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",Roboto,"Segoe UI",Arial,sans-serif;margin:0;color:#202124;background:#f5f6f8;
     font-size:17px;line-height:1.45}
main{max-width:1000px;margin:0 auto;padding:12px}
header.doc{display:flex;flex-wrap:wrap;justify-content:space-between;gap:8px;text-align:center;background:#fff;
           padding:12px;border-radius:10px}
header.doc div{flex:1 1 280px}
h1{font-size:1.5rem;text-align:center;margin:16px 0 4px}
p.sub{text-align:center;margin:0}
nav{display:flex;flex-wrap:wrap;gap:6px;margin:14px 0}
nav a{display:inline-flex;align-items:center;min-height:44px;padding:0 12px;border:1px solid #ccd;border-radius:8px;
      background:#fff;color:#b71c1c;text-decoration:none}
section{background:#fff;border-radius:10px;padding:12px;margin:12px 0}
h2{font-size:1.15rem;margin:0 0 4px}
p.source{font-size:.85rem;color:#555;margin:0 0 8px;overflow-wrap:anywhere}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid #d0d4da;padding:5px 6px;vertical-align:top}
th{background:#e8ecf1}
tr.red td{background:#fde2de}tr.amber td{background:#fff1d6}
td.R{text-align:right;white-space:nowrap}td.C{text-align:center}
figure{margin:8px 0}figcaption{font-size:.9rem;color:#444;text-align:center}
.chart{width:100%}
footer{font-size:.85rem;color:#555;text-align:center;margin:16px 0}
"""
PLOT_CONFIG = {"displayModeBar": False, "responsive": True}


def _table(table: Table) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in table.columns)
    rows = []
    for i, values in enumerate(table.rows):
        mark = table.marks[i] if i < len(table.marks) else None
        cells = "".join(f'<td class="{a}">{html.escape(v)}</td>' for v, a in zip(values, table.align))
        rows.append(f'<tr class="{mark or ""}">{cells}</tr>')
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'


def _chart(fig: go.Figure, number: int) -> str:
    return ('<div class="chart">' + fig.to_html(full_html=False, include_plotlyjs=False, config=PLOT_CONFIG,
                                                 div_id=f"chart-{number}", default_width="100%") + "</div>")


def render(brief: Brief, figures: dict[str, list[go.Figure]]) -> str:
    """The whole page as text (UTF-8 when written)."""
    body, count = [], 0
    for section in brief.sections:
        parts = [f'<section id="{section.key}"><h2>{html.escape(section.title)}</h2>',
                 f'<p class="source">{html.escape(section.source)}</p>']
        for block in section.blocks:
            if isinstance(block, Table):
                parts.append(_table(block))
            elif isinstance(block, Picture):
                parts.append(f"<figure>{block.svg}<figcaption>{html.escape(block.caption)}</figcaption></figure>")
            else:
                parts.append(f"<p>{html.escape(block)}</p>")
        for fig in figures.get(section.key, []):
            count += 1
            parts.append(_chart(fig, count))
        body.append("".join(parts) + "</section>")
    nav = "".join(f'<a href="#{s.key}">{html.escape(s.title.split(". ", 1)[-1].split(":")[0].capitalize())}</a>'
                  for s in brief.sections)
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(TITLE.capitalize())} {html.escape(brief.as_of_line)} — bản sao ngoại tuyến</title>
<style>{CSS}</style>
<script>{get_plotlyjs()}</script>
</head><body><main>
<header class="doc"><div>{html.escape(AGENCY[0])}<br><b>{html.escape(AGENCY[1])}</b></div>
<div><b>{html.escape(NATION[0])}</b><br><b>{html.escape(NATION[1])}</b><br><i>{html.escape(brief.place_date)}</i></div></header>
<h1>{html.escape(TITLE)}</h1><p class="sub"><b>{html.escape(SUBTITLE)}</b></p>
<p class="sub">{html.escape(brief.as_of_line)}</p>
<nav>{nav}</nav>
{"".join(body)}
<footer>Bản sao ngoại tuyến của Bảng điều hành UBND tỉnh, lập lúc {brief.made_at:%H:%M} ngày
{brief.made_at:%d/%m/%Y}; mở được không cần mạng.</footer>
</main></body></html>
"""
