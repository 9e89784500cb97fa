"""Vietnamese text helpers: Unicode normalisation and diacritic-free keys for matching."""

from __future__ import annotations

import contextlib
import re
import sys
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
    # str.split() takes every kind of whitespace, no-break space too; the other invisible characters go.
    return " ".join(_without_controls(text).split())


# Characters a sheet may hold that no one can see and that change what is seen: direction overrides
# and isolates (U+202E shows "xslx.exe" as "exe.xlsx"), zero-width marks, and control characters such
# as ESC, with which a cell would recolour or rewrite a terminal. Whitespace among them is kept
# (text.split() and the callers decide what to do with it).
_INVISIBLE = ("Cc", "Cf", "Cs")


def _without_controls(text: str) -> str:
    return "".join(ch for ch in text if ch.isprintable() or ch.isspace() or unicodedata.category(ch) not in _INVISIBLE)


def printable(value: object) -> str:
    """A name as it is stored and shown (a file or sheet name): NFC, without control, direction and
    zero-width characters, other whitespace as plain spaces; otherwise exactly as given."""
    text = nfc(str(value or ""))
    if text.isprintable():
        return text
    return "".join(" " if ch.isspace() else ch for ch in _without_controls(text)).strip()


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
_INVISIBLE_ASCII = re.compile("[\x02-\x08\x0e-\x1b\x7f]")  # control characters that are not whitespace
_KEEP_SEPARATORS = _NON_WORD_BYTES_TO_SPACE_BUT_SEPARATOR[:1] + b"\x01" + _NON_WORD_BYTES_TO_SPACE_BUT_SEPARATOR[2:]
_SPACES = re.compile(" {2,}")


def _fold_joined(joined: str) -> str | None:
    """fold_words of each text in a joined string, the separators kept; None where the quick
    route does not apply (characters other than letters with marks)."""
    if _INVISIBLE_ASCII.search(joined):  # clean() drops these, where the quick route would space them
        return None
    lowered = nfc(joined).lower()
    letters = unicodedata.normalize("NFD", lowered).replace("đ", "d").encode("ascii", "ignore")
    if len(letters) != len(lowered):  # not only letters with marks: take each on its own
        return None
    words = _SPACES.sub(" ", letters.translate(_KEEP_SEPARATORS).decode("ascii"))
    for sep in (_SEPARATOR, _PART):
        words = words.replace(" " + sep, sep).replace(sep + " ", sep)
    return words.strip(" ")


# What a terminal would take as an order rather than as text: control characters (ESC starts the
# sequences that recolour, move or retitle it; a lone carriage return rewrites the line) and the
# direction and zero-width marks. Newlines and tabs stay.
_TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e"
                                "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]|\r(?!\n)")


def terminal_text(text: str) -> str:
    """Text as a terminal may print it: nothing in it can act on the terminal."""
    return _TERMINAL_CONTROLS.sub("", text)


class PrintableStream:
    """A text stream (stdout, stderr) that writes every text through terminal_text: a cell, a file
    or sheet name in a message is shown, never obeyed."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(terminal_text(text))

    def __getattr__(self, name):
        return getattr(self._stream, name)


@contextlib.contextmanager
def printable_output():
    """stdout and stderr through PrintableStream, for a command line's whole run."""
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = PrintableStream(sys.stdout), PrintableStream(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = streams
