"""Vietnamese text helpers: Unicode normalisation and diacritic-free keys for matching."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Compose decomposed tone marks (Windows-1258 exports) into NFC."""
    return unicodedata.normalize("NFC", text)


def clean(value: object) -> str:
    """A cell as tidy NFC text: trimmed, inner whitespace collapsed, '' for empty."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = nfc(str(value)).replace("\u00a0", " ")
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """Lower-case, diacritic-free key: 'Thuỷ' and 'Thủy' both become 'thuy'."""
    decomposed = unicodedata.normalize("NFD", clean(text).lower())
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.replace("đ", "d")


def fold_words(text: str) -> str:
    """fold() with punctuation turned into single spaces, for phrase matching."""
    return _SPACES.sub(" ", re.sub(r"[^0-9a-z%]+", " ", fold(text))).strip()
