"""Command line: python -m dashboard.brief --out FILE [--db PATH] [--format pdf|docx|html]

Writes the meeting brief (or the offline copy) of the store, so that it can be scheduled; the format
follows the file's extension unless --format says otherwise. Exit 0 with one line on stdout; exit 2
with a Vietnamese message on stderr when the store or the fonts are missing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from data_pipeline.settings import default_db_path
from data_pipeline.text import printable_output

from .. import fmt
from . import FORMATS, build, why_not_made

EXIT_FAILED = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        self.print_usage(sys.stderr)
        print(f"Lỗi tham số dòng lệnh: {message}", file=sys.stderr)
        sys.exit(EXIT_FAILED)


def main(argv: list[str] | None = None) -> int:
    with printable_output():  # a cell or a file name in a message is shown, never obeyed by the terminal
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    parser = _Parser(prog="python -m dashboard.brief",
                     description="Lập báo cáo nhanh (PDF, Word) hoặc bản sao ngoại tuyến (HTML) từ kho dữ liệu.")
    parser.add_argument("--out", required=True, help="tệp kết quả (.pdf, .docx hoặc .html)")
    parser.add_argument("--db", help="kho dữ liệu (mặc định: biến DASHBOARD_DB, hoặc data/warehouse.duckdb)")
    parser.add_argument("--format", choices=sorted(FORMATS), help="mặc định theo đuôi tệp --out")
    parser.add_argument("--geo", help="tệp ranh giới xã, phường (mặc định: biến DASHBOARD_GEO)")
    args = parser.parse_args(argv)
    out = Path(args.out)
    kind = args.format or out.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        parser.error(f"không biết lập tệp «{out.name}»: hãy dùng đuôi .pdf, .docx, .html hoặc --format")
    db = Path(args.db) if args.db else default_db_path()
    from data_pipeline import store
    if not db.exists() and not store.snapshot_path(db).exists():
        print(f"Chưa có kho dữ liệu {db}. Hãy nạp dữ liệu trước (python -m data_pipeline ingest …).", file=sys.stderr)
        return EXIT_FAILED
    started = time.perf_counter()
    try:
        data = build(db, kind, Path(args.geo) if args.geo else None)
    except Exception as exc:  # said in Vietnamese, never a traceback
        print(why_not_made(kind, exc), file=sys.stderr)
        return EXIT_FAILED
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as exc:
        print(f"Không ghi được tệp {out}: {exc.strerror or exc}.", file=sys.stderr)
        return EXIT_FAILED
    print(f"Đã lập {out} ({kind}, {fmt.number(len(data) / 1024)} KB, "
          f"{fmt.number(time.perf_counter() - started, 1)} giây)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
