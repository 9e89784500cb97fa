"""Which leads are one agency and which are a group: the rule the scoreboard counts "Nhiều cơ quan" by."""

from __future__ import annotations

import tomllib

import pytest

from data_pipeline.leads import lead_is_group, lead_line
from data_pipeline.settings import PACKAGE_DIR

GROUPS = [
    "Các sở, ngành, địa phương", "UBND các xã, phường có dự án, công trình trọng điểm trên địa bàn", "Các chủ đầu tư",
    "Thủ trưởng các sở, ban, ngành; Chủ tịch UBND các xã, phường; người đứng đầu các chủ đầu tư",
    "Cơ quan soạn thảo", "Các lực lượng chức năng, địa phương", "Từng sở, ngành", "Chủ tịch UBND xã, phường",
    "UBND cấp huyện", "Các Sở: Tài chính, Xây dựng", "Các đồng chí Ủy viên UBND tỉnh", "Nhiều cơ quan",
    # several agencies named
    "Sở Tài chính; Thống kê tỉnh", "Văn phòng UBND tỉnh và Sở Tài chính", "Sở Tài chính, Thuế tỉnh Cao Bằng",
    "Sở Tài chính và Tỉnh đoàn", "Sở Tài chính, Thuế tỉnh và các cơ quan liên quan",
    "UBND huyện Bình Sơn và các địa phương",
]
ONE_AGENCY = [
    "Sở Tài chính và các cơ quan liên quan",  # helpers do not make a group
    "UBND phường Tân Giang", "UBND huyện Bình Sơn", "Ban Chỉ đạo xoá nhà tạm, nhà dột nát huyện Bình Sơn",
]


@pytest.mark.parametrize("lead", GROUPS)
def test_a_group_or_several_agencies_is_counted_as_many(lead):
    assert lead_is_group(lead)
    assert lead_line(lead) == "Nhiều cơ quan"


@pytest.mark.parametrize("lead", ONE_AGENCY)
def test_one_agency_is_its_own_line(lead):
    assert not lead_is_group(lead)
    assert lead_line(lead) == lead


def test_every_known_agency_is_one_agency_whatever_commas_or_và_its_name_holds():
    with open(PACKAGE_DIR / "agencies.toml", "rb") as fh:
        names = tomllib.load(fh)["names"]
    assert [n for n in names if lead_is_group(n)] == []  # "Sở Văn hóa, Thể thao và Du lịch", "... và các Khu ..."


def test_no_lead_is_no_group_and_has_its_own_line():
    assert not lead_is_group(None)
    assert lead_line(None) == "(chưa ghi cơ quan)"


def test_decomposed_text_reads_as_its_composed_form():
    import unicodedata

    assert lead_is_group(unicodedata.normalize("NFD", "Các địa phương"))
