"""Hostile input: text that a spreadsheet would run as a formula is escaped in every file people
download (the audit log's CSV and xlsx, the tasks CSV proposed from a notice); an uploaded file's
name is never used as a path; a macro-enabled workbook loads its values and runs nothing."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlsxwriter

from data_pipeline import audit
from data_pipeline.exports import frame_csv, frame_xlsx, safe_cell
from data_pipeline.notice import ProposedTask, tasks_to_csv
from data_pipeline.problems import Rejected
from data_pipeline.upload import ingest_upload
from store_fixtures import Project, dump_store, write_disbursement

HOSTILE = ["=HYPERLINK(\"http://x.invalid\",\"Bấm\")", "+84912345678", "-2+3", "@SUM(A1:A9)",
           "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_would_run_as_a_formula_gets_a_leading_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Sở Tài chính", "Xã Trà Lĩnh - Quảng Hòa", "12,5%", "", -5, 3.5, None])
def test_ordinary_text_and_numbers_are_left_alone(value):
    assert safe_cell(value) == value


def hostile_frame() -> pd.DataFrame:
    return pd.DataFrame({"Nội dung": HOSTILE, "Số": list(range(-3, len(HOSTILE) - 3))})


def test_csv_download_escapes_every_formula_cell():
    text = frame_csv(hostile_frame()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["Nội dung", "Số"]
    assert [r[0] for r in rows[1:]] == ["'" + h for h in HOSTILE]
    assert [r[1] for r in rows[1:]] == [str(n) for n in range(-3, len(HOSTILE) - 3)], "numbers stay numbers"


def test_xlsx_download_holds_no_formula_and_escapes_formula_text(tmp_path):
    path = tmp_path / "tai_ve.xlsx"
    path.write_bytes(frame_xlsx(hostile_frame()))
    sheet = openpyxl.load_workbook(path).active
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a downloaded workbook must hold no formula"
    written = [sheet.cell(r, 1).value.replace("_x000D_", "\r") for r in range(2, len(HOSTILE) + 2)]
    assert written == ["'" + h for h in HOSTILE]
    assert sheet.cell(2, 2).value == -3 and sheet.cell(2, 2).data_type == "n"


def test_tasks_csv_proposed_from_a_notice_escapes_formula_text():
    text = tasks_to_csv([ProposedTask(title="=HYPERLINK(\"http://x.invalid\")", lead_agency="@Sở Tài chính",
                                      coordinating_agencies=["+Sở Xây dựng"], output="-Báo cáo")])
    row = list(csv.reader(io.StringIO(text)))[1]
    assert row[:3] == ["'=HYPERLINK(\"http://x.invalid\")", "'@Sở Tài chính", "'+Sở Xây dựng"]
    assert row[4] == "'-Báo cáo"


def test_audit_log_download_escapes_a_hostile_file_name(tmp_path, db):
    good = write_disbursement(tmp_path / "t4.xlsx", [Project("Kè Thục Phán", plan=10, disbursed=1)])
    ingest_upload(good.read_bytes(), "t4.xlsx", db=db, loaded_by="cv.stc")
    with pytest.raises(Rejected):
        ingest_upload(b"not a spreadsheet", "=cmd|' -C calc'!A0.xlsx", db=db, loaded_by="cv.stc")
    entries = audit.entries(db)
    assert "=cmd|' -C calc'!A0.xlsx" in set(entries["target"])
    text = frame_csv(entries).decode("utf-8-sig")
    assert "'=cmd|' -C calc'!A0.xlsx" in text
    assert not any(line.startswith("=") or ",=" in line for line in text.splitlines())


@pytest.mark.parametrize("name", ["../../../tmp/bi_ghi_de.xlsx", "/etc/cron.d/bi_ghi_de.xlsx",
                                  "C:\\Windows\\System32\\bi_ghi_de.xlsx", "..\\..\\bi_ghi_de.xlsx"])
def test_an_uploaded_file_name_is_never_used_as_a_path(tmp_path, db, name, monkeypatch):
    monkeypatch.chdir(tmp_path)
    good = write_disbursement(tmp_path / "nguon.xlsx", [Project("Kè Thục Phán", plan=10, disbursed=1)])
    result = ingest_upload(good.read_bytes(), name, db=db, loaded_by="cv.stc")
    assert result.prepared.meta["file_name"] == "bi_ghi_de.xlsx"
    assert dump_store(db)["loads"][1][dump_store(db)["loads"][0].index("file_name")] == "bi_ghi_de.xlsx"
    for where in (Path("/tmp/bi_ghi_de.xlsx"), Path("/etc/cron.d/bi_ghi_de.xlsx"), tmp_path.parent / "bi_ghi_de.xlsx",
                  tmp_path / "bi_ghi_de.xlsx"):
        assert not where.exists(), where


def test_a_macro_enabled_workbook_loads_its_values_and_runs_nothing(tmp_path, db):
    marker = tmp_path / "macro_da_chay.txt"
    vba = tmp_path / "vbaProject.bin"
    # Not a valid VBA project: nothing in the reader may even try to interpret it.
    vba.write_bytes(b"Attribute VB_Name = \"Module1\"\nSub Auto_Open()\n  Open \"" + str(marker).encode()
                    + b"\" For Output As #1\nEnd Sub\n")
    source = write_disbursement(tmp_path / "nguon.xlsx", [Project("Kè Thục Phán", plan=10, disbursed=1)])
    rows = [[c.value for c in row] for row in openpyxl.load_workbook(source).active.iter_rows()]
    xlsm = tmp_path / "giai_ngan.xlsm"
    book = xlsxwriter.Workbook(xlsm)
    sheet = book.add_worksheet("Biểu 1")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    book.add_vba_project(str(vba))
    book.close()
    result = ingest_upload(xlsm.read_bytes(), "giai_ngan.xlsm", db=db, loaded_by="cv.stc")
    assert result.load_id == 1 and len(result.prepared.records) == 1
    assert not marker.exists()
