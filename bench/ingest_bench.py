"""Benchmark: ingest of a 100,000-row workbook of each dataset, end to end, against pandas + openpyxl.

Run from the project root:  python bench/ingest_bench.py [--quick] [--datasets a,b] [--rows N]
                                                         [--runs N] [--keep DIR]

For each dataset it writes a workbook in the departmental form (agency and title lines, the unit
line, merged headers, the column-number row, total and group rows where the form has them, notes
and a signature block below), then runs, each in its own fresh Python process:

- ours: `python -m data_pipeline ingest FILE --db NEW_STORE` (read, validate, load);
- baseline: `pandas.read_excel(FILE, engine="openpyxl")` (read only);

and prints wall time, rows per second, CPU time and peak memory (the child's own ru_maxrss, from
wait4) side by side. The machine may be shared, so ours runs several times and the fastest run is
shown. `--quick` is a short check (20,000 rows, one run each); the exit status is 0 when every
target is met. `--json FILE` also writes the figures as JSON for other scripts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 3.0
TARGET_SPEEDUP = 10.0
TARGET_PEAK_MB = 500.0

COMMUNES = ["Xã Trà Lĩnh", "Xã Quang Hán", "Phường Thục Phán", "Phường Tân Giang", "Xã Lũng Nặm",
            "Xã Hạ Lang", "Xã Đàm Thủy", "Xã Bảo Lạc", "Xã Nguyên Bình", "Xã Thạch An", "Xã Hòa An",
            "Xã Trùng Khánh", "Các xã: Cần Yên, Thông Nông", "Toàn tỉnh"]
INVESTORS = ["Ban Quản lý dự án đầu tư xây dựng tỉnh", "Sở Nông nghiệp và Môi trường", "Sở Giáo dục và Đào tạo",
             "Sở Y tế", "Ban Quản lý Khu kinh tế tỉnh", "UBND xã Trà Lĩnh", "UBND phường Thục Phán"]
KINDS = ["Đường giao thông", "Trường phổ thông dân tộc bán trú", "Trạm y tế", "Kè chống sạt lở",
         "Hệ thống cấp nước sinh hoạt", "Nhà văn hoá", "Cầu treo", "Thuỷ lợi"]
FUNDS = ["Vốn ngân sách trung ương", "Vốn ngân sách địa phương", "Vốn trái phiếu Chính phủ"]
SECTORS = ["Giao thông", "Giáo dục và đào tạo", "Y tế", "Nông nghiệp, thuỷ lợi", "Văn hoá, xã hội"]
ROMAN = ["I", "II", "III", "IV", "V"]


def write_workbook(path: Path, projects: int, seed: int = 2026) -> Path:
    """A Sở Tài chính disbursement report with `projects` project rows."""
    rnd = random.Random(seed)
    book = xlsxwriter.Workbook(str(path))
    bold = book.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "border": 1})
    money = book.add_format({"num_format": "#,##0.000", "border": 1})
    ws = book.add_worksheet("Biểu 01")
    ws.write(0, 0, "UBND TỈNH CAO BẰNG")
    ws.write(0, 6, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    ws.write(1, 0, "SỞ TÀI CHÍNH")
    ws.write(1, 6, "Độc lập - Tự do - Hạnh phúc")
    ws.write(2, 0, "BÁO CÁO TÌNH HÌNH GIẢI NGÂN KẾ HOẠCH VỐN ĐẦU TƯ CÔNG NĂM 2026")
    ws.write(3, 0, "(Số liệu tính đến ngày 30/9/2026)")
    ws.write(4, 8, "Đơn vị tính: triệu đồng")
    for col, label in enumerate(["STT", "Tên dự án", "Chủ đầu tư", "Địa điểm xây dựng"]):
        ws.merge_range(5, col, 6, col, label, bold)
    ws.merge_range(5, 4, 5, 5, "Kế hoạch vốn năm 2026", bold)
    ws.merge_range(5, 6, 5, 7, "Giải ngân từ 01/01/2026 đến 30/9/2026", bold)
    ws.merge_range(5, 8, 6, 8, "Khó khăn, vướng mắc", bold)
    ws.write_row(6, 4, ["Tổng số", "Trong đó: vốn năm 2025 kéo dài"], bold)
    ws.write_row(6, 6, ["Tổng số", "Trong đó: vốn năm 2025 kéo dài"], bold)
    ws.write_row(7, 0, ["A", "B", "C", "D", "1", "2", "3", "4", "5"], bold)
    ws.write_row(8, 1, ["TỔNG CỘNG"], bold)
    row = 9
    per_fund = -(-projects // len(FUNDS))
    number = 0
    for f, fund in enumerate(FUNDS):
        ws.write_row(row, 0, [chr(ord("A") + f), fund], bold)
        row += 1
        in_fund = min(per_fund, projects - number)
        per_sector = -(-in_fund // len(SECTORS))
        done_in_fund = 0
        for s, sector in enumerate(SECTORS):
            if done_in_fund >= in_fund:
                break
            ws.write_row(row, 0, [ROMAN[s], sector], bold)
            row += 1
            for k in range(min(per_sector, in_fund - done_in_fund)):
                number += 1
                done_in_fund += 1
                plan = round(rnd.uniform(200, 90000), 3)
                carried = round(plan * rnd.choice([0, 0, 0.1, 0.25]), 3)
                disbursed = round(plan * rnd.uniform(0, 0.95), 3)
                ws.write(row, 0, k + 1)
                ws.write(row, 1, f"{rnd.choice(KINDS)} dự án số {number:06d}, {sector.lower()}")
                ws.write(row, 2, rnd.choice(INVESTORS))
                ws.write(row, 3, rnd.choice(COMMUNES))
                ws.write_number(row, 4, plan, money)
                ws.write_number(row, 5, carried, money)
                ws.write_number(row, 6, disbursed, money)
                ws.write_number(row, 7, min(carried, disbursed), money)
                if number % 7 == 0:
                    ws.write(row, 8, "Vướng mắc giải phóng mặt bằng")
                row += 1
    ws.write(row + 1, 1, "Ghi chú: số liệu do các chủ đầu tư báo cáo, Sở Tài chính tổng hợp.")
    ws.write(row + 3, 6, "GIÁM ĐỐC")
    book.close()
    return path


def _report(path: Path, agency: str, title: tuple[str, ...], unit: str | None, headers: list[str],
            rows, note: str = "Ghi chú: số liệu do các đơn vị báo cáo, tổng hợp.") -> Path:
    """A report in the departmental form: agency and quốc hiệu lines, the title, the unit line,
    one header row, the column-number row, the rows, then a note and a signature."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    bold = book.add_format({"bold": True, "align": "center", "text_wrap": True, "border": 1})
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    ws = book.add_worksheet("Biểu 01")
    width = len(headers)
    ws.write_row(0, 0, [agency] + [None] * (width - 3) + ["CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    ws.write_row(1, 0, ["UBND TỈNH CAO BẰNG"] + [None] * (width - 3) + ["Độc lập - Tự do - Hạnh phúc"])
    r = 2
    for line in title:
        ws.write(r, 0, line)
        r += 1
    if unit:
        ws.write(r, width - 1, unit)
        r += 1
    ws.write_row(r, 0, headers, bold)
    ws.write_row(r + 1, 0, [f"({i + 1})" for i in range(width)], bold)
    r += 2
    for values in rows:
        for c, v in enumerate(values):
            if isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date)
            elif v is not None:
                ws.write(r, c, v)
        r += 1
    ws.write(r + 1, 0, note)
    ws.write(r + 3, width - 2, "GIÁM ĐỐC")
    book.close()
    return path


AGENCIES = ["Sở Xây dựng", "Sở Tài chính", "Sở Nông nghiệp và Môi trường", "Sở Giáo dục và Đào tạo", "Sở Y tế",
            "Sở Công Thương", "Ban Quản lý Khu kinh tế tỉnh", "UBND phường Thục Phán", "UBND xã Trà Lĩnh"]
TASK_STATUSES = ["Đã hoàn thành", "Đang thực hiện", "Chưa thực hiện", "Hoàn thành chậm", "Thực hiện thường xuyên"]


def write_tasks(path: Path, count: int, seed: int = 2026) -> Path:
    rnd = random.Random(seed)

    def rows():
        for n in range(1, count + 1):
            status = rnd.choice(TASK_STATUSES)
            deadline = dt.date(2026, 1, 1) + dt.timedelta(days=rnd.randrange(300))
            done = deadline - dt.timedelta(days=rnd.randrange(-20, 30)) if "hoàn thành" in status.lower() else None
            yield (f"NV-{n:06d}", f"{rnd.choice(KINDS)}: triển khai nhiệm vụ số {n}", f"Thông báo số {n % 400 + 1}/TB-UBND",
                   rnd.choice(AGENCIES), rnd.choice(COMMUNES[:12]), deadline, status, done,
                   "Đã triển khai; đang hoàn thiện hồ sơ" if n % 3 else None)
    return _report(path, "VĂN PHÒNG UBND TỈNH",
                   ("BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ DO UBND TỈNH, CHỦ TỊCH UBND TỈNH GIAO",
                    "(Số liệu tính đến ngày 30/9/2026)"), None,
                   ["Mã nhiệm vụ", "Nội dung nhiệm vụ", "Văn bản giao", "Cơ quan chủ trì", "Xã, phường", "Thời hạn",
                    "Tình hình thực hiện", "Ngày hoàn thành", "Nội dung báo cáo tiến độ"], rows())


MINERALS = ["Đá vôi làm vật liệu xây dựng thông thường", "Cát, sỏi lòng sông", "Quặng sắt", "Quặng mangan", "Đất sét"]


def write_mining(path: Path, count: int, seed: int = 2026) -> Path:
    rnd = random.Random(seed)

    def rows():
        for n in range(1, count + 1):
            capacity = rnd.randrange(5, 500) * 1000
            yield (f"{n}/GP-UBND", f"Mỏ số {n:06d}", rnd.choice(MINERALS), f"Công ty TNHH Khoáng sản số {n % 900 + 1}",
                   rnd.choice(COMMUNES[:12]), capacity, round(capacity * rnd.uniform(0, 1.1)), "m3/năm",
                   dt.date(2027 + n % 10, 12, 31), "Đang khai thác")
    return _report(path, "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
                   ("BÁO CÁO TÌNH HÌNH KHAI THÁC KHOÁNG SẢN", "(Từ ngày 01/01/2026 đến ngày 30/9/2026)"), None,
                   ["Số giấy phép", "Tên mỏ", "Loại khoáng sản", "Tổ chức được cấp phép", "Vị trí (xã, phường)",
                    "Công suất cấp phép", "Sản lượng thực tế", "Đơn vị tính", "Ngày hết hạn giấy phép", "Tình trạng"], rows())


REVENUE_GROUPS = ["Thu nội địa", "Thu từ hoạt động xuất nhập khẩu", "Thu viện trợ", "Thu khác"]


def write_revenue(path: Path, count: int, seed: int = 2026) -> Path:
    """Items numbered I, 1, 2 ... under each area in turn; the group rows are items too."""
    rnd = random.Random(seed)
    areas = ["Toàn tỉnh"] + [c for c in COMMUNES if c.startswith(("Xã", "Phường"))]

    def rows():
        made = 0
        block = -(-count // len(areas))
        for area in areas:
            per_group = -(-block // len(REVENUE_GROUPS))
            for g, group in enumerate(REVENUE_GROUPS):
                yield (ROMAN[g], group, area, None, None, None, None)
                made += 1
                for k in range(1, per_group):
                    if made >= count:
                        return
                    estimate = round(rnd.uniform(100, 90000), 3)
                    yield (k, f"Khoản thu số {k}", area, estimate, round(estimate * rnd.uniform(0, 0.2), 3),
                           round(estimate * rnd.uniform(0.3, 1), 3), round(estimate * rnd.uniform(0.3, 1), 3))
                    made += 1
    return _report(path, "SỞ TÀI CHÍNH", ("BÁO CÁO TÌNH HÌNH THU NGÂN SÁCH NHÀ NƯỚC",
                                          "Tháng 9 năm 2026 (số liệu đến ngày 30/9/2026)"), "Đơn vị tính: triệu đồng",
                   ["STT", "Chỉ tiêu", "Địa bàn", "Dự toán", "Thực hiện tháng", "Lũy kế thực hiện",
                    "Cùng kỳ năm trước"], rows())


def write_trade(path: Path, count: int, seed: int = 2026) -> Path:
    """One row per crossing point and month, over as many months as it takes."""
    rnd = random.Random(seed)
    gates = ["Tà Lùng", "Trà Lĩnh", "Sóc Giang", "Lý Vạn", "Pò Peo", "Bí Hà"] + [f"Lối mở số {n}" for n in range(1, 395)]

    def rows():
        made = 0
        month = dt.date(2026, 9, 1)
        while made < count:
            for gate in gates:
                if made >= count:
                    return
                yield (month, gate, rnd.randrange(10_000, 30_000_000), rnd.randrange(10_000, 20_000_000),
                       rnd.randrange(0, 3000), rnd.randrange(0, 3000))
                made += 1
            month = (month - dt.timedelta(days=1)).replace(day=1)
    return _report(path, "CHI CỤC HẢI QUAN KHU VỰC XVI", ("BÁO CÁO KIM NGẠCH XUẤT NHẬP KHẨU QUA CÁC CỬA KHẨU",
                                                          "(Số liệu tính đến ngày 30/9/2026)"), "Đơn vị tính: USD",
                   ["Tháng", "Cửa khẩu", "Xuất khẩu", "Nhập khẩu", "Phương tiện xuất cảnh", "Phương tiện nhập cảnh"],
                   rows())


WRITERS = {"disbursement": write_workbook, "tasks": write_tasks, "mining": write_mining,
           "revenue": write_revenue, "trade": write_trade}
FILE_NAMES = {"disbursement": "giai_ngan", "tasks": "nhiem_vu", "mining": "khoang_san",
              "revenue": "thu_ngan_sach", "trade": "xuat_nhap_khau"}


def measure(argv: list[str], cwd: Path = ROOT) -> tuple[float, float, float, str]:
    """Wall seconds, peak MB (its own ru_maxrss, from wait4) and CPU seconds of one child process,
    and its output."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace").strip()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{text}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, text


def best_of(runs: int, argv: list[str], before=None, cwd: Path = ROOT) -> tuple[float, float, float, str]:
    """The fastest of several runs (the machine is shared; the slower runs measure the others' load),
    with the highest peak memory seen in any of them."""
    results = []
    for _ in range(runs):
        if before:
            before()
        results.append(measure(argv, cwd))
    fastest = min(results, key=lambda r: r[0])
    return fastest[0], max(r[1] for r in results), fastest[2], fastest[3]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20,000 rows, one run of each (a short check)")
    parser.add_argument("--datasets", default=",".join(WRITERS), help="comma-separated, default: all five")
    parser.add_argument("--rows", type=int, help="rows per workbook (default 100,000; 20,000 with --quick)")
    parser.add_argument("--runs", type=int, help="runs of ours, the fastest shown (default 3; 1 with --quick)")
    parser.add_argument("--baseline-runs", type=int, default=1, help="runs of the baseline (it takes long)")
    parser.add_argument("--keep", type=Path, help="keep the workbooks (and reuse them) in this folder")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--before", type=Path, help="a checkout of an earlier version, measured the same way")
    args = parser.parse_args()
    rows = args.rows or (20_000 if args.quick else 100_000)
    runs = args.runs or (1 if args.quick else 3)
    datasets = [d.strip() for d in args.datasets.split(",") if d.strip()]
    unknown = [d for d in datasets if d not in WRITERS]
    if unknown:
        parser.error(f"unknown dataset(s): {', '.join(unknown)}")

    folder = args.keep or Path(tempfile.mkdtemp(prefix="ingest_bench_"))
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for dataset in datasets:
            results.append(_bench(dataset, folder, rows, runs, args.baseline_runs, reuse=bool(args.keep),
                                  before=args.before))
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    print()
    _print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 0 if all(r["met"] for r in results) else 1


def _bench(dataset: str, folder: Path, rows: int, runs: int, baseline_runs: int, reuse: bool,
           before: Path | None = None) -> dict:
    book = folder / (f"giai_ngan_{rows}_du_an.xlsx" if dataset == "disbursement" else f"{FILE_NAMES[dataset]}_{rows}.xlsx")
    started = time.perf_counter()
    if not (reuse and book.exists()):
        WRITERS[dataset](book, rows)
    print(f"{dataset}: {book} ({book.stat().st_size / 1e6:.1f} MB, {rows:,} rows, "
          f"ready in {time.perf_counter() - started:.1f} s)", flush=True)
    db = folder / f"bench_{dataset}.duckdb"

    def fresh_store() -> None:
        for stale in folder.glob(f"bench_{dataset}*"):
            stale.unlink()

    ours = best_of(runs, [sys.executable, "-m", "data_pipeline", "ingest", str(book), "--db", str(db)],
                   before=fresh_store)
    print("  " + ours[3].splitlines()[-1], flush=True)
    result = {"dataset": dataset, "rows": rows, "ours_s": ours[0], "ours_cpu_s": ours[2], "ours_mb": ours[1],
              "baseline_s": None, "baseline_cpu_s": None, "baseline_mb": None,
              "load_average": os.getloadavg()[0]}
    if before:
        earlier = best_of(1, [sys.executable, "-m", "data_pipeline", "ingest", str(book), "--db", str(db)],
                          before=fresh_store, cwd=before)
        result.update(before_s=earlier[0], before_cpu_s=earlier[2], before_mb=earlier[1])
    if baseline_runs:
        baseline = best_of(baseline_runs, [
            sys.executable, "-c", "import sys, pandas; frame = pandas.read_excel(sys.argv[1], engine='openpyxl'); "
            "print(f'pandas.read_excel: {len(frame)} rows')", str(book)])
        result.update(baseline_s=baseline[0], baseline_cpu_s=baseline[2], baseline_mb=baseline[1])
    fresh_store()
    result["met"] = bool(result["ours_mb"] < TARGET_PEAK_MB and
                         (rows < 100_000 or result["ours_s"] < TARGET_SECONDS) and
                         (result["baseline_s"] is None or result["baseline_s"] >= TARGET_SPEEDUP * result["ours_s"]))
    return result


def _print_table(results: list[dict]) -> None:
    head = (f"{'dataset':13}{'rows':>9}{'ours':>9}{'ours rows/s':>13}{'ours CPU':>10}{'ours peak':>11}"
            f"{'pandas':>9}{'pandas rows/s':>15}{'pandas peak':>13}{'faster by':>11}  targets")
    print(head)
    print("-" * len(head))
    for r in results:
        line = (f"{r['dataset']:13}{r['rows']:>9,}{r['ours_s']:>7.2f} s{r['rows'] / r['ours_s']:>13,.0f}"
                f"{r['ours_cpu_s']:>8.2f} s{r['ours_mb']:>8.0f} MB")
        if r["baseline_s"] is not None:
            line += (f"{r['baseline_s']:>7.2f} s{r['rows'] / r['baseline_s']:>15,.0f}{r['baseline_mb']:>10.0f} MB"
                     f"{r['baseline_s'] / r['ours_s']:>10.1f}×")
        else:
            line += f"{'':>9}{'':>15}{'':>13}{'':>11}"
        print(line + ("  met" if r["met"] else "  MISSED"))
    if any("before_s" in r for r in results):
        print()
        print(f"{'dataset':13}{'before':>9}{'before CPU':>12}{'before peak':>13}{'now':>9}{'now CPU':>10}{'now peak':>11}")
        for r in results:
            if "before_s" in r:
                print(f"{r['dataset']:13}{r['before_s']:>7.2f} s{r['before_cpu_s']:>10.2f} s{r['before_mb']:>10.0f} MB"
                      f"{r['ours_s']:>7.2f} s{r['ours_cpu_s']:>8.2f} s{r['ours_mb']:>8.0f} MB")
    print(f"(load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; targets: under "
          f"{TARGET_SECONDS:g} s for 100,000 rows, at least {TARGET_SPEEDUP:g}× pandas, under {TARGET_PEAK_MB:g} MB)")


if __name__ == "__main__":
    sys.exit(main())
