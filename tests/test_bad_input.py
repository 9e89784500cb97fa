"""Bad input through the real command line: exit 2, a Vietnamese message naming where the problem
is, no traceback, and every table and view of the store exactly as it was before.

Each test runs `python -m data_pipeline ingest FILE --db DB` in a subprocess against a store that
already holds a good load.
"""

from __future__ import annotations

import shutil
import struct
import zipfile
from pathlib import Path

import pytest
import python_calamine as calamine
import xlsxwriter

from store_fixtures import (DISBURSEMENT_SHEET, Formula, Project, Run, dump_store, run_cli,
                            write_disbursement, write_tasks)

GOOD = [
    Project("Đường giao thông liên xã Trà Lĩnh – Quang Hán", location="Xã Trà Lĩnh", plan=12000, disbursed=4800),
    Project("Trường PTDTBT Tiểu học Lũng Nặm", investor="UBND xã Lũng Nặm", location="Xã Lũng Nặm",
            plan=8500.5, disbursed=2100),
    Project("Kè chống sạt lở bờ sông Bằng Giang", location="Phường Thục Phán", plan=25000, disbursed=9000),
]
FIRST = 10  # the spreadsheet row of the first project in write_disbursement's layout
PLAN = "Kế hoạch vốn năm 2026 - Tổng số"
DISBURSED = "Giải ngân đến 30/4/2026"


@pytest.fixture(scope="module")
def good_store(tmp_path_factory) -> Path:
    """A store holding one good disbursement load, made through the command line."""
    folder = tmp_path_factory.mktemp("good")
    db = folder / "store.duckdb"
    run = run_cli("ingest", write_disbursement(folder / "giai_ngan_t4.xlsx", GOOD), "--db", db)
    assert run.code == 0, run.output
    return db


@pytest.fixture
def store(good_store, tmp_path) -> Path:
    """A private copy of the good store (main file and published read snapshot)."""
    db = tmp_path / "store" / good_store.name
    db.parent.mkdir()
    for f in good_store.parent.glob(good_store.name.removesuffix(".duckdb") + "*"):
        if f.is_file() and not f.name.endswith(".lock"):
            shutil.copyfile(f, db.parent / f.name)
    return db


def snapshot(db: Path) -> Path:
    return db.with_name(db.name.removesuffix(".duckdb") + ".read.duckdb")


def ingest_rejected(db: Path, file: Path, *extra: str) -> Run:
    """Run a rejected ingest; check the contract's common promises and return the run."""
    before = dump_store(db), dump_store(snapshot(db))
    assert before[0]["loads"][1:] and before[0]["disbursement"][1:], "the store should hold a good load"
    run = run_cli("ingest", file, "--db", db, *extra)
    assert run.code == 2, run.output
    assert "Traceback" not in run.output, run.output
    assert "Lỗi không mong đợi" not in run.output, run.output
    assert "Đã nạp" not in run.stdout
    assert run.stderr.strip(), "a rejection must say why"
    assert (dump_store(db), dump_store(snapshot(db))) == before
    return run


def problem_lines(run: Run) -> list[str]:
    return [line for line in run.stderr.splitlines() if line.strip()]


# ---------------------------------------------------------------- files that are not spreadsheets

def test_png_renamed_xlsx_is_refused_as_an_image(store, tmp_path):
    png = tmp_path / "giai_ngan.xlsx"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    run = ingest_rejected(store, png)
    assert problem_lines(run) == ['Tệp "giai_ngan.xlsx" là ảnh PNG, không phải bảng tính (xlsx, xls, ods, csv).']


