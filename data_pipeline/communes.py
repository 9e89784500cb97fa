"""The commune dimension (56 units of Cao Bằng after the 2025 reform) and matching sheet text to it."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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
    """A commune name that is not one of the 56. `reason`, where given, is the whole message."""

    def __init__(self, text: str, reason: str | None = None):
        super().__init__(text)
        self.reason = reason


@dataclass(frozen=True)
class Located:
    code: str | None
    note: str | None = None  # a warning to give: an old name read as today's commune


def resolve_location(text: object) -> str | None:
    """The commune code of a location or commune cell (see locate)."""
    return locate(text).code


def locate(text: object) -> Located:
    """The commune of a location or commune cell.

    Code None when the cell is empty, names several communes ("Các xã: A, B", "Xã A, xã B") or a
    wider area (toàn tỉnh, an old district). A name in brackets beside today's name ("Phường
    Thục Phán (phường Hợp Giang cũ)") is read by the name outside them. A commune's name before
    the 2025 merger is read as the commune it became, with a note saying so, where the list of
    old communes tells (old_communes). Raises UnknownCommune for a name that is not one of the
    56, and for an old name that became several communes or one not known.
    """
    value = clean(text)
    if not value:
        return Located(None)
    outside = clean(_BRACKETED.sub(" ", value))
    if outside and outside != value:
        return locate(outside)
    if not outside and value.startswith("("):
        return locate(value.strip("() "))
    whole = find_commune(value)
    if whole:
        return Located(whole.code)
    if _DESCRIBED_COMMUNES.match(fold_words(value)) and not re.search(r"[:,;/]| và | - ", value):
        return Located(None)
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
                _old_name(segment, key)  # raises unless it names one commune of today
        return Located(None)
    if len(named) == 1:
        segment, key = named[0]
        found = _by_key().get(key)
        return Located(found.code) if found else _old_name(segment, key)
    if _NOT_A_COMMUNE.search(fold_words(value)) or len(segments) > 1:
        return Located(None)
    return _old_name(value, commune_key(value))


_BRACKETED = re.compile(r"\([^()]*\)")


def _old_name(text: str, key: str) -> Located:
    """A name before the 2025 merger, read as the commune it became; else UnknownCommune."""
    old = old_communes().get(key, ())
    if not old:
        raise UnknownCommune(text)
    became = {o.became.code: o.became for o in old if o.became is not None}
    if len(old) == 1 and became:
        new = next(iter(became.values()))
        return Located(new.code, f'"{text}" là tên trước sắp xếp năm 2025 ({old[0].name}, '
                                 f"{old[0].district} cũ); đọc là {new.name} (mã {new.code})")
    if len(old) == 1:
        raise UnknownCommune(text, f'"{text}" là tên trước sắp xếp năm 2025 ({old[0].name}, '
                                   f"{old[0].district} cũ); danh mục không cho biết nay thuộc xã, phường nào: hãy ghi tên xã, phường mới")
    places = "; ".join(f"{o.name}, {o.district} cũ" + (f" (nay là {o.became.name})" if o.became else "")
                       for o in old)
    named = ", ".join(c.name for c in became.values())
    raise UnknownCommune(text, f'"{text}" là tên trước sắp xếp năm 2025 của {len(old)} xã, phường: {places}; '
                               "không biết là nơi nào" + (f" (một trong số đó nay là {named})" if named else "")
                               + ": hãy ghi tên xã, phường mới")


@dataclass(frozen=True)
class OldCommune:
    name: str  # "Phường Hợp Giang"
    district: str  # "Thành phố Cao Bằng"
    code: str
    became: Commune | None  # the commune of today it is part of, where the list tells


def old_communes_list() -> Path | None:
    """The official list of communes before the 2025 merger: $DASHBOARD_OLD_COMMUNES, else
    settings [communes] old_list (relative to the project folder), where the file is."""
    from .settings import PROJECT_ROOT, setting
    named = os.environ.get("DASHBOARD_OLD_COMMUNES") or setting("communes", "old_list")
    if not named:
        return None
    path = Path(named) if Path(named).is_absolute() else PROJECT_ROOT / named
    return path if path.is_file() else None


@lru_cache(maxsize=4)
def _old_communes(path: str | None) -> dict[str, tuple[OldCommune, ...]]:
    """The province's communes in the statistics office's list (Tỉnh Thành Phố | Mã TP | Quận
    Huyện | Mã QH | Phường Xã | Mã PX ...), by commune_key. Each commune of today kept the code
    of one of the communes merged into it, so an old commune whose code is a code of today is
    part of that commune; of the others the list does not tell. The installed vietnam-provinces
    release has no table of old communes; a release that has one needs a newer Python."""
    if path is None:
        return {}
    import python_calamine as calamine
    try:
        book = calamine.CalamineWorkbook.from_path(path)
        rows = book.get_sheet_by_index(0).to_python()
    except Exception:
        return {}
    header = next((i for i, r in enumerate(rows[:10]) if any(fold_words(str(v)) == "ma px" for v in r)), None)
    if header is None:
        return {}
    names = [fold_words(str(v)) for v in rows[header]]
    need = ("ma tp", "quan huyen", "phuong xa", "ma px")
    if not all(n in names for n in need):
        return {}
    province, district, name, code = (names.index(n) for n in need)
    today = {c.code: c for c in communes()}
    found: dict[str, list[OldCommune]] = {}
    for row in rows[header + 1:]:
        if len(row) <= max(province, district, name, code) or clean(row[province]).lstrip("0") != str(PROVINCE_CODE):
            continue
        old_code = clean(row[code]).zfill(5)
        old = OldCommune(clean(row[name]), clean(row[district]), old_code, today.get(old_code))
        found.setdefault(commune_key(old.name), []).append(old)
    return {key: tuple(olds) for key, olds in found.items()}


def old_communes() -> dict[str, tuple[OldCommune, ...]]:
    path = old_communes_list()
    return _old_communes(str(path) if path else None)
