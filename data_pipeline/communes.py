"""The commune dimension (56 units of Cao Bằng after the 2025 reform) and matching sheet text to it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from vietnam_provinces import Ward

from .text import clean, fold_words

PROVINCE_CODE = 4  # Cao Bằng

# vietnam-provinces 2025.10.1 (the release that runs on Python 3.11) rotates three Cao Bằng codes.
# The official codes, as in the package's 2026 releases and in the province's boundary files:
CODE_CORRECTIONS = {
    "Xã Lý Quốc": "01537",
    "Xã Hạ Lang": "01558",
    "Xã Vinh Quý": "01561",
}
# The same release writes one name with the tone mark on the last vowel; the official list
# (its 2026 releases, ../shared/geo/) writes "Thủy", as in the other names ("Hòa An").
NAME_CORRECTIONS = {
    "Xã Đàm Thuỷ": "Xã Đàm Thủy",
}

_PREFIX = re.compile(r"^(xa|x|phuong|p|thi tran|tt)\s+")
# Words naming a wider area than one commune; "Cao Bằng" alone is the province.
_NOT_A_COMMUNE = re.compile(r"\b(tinh|toan tinh|huyen|thanh pho|tp|thi xa|tx|cac xa|nhieu xa|lien xa|khu vuc|"
                            r"dia ban tinh|cao bang)\b")
# "Các xã biên giới", "Các xã trên địa bàn tỉnh", "05 xã", "Một số xã": several communes
# described, not listed.
_DESCRIBED_COMMUNES = re.compile(r"^(cac|\d+|mot so|nhieu) (xa|phuong)\b")


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    type: str  # 'xã' or 'phường'


@lru_cache(maxsize=1)
def communes() -> tuple[Commune, ...]:
    out = []
    for ward in Ward.iter_all():
        if int(ward.province_code) != PROVINCE_CODE:
            continue
        code = CODE_CORRECTIONS.get(ward.name, f"{int(ward.code):05d}")
        out.append(Commune(code, NAME_CORRECTIONS.get(ward.name, ward.name), ward.division_type.value))
    return tuple(sorted(out, key=lambda c: c.code))


def commune_key(text: str) -> str:
    """'Xã Đàm Thuỷ', 'x. Đàm Thủy', 'DAM THUY' all give 'dam thuy'."""
    return _PREFIX.sub("", fold_words(text)).strip()


@lru_cache(maxsize=1)
def _by_key() -> dict[str, Commune]:
    index = {}
    for c in communes():
        index[commune_key(c.name)] = c
        index[c.code] = c
        index[str(int(c.code))] = c
    return index


def find_commune(text: str) -> Commune | None:
    """One commune named by a cell ('Trà Lĩnh', 'xã Trà Lĩnh', '01273'), or None."""
    return _by_key().get(commune_key(text))


class UnknownCommune(ValueError):
    pass


def resolve_location(text: object) -> str | None:
    """The commune code of a location or commune cell.

    None when the cell is empty, names several communes ("Các xã: A, B", "Xã A, xã B") or a
    wider area (toàn tỉnh, an old district). Raises UnknownCommune for a commune name that is
    not one of the 56.
    """
    value = clean(text)
    if not value:
        return None
    whole = find_commune(value)
    if whole:
        return whole.code
    if _DESCRIBED_COMMUNES.match(fold_words(value)) and not re.search(r"[:,;/]| và | - ", value):
        return None
    segments = [s.strip() for s in re.split(r"[,;/]| và | - ", value) if s.strip()]
    named = []
    for segment in segments:
        key = fold_words(segment)
        m = re.search(r"\b(xa|phuong|thi tran)\s+(.+)$", key)
        if m:
            named.append((segment, m.group(2)))
    if len(named) > 1 or re.match(r"^cac (xa|phuong)", fold_words(value)):
        for segment, key in named:
            if key not in _by_key():
                raise UnknownCommune(segment)
        return None
    if len(named) == 1:
        segment, key = named[0]
        found = _by_key().get(key)
        if not found:
            raise UnknownCommune(segment)
        return found.code
    if _NOT_A_COMMUNE.search(fold_words(value)) or len(segments) > 1:
        return None
    raise UnknownCommune(value)
