"""The blank forms of growth, dossiers and petitions: each is accepted as written, example row and
all, reads into exactly the fields its headers promise, and is what data/templates holds."""

from __future__ import annotations

import datetime as dt

import pytest
import python_calamine as calamine

from data_pipeline.ingest import prepare
from data_pipeline.settings import TEMPLATE_DIR
from data_pipeline.templates import TEMPLATES, write_templates

NAMES = {"growth": "mau_tang_truong.xlsx", "dossiers": "mau_thu_tuc_hanh_chinh.xlsx", "petitions": "mau_don_thu.xlsx"}
EXPECTED = {
    "growth": {"period": dt.date(2026, 4, 1), "sector_code": "1", "sector": "Khai khoáng",
               "target_vnd": 302.5e9, "actual_vnd": 268.4e9, "target_growth_pct": 18.0, "actual_growth_pct": 4.7,
               "responsible_agency": "Sở Nông nghiệp và Môi trường"},
    "dossiers": {"unit_name": "UBND xã Trà Lĩnh", "field": "Đất đai", "commune_code": "01447",
                 "received_total": 97, "settled_total": 82, "settled_late": 4, "pending_total": 15,
                 "pending_overdue": 4, "period_end": dt.date(2026, 4, 14)},
    "petitions": {"petition_id": "015/ĐT", "is_case": True, "kind": "complaint", "agency": "UBND xã Đông Khê",
                  "commune_code": "01786", "received_on": dt.date(2026, 3, 2), "due_on": dt.date(2026, 4, 16),
                  "status": "pending", "settled_on": None},
}
REPORT_DATES = {"growth": dt.date(2026, 4, 30), "dossiers": dt.date(2026, 4, 14), "petitions": dt.date(2026, 4, 30)}


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    return {p.name: p for p in write_templates(tmp_path_factory.mktemp("templates"))}


@pytest.mark.parametrize("dataset", list(NAMES))
def test_template_is_recognised_and_its_example_row_read_exactly(written, dataset):
    prepared = prepare(written[NAMES[dataset]])
    assert prepared.dataset == dataset
    assert prepared.problems == []
    assert prepared.report_date == REPORT_DATES[dataset]
    [row] = prepared.records
    for field, value in EXPECTED[dataset].items():
        assert row[field] == pytest.approx(value) if isinstance(value, float) else row[field] == value, field


@pytest.mark.parametrize("dataset", list(NAMES))
def test_committed_template_is_the_current_output(written, dataset):
    committed = TEMPLATE_DIR / NAMES[dataset]
    assert committed.exists()

    def cells(path):
        wb = calamine.CalamineWorkbook.from_path(str(path))
        return {s: wb.get_sheet_by_name(s).to_python() for s in wb.sheet_names}

    assert cells(committed) == cells(written[NAMES[dataset]])
    assert NAMES[dataset] in {t.file_name for t in TEMPLATES if t.dataset == dataset}
