"""The blank forms in data/templates: each is accepted by the reader as written, example row and all,
and offers the 56 communes and the status wordings as drop-down lists."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
import python_calamine as calamine

from data_pipeline.communes import communes
from data_pipeline.ingest import prepare
from data_pipeline.layout import locate_table
from data_pipeline.readers import read_workbook
from data_pipeline.settings import TEMPLATE_DIR
from data_pipeline.templates import FIRST_DATA_ROW, LIST_SHEET, TEMPLATES, write_templates

NAMES = {
    "tasks": "mau_nhiem_vu.xlsx",
    "disbursement": "mau_giai_ngan.xlsx",
    "mining": "mau_khoang_san.xlsx",
    "revenue": "mau_thu_ngan_sach.xlsx",
    "trade": "mau_xuat_nhap_khau.xlsx",
}

# The example row of each form as the store receives it: money in đồng, trade in USD.
EXPECTED = {
    "tasks": [{
        "task_id": "TB-T4-01",
        "title": "Hoàn thành chi trả bồi thường, giải phóng mặt bằng Dự án cổng và giải phóng mặt bằng "
                 "Khu công nghiệp Chu Trinh",
        "source_doc": "Thông báo kết luận phiên họp UBND tỉnh tháng 4/2026",
        "lead_agency": "Ban Quản lý Khu kinh tế tỉnh",
        "coordinating_agencies": "UBND phường Tân Giang; Sở Nông nghiệp và Môi trường",
        "commune_code": "01288",
        "deadline": dt.date(2026, 5, 15),
        "is_recurring": False,
        "status": "in_progress",
        "completed_on": None,
        "output": "Tiền bồi thường chi trả cho các hộ",
    }],
    "disbursement": [{
        "project_id": "7912345",
        "project_name": "Dự án đầu tư xây dựng công trình cổng và giải phóng mặt bằng Khu công nghiệp Chu Trinh",
        "investor": "Ban Quản lý Khu kinh tế tỉnh",
        "location": "Phường Tân Giang",
        "commune_code": "01288",
        "capital_source": "Vốn ngân sách trung ương (NSTW)",
        "sector": "Hạ tầng khu kinh tế, khu công nghiệp",
        "is_key_project": True,
        "plan_vnd": 160_000_000_000.0,
        "disbursed_vnd": 24_750_500_000.0,
        "obstacle": "Vướng chính sách hỗ trợ khác, chồng lấn đất lâm nghiệp",
    }],
    "mining": [{
        "mine_id": "74/GP-UBND",
        "mine_name": "Mỏ đá Lũng Cháng",
        "mineral": "Đá vôi làm vật liệu xây dựng thông thường",
        "company": "Công ty Cổ phần Xây dựng Giao thông Cao Bằng",
        "commune_code": "01576",
        "licensed_capacity": 200_000.0,
        "actual_output": 61_250.0,
        "unit": "m3/năm",
        "period_start": dt.date(2026, 1, 1),
        "period_end": dt.date(2026, 4, 30),
        "license_expiry": dt.date(2033, 12, 31),
        "status": "Đang khai thác",
    }],
    "revenue": [{
        "period": dt.date(2026, 4, 1),
        "area": "Toàn tỉnh",
        "item_code": "I",
        "item_name": "Thu nội địa",
        "parent_item_code": None,
        "estimate_vnd": 2_030_000_000_000.0,
        "month_actual_vnd": 150_884_500_000.0,
        "ytd_actual_vnd": 592_340_200_000.0,
        "ytd_last_year_vnd": 601_215_800_000.0,
    }],
    "trade": [
        {"period": dt.date(2026, 4, 1), "gate": "Tà Lùng", "direction": "export", "value_usd": 27_099_900.0,
         "ytd_value_usd": 93_897_800.0, "last_year_value_usd": 24_612_800.0, "vehicles": 3006.0},
        {"period": dt.date(2026, 4, 1), "gate": "Tà Lùng", "direction": "import", "value_usd": 14_982_100.0,
         "ytd_value_usd": 53_407_000.0, "last_year_value_usd": 13_497_200.0, "vehicles": 2946.0},
    ],
}


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("templates")
    return {p.name: p for p in write_templates(folder)}


# The three datasets beyond the contract; their example rows are checked in tests/test_watch_templates.py.
WATCH_NAMES = {"growth": "mau_tang_truong.xlsx", "dossiers": "mau_thu_tuc_hanh_chinh.xlsx", "petitions": "mau_don_thu.xlsx"}


def test_one_template_per_dataset(written):
    assert sorted(written) == sorted([*NAMES.values(), *WATCH_NAMES.values()])
    assert all(p.stat().st_size > 0 for p in written.values())


@pytest.mark.parametrize("dataset", list(NAMES))
def test_reader_accepts_template_and_reads_its_example_row_exactly(written, dataset):
    prepared = prepare(written[NAMES[dataset]])  # no --dataset: recognised from the headers
    assert prepared.dataset == dataset
    assert prepared.problems == []  # not even a warning (unit, report date)
    assert prepared.report_date == dt.date(2026, 4, 30)
    got = prepared.rows.to_dict("records")
    assert len(got) == len(EXPECTED[dataset])
    for row, expected in zip(got, EXPECTED[dataset]):
        for field, value in expected.items():
            actual = row[field]
            if value is None:
                assert actual is None or actual != actual, field  # None or NaN
            else:
                assert actual == value, field


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.dataset)
def test_every_template_column_is_read_into_its_field(written, template):
    """A header the reader ignored would silently drop what users type under it."""
    table = locate_table(read_workbook(written[template.file_name]))
    assert table.mapping.columns == {col.field: i for i, col in enumerate(template.columns)}


def _validations(path):
    wb = openpyxl.load_workbook(path)
    sheet = wb["Biểu mẫu"]
    header_row = FIRST_DATA_ROW  # 1-based row of the header, just above the example
    headers = {cell.column_letter: cell.value for cell in sheet[header_row]}
    found = {}
    for dv in sheet.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            column = rng.coord.split(":")[0].rstrip("0123456789")
            found[headers.get(column)] = (dv.type, dv.formula1, dv.errorStyle)
    return wb, found


def test_commune_and_status_columns_offer_drop_down_lists(written):
    wb, found = _validations(written["mau_nhiem_vu.xlsx"])
    assert found["Xã, phường"][0] == "list" and LIST_SHEET in found["Xã, phường"][1]
    assert found["Xã, phường"][2] in (None, "stop")  # "stop" is the default, so often not written
    assert found["Tình hình thực hiện"][0] == "list"
    lists = wb[LIST_SHEET]
    assert lists.sheet_state == "hidden"
    columns = {col[0].value: [c.value for c in col[1:] if c.value] for col in lists.iter_cols()}
    assert columns["Xã, phường (56 đơn vị)"] == [c.name for c in communes()]
    assert "Đã hoàn thành" in columns["Tình hình nhiệm vụ"]
    _, mining = _validations(written["mau_khoang_san.xlsx"])
    assert {"Vị trí (xã, phường)", "Tình trạng", "Đơn vị tính"} <= set(mining)


def test_drop_down_lists_cover_the_rows_users_fill(written):
    wb, found = _validations(written["mau_giai_ngan.xlsx"])
    ranges = [str(dv.sqref) for dv in wb["Biểu mẫu"].data_validations.dataValidation]
    assert all(r.endswith("1001") for r in ranges)
    assert "Địa điểm" in found and "Dự án trọng điểm" in found


@pytest.mark.parametrize("name", list(NAMES.values()))
def test_committed_templates_match_the_code(written, name):
    """data/templates is what users download: it must be the current output of write_templates()."""
    committed = TEMPLATE_DIR / name
    assert committed.exists(), f"run `python -m data_pipeline templates` and commit {committed}"

    def cells(path):
        wb = calamine.CalamineWorkbook.from_path(str(path))
        return {s: wb.get_sheet_by_name(s).to_python() for s in wb.sheet_names}

    assert cells(committed) == cells(written[name])
