"""CSV as Vietnamese Excel exports it: ';' or ',' or tab, decimal comma, UTF-8 with or without BOM,
Windows-1258 with decomposed tone marks; text always stored NFC."""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from data_pipeline.ingest import prepare
from data_pipeline.readers import decode_text, detect_separator, read_workbook
from reader_builders import csv_text, is_nfc, windows_1258_text, write_csv

ROWS = [
    ["BÁO CÁO GIẢI NGÂN VỐN ĐẦU TƯ CÔNG THÁNG 4 NĂM 2026"],
    ["Đơn vị tính: triệu đồng"],
    ["STT", "Tên dự án", "Chủ đầu tư", "Địa điểm", "Kế hoạch vốn", "Giải ngân", "Tỷ lệ (%)"],
    [1, "Đường Hà Quảng - Thông Nông, đoạn qua xã Hà Quảng", "Ban QLDA ĐTXD các công trình giao thông",
     "Xã Hà Quảng", "1.234,5", "617,25", "50,0"],
    [2, "Kè sông Bằng Giang", "Ban QLDA ĐTXD các công trình dân dụng", "Phường Thục Phán", "2.000", "1.000",
     "50,0"],
    [3, "Trường PTDTNT xã Đàm Thuỷ", "Sở Giáo dục và Đào tạo", "xã Đàm Thuỷ", "0,5", "0", "0"],
]
EXPECTED = [
    ("Đường Hà Quảng - Thông Nông, đoạn qua xã Hà Quảng", "Xã Hà Quảng", "01438", 1234.5e6, 617.25e6),
    ("Kè sông Bằng Giang", "Phường Thục Phán", "01273", 2000e6, 1000e6),
    ("Trường PTDTNT xã Đàm Thuỷ", "xã Đàm Thuỷ", "01501", 0.5e6, 0.0),
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258"])
@pytest.mark.parametrize("sep", [";", ",", "\t"])
def test_csv_in_every_separator_and_encoding_gives_the_same_rows(sep, encoding, tmp_path):
    prepared = prepare(write_csv(tmp_path / "giai_ngan.csv", ROWS, sep=sep, encoding=encoding))
    assert prepared.dataset == "disbursement"
    got = [tuple(r) for r in prepared.rows[["project_name", "location", "commune_code", "plan_vnd",
                                            "disbursed_vnd"]].itertuples(index=False)]
    assert got == EXPECTED
    for column in ("project_name", "investor", "location"):
        assert all(is_nfc(v) for v in prepared.rows[column])


def test_windows_1258_file_really_holds_decomposed_tone_marks(tmp_path):
    path = write_csv(tmp_path / "cp1258.csv", ROWS, encoding="cp1258")
    raw = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert not unicodedata.is_normalized("NFC", raw.decode("cp1258"))
    assert decode_text(raw) == unicodedata.normalize("NFC", csv_text(ROWS))


def test_windows_1258_text_helper_keeps_letters_the_code_page_has():
    assert windows_1258_text("Thủy Hưng Lĩnh") == "Thu\u0309y Hưng Li\u0303nh"
    assert windows_1258_text("Thủy Hưng Lĩnh").encode("cp1258") == b"Thu\xd2y H\xfdng Li\xdenh"


def test_read_workbook_gives_csv_cells_as_nfc_text_in_spreadsheet_rows(tmp_path):
    workbook = read_workbook(write_csv(tmp_path / "bieu.csv", ROWS, encoding="cp1258"))
    assert workbook.kind == "csv"
    sheet = workbook.sheets[0]
    assert sheet.rows[2][:3] == ["STT", "Tên dự án", "Chủ đầu tư"]
    assert sheet.rows[5][3] == "xã Đàm Thuỷ"
    assert all(is_nfc(cell) for row in sheet.rows for cell in row)


@pytest.mark.parametrize("sep", [";", ",", "\t"])
def test_separator_is_detected_though_cells_hold_commas_and_decimal_commas(sep):
    assert detect_separator(csv_text(ROWS, sep)) == sep


def test_quoted_cells_with_separators_and_line_breaks_stay_one_cell(tmp_path):
    text = ("STT;Tên dự án;Kế hoạch vốn;Giải ngân\r\n"
            '1;"Đường A; đoạn 1\r\n(giai đoạn 2)";"1.000,5";"500"\r\n')
    path = tmp_path / "quoted.csv"
    path.write_bytes(text.encode("utf-8"))
    prepared = prepare(path, unit="triệu")
    assert list(prepared.rows["project_name"]) == ["Đường A; đoạn 1 (giai đoạn 2)"]
    assert list(prepared.rows["plan_vnd"]) == [1000.5e6]


def test_trailing_separators_and_empty_rows_as_excel_leaves_them(tmp_path):
    rows = [r + [""] * (12 - len(r)) for r in ROWS] + [[""] * 12] * 50 + [["", "", "", "", "0", "0", "0"]] * 20
    prepared = prepare(write_csv(tmp_path / "padded.csv", rows))
    assert len(prepared.rows) == 3


def test_short_csv_with_more_title_lines_than_rows_finds_its_separator(tmp_path):
    rows = [["UBND TỈNH CAO BẰNG"], ["SỞ TÀI CHÍNH"], ["BÁO CÁO GIẢI NGÂN THÁNG 4 NĂM 2026"],
            ["Đơn vị tính: triệu đồng"], ["STT", "Tên dự án", "Kế hoạch vốn", "Giải ngân"],
            [1, "Đường Hà Quảng", "1.234,5", "617,25"]]
    for sep in (";", "\t", ","):
        assert detect_separator(csv_text(rows, sep)) == sep
        prepared = prepare(write_csv(tmp_path / "ngan.csv", rows, sep=sep))
        assert list(prepared.rows["plan_vnd"]) == [1234.5e6], repr(sep)


def test_utf16_tab_separated_text_as_excel_saves_unicode_text(tmp_path):
    path = tmp_path / "unicode.txt.csv"
    path.write_bytes(codecs.BOM_UTF16_LE + csv_text(ROWS, "\t").encode("utf-16-le"))
    prepared = prepare(path)
    assert list(prepared.rows["project_name"]) == [e[0] for e in EXPECTED]


def test_excel_sep_line_at_the_top_is_harmless(tmp_path):
    path = tmp_path / "sep.csv"
    path.write_bytes(("sep=;\r\n" + csv_text(ROWS)).encode("utf-8"))
    assert len(prepare(path).rows) == 3
