"""Helpers for the command-line and store tests: departmental sheets, running the real command
line in a subprocess (exit code, output, wall time and peak memory), and dumping a store whole.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import xlsxwriter

ROOT = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------- departmental sheets

DISBURSEMENT_SHEET = "Biểu 1"


@dataclass(frozen=True)
class Formula:
    """A formula cell and the value Excel cached for it (a number, or an error such as "#REF!")."""
    text: str
    cached: object


@dataclass
class Project:
    name: str
    investor: str = "Ban Quản lý dự án đầu tư xây dựng tỉnh"
    location: str = "Xã Trà Lĩnh"
    plan: object = 1000  # triệu đồng
    disbursed: object = 400
    code: str | None = None
    note: str = ""


def write_disbursement(path: Path, projects: list[Project], *, as_of: str = "30/4/2026",
                       with_codes: bool = False, without: tuple[str, ...] = ()) -> Path:
    """A disbursement report as Sở Tài chính sends it: agency line, title with the as-of date,
    unit line, a two-row merged header, the column-number row, a total row and group rows.

    Rows: 1-3 title block, 4-5 header, 6 column numbers, 7 "Tổng cộng", 8 group "A",
    9 group "I", projects from row 10. `without` drops header columns by their text.
    """
    columns = [("STT", None), ("Mã dự án", None), ("Tên dự án", None), ("Chủ đầu tư", None),
               ("Địa điểm", None), ("Kế hoạch vốn năm 2026", "Tổng số"),
               ("Kế hoạch vốn năm 2026", "Trong đó: NSTW"), (f"Giải ngân đến {as_of}", None),
               ("Ghi chú", None)]
    if not with_codes:
        without = (*without, "Mã dự án")
    columns = [c for c in columns if c[0] not in without]
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet(DISBURSEMENT_SHEET)
    ws.write(0, 0, "UBND TỈNH CAO BẰNG")
    ws.write(1, 0, f"BÁO CÁO TÌNH HÌNH GIẢI NGÂN KẾ HOẠCH VỐN ĐẦU TƯ CÔNG NĂM 2026 (đến ngày {as_of})")
    ws.write(2, 0, "Đơn vị tính: triệu đồng")
    c = 0
    while c < len(columns):
        top, sub = columns[c]
        span = 1
        while c + span < len(columns) and columns[c + span][0] == top:
            span += 1
        if sub is None:
            ws.merge_range(3, c, 4, c, top)
        else:
            if span > 1:
                ws.merge_range(3, c, 3, c + span - 1, top)
            else:
                ws.write(3, c, top)
            for k in range(span):
                ws.write(4, c + k, columns[c + k][1])
        c += span
    ws.write_row(5, 0, [f"({i + 1})" for i in range(len(columns))])
    heads = [top if sub is None else f"{top}|{sub}" for top, sub in columns]

    def put(r: int, values: dict) -> None:
        for key, value in values.items():
            if key in heads and isinstance(value, Formula):
                ws.write_formula(r, heads.index(key), value.text, None, value.cached)
            elif key in heads and value is not None:
                ws.write(r, heads.index(key), value)

    plan_head, disbursed_head = "Kế hoạch vốn năm 2026|Tổng số", f"Giải ngân đến {as_of}"
    numeric = [p for p in projects if isinstance(p.plan, (int, float)) and isinstance(p.disbursed, (int, float))]
    put(6, {"Tên dự án": "Tổng cộng", plan_head: sum(p.plan for p in numeric),
            disbursed_head: sum(p.disbursed for p in numeric)})
    put(7, {"STT": "A", "Tên dự án": "Vốn ngân sách trung ương"})
    put(8, {"STT": "I", "Tên dự án": "Giao thông"})
    for i, p in enumerate(projects):
        put(9 + i, {"STT": i + 1, "Mã dự án": p.code, "Tên dự án": p.name, "Chủ đầu tư": p.investor,
                    "Địa điểm": p.location, plan_head: p.plan, disbursed_head: p.disbursed,
                    "Ghi chú": p.note or None})
    ws.write(10 + len(projects), 1, "Ghi chú: số liệu do các chủ đầu tư báo cáo.")
    book.close()
    return path


def first_project_row() -> int:
    return 10


def write_tasks(path: Path, tasks: list[tuple[str, str, object, str]], *, as_of: str = "30/4/2026") -> Path:
    """Tasks assigned by the provincial People's Committee: (title, lead agency, deadline, status).
    The header is row 4; tasks start at row 5."""
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Nhiệm vụ")
    ws.write(0, 0, "VĂN PHÒNG UBND TỈNH CAO BẰNG")
    ws.write(1, 0, f"TỔNG HỢP TÌNH HÌNH THỰC HIỆN NHIỆM VỤ UBND TỈNH GIAO (đến ngày {as_of})")
    ws.write_row(3, 0, ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Tình hình thực hiện"])
    for i, (title, lead, deadline, status) in enumerate(tasks):
        ws.write_row(4 + i, 0, [i + 1, title, lead, deadline, status])
    book.close()
    return path


def write_revenue(path: Path, month: int, items: list[tuple[str, str, float, float, float]]) -> Path:
    """Thu ngân sách for one month: (STT, chỉ tiêu, dự toán, thực hiện tháng, lũy kế), triệu đồng."""
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Thu NSNN")
    ws.write(0, 0, "SỞ TÀI CHÍNH TỈNH CAO BẰNG")
    ws.write(1, 0, f"BÁO CÁO THU NGÂN SÁCH NHÀ NƯỚC THÁNG {month} NĂM 2026")
    ws.write(2, 0, "Đơn vị tính: triệu đồng")
    ws.write_row(3, 0, ["STT", "Chỉ tiêu", "Dự toán năm 2026", f"Thực hiện tháng {month}", "Lũy kế từ đầu năm"])
    for i, item in enumerate(items):
        ws.write_row(4 + i, 0, list(item))
    book.close()
    return path


def write_trade(path: Path, rows: list[tuple[str, str, float, float]]) -> Path:
    """Kim ngạch qua cửa khẩu: (tháng "4/2026", cửa khẩu, xuất khẩu, nhập khẩu), nghìn USD."""
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("XNK")
    ws.write(0, 0, "BÁO CÁO KIM NGẠCH XUẤT NHẬP KHẨU QUA CÁC CỬA KHẨU TRÊN ĐỊA BÀN TỈNH")
    ws.write(1, 0, "Đơn vị tính: nghìn USD")
    ws.write_row(2, 0, ["STT", "Tháng", "Cửa khẩu", "Xuất khẩu", "Nhập khẩu"])
    for i, row in enumerate(rows):
        ws.write_row(3 + i, 0, [i + 1, *row])
    book.close()
    return path


# ---------------------------------------------------------------- the command line

@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float  # the child's own peak resident memory

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_cli(*args: str | Path, env: dict | None = None, timeout: float = 120) -> Run:
    """`python -m data_pipeline ARGS` in a subprocess; its peak memory comes from wait4's rusage,
    so it is this child's alone, not the largest of every child the test run has started."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "data_pipeline", *map(str, args)], cwd=ROOT,
                                stdout=out, stderr=err, env={**os.environ, **(env or {})})
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                raise TimeoutError(f"command line still running after {timeout} s: {args}")
            time.sleep(0.01)
        seconds = time.monotonic() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(proc.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                   seconds, usage.ru_maxrss / 1024)


