"""Large sheets read column by column give exactly what the cell-by-cell reader gives.

Each workbook here is large enough (6,000 rows) for the column-by-column path; it is read both
ways and the rows, problems and report date must be equal, and a load of either must leave the
same table in the store. A sheet with anything that path cannot vouch for (a text in a number
column, a formula error, an unknown commune, a number typed as text the Vietnamese way) must be
read cell by cell and rejected or loaded exactly as before.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata

import duckdb
import pytest

from data_pipeline import prepare, store
from data_pipeline.columnar import ColumnRecords
from data_pipeline.problems import Rejected
from reader_builders import write_xlsx

ROWS = 6000
COMMUNES = ["Xã Trà Lĩnh", "Phường Thục Phán", "xã  Hạ Lang", "Xã Đàm Thuỷ", "Toàn tỉnh", "Các xã: Cần Yên, Thông Nông"]
INVESTORS = ["Ban Quản lý dự án đầu tư xây dựng tỉnh", "Sở Y tế", " UBND xã Trà Lĩnh "]


def _title(*lines: str, unit: str | None = "Đơn vị tính: triệu đồng", width: int = 9) -> list[list[object]]:
    rows = [["UBND TỈNH CAO BẰNG"] + [None] * (width - 2) + ["CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"]]
    rows += [[line] for line in lines]
    if unit:
        rows.append([None] * (width - 1) + [unit])
    return rows


def _footer() -> list[list[object]]:
    return [[], [None, "Ghi chú: số liệu do các chủ đầu tư báo cáo."], [], [None, None, None, "GIÁM ĐỐC"]]


def disbursement_rows(seed: int = 1, project_codes: bool = False) -> tuple[list[list[object]], list[str]]:
    """A Sở Tài chính report: merged two-row header, column numbers, total, fund and sector
    groups, then projects with every kind of cell a department writes."""
    rnd = random.Random(seed)
    rows = _title("BÁO CÁO GIẢI NGÂN VỐN ĐẦU TƯ CÔNG NĂM 2026", "(Số liệu tính đến ngày 30/9/2026)")
    top = len(rows)
    rows.append(["STT", "Mã dự án" if project_codes else "Tên dự án", "Tên dự án" if project_codes else "Chủ đầu tư",
                 "Chủ đầu tư" if project_codes else "Địa điểm", "Kế hoạch vốn năm 2026", None, "Giải ngân", None,
                 "Khó khăn, vướng mắc"] + ["Dự án trọng điểm"] * project_codes)
    rows.append([None, None, None, None, "Tổng số", "Trong đó: NSTW", "Tổng số", "Trong đó: NSTW", None])
    rows.append(["A", "B", "C", "D", "1", "2", "3", "4", "5"])
    rows.append([None, "TỔNG CỘNG", None, None, 123456.5, None, 2345.0, None, None])
    merges = [f"{c}{top + 1}:{c}{top + 2}" for c in "ABCD"] + [f"E{top + 1}:F{top + 1}", f"G{top + 1}:H{top + 1}",
                                                                 f"I{top + 1}:I{top + 2}"]
    if project_codes:
        merges.append(f"J{top + 1}:J{top + 2}")
    n = 0
    for f, fund in enumerate(["Vốn ngân sách trung ương", "Vốn ngân sách địa phương"]):
        rows.append([chr(65 + f)] + [None] * project_codes + [fund])
        for s, sector in enumerate(["Giao thông", "Y tế", "Giáo dục"]):
            rows.append(["I" * (s + 1)] + [None] * project_codes + [sector])
            for k in range(ROWS // 6):
                n += 1
                plan = rnd.choice([round(rnd.uniform(1, 90000), 3), rnd.randrange(100, 5000), "1.234,5", "12.500.000",
                                   "-", None, 0])
                disbursed = rnd.choice([round(rnd.uniform(0, 900), 3), "1.234.567", None, "(0)"])
                name = rnd.choice([f"Đường giao thông số {n}", f"Trạm  y tế xã số {n} ",
                                   unicodedata.normalize("NFD", f"Kè chống sạt lở số {n}")])
                investor = rnd.choice(INVESTORS)
                place = rnd.choice(COMMUNES)
                if project_codes:
                    rows.append([k + 1, f"DA{n:05d}", name, investor, plan, None, disbursed, None,
                                 rnd.choice([None, "Vướng GPMB"]), rnd.choice(["x", None, " X ", "Trọng điểm"])])
                else:
                    rows.append([rnd.choice([k + 1, f"{k + 1}."]), name, investor, place, plan, None, disbursed,
                                 None, rnd.choice([None, "Vướng GPMB", "  "])])
                if n % 1500 == 0:
                    rows.append([])  # a blank row
                    rows.append([None, None, None, None, 0, 0, "-", None])  # zeros left below a copy
                if n == 2000:
                    rows.append(["A", "B", "C", "D", "1", "2", "3", "4", "5"])  # the page header again
    return rows + _footer(), merges


def mining_rows(seed: int = 2) -> list[list[object]]:
    rnd = random.Random(seed)
    rows = _title("BÁO CÁO TÌNH HÌNH KHAI THÁC KHOÁNG SẢN", "(Từ ngày 01/01/2026 đến ngày 30/9/2026)", unit=None,
                  width=9)
    rows.append(["Số giấy phép", "Tên mỏ", "Loại khoáng sản", "Tổ chức được cấp phép", "Vị trí (xã, phường)",
                 "Công suất cấp phép (m3/năm)", "Sản lượng thực tế", "Ngày hết hạn giấy phép", "Tình trạng"])
    rows.append([f"({i})" for i in range(1, 10)])
    for n in range(1, ROWS + 1):
        rows.append([rnd.choice([f"{n}/GP-UBND", None]), f"Mỏ đá số {n}", "Đá vôi", f"Công ty số {n % 50}",
                     rnd.choice(COMMUNES[:4]), rnd.choice([200000, "1.500.000", 1234.5]), rnd.choice([61250, None, "-"]),
                     rnd.choice([dt.date(2030, 12, 31), "31/12/2031", None]), "Đang khai thác"])
    rows.append([None, "Tổng cộng", None, None, None, 9999999])
    return rows + _footer()


def trade_rows(seed: int = 3, wide: bool = True) -> list[list[object]]:
    rnd = random.Random(seed)
    rows = _title("BÁO CÁO KIM NGẠCH XUẤT NHẬP KHẨU", "(Số liệu tính đến ngày 30/9/2026)", unit="Đơn vị tính: USD",
                  width=6)
    if wide:
        rows.append(["Tháng", "Cửa khẩu", "Xuất khẩu", "Nhập khẩu", "Phương tiện xuất cảnh", "Phương tiện nhập cảnh"])
    else:
        rows.append(["Tháng", "Cửa khẩu", "Xuất/Nhập", "Trị giá", "Phương tiện", "Ghi chú"])
    month = dt.date(2026, 9, 1)
    for n in range(ROWS):
        gate = rnd.choice(["Cửa khẩu quốc tế Tà Lùng", "CK Trà Lĩnh", "Sóc Giang"]) + f" {n}"
        when = rnd.choice([month, "9/2026", "Tháng 9/2026", "T9", None])
        if wide:
            rows.append([when, gate, rnd.randrange(1000, 10**7), rnd.choice([rnd.randrange(1000, 10**7), "1.234.567"]),
                         rnd.randrange(0, 3000), None])
        else:
            rows.append([when, gate, rnd.choice(["Xuất khẩu", "NK"]), rnd.randrange(1000, 10**7), 12, None])
    rows.append([None, "Tổng cộng", 1, 2])
    return rows + _footer()


def tasks_rows(seed: int = 4) -> list[list[object]]:
    rnd = random.Random(seed)
    rows = _title("BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ DO UBND TỈNH GIAO", "(Số liệu tính đến ngày 30/9/2026)",
                  unit=None, width=8)
    rows.append(["Nội dung nhiệm vụ", "Văn bản giao", "Cơ quan chủ trì", "Xã, phường", "Thời hạn",
                 "Tình hình thực hiện", "Ngày hoàn thành", "Nội dung báo cáo tiến độ"])
    for n in range(ROWS):
        rows.append([f"Triển khai nhiệm vụ số {n}", f"Thông báo số {n % 40}/TB-UBND", rnd.choice(INVESTORS),
                     rnd.choice(COMMUNES[:4] + [None]),
                     rnd.choice([dt.date(2026, 5, 15), "15/10/2026", "trước 30/6", "Thường xuyên", "Quý III/2026", None]),
                     rnd.choice(["Đã hoàn thành (ngày 20/4/2026)", "Đang thực hiện", "Chưa thực hiện",
                                 "Hoàn thành chậm", "Đã hoàn thành 80% khối lượng", None]),
                     rnd.choice([None, dt.date(2026, 6, 1), "01/07/2026"]), rnd.choice([None, "Đang hoàn thiện hồ sơ"])])
    return rows + _footer()


def revenue_rows(seed: int = 5) -> list[list[object]]:
    rnd = random.Random(seed)
    rows = _title("BÁO CÁO THU NGÂN SÁCH NHÀ NƯỚC", "Tháng 9 năm 2026 (số liệu đến ngày 30/9/2026)", width=7)
    rows.append(["STT", "Chỉ tiêu", "Địa bàn", "Dự toán", "Thực hiện tháng", "Lũy kế thực hiện", "Cùng kỳ năm trước"])
    rows.append(["A", "B", "C", "1", "2", "3", "4"])
    rows.append([None, "Tổng thu", None, 1, 2, 3, 4])
    for a, area in enumerate(["Toàn tỉnh", "Xã Trà Lĩnh", "Phường Thục Phán", "xã Hạ Lang"]):
        for g, group in enumerate(["Thu nội địa", "Thu xuất nhập khẩu", "Thu khác"]):
            rows.append(["I" * (g + 1), group, area, 100, None, None, None])
            for k in range(1, ROWS // 12 + 1):
                estimate = rnd.choice([round(rnd.uniform(1, 900), 3), "1.234,5", None])
                rows.append([rnd.choice([k, f"{k}.", "-"]), f"Khoản thu {k}", area, estimate,
                             rnd.choice([-12.5, 3, None]), rnd.choice(["(241)", 12]), None])
    return rows + _footer()


def _both_ways(path, **options):
    columnar = prepare(path, **options)
    exact = prepare(path, columnar=False, **options)
    return columnar, exact


def _same(columnar, exact) -> None:
    assert list(columnar.records) == list(exact.records)
    assert columnar.problems == exact.problems
    assert (columnar.dataset, columnar.report_date, columnar.meta) == (exact.dataset, exact.report_date, exact.meta)


@pytest.mark.parametrize("project_codes", [False, True])
def test_a_large_disbursement_sheet_reads_the_same_column_by_column(tmp_path, project_codes):
    rows, merges = disbursement_rows(project_codes=project_codes)
    path = write_xlsx(tmp_path / "giai_ngan.xlsx", {"Biểu 01": rows}, {"Biểu 01": merges})
    columnar, exact = _both_ways(path)
    assert isinstance(columnar.records, ColumnRecords)  # the quick path was taken
    _same(columnar, exact)
    assert len(exact.records) == ROWS
    assert {r["capital_source"] for r in exact.records} == {"Vốn ngân sách trung ương", "Vốn ngân sách địa phương"}
    assert any(p.kind == "disbursed-over-plan" for p in exact.problems)
    if project_codes:
        assert {r["is_key_project"] for r in exact.records} == {True, False}


def test_large_sheets_of_every_other_dataset_read_the_same_column_by_column(tmp_path):
    for name, rows in [("mining", mining_rows()), ("trade", trade_rows()), ("trade_long", trade_rows(wide=False)),
                       ("tasks", tasks_rows()), ("revenue", revenue_rows())]:
        path = write_xlsx(tmp_path / f"{name}.xlsx", {"Biểu": rows})
        columnar, exact = _both_ways(path)
        assert isinstance(columnar.records, ColumnRecords), name
        _same(columnar, exact)


def test_a_unit_given_on_the_command_line_applies_column_by_column_too(tmp_path):
    rows = mining_rows()
    path = write_xlsx(tmp_path / "mining.xlsx", {"Biểu": rows})
    _same(*_both_ways(path, report_date=dt.date(2026, 6, 30), dataset="mining"))
    rows = [r for r in trade_rows() if not (r and isinstance(r[-1], str) and r[-1].startswith("Đơn vị"))]
    path = write_xlsx(tmp_path / "trade.xlsx", {"Biểu": rows})
    columnar, exact = _both_ways(path, unit="nghìn")
    _same(columnar, exact)


def _with(rows: list[list[object]], row: int, col: int, value: object) -> list[list[object]]:
    rows = [list(r) for r in rows]
    rows[row] = rows[row] + [None] * (col + 1 - len(rows[row]))
    rows[row][col] = value
    return rows


def _deep_project_row(rows: list[list[object]]) -> int:
    """A project row well down the sheet."""
    return next(i for i, r in enumerate(rows) if i > 4000 and len(r) >= 9 and r[4] is not None)


def _rejected(path, **options) -> list:
    with pytest.raises(Rejected) as columnar:
        prepare(path, **options)
    with pytest.raises(Rejected) as exact:
        prepare(path, columnar=False, **options)
    assert columnar.value.problems == exact.value.problems
    return columnar.value.problems


@pytest.mark.parametrize("col, value, kind", [
    (4, "12a", "type-error"), (6, -5, "negative-amount"), (3, "Xã Không Có", "unknown-commune"),
])
def test_a_problem_deep_in_a_large_sheet_is_reported_as_cell_by_cell(tmp_path, col, value, kind):
    rows, merges = disbursement_rows()
    at = _deep_project_row(rows)
    path = write_xlsx(tmp_path / "giai_ngan.xlsx", {"Biểu 01": _with(rows, at, col, value)}, {"Biểu 01": merges})
    problems = _rejected(path)
    assert [(p.kind, p.row) for p in problems if p.severity == "error"] == [(kind, at + 1)]


def test_a_duplicate_project_code_in_a_large_sheet_is_reported_as_cell_by_cell(tmp_path):
    rows, merges = disbursement_rows(project_codes=True)
    at = _deep_project_row(rows)
    rows = _with(rows, at, 1, rows[at - 1][1])
    path = write_xlsx(tmp_path / "giai_ngan.xlsx", {"Biểu 01": rows}, {"Biểu 01": merges})
    assert [p.kind for p in _rejected(path) if p.severity == "error"] == ["duplicate-key"]


def test_a_formula_error_in_a_large_sheet_is_reported_as_cell_by_cell(tmp_path):
    import xlsxwriter
    rows = mining_rows()
    path = tmp_path / "mining.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Biểu")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()))
            elif value is not None:
                ws.write(r, c, value)
    ws.write_formula(4321, 6, "=Sheet2!B7", None, "#REF!")
    book.close()
    problems = _rejected(path)
    assert [(p.kind, p.row, p.message) for p in problems] == [("formula-error", 4322, "ô lỗi công thức #REF!")]


def test_a_number_typed_as_text_the_vietnamese_way_keeps_its_meaning(tmp_path):
    """"635.466" typed as text is 635,466 triệu; as a number cell it would be 635.466. Read as
    text, the two look alike, so such a sheet is read cell by cell."""
    rows, merges = disbursement_rows()
    at = _deep_project_row(rows)
    path = write_xlsx(tmp_path / "giai_ngan.xlsx", {"Biểu 01": _with(rows, at, 4, "635.466")}, {"Biểu 01": merges})
    columnar, exact = _both_ways(path)
    _same(columnar, exact)
    assert next(r for r in exact.records if r["source_row"] == at + 1)["plan_vnd"] == 635_466e6


def test_a_load_read_column_by_column_writes_the_same_table(tmp_path):
    rows, merges = disbursement_rows()
    path = write_xlsx(tmp_path / "giai_ngan.xlsx", {"Biểu 01": rows}, {"Biểu 01": merges})
    tables = []
    for name, columnar in (("columnar", True), ("exact", False)):
        db = tmp_path / f"{name}.duckdb"
        prepared = prepare(path, columnar=columnar)
        store.write_load(db, dataset=prepared.dataset, rows=prepared.records, meta=prepared.meta,
                         problems=prepared.problems)
        with duckdb.connect(str(db), read_only=True) as con:
            tables.append(con.execute("select * exclude (load_id) from stg_disbursement order by source_row").fetchall())
    assert tables[0] == tables[1]
    assert len(tables[0]) == ROWS


def test_a_small_data_sheet_beside_a_large_list_is_read_cell_by_cell(tmp_path):
    rows, merges = disbursement_rows()
    small = rows[:40] + _footer()
    big_list = [["Danh mục xã, phường"]] + [[f"Mục {n}", n] for n in range(ROWS)]
    path = write_xlsx(tmp_path / "giai_ngan.xlsx", {"Danh mục": big_list, "Biểu 01": small},
                      {"Biểu 01": merges})
    columnar, exact = _both_ways(path)
    assert not isinstance(columnar.records, ColumnRecords)
    _same(columnar, exact)
    assert columnar.meta["sheet_name"] == "Biểu 01"


def test_a_column_of_repeated_texts_becomes_python_texts_shared_row_to_row():
    """A large sheet's investor, commune or status column repeats a few texts: as Python texts it
    is one object per distinct text (a pointer a row), equal to what Arrow gives, nulls kept."""
    import pyarrow as pa

    from data_pipeline.columnar import python_texts, string_array

    texts = [None if i % 11 == 0 else ["Sở Y tế", "Ban QLDA tỉnh", "UBND xã Trà Lĩnh"][i % 3] for i in range(200_000)]
    column = string_array(texts)
    assert column.equals(pa.array(texts, pa.string()))  # built in chunks, the same array
    assert python_texts(column) == texts
    assert python_texts(column.slice(7, 100_000)) == texts[7:100_007]
    assert len({id(t) for t in python_texts(column) if t is not None}) == 3
    unique = [f"Dự án số {i}" for i in range(100_000)]
    assert python_texts(string_array(unique)) == unique
