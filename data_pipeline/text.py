"""Vietnamese text helpers: Unicode normalisation and diacritic-free keys for matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD_CHARS = b"0123456789abcdefghijklmnopqrstuvwxyz%"
_NON_WORD = re.compile(r"[^0-9a-z%]+")
_NON_WORD_BYTES_TO_SPACE = bytes(c if c in _WORD_CHARS else 32 for c in range(256))
_SEPARATOR = "\x00"  # joins texts folded together; a starter that nothing composes with
_NON_WORD_BYTES_TO_SPACE_BUT_SEPARATOR = b"\x00" + _NON_WORD_BYTES_TO_SPACE[1:]


def nfc(text: str) -> str:
    """Compose decomposed tone marks (Windows-1258 exports) into NFC."""
    return unicodedata.normalize("NFC", text)


def clean(value: object) -> str:
    """A cell as tidy NFC text: trimmed, inner whitespace collapsed, '' for empty."""
    if value is None:
        return ""
    if isinstance(value, str):
        return _clean_text(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _tidy(str(value))


@lru_cache(maxsize=1 << 16)
def _clean_text(text: str) -> str:
    """clean() of a text cell; a sheet repeats its texts and the reader looks at each several times."""
    return _tidy(text)


def _tidy(text: str) -> str:
    if not text.isascii():
        text = nfc(text)
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # printable: no whitespace but plain spaces, and these are already single
    return " ".join(text.split())  # str.split() takes every kind of whitespace, no-break space too


def fold(text: str) -> str:
    """Lower-case, diacritic-free key: 'Thuỷ' and 'Thủy' both become 'thuy'."""
    lowered = clean(text).lower()
    if lowered.isascii():
        return lowered
    decomposed = unicodedata.normalize("NFD", lowered).replace("đ", "d")
    letters = decomposed.encode("ascii", "ignore")
    if len(letters) == len(lowered):
        # Every non-ASCII character was an ASCII letter with combining marks (all of Vietnamese):
        # dropping what is not ASCII dropped exactly the marks.
        return letters.decode("ascii")
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


@lru_cache(maxsize=1 << 16)
def fold_words(text: str) -> str:
    """fold() with punctuation turned into single spaces, for phrase matching."""
    folded = fold(text)
    if folded.isascii():  # the same, quicker on bytes
        return " ".join(folded.encode("ascii").translate(_NON_WORD_BYTES_TO_SPACE).decode("ascii").split())
    return _NON_WORD.sub(" ", folded).strip()


def fold_words_many(texts: list[str]) -> list[str]:
    """[fold_words(t) for t in texts], worked on all the texts joined into one string: folding
    goes character by character, so a whole column is folded in a few calls instead of many."""
    joined = _SEPARATOR.join(texts)
    if joined.count(_SEPARATOR) != len(texts) - 1 or _PART in joined:  # a text holding a joiner
        return [fold_words(t) for t in texts]
    words = _fold_joined(joined)
    return [fold_words(t) for t in texts] if words is None else words.split(_SEPARATOR)


def fold_words_rows(columns: list[list[str]], sep: str = "|") -> list[str]:
    """Row by row, sep.join(fold_words(text) for text in the row), given the texts column by
    column (every column as long as the first), worked on all the texts at once."""
    rows = len(columns[0]) if columns else 0
    joined = _SEPARATOR.join(map(_PART.join, zip(*columns)))
    words = None
    if joined.count(_SEPARATOR) == rows - 1 and joined.count(_PART) == rows * (len(columns) - 1):
        words = _fold_joined(joined)
    if words is None:
        return [sep.join(map(fold_words, texts)) for texts in zip(*columns)]
    return words.replace(_PART, sep).split(_SEPARATOR) if rows else []


_PART = "\x01"  # joins the texts of one row in fold_words_rows
_KEEP_SEPARATORS = _NON_WORD_BYTES_TO_SPACE_BUT_SEPARATOR[:1] + b"\x01" + _NON_WORD_BYTES_TO_SPACE_BUT_SEPARATOR[2:]
_SPACES = re.compile(" {2,}")


def _fold_joined(joined: str) -> str | None:
    """fold_words of each text in a joined string, the separators kept; None where the quick
    route does not apply (characters other than letters with marks)."""
    lowered = nfc(joined).lower()
    letters = unicodedata.normalize("NFD", lowered).replace("đ", "d").encode("ascii", "ignore")
    if len(letters) != len(lowered):  # not only letters with marks: take each on its own
        return None
    words = _SPACES.sub(" ", letters.translate(_KEEP_SEPARATORS).decode("ascii"))
    for sep in (_SEPARATOR, _PART):
        words = words.replace(" " + sep, sep).replace(sep + " ", sep)
    return words.strip(" ")
