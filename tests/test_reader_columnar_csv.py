"""A large CSV is read as a stream of text columns (never all of it as Python texts at once) and
gives exactly what the cell-by-cell reader gives: the same rows, problems, report date and load,
in every encoding and separator a Vietnamese Excel writes. A cell whose meaning the column path
cannot vouch for ("1.234" is 1234 written the Vietnamese way) keeps the file on the exact path."""

from __future__ import annotations

import unicodedata

import pytest

from data_pipeline import prepare
from data_pipeline.columnar import ColumnRecords
from data_pipeline.problems import Rejected
from reader_builders import write_csv
from test_reader_columnar import ROWS, _deep_project_row, _same, _with, disbursement_rows, mining_rows


def as_csv_cells(rows: list[list[object]]) -> list[list[object]]:
    """What Excel writes for each cell on a Vietnamese machine: decimal comma, dates as dd/mm/yyyy."""
    def cell(value):
        if isinstance(value, float):
            return f"{value}".replace(".", ",")
        if hasattr(value, "strftime"):
            return value.strftime("%d/%m/%Y")
        return value
    return [[cell(v) for v in row] for row in rows]


def _both_ways(path):
    return prepare(path), prepare(path, columnar=False)


@pytest.mark.parametrize("sep, encoding", [(";", "utf-8"), (",", "utf-8-sig"), ("\t", "cp1258")])
def test_a_large_disbursement_csv_reads_the_same_column_by_column(tmp_path, sep, encoding):
    rows, _ = disbursement_rows()
    if encoding == "cp1258":  # the code page holds tone marks apart, but not every mark of an NFD text
        rows = [[unicodedata.normalize("NFC", v) if isinstance(v, str) else v for v in row] for row in rows]
    path = write_csv(tmp_path / "giai_ngan.csv", as_csv_cells(rows), sep=sep, encoding=encoding)
    columnar, exact = _both_ways(path)
    assert isinstance(columnar.records, ColumnRecords)  # the streamed path was taken
    _same(columnar, exact)
    assert len(exact.records) == ROWS
    assert {r["plan_vnd"] for r in exact.records if r["plan_vnd"]} >= {1234.5e6, 12_500_000e6}


def test_a_large_mining_csv_reads_the_same_column_by_column(tmp_path):
    path = write_csv(tmp_path / "khoang_san.csv", as_csv_cells(mining_rows()))
    columnar, exact = _both_ways(path)
    assert isinstance(columnar.records, ColumnRecords)
    _same(columnar, exact)


def test_a_thousands_dot_without_decimals_in_a_large_csv_keeps_its_meaning(tmp_path):
    """"635.466" is 635.466 triệu written the Vietnamese way, not 635,466: the file is read cell by cell."""
    rows, _ = disbursement_rows()
    at = _deep_project_row(rows)
    path = write_csv(tmp_path / "giai_ngan.csv", as_csv_cells(_with(rows, at, 4, "635.466")))
    columnar, exact = _both_ways(path)
    _same(columnar, exact)
    assert next(r for r in exact.records if r["source_row"] == at + 1)["plan_vnd"] == 635_466e6


def test_a_problem_deep_in_a_large_csv_is_reported_as_cell_by_cell(tmp_path):
    rows, _ = disbursement_rows()
    at = _deep_project_row(rows)
    path = write_csv(tmp_path / "giai_ngan.csv", as_csv_cells(_with(rows, at, 4, "12a")))
    with pytest.raises(Rejected) as columnar:
        prepare(path)
    with pytest.raises(Rejected) as exact:
        prepare(path, columnar=False)
    assert columnar.value.problems == exact.value.problems
    assert [(p.kind, p.row) for p in exact.value.problems if p.severity == "error"] == [("type-error", at + 1)]


def test_quoted_line_breaks_and_short_rows_in_a_large_csv_read_as_cell_by_cell(tmp_path):
    rows, _ = disbursement_rows()
    at = _deep_project_row(rows)
    rows = _with(rows, at, 1, "Đường giao thông\r\nđoạn 2; \"nối dài\"")
    rows[at + 3] = rows[at + 3][:5]  # a row Excel wrote without its empty last cells
    path = write_csv(tmp_path / "giai_ngan.csv", as_csv_cells(rows))
    columnar, exact = _both_ways(path)
    assert isinstance(columnar.records, ColumnRecords)
    _same(columnar, exact)
