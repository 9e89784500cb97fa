"""Size and time of the meeting brief (PDF, Word) and of the offline copy (one HTML file) on the demo store.

    python bench/brief_bench.py                  # builds the demo store in a temporary folder
    python bench/brief_bench.py --db data/demo.duckdb --runs 5

Each file is made the way the dashboard's button makes it (in a warm process, fastest of --runs) and the
way a scheduled job does (`python -m dashboard.brief`, a fresh process, imports included). The baseline,
in the same run, is the smallest self-contained plotly page there is: one bar chart written by
plotly's own `to_html(include_plotlyjs=True)`, which carries the same inline plotly.js.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def fastest(runs: int, make) -> tuple[float, bytes]:
    best, data = float("inf"), b""
    for _ in range(runs):
        started = time.perf_counter()
        data = make()
        best = min(best, time.perf_counter() - started)
    return best, data


def cold(db: Path, kind: str, out_dir: Path) -> float:
    out = out_dir / f"cold.{kind}"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dashboard.brief", "--out", str(out), "--db", str(db)], cwd=ROOT,
                   check=True, capture_output=True)
    return time.perf_counter() - started


def baseline() -> bytes:
    import plotly.graph_objects as go
    fig = go.Figure(go.Bar(x=["Tà Lùng", "Trà Lĩnh"], y=[254.2, 112.7], text=["254,2", "112,7"]))
    return fig.to_html(include_plotlyjs=True, full_html=True).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="a store to use (default: the demo store, built in a temporary folder)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        db = Path(args.db) if args.db else tmp / "demo.duckdb"
        if not args.db:
            from data_pipeline.demo import build_demo
            build_demo(db)
        from dashboard.brief import build

        rows = []
        for kind in ("html", "pdf", "docx"):
            warm, data = fastest(args.runs, lambda kind=kind: build(db, kind))
            rows.append((f"ours: {kind}", len(data), warm, cold(db, kind, tmp)))
        warm, data = fastest(args.runs, baseline)
        rows.append(("baseline: one plotly chart, to_html", len(data), warm, None))

    print(f"DASHBOARD_GEO={os.environ.get('DASHBOARD_GEO') or '(none: no map)'}; load average "
          f"{os.getloadavg()[0]:.1f}; fastest of {args.runs} warm runs")
    print(f"| {'file':<38} | {'size':>9} | {'warm':>7} | {'fresh process':>13} |")
    print(f"|{'-' * 40}|{'-' * 10}:|{'-' * 8}:|{'-' * 14}:|")
    for name, size, warm, fresh in rows:
        fresh_text = f"{fresh:.2f} s" if fresh is not None else "—"
        print(f"| {name:<38} | {size / 1024:>6,.0f} KB | {warm:>5.2f} s | {fresh_text:>13} |")
    html_size, base_size = rows[0][1], rows[-1][1]
    print(f"offline copy beyond the plotly.js every self-contained chart page carries: "
          f"{(html_size - base_size) / 1024:,.0f} KB")


if __name__ == "__main__":
    main()
