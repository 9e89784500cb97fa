"""Matching a sheet's commune text to the 56 communes of Cao Bằng, and the dimension itself."""

from __future__ import annotations

import csv
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import shared_file
from data_pipeline.communes import UnknownCommune, communes, find_commune, resolve_location


def official_list() -> dict[str, tuple[str, str]]:
    with open(shared_file("geo", "cao_bang_communes_list.csv"), encoding="utf-8") as fh:
        return {r["ma_xa"]: (r["ten_xa"], r["loai"]) for r in csv.DictReader(fh)}


def test_dimension_has_the_56_communes_of_the_official_list_with_codes_names_and_types():
    ours = {c.code: (c.name, c.type) for c in communes()}
    assert len(ours) == 56
    assert ours == official_list()
    assert sum(1 for c in communes() if c.type == "phường") == 3


@pytest.mark.parametrize("name, code", [("Xã Lý Quốc", "01537"), ("Xã Hạ Lang", "01558"), ("Xã Vinh Quý", "01561")])
def test_the_three_rotated_codes_are_the_official_ones(name, code):
    assert find_commune(name).code == code
    assert official_list()[code][0] == name


def test_every_commune_name_of_the_official_list_resolves_to_its_code():
    for code, (name, _) in official_list().items():
        assert resolve_location(name) == code, name


@pytest.mark.parametrize("text, code", [
    ("Trà Lĩnh", "01447"),
    ("xã Trà Lĩnh", "01447"),
    ("XÃ TRÀ LĨNH", "01447"),
    ("tra linh", "01447"),
    ("x. Trà Lĩnh", "01447"),
    ("X.Trà Lĩnh", "01447"),
    ("Xã  Trà   Lĩnh ", "01447"),
    ("Phường Thục Phán", "01273"),
    ("P. Thục Phán", "01273"),
    ("p.Thục Phán", "01273"),
    ("phường thục phán", "01273"),
    ("Thị trấn Trùng Khánh", "01477"),
    ("Xã Đàm Thuỷ", "01501"),
    ("Xã Đàm Thủy", "01501"),
    ("xa Dam Thuy", "01501"),
    ("Xã Phục Hoà", "01648"),
    ("Xã Hòa An", "01654"),
    ("Xã Hoà An", "01654"),
    ("01273", "01273"),
    ("1273", "01273"),
    ("Xã Trà Lĩnh, huyện Trùng Khánh", "01447"),
    ("Thôn Nà Lạn, xã Đức Long", "01822"),
    ("Phường Thục Phán, tỉnh Cao Bằng", "01273"),
])
def test_commune_text_matches_whatever_the_case_diacritics_prefix_or_tone_mark_place(text, code):
    assert resolve_location(text) == code


@pytest.mark.parametrize("text", [
    "Các xã: Trà Lĩnh, Quang Hán",
    "Xã Trà Lĩnh, xã Quang Hán",
    "Xã Trà Lĩnh và xã Quang Hán",
    "Toàn tỉnh",
    "Tỉnh Cao Bằng",
    "Huyện Hà Quảng",
    "Thành phố Cao Bằng",
    "TP. Cao Bằng",
    "Cao Bằng",
    "",
    None,
])
def test_several_communes_or_a_wider_area_give_no_commune(text):
    assert resolve_location(text) is None


@pytest.mark.parametrize("text", ["Xã Không Có", "Phường Đề Thám", "Xã Trà Lĩnh, xã Không Có", "Nà Lạn"])
def test_a_name_that_matches_no_commune_is_unknown(text):
    with pytest.raises(UnknownCommune):
        resolve_location(text)


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").replace("đ", "d").replace("Đ", "D")


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(communes(), key=lambda c: c.code)),
       st.sampled_from(["", "xã ", "Xã ", "x. ", "X.", "phường ", "P. ", "p.", "thị trấn ", "XÃ "]),
       st.sampled_from([str, str.upper, str.lower, str.title]),
       st.booleans(), st.sampled_from(["", " ", "  "]))
def test_any_way_of_writing_a_commune_name_finds_its_code(commune, prefix, case, plain, padding):
    bare = commune.name.split(" ", 1)[1]
    text = padding + prefix + case(_strip_marks(bare) if plain else bare) + padding
    assert resolve_location(text) == commune.code, text
