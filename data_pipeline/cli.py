"""Command line: python -m data_pipeline ingest|demo|history|rollback|extract-tasks.

Exit 0 on success with one summary line on stdout; exit 2 when a file is rejected, with every
problem on stderr, one a line, in Vietnamese. No traceback ever reaches the user.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from . import store
from .ingest import ingest
from .problems import Rejected
from .settings import default_db_path

EXIT_REJECTED = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own messages are English; say it in Vietnamese
        self.print_usage(sys.stderr)
        print(f"Lỗi tham số dòng lệnh: {message}", file=sys.stderr)
        sys.exit(EXIT_REJECTED)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'ngày "{text}" không đúng dạng YYYY-MM-DD') from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m data_pipeline", description="Nạp biểu số liệu vào kho dữ liệu DuckDB.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("ingest", help="nạp một tệp bảng tính")
    p.add_argument("file")
    p.add_argument("--dataset", choices=store.DATASETS)
    p.add_argument("--db")
    p.add_argument("--report-date", type=_date)
    p.add_argument("--unit")
    p.add_argument("--dry-run", action="store_true")

    p = sub.add_parser("demo", help="tạo dữ liệu mẫu và nạp vào kho")
    p.add_argument("--db")

    p = sub.add_parser("history", help="lịch sử các lần nạp")
    p.add_argument("--dataset", choices=store.DATASETS)
    p.add_argument("--db")

    p = sub.add_parser("rollback", help="hoàn tác một lần nạp")
    p.add_argument("load_id", type=int)
    p.add_argument("--db")

    p = sub.add_parser("extract-tasks", help="đọc nhiệm vụ từ thông báo kết luận (.txt, .docx)")
    p.add_argument("notice")
    p.add_argument("--out")

    p = sub.add_parser("templates", help="tạo lại biểu mẫu trống trong data/templates")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    db = Path(getattr(args, "db", None) or default_db_path())
    try:
        return COMMANDS[args.command](args, db)
    except Rejected as exc:
        for problem in exc.problems:
            print(str(problem), file=sys.stderr)
        return EXIT_REJECTED
    except KeyboardInterrupt:
        print("Đã dừng.", file=sys.stderr)
        return 130
    except Exception as exc:  # the last guard: a message, never a traceback
        print(f"Lỗi không mong đợi ({type(exc).__name__}); dữ liệu trong kho giữ nguyên. "
              "Hãy gửi tệp này cho quản trị hệ thống.", file=sys.stderr)
        return EXIT_REJECTED


def _ingest(args, db: Path) -> int:
    result = ingest(args.file, db=db, dataset=args.dataset, report_date=args.report_date,
                    unit=args.unit, dry_run=args.dry_run)
    for warning in result.prepared.warnings:
        print(str(warning), file=sys.stderr)
    print(result.summary())
    return 0


def _demo(args, db: Path) -> int:
    from .demo import build_demo
    results = build_demo(db)
    print(f"Đã tạo dữ liệu mẫu: {len(results)} lần nạp vào {db}")
    return 0


def _history(args, db: Path) -> int:
    frame = store.history(db, args.dataset)
    if frame.empty:
        print("Chưa có lần nạp nào.")
        return 0
    for r in frame.itertuples():
        state = "đang dùng" if r.status == "active" else "đã hoàn tác"
        print(f"{r.load_id}\t{r.dataset}\t{r.report_date:%d/%m/%Y}\t{r.loaded_at:%d/%m/%Y %H:%M}\t"
              f"{r.row_count} dòng\t{state}\t{r.loaded_by}\t{r.file_name}")
    return 0


def _rollback(args, db: Path) -> int:
    result = store.rollback(db, args.load_id)
    now = ", ".join(str(i) for i in result["current"]) or "không còn lần nạp nào"
    print(f"Đã hoàn tác lần nạp {args.load_id} ({result['dataset']}); đang dùng: {now}")
    return 0


def _extract_tasks(args, db: Path) -> int:
    from .notice import extract_tasks_csv
    text = extract_tasks_csv(Path(args.notice))
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"Đã ghi {text.count(chr(10)) - 1} nhiệm vụ vào {args.out}")
    else:
        sys.stdout.write(text)
    return 0


def _templates(args, db: Path) -> int:
    from .templates import write_templates
    paths = write_templates()
    print(f"Đã tạo {len(paths)} biểu mẫu trong data/templates")
    return 0


COMMANDS = {"ingest": _ingest, "demo": _demo, "history": _history, "rollback": _rollback,
            "extract-tasks": _extract_tasks, "templates": _templates}