def _ole_file(streams: dict[str, bytes]) -> bytes:
    """A Compound File Binary (the container of .xls and of encrypted Office files), version 3:
    sector 0 holds the FAT, sector 1 the directory, then each stream in whole sectors. Streams
    are at least 4096 bytes, so none lives in the mini stream."""
    sector = 512
    end_of_chain, free, fat_sect, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    names = list(streams)
    assert len(names) <= 3 and all(len(v) >= 4096 for v in streams.values())
    fat = [fat_sect, end_of_chain]
    starts, body = [], b""
    for name in names:
        data = streams[name] + b"\x00" * (-len(streams[name]) % sector)
        count = len(data) // sector
        first = len(fat)
        starts.append(first)
        fat += [first + k + 1 for k in range(count - 1)] + [end_of_chain]
        body += data
    assert len(fat) <= sector // 4
    fat += [free] * (sector // 4 - len(fat))

    def entry(name: str, kind: int, color: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        encoded = (name.encode("utf-16-le") + b"\x00\x00") if name else b""
        return (encoded.ljust(64, b"\x00") + struct.pack("<HBBIII", len(encoded), kind, color, left, right, child)
                + b"\x00" * 16 + struct.pack("<I", 0) + b"\x00" * 16 + struct.pack("<IQ", start, size))

    # Siblings form a red-black tree ordered by name length then name: the shortest at the top,
    # each longer one the right (red) child of the one before.
    order = sorted(range(len(names)), key=lambda i: (len(names[i]), names[i].upper()))
    entries = [entry("Root Entry", 5, 1, no_stream, no_stream, 1 + order[0], end_of_chain, 0)]
    for i, name in enumerate(names):
        rank = order.index(i)
        right = 1 + order[rank + 1] if rank + 1 < len(order) else no_stream
        entries.append(entry(name, 2, 1 if rank == 0 else 0, no_stream, right, no_stream, starts[i], len(streams[name])))
    while len(entries) < sector // 128:
        entries.append(entry("", 0, 0, no_stream, no_stream, no_stream, 0, 0))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\x00" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end_of_chain, 0, end_of_chain, 0)
              + struct.pack("<I", 0) + b"\xff" * 4 * 108)
    assert len(header) == sector
    return header + struct.pack(f"<{sector // 4}I", *fat) + b"".join(entries) + body


def test_password_protected_workbook_is_refused_asking_to_remove_the_password(store, tmp_path):
    # What Excel writes for "Encrypt with Password": an OLE container with the agile encryption
    # descriptor and the encrypted zip, instead of a plain xlsx.
    info = (struct.pack("<HHI", 4, 4, 0x40) + b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption">'
            b'<keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" '
            b'cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512"/></encryption>').ljust(4096, b" ")
    package = struct.pack("<Q", 9000) + bytes((i * 37 + 11) % 256 for i in range(9008))
    locked = tmp_path / "giai_ngan_mat_khau.xlsx"
    locked.write_bytes(_ole_file({"EncryptionInfo": info, "EncryptedPackage": package}))
    with pytest.raises(calamine.PasswordError):  # a real encrypted container, not just a look-alike
        calamine.CalamineWorkbook.from_path(str(locked))
    run = ingest_rejected(store, locked)
    assert problem_lines(run) == ['Tệp "giai_ngan_mat_khau.xlsx" được đặt mật khẩu (mã hoá); '
                                  'hãy bỏ mật khẩu rồi tải lên lại.']


def test_truncated_workbook_is_refused_as_damaged(store, tmp_path):
    whole = write_disbursement(tmp_path / "whole.xlsx", GOOD)
    broken = tmp_path / "giai_ngan_hong.xlsx"
    broken.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    run = ingest_rejected(store, broken)
    [line] = problem_lines(run)
    assert line.startswith('Tệp "giai_ngan_hong.xlsx" bị hỏng')


def test_workbook_with_a_damaged_sheet_inside_a_sound_zip_is_refused_as_damaged(store, tmp_path):
    whole = write_disbursement(tmp_path / "whole.xlsx", GOOD)
    broken = tmp_path / "giai_ngan_hong.xlsx"
    with zipfile.ZipFile(whole) as src, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            dst.writestr(info.filename, data)
    run = ingest_rejected(store, broken)
    [line] = problem_lines(run)
    assert line.startswith('Tệp "giai_ngan_hong.xlsx" bị hỏng')


def test_empty_file_is_refused_as_empty(store, tmp_path):
    empty = tmp_path / "bao_cao.xlsx"
    empty.write_bytes(b"")
    run = ingest_rejected(store, empty)
    assert problem_lines(run) == ['Tệp "bao_cao.xlsx" rỗng (0 byte), không có dữ liệu.']


def test_zip_bomb_is_refused_by_its_declared_size_quickly_and_in_little_memory(store, tmp_path):
    """An xlsx whose sheet inflates to 400 MB of spaces (under 1 MB on disk)."""
    sound = write_disbursement(tmp_path / "sound.xlsx", GOOD)
    bomb = tmp_path / "giai_ngan,thang 4.xlsx"
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(sound) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(info.filename, data)
                continue
            head, tail = data.split(b"<sheetData>")
            with dst.open(info.filename, "w") as member:
                member.write(head + b"<sheetData>")
                for _ in range(400):
                    member.write(chunk)
                member.write(tail)
    assert bomb.stat().st_size < 1 << 20
    run = ingest_rejected(store, bomb)
    assert run.seconds < 10, f"took {run.seconds:.1f} s"
    assert run.peak_mb < 500, f"peak {run.peak_mb:.0f} MB"
    assert problem_lines(run) == ['Tệp "giai_ngan,thang 4.xlsx" khi giải nén lên tới 400 MB, '
                                  'vượt giới hạn 300 MB; tệp bị từ chối.']


def test_file_over_the_size_limit_is_refused_before_reading(store, tmp_path):
    big = tmp_path / "giai_ngan.thang_4.xlsx"
    with open(big, "wb") as fh:
        fh.write(write_disbursement(tmp_path / "small.xlsx", GOOD).read_bytes())
        fh.truncate(100 * 1024 * 1024)
    run = ingest_rejected(store, big)
    assert run.seconds < 10
    assert problem_lines(run) == ['Tệp "giai_ngan.thang_4.xlsx" dung lượng 100,0 MB, vượt giới hạn 50 MB.']


@pytest.mark.parametrize("row, col, last", [(1048575, 16383, "dòng 1.048.576, cột thứ 16.384"),
                                            (1048575, 0, "dòng 1.048.576, cột thứ 8")])
def test_stray_value_far_from_the_table_is_refused_before_reading(store, tmp_path, row, col, last):
    """Reading builds every cell up to the last used one; a 10 KB file would ask for gigabytes."""
    path = tmp_path / "giai_ngan.xlsx"
    write_disbursement(path, GOOD)
    with zipfile.ZipFile(path) as src:
        members = {info.filename: src.read(info) for info in src.infolist()}
    book = xlsxwriter.Workbook(str(tmp_path / "far.xlsx"))
    book.add_worksheet("x").write(row, col, 7)
    book.close()
    with zipfile.ZipFile(tmp_path / "far.xlsx") as far:
        stray = far.read("xl/worksheets/sheet1.xml").split(b"<sheetData>")[1].split(b"</sheetData>")[0]
    sheet = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = sheet.replace(b"</sheetData>", stray + b"</sheetData>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for member, data in members.items():
            dst.writestr(member, data)
    assert path.stat().st_size < 20_000
    run = ingest_rejected(store, path)
    assert run.seconds < 10, f"took {run.seconds:.1f} s"
    assert run.peak_mb < 500, f"peak {run.peak_mb:.0f} MB"
    [line] = problem_lines(run)
    assert line.startswith(f'Tệp "giai_ngan.xlsx", sheet "{DISBURSEMENT_SHEET}": vùng có dữ liệu kéo dài tới {last},')


# ---------------------------------------------------------------- spreadsheets that are not the form

def test_sheet_without_a_recognisable_header_is_refused_naming_the_sheets_searched(store, tmp_path):
    path = tmp_path / "ghi_chu.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Ghi chép")
    for r, line in enumerate(["Họp giao ban tuần", "Anh Nam báo cáo tiến độ đường Trà Lĩnh",
                              "Chị Lan đôn đốc giải ngân", "Tuần sau họp tiếp"]):
        ws.write(r, 0, line)
    book.close()
    run = ingest_rejected(store, path)
    [line] = problem_lines(run)
    assert line.startswith('Không tìm thấy dòng tiêu đề cột của một biểu đã biết trong tệp "ghi_chu.xlsx" '
                           '(sheet "Ghi chép")')


@pytest.mark.parametrize("dataset, label", [("tasks", "Nhiệm vụ UBND tỉnh giao"), ("mining", "Mỏ khoáng sản"),
                                            ("revenue", "Thu ngân sách nhà nước"),
                                            ("trade", "Xuất nhập khẩu qua cửa khẩu")])
def test_disbursement_sheet_loaded_as_another_dataset_is_refused_as_the_wrong_dataset(store, tmp_path, dataset, label):
    path = write_disbursement(tmp_path / "giai_ngan.xlsx", GOOD)
    run = ingest_rejected(store, path, "--dataset", dataset)
    lines = problem_lines(run)
    assert lines[0] == (f'{DISBURSEMENT_SHEET}: Tệp là biểu "Giải ngân vốn đầu tư công" (disbursement), '
                        f'không phải biểu "{label}" ({dataset}).')


@pytest.mark.parametrize("dataset", [None, "disbursement"])
def test_missing_required_column_is_named_by_its_usual_header(store, tmp_path, dataset):
    path = write_disbursement(tmp_path / "giai_ngan.xlsx", GOOD, without=("Giải ngân đến 30/4/2026",))
    run = ingest_rejected(store, path, *(["--dataset", dataset] if dataset else []))
    [line] = problem_lines(run)
    assert line.startswith(f'{DISBURSEMENT_SHEET}, dòng 4: thiếu cột bắt buộc "Giải ngân"')


# ---------------------------------------------------------------- cells that are wrong

def test_text_in_a_number_column_names_sheet_row_and_column_header(store, tmp_path):
    projects = [*GOOD]
    projects[1] = Project("Trường PTDTBT Tiểu học Lũng Nặm", location="Xã Lũng Nặm", plan="12a", disbursed=100)
    projects[2] = Project("Kè chống sạt lở bờ sông Bằng Giang", location="Phường Thục Phán", plan=25000,
                          disbursed="khoảng 9 tỷ")
    run = ingest_rejected(store, write_disbursement(tmp_path / "giai_ngan.xlsx", projects))
    assert problem_lines(run) == [
        f'{DISBURSEMENT_SHEET}, dòng {FIRST + 1}, cột "{PLAN}": "12a" không phải là số',
        f'{DISBURSEMENT_SHEET}, dòng {FIRST + 2}, cột "{DISBURSED}": "khoảng 9 tỷ" không phải là số',
    ]


def test_impossible_date_is_named_with_its_cell(store, tmp_path):
    path = write_tasks(tmp_path / "nhiem_vu.xlsx", [
        ("Hoàn thành giải phóng mặt bằng KCN Chu Trinh", "UBND phường Tân Giang", "30/06/2026", "Đang thực hiện"),
        ("Báo cáo tiến độ cao tốc Đồng Đăng – Trà Lĩnh", "Sở Xây dựng", "31/02/2026", "Chưa thực hiện"),
    ])
    run = ingest_rejected(store, path)
    [line] = problem_lines(run)
    assert line.startswith('Nhiệm vụ, dòng 6, cột "Thời hạn": "31/02/2026"')
    assert "31/02/2026 không tồn tại" in line


def test_unknown_commune_is_named_with_its_cell(store, tmp_path):
    projects = [*GOOD, Project("Nhà văn hoá xóm Nà Rẻo", location="Xã Hòa Bình", plan=900, disbursed=100)]
    run = ingest_rejected(store, write_disbursement(tmp_path / "giai_ngan.xlsx", projects))
    assert problem_lines(run) == [f'{DISBURSEMENT_SHEET}, dòng {FIRST + 3}, cột "Địa điểm": '
                                  '"Xã Hòa Bình" không phải là xã, phường nào của tỉnh Cao Bằng']


def test_duplicate_project_codes_name_both_rows(store, tmp_path):
    projects = [Project(p.name, location=p.location, plan=p.plan, disbursed=p.disbursed, code=f"DA-{i:03d}")
                for i, p in enumerate(GOOD)]
    projects[2].code = "DA-000"
    run = ingest_rejected(store, write_disbursement(tmp_path / "giai_ngan.xlsx", projects, with_codes=True))
    assert problem_lines(run) == [f'{DISBURSEMENT_SHEET}, dòng {FIRST + 2}, cột "Mã dự án": '
                                  f'trùng mã "DA-000" với dòng {FIRST}']


def test_formula_errors_in_data_cells_are_reported_by_their_cell(store, tmp_path):
    projects = [*GOOD]
    projects[0] = Project(GOOD[0].name, location=GOOD[0].location, plan=Formula("=1/0", "#DIV/0!"), disbursed=10)
    projects[2] = Project(GOOD[2].name, location=GOOD[2].location, plan=100, disbursed=Formula("=#REF!+1", "#REF!"))
    run = ingest_rejected(store, write_disbursement(tmp_path / "giai_ngan.xlsx", projects))
    assert problem_lines(run) == [
        f'{DISBURSEMENT_SHEET}, dòng {FIRST}, cột "{PLAN}": ô lỗi công thức #DIV/0!',
        f'{DISBURSEMENT_SHEET}, dòng {FIRST + 2}, cột "{DISBURSED}": ô lỗi công thức #REF!',
    ]


def test_formula_errors_in_text_cells_are_reported_too(store, tmp_path):
    projects = [*GOOD]
    projects[1] = Project(Formula("=Sheet2!B7", "#REF!"), investor=Formula("=VLOOKUP(A1,Z:Z,2,0)", "#N/A"),
                          location="Xã Lũng Nặm", plan=500, disbursed=100)
    run = ingest_rejected(store, write_disbursement(tmp_path / "giai_ngan.xlsx", projects))
    assert problem_lines(run) == [
        f'{DISBURSEMENT_SHEET}, dòng {FIRST + 1}, cột "Tên dự án": ô lỗi công thức #REF!',
        f'{DISBURSEMENT_SHEET}, dòng {FIRST + 1}, cột "Chủ đầu tư": ô lỗi công thức #N/A',
    ]


# ---------------------------------------------------------------- formulas are not evaluated

def test_formula_cells_load_their_cached_value_without_evaluating(tmp_path):
    db = tmp_path / "store.duckdb"
    projects = [Project("Cầu treo Bản Giốc", location="Xã Đàm Thủy", plan=Formula("=2+2", 5),
                        disbursed=Formula("=SUM(Z1:Z9)", 3))]
    run = run_cli("ingest", write_disbursement(tmp_path / "giai_ngan.xlsx", projects), "--db", db)
    assert run.code == 0, run.output
    rows = dump_store(db)["disbursement"]
    columns = rows[0]
    [row] = rows[1:]
    assert row[columns.index("plan_vnd")] == 5_000_000
    assert row[columns.index("disbursed_vnd")] == 3_000_000
