"""Matching header labels to dataset fields, with the synonyms kept in synonyms.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from itertools import permutations

from .settings import PACKAGE_DIR
from .text import fold_words

DATASETS = ("tasks", "disbursement", "mining", "revenue", "trade", "growth", "dossiers", "petitions")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    synonyms: tuple[str, ...]
    exclude: tuple[str, ...]
    prefer: tuple[str, ...]


@dataclass(frozen=True)
class DatasetSpec:
    name: str
    label: str
    required: tuple[tuple[str, ...], ...]  # each group: at least one of these fields
    fields: dict[str, FieldSpec]

    def required_label(self, group: tuple[str, ...]) -> str:
        return " hoặc ".join(f'"{self.fields[f].label}"' for f in group)


@lru_cache(maxsize=1)
def specs() -> dict[str, DatasetSpec]:
    with open(PACKAGE_DIR / "synonyms.toml", "rb") as fh:
        raw = tomllib.load(fh)["datasets"]
    out = {}
    for name, ds in raw.items():
        fields = {
            key: FieldSpec(
                key, f["label"],
                tuple(fold_synonym(s) for s in f["synonyms"]),
                tuple(fold_synonym(s) for s in f.get("exclude", [])),
                tuple(fold_synonym(s) for s in f.get("prefer", [])),
            )
            for key, f in ds["fields"].items()
        }
        out[name] = DatasetSpec(name, ds["label"], tuple(tuple(g) for g in ds["required"]), fields)
    return out


def fold_synonym(text: str) -> str:
    """A synonym folded like a header label; '#' stays, standing for any number ("lũy kế # tháng")."""
    return " # ".join(fold_words(part) for part in text.split("#")).strip()


@lru_cache(maxsize=None)
def _phrase_pattern(phrase: str) -> re.Pattern:
    body = r"\s?".join(r"\d+" if word == "#" else re.escape(word) for word in phrase.split())
    return re.compile(rf"(?<![0-9a-z]){body}(?![0-9a-z])")


@lru_cache(maxsize=None)
def _phrase_words(phrase: str) -> tuple[str, ...]:
    return tuple(word for word in phrase.split() if word != "#")


def _contains(label: str, phrase: str) -> bool:
    # Every word of a matching phrase is in the label: checking that first spares compiling a
    # pattern for each of the hundreds of synonyms that cannot match (most of them, every time).
    if not phrase or not all(word in label for word in _phrase_words(phrase)):
        return False
    return _phrase_pattern(phrase).search(label) is not None


def field_score(spec: FieldSpec, parts: list[str]) -> float:
    """How well a column's header parts (top row first) name this field; 0 when not at all."""
    folded = [fold_words(p) for p in parts if p]
    if not folded:
        return 0.0
    joined = " ".join(folded)
    if any(_contains(joined, ex) for ex in spec.exclude):
        return 0.0
    variants = {" ".join(p) for p in permutations(folded)} if len(folded) <= 3 else {joined}
    best = 0
    for label in variants:
        for syn in spec.synonyms:
            if len(syn) > best and _contains(label, syn):
                best = len(syn)
    if not best:
        return 0.0
    bonus = 0.5 if any(_contains(joined, p) for p in spec.prefer) else 0.0
    # A synonym covering the whole label is a better match than one inside a long phrase.
    return best + bonus + best / max(len(joined), 1)


@dataclass
class Mapping:
    dataset: str
    columns: dict[str, int]  # field -> column index
    score: float
    missing: list[tuple[str, ...]]  # required groups not found

    @property
    def complete(self) -> bool:
        return not self.missing


def map_columns(dataset: str, labels: list[list[str]]) -> Mapping:
    """Assign columns to the dataset's fields: best matches first, one column per field."""
    spec = specs()[dataset]
    candidates = []
    for col, parts in enumerate(labels):
        for field in spec.fields.values():
            s = field_score(field, parts)
            if s > 0:
                candidates.append((s, -col, field.name, col))
    candidates.sort(reverse=True)
    columns: dict[str, int] = {}
    used: set[int] = set()
    for s, _, field, col in candidates:
        if field in columns or col in used:
            continue
        columns[field] = col
        used.add(col)
    _make_room(columns, {(field, col): s for s, _, field, col in candidates})
    required_fields = {f for group in spec.required for f in group}
    missing = [g for g in spec.required if not any(f in columns for f in g)]
    score = sum(10 if f in required_fields else 2 for f in columns) - 15 * len(missing)
    return Mapping(dataset, columns, score, missing)


def _make_room(columns: dict[str, int], scores: dict[tuple[str, int], float]) -> None:
    """Give a field left without a column the column it matches, where the field holding that
    column matches another free one and the two matches together score more: "Thời hạn" beside
    "Thời gian hoàn thành" is the deadline, though "thời gian hoàn thành" alone names one too."""
    for field in sorted({f for f, _ in scores} - set(columns)):
        best = None
        for (f, col), score in scores.items():
            holder = next((h for h, c in columns.items() if c == col), None)
            if f != field or holder is None:
                continue
            used = set(columns.values())
            for (h, free), other in scores.items():
                gain = score + other - scores[(holder, col)]
                if h == holder and free not in used and gain > 0 and (best is None or gain > best[0]):
                    best = (gain, holder, free, col)
        if best:
            _, holder, free, col = best
            columns[holder], columns[field] = free, col


def recognise(labels: list[list[str]], only: str | None = None) -> Mapping:
    """The dataset whose fields the headers name best (or the one asked for)."""
    names = [only] if only else list(DATASETS)
    mappings = [map_columns(name, labels) for name in names]
    return max(mappings, key=lambda m: (m.complete, m.score))