# ---------------------------------------------------------------- the store, whole

def dump_store(db: Path, *, with_audit: bool = False) -> dict[str, list[tuple]]:
    """Every table and view of a store file, each as its sorted rows with the column names first.
    The audit log is left out unless asked for: it is the one table a refused file may add to. The
    marts a published snapshot stores (marts.STORED) are left out too: they are worked out from the
    rest (tests/test_stored_marts.py checks them), so a snapshot dumps like the store it copies."""
    from data_pipeline import marts
    derived = {"stored_marts"} | {marts.stored_table(name) for name in marts.STORED}
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"attach '{db}' as store (read_only)")
        con.execute("use store")
        names = [r[0] for r in con.execute(
            "select table_name from duckdb_tables() where database_name = 'store' and not internal "
            "union all select view_name from duckdb_views() where database_name = 'store' and not internal "
            "order by 1").fetchall()]
        dump = {}
        for name in names:
            if (name == "audit_log" and not with_audit) or name in derived:
                continue
            result = con.execute(f'select * from "{name}" order by all')
            dump[name] = [tuple(d[0] for d in result.description), *result.fetchall()]
        return dump
    finally:
        con.close()


# ---------------------------------------------------------------- a demo store with longer lists

COMMUNE_AREA = "01288"  # a commune of the demo store, given a revenue tree of its own


def grown_demo_store(demo_db: Path, copy: Path) -> Path:
    """A copy of the demo store with five times its projects (new ids, spread over communes, so that
    the lists run to several pages) and one commune's revenue tree beside the province's."""
    import shutil

    from data_pipeline import store

    shutil.copyfile(demo_db, copy)
    with store.writer(copy, publish_after=True) as con:
        codes = [r[0] for r in con.execute("select commune_code from communes order by commune_code limit 7").fetchall()]
        con.execute("""
            insert into stg_disbursement
            select s.* replace (project_id || '-' || n as project_id,
                                source_row + 1000 * n as source_row,
                                list_extract(?, 1 + (n + source_row) % 7) as commune_code,
                                plan_vnd * (1 + n / 10) as plan_vnd)
            from stg_disbursement s, range(1, 5) t(n)
            where load_id in (select load_id from current_loads where dataset = 'disbursement')""", [codes])
        con.execute("""
            insert into stg_revenue
            select * replace (? as area, ytd_actual_vnd / 50 as ytd_actual_vnd, estimate_vnd / 40 as estimate_vnd)
            from stg_revenue where area = 'Toàn tỉnh'""", [COMMUNE_AREA])
    return copy
