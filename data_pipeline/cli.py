"""Command line: python -m data_pipeline ingest|demo|history|rollback|extract-tasks|users|backup|restore.

Exit 0 on success with one summary line on stdout; exit 2 when a file is rejected, with every
problem on stderr, one a line, in Vietnamese. No traceback ever reaches the user.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from . import store
from .ingest import ingest
from .problems import Rejected
from .settings import default_db_path
from .text import printable_output

EXIT_REJECTED = 2


# argparse words its messages in English: the ones a person meets, said in Vietnamese.
_ARGPARSE_WORDS = (
    (re.compile(r"invalid choice: '([^']*)' \(choose from (.*)\)"),
     lambda m: f'giá trị "{m[1]}" không hợp lệ (chọn một trong: {m[2].replace(chr(39), "")})'),
    (re.compile(r"invalid (int|float) value: '([^']*)'"), lambda m: f'"{m[2]}" không phải là số'),
    (re.compile(r"the following arguments are required: (.*)"), lambda m: f"thiếu tham số bắt buộc: {m[1]}"),
    (re.compile(r"unrecognized arguments: (.*)"), lambda m: f"tham số không nhận ra: {m[1]}"),
    (re.compile(r"expected one argument"), lambda m: "cần một giá trị"),
    (re.compile(r"ambiguous option: (\S+) could match (.*)"), lambda m: f"tham số {m[1]} không rõ (có thể là {m[2]})"),
    (re.compile(r"^argument ([^:]+):"), lambda m: f"tham số {m[1]}:"),
)


def vietnamese_argparse_message(message: str) -> str:
    for pattern, words in _ARGPARSE_WORDS:
        message = pattern.sub(words, message)
    return message


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own messages are English; say it in Vietnamese
        self.print_usage(sys.stderr)
        print(f"Lỗi tham số dòng lệnh: {vietnamese_argparse_message(message)}", file=sys.stderr)
        sys.exit(EXIT_REJECTED)

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "Cách dùng:", 1)


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
    p.add_argument("--reporting-unit", help="báo cáo riêng của một đơn vị (tên cơ quan, xã, cửa khẩu); "
                                            "tinh: biểu tổng hợp toàn tỉnh")
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

    _add_user_commands(sub)
    p = sub.add_parser("backup", help="sao lưu toàn bộ kho dữ liệu vào một thư mục (EXPORT DATABASE)")
    p.add_argument("folder")
    p.add_argument("--db")
    p = sub.add_parser("restore", help="khôi phục kho dữ liệu từ một thư mục sao lưu (IMPORT DATABASE)")
    p.add_argument("folder")
    p.add_argument("--db")
    return parser


def _codes(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def _add_user_commands(sub) -> None:
    users = sub.add_parser("users", help="tài khoản đăng nhập bảng điều hành")
    actions = users.add_subparsers(dest="users_command", required=True, parser_class=_Parser)
    p = actions.add_parser("add", help="thêm tài khoản (mật khẩu ngẫu nhiên in ra một lần)")
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=("viewer", "editor", "admin"))
    p.add_argument("--name", help="họ tên hiển thị")
    p.add_argument("--datasets", help="loại dữ liệu được nạp (biên tập viên), cách nhau bởi dấu phẩy")
    p.add_argument("--communes", help="mã xã, phường được nạp (nếu giới hạn), cách nhau bởi dấu phẩy")
    p.add_argument("--agencies", help="cơ quan được nạp (nếu giới hạn), cách nhau bởi dấu chấm phẩy")
    p.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ dòng đầu của stdin")
    p.add_argument("--db")
    p = actions.add_parser("list", help="danh sách tài khoản")
    p.add_argument("--db")
    for name, text in (("disable", "khóa tài khoản"), ("enable", "mở khóa tài khoản"),
                       ("reset-password", "đặt mật khẩu ngẫu nhiên mới (in ra một lần)")):
        p = actions.add_parser(name, help=text)
        p.add_argument("username")
        p.add_argument("--db")
    p = actions.add_parser("set-role", help="đổi vai trò và phạm vi nạp dữ liệu")
    p.add_argument("username")
    p.add_argument("role", choices=("viewer", "editor", "admin"))
    p.add_argument("--datasets")
    p.add_argument("--communes")
    p.add_argument("--agencies")
    p.add_argument("--db")


# Commands that first publish what an interrupted earlier write committed (see store.py); a dry
# run writes nothing at all, and restore replaces the store anyway.
PUBLISHING_FIRST = ("ingest", "history", "rollback", "users", "backup")


def _agencies(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(";") if part.strip()]


def main(argv: list[str] | None = None) -> int:
    with printable_output():  # a cell or a file name in a message is shown, never obeyed by the terminal
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    db = Path(getattr(args, "db", None) or default_db_path())
    try:
        store.private_files()
        if args.command in PUBLISHING_FIRST and not getattr(args, "dry_run", False):
            notice = store.publish_interrupted(db)  # what an interrupted earlier write left, and what became of it
            if notice:
                print(notice, file=sys.stderr)
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
                    unit=args.unit, dry_run=args.dry_run, reporting_unit=args.reporting_unit)
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
              f"{r.row_count} dòng\t{state}\t{_unit_text(r)}\t{r.loaded_by}\t{r.file_name}")
    return 0


def _unit_text(load) -> str:
    """Whose report a load is, for `history`: the unit, or the province's compilation."""
    from .units import unit_label
    if getattr(load, "load_kind", "report") == "notice":
        return f"văn bản {load.reporting_unit}"
    unit = None if load.reporting_unit is None or load.reporting_unit != load.reporting_unit else load.reporting_unit
    return unit_label(unit)


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


