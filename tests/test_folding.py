"""The text helpers the reader runs on every cell: their quick paths give exactly what the plain
definitions give, on Vietnamese and on any other text, and a whole column folds as its cells do."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from data_pipeline.datasets.base import stable_key, stable_keys
from data_pipeline.text import clean, fold, fold_words, fold_words_many

# Vietnamese letters, spaces of every kind, punctuation, loose combining marks and a few
# characters of other scripts, so that both the quick path and the general one are taken.
ALPHABET = ("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ"
            "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
            "ÀÁẢÃẠÈÉÌÍÒÓÙÚỲÝ0123456789 ,.;:-–/%()\u00a0\t\n\u2003\u200b\u0301\u0323✓한ǅΣςİ\x1c\x85\x00"
            "\x1b\x07\u202e\u2066\u00ad")
CELL_TEXT = st.one_of(st.text(alphabet=ALPHABET), st.text())


def plain_clean(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value)).replace("\u00a0", " ")
    # Control, direction and zero-width characters are dropped (whitespace among them is a space).
    text = "".join(ch for ch in text if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))
    return re.sub(r"\s+", " ", text).strip()


def plain_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", plain_clean(text).lower())
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").replace("đ", "d")


def plain_fold_words(text: str) -> str:
    return re.sub(r"[^0-9a-z%]+", " ", plain_fold(text)).strip()


@settings(max_examples=3000)
@given(st.one_of(CELL_TEXT, st.floats(allow_nan=False), st.integers(), st.none()))
def test_clean_is_nfc_with_single_inner_spaces(value):
    assert clean(value) == plain_clean(value)


@settings(max_examples=3000)
@given(CELL_TEXT)
def test_fold_and_fold_words_drop_case_marks_and_punctuation(text):
    assert fold(text) == plain_fold(text)
    assert fold_words(text) == plain_fold_words(text)


def test_vietnamese_folds_as_people_expect():
    assert fold_words("  Xã Đàm Thuỷ ") == fold_words("xã đàm thủy") == "xa dam thuy"
    assert fold_words("Trường PTDTBT Tiểu học Lũng Nặm, (giai đoạn 2)") == \
        "truong ptdtbt tieu hoc lung nam giai doan 2"
    assert fold("Đường – cầu") == "duong – cau"


@settings(max_examples=1000)
@given(st.lists(CELL_TEXT, max_size=12))
def test_a_whole_column_folds_as_each_cell_does(texts):
    assert fold_words_many(texts) == [fold_words(t) for t in texts]


@settings(max_examples=500)
@given(st.lists(st.tuples(st.one_of(CELL_TEXT, st.none()), st.one_of(CELL_TEXT, st.none())), max_size=8))
def test_stable_keys_of_a_column_are_the_keys_of_its_rows(rows):
    assert stable_keys("DA", rows) == [stable_key("DA", *parts) for parts in rows]


def test_stable_key_is_unchanged_by_case_marks_and_spacing():
    assert stable_key("DA", "Kè chống sạt lở  bờ sông Bằng Giang", "Ban QLDA tỉnh") == \
        stable_key("DA", "KÈ CHỐNG SẠT LỞ BỜ SÔNG BẰNG GIANG", "ban qlda tinh")