def _users(args, db: Path) -> int:
    from . import accounts

    actor = f"{store.current_user()} (dòng lệnh)"
    command = args.users_command
    if command == "list":
        found = accounts.list_accounts(db)
        if not found:
            print("Chưa có tài khoản nào.")
        for a in found:
            scope = ",".join(a.datasets) + (f" [{','.join(a.communes)}]" if a.communes else "") + (
                f" [{'; '.join(a.agencies)}]" if a.agencies else "")
            print(f"{a.username}\t{a.role}\t{'đã khóa' if a.disabled else 'đang dùng'}\t{a.display_name}\t{scope}")
        return 0
    if command == "add":
        given = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
        password = accounts.add_account(db, args.username, args.role, actor=actor, password=given,
                                        display_name=args.name, datasets=_codes(args.datasets),
                                        communes_=_codes(args.communes), agencies=_agencies(args.agencies))
        print(f"Đã thêm tài khoản {accounts.normal_username(args.username)} ({args.role}).")
        if given is None:
            print(f"Mật khẩu (chỉ hiện một lần, hãy chuyển cho người dùng): {password}")
        return 0
    if command in ("disable", "enable"):
        accounts.set_disabled(db, args.username, command == "disable", actor=actor)
        print(f"Đã {'khóa' if command == 'disable' else 'mở khóa'} tài khoản {accounts.normal_username(args.username)}.")
        return 0
    if command == "reset-password":
        password = accounts.set_password(db, args.username, actor=actor)
        print(f"Mật khẩu mới (chỉ hiện một lần): {password}")
        return 0
    accounts.set_role(db, args.username, args.role, actor=actor, datasets=_codes(args.datasets),
                      communes_=_codes(args.communes), agencies=_agencies(args.agencies))
    print(f"Đã đổi vai trò của {accounts.normal_username(args.username)} thành {args.role}.")
    return 0


def _backup(args, db: Path) -> int:
    from .backup import backup
    names = backup(db, Path(args.folder))
    print(f"Đã sao lưu {len(names)} bảng vào {args.folder}")
    return 0


def _restore(args, db: Path) -> int:
    from .backup import restore
    kept = restore(db, Path(args.folder))
    print(f"Đã khôi phục kho dữ liệu {db} từ {args.folder}" + (f"; kho cũ giữ tại {kept}" if kept else ""))
    return 0


COMMANDS = {"ingest": _ingest, "demo": _demo, "history": _history, "rollback": _rollback,
            "extract-tasks": _extract_tasks, "templates": _templates, "users": _users,
            "backup": _backup, "restore": _restore}
