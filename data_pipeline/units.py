"""Reporting units: whose report a load is, and which unit each of its rows belongs to.

Before the 23rd of each month every agency and commune reports on its own tasks and projects, and
Văn phòng UBND tỉnh and Sở Tài chính also send compilations of the whole province. A load is either
a compilation (`reporting_unit` NULL) or the report of one unit (rarely several: an editor limited
to two communes). Each row names the unit it belongs to (`report_unit`, and for some datasets its
commune as a second key); the current views (sql/current/) show, for each unit, the rows of the
newest load that covers it.

A unit is named the way the store keeps it: an agency as agencies.toml spells it ("Sở Tài chính",
"UBND xã Hòa An"), a commune by its code ("01273"), a gate by its own name ("Tà Lùng"), the
province's revenue area as "Toàn tỉnh".
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .communes import communes, find_commune
from .leads import lead_is_group
from .problems import Problem, Rejected, reject
from .text import clean, fold_words

PROVINCE_AREA = "Toàn tỉnh"
COMPILATION_WORDS = {"tinh", "toan tinh", "ca tinh", "tong hop", "bieu tong hop", "tinh cao bang"}

# dataset -> (the field that names the row's unit, the field that may name it too: its commune)
UNIT_FIELDS: dict[str, tuple[str, str | None]] = {
    "tasks": ("lead_agency", None),
    "disbursement": ("investor", "commune_code"),
    "mining": ("commune_code", None),
    "revenue": ("area", None),
    "trade": ("gate", None),
    "growth": ("responsible_agency", None),
    "dossiers": ("unit_name", "commune_code"),
    "petitions": ("agency", "commune_code"),
}
AGENCY_FIELDS = {"lead_agency", "investor", "responsible_agency", "unit_name", "agency"}
COMMUNE_FIELDS = {"commune_code", "area"}

# What one row is called, and its units, in the sentences the upload page and the command line say.
ROW_NOUNS = {"tasks": "nhiệm vụ", "disbursement": "dự án", "mining": "mỏ", "revenue": "dòng chỉ tiêu",
             "trade": "dòng kim ngạch", "growth": "dòng ngành", "dossiers": "dòng đơn vị", "petitions": "dòng đơn thư"}
UNIT_NOUNS = {"tasks": "cơ quan", "disbursement": "chủ đầu tư, xã", "mining": "xã, phường", "revenue": "địa bàn",
              "trade": "cửa khẩu", "growth": "cơ quan", "dossiers": "đơn vị", "petitions": "đơn vị"}
# The entity a row reports on, across loads: one current row each.
ENTITY_KEYS = {"tasks": "task_id", "disbursement": "project_id", "mining": "mine_id", "dossiers": "unit_key",
               "petitions": "petition_id"}
ENTITY_NAMES = {"tasks": "title", "disbursement": "project_name", "mining": "mine_name", "dossiers": "unit_name",
                "petitions": "content"}
# The problems decide_scope and its checks add: worked out again whenever the scope is decided again.
SCOPE_KINDS = {"other-unit-row", "compilation-assumed", "moved-row"}

AGENCIES_FILE = Path(__file__).with_name("agencies.toml")

# Abbreviations agencies write their names with, spelt out before comparing.
_ABBREVIATIONS = (
    (re.compile(r"\bubnd\b"), "uy ban nhan dan"),
    (re.compile(r"\bqlda\b"), "quan ly du an"),
    (re.compile(r"\bdtxd\b"), "dau tu xay dung"),
    (re.compile(r"\bdt xd\b"), "dau tu xay dung"),
    (re.compile(r"\bkbnn\b"), "kho bac nha nuoc"),
    (re.compile(r"\bmttq\b"), "mat tran to quoc"),
    (re.compile(r"\bbchqs\b"), "bo chi huy quan su"),
    (re.compile(r"\bkkt\b"), "khu kinh te"),
    (re.compile(r"\bgd dt\b|\bgddt\b"), "giao duc va dao tao"),
    (re.compile(r"\bnn mt\b|\bnnmt\b"), "nong nghiep va moi truong"),
    (re.compile(r"\bvh tt dl\b|\bvhttdl\b"), "van hoa the thao va du lich"),
    (re.compile(r"\bkh cn\b|\bkhcn\b"), "khoa hoc va cong nghe"),
    (re.compile(r"\bcac cong trinh\b"), "cac cong trinh"),
    (re.compile(r"\bdau tu va xay dung\b"), "dau tu xay dung"),
    (re.compile(r"\bviet nam\b"), ""),
)
# "UBND xã Hòa An", "Ủy ban nhân dân phường Thục Phán", "Chủ tịch UBND xã …", "Xã Hạ Lang".
_COMMUNE_AGENCY = re.compile(r"^(chu tich\s+)?(uy ban nhan dan\s+)?(xa|phuong|thi tran)\s+(.+)$")


def agency_key(text: str) -> str:
    """'Ban QLDA ĐTXD các công trình giao thông tỉnh' and its spelt-out name give the same key."""
    key = fold_words(text)
    for pattern, words in _ABBREVIATIONS:
        key = pattern.sub(words, key)
    return " ".join(key.split())


@lru_cache(maxsize=1)
def official_agencies() -> dict[str, str]:
    """agency_key → the name as agencies.toml spells it (the first spelling listed wins)."""
    names = tomllib.loads(AGENCIES_FILE.read_text(encoding="utf-8")).get("names", [])
    found: dict[str, str] = {}
    for name in names:
        found.setdefault(agency_key(name), name)
    return found


def is_group(text: str) -> bool:
    """A lead that names many units at once, or two of them ("Sở Tài chính; Thống kê tỉnh"): the
    rule of the scoreboard's «Nhiều cơ quan» line (leads.lead_is_group); an official name never is."""
    value = clean(text)
    return agency_key(value) not in official_agencies() and lead_is_group(value)


@lru_cache(maxsize=1 << 14)
def agency_unit(text: object) -> str | None:
    """The unit an agency cell names, spelt as the store keeps it; None for an empty cell or a group."""
    value = clean(text)
    if not value or is_group(value):
        return None
    key = agency_key(value)
    official = official_agencies().get(key)
    if official:
        return official
    m = _COMMUNE_AGENCY.match(key)
    if m:
        commune = find_commune(f"{m.group(3)} {m.group(4)}")
        if commune:
            return commune_agency(commune.code)
    return value


@lru_cache(maxsize=None)
def commune_agency(code: str) -> str:
    """'01273' → 'UBND xã Trà Lĩnh': the commune as the agency that leads its tasks."""
    commune = next(c for c in communes() if c.code == code)
    kind, _, name = commune.name.partition(" ")
    return f"UBND {kind.lower()} {name}"


def row_units(dataset: str, record: dict) -> tuple[str | None, str | None]:
    """(the row's unit, its second key) as the store keeps them."""
    first, second = UNIT_FIELDS[dataset]
    return _unit_of(first, record.get(first)), (record.get(second) or None) if second else None


def _unit_of(field_name: str, value: object) -> str | None:
    return agency_unit(value) if field_name in AGENCY_FIELDS else (clean(value) or None)


def column_values(records, name: str) -> list:
    if hasattr(records, "column"):  # columnar.ColumnRecords
        return records.column(name)
    return [r.get(name) for r in records]


def records_units(dataset: str, records) -> list[tuple[str | None, str | None]]:
    """row_units of every record, read a column at a time."""
    first, second = UNIT_FIELDS[dataset]
    units = [_unit_of(first, v) for v in column_values(records, first)]
    seconds = [v or None for v in column_values(records, second)] if second else [None] * len(units)
    return list(zip(units, seconds))


def unit_label(unit: str | None, dataset: str | None = None) -> str:
    """A unit in words: a commune code becomes its name; NULL is the province's compilation."""
    if unit is None:
        return "biểu tổng hợp toàn tỉnh"
    names = {c.code: c.name for c in communes()}
    return "; ".join(names.get(part, part) for part in split_units(unit))


def split_units(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(";") if part.strip()]


def join_units(units: list[str]) -> str | None:
    return "; ".join(units) if units else None


def resolve_unit_option(dataset: str, text: str) -> list[str] | None:
    """`--reporting-unit NAME` as the units of a load; None for `tinh` (a compilation).
    Raises Rejected for a name that can be no unit of this dataset."""
    value = clean(text)
    folded = fold_words(value)
    if folded in COMPILATION_WORDS:
        return None
    first, second = UNIT_FIELDS[dataset]
    commune_keyed = first in COMMUNE_FIELDS or second in COMMUNE_FIELDS
    has_agency_prefix = folded.startswith(("ubnd", "uy ban nhan dan", "chu tich"))
    if commune_keyed and not (has_agency_prefix and first in AGENCY_FIELDS):
        commune = find_commune(value) or (find_commune(value.split(" ", 1)[-1]) if has_agency_prefix else None)
        if commune:
            return [commune.code]
    if first in AGENCY_FIELDS:
        unit = agency_unit(value)
        if unit:
            return [unit]
        raise reject("bad-reporting-unit", f'"{value}" không phải là tên một cơ quan, đơn vị (là một nhóm cơ quan); '
                                           "hãy ghi tên một cơ quan, hoặc --reporting-unit tinh cho biểu tổng hợp.")
    if first == "gate":
        from .datasets.trade import gate_name
        return [gate_name(value)]
    raise reject("bad-reporting-unit", f'Không có xã, phường "{value}" (biểu loại này báo cáo theo xã, phường; '
                                       "dùng tên xã hoặc mã 5 chữ số, hoặc --reporting-unit tinh cho biểu tổng hợp).")


@dataclass(frozen=True)
class UnitLimit:
    """The units an account may load for: its communes (codes) and agencies (names)."""

    communes: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.communes or self.agencies)

    def units(self, dataset: str) -> set[str]:
        """The units of this dataset the account speaks for: its communes where rows are keyed by
        commune, its agencies where by agency, and its communes' UBND as agencies."""
        first, second = UNIT_FIELDS[dataset]
        keys = {first, second}
        found: set[str] = set()
        if keys & COMMUNE_FIELDS:
            found.update(self.communes)
        if first in AGENCY_FIELDS:
            found.update(self.agencies)
            found.update(commune_agency(code) for code in self.communes)
        return found

    def label(self) -> str:
        names = {c.code: c.name for c in communes()}
        return ", ".join([*(names.get(c, c) for c in self.communes), *self.agencies])


@dataclass
class Scope:
    """Whose report a prepared file is, and what that means for each of its rows."""

    units: list[str] | None  # None: a compilation of the whole dataset
    how: str  # 'option', 'account', 'rows' or 'compilation'
    own: list[bool]  # per row: it belongs to the load's units (always, in a compilation)
    row_units: list[str | None]

    @property
    def reporting_unit(self) -> str | None:
        return join_units(self.units) if self.units else None

    @property
    def is_compilation(self) -> bool:
        return self.units is None

    def label(self) -> str:
        return unit_label(self.reporting_unit)


def _detected(dataset: str, keys: list[tuple[str | None, str | None]]) -> list[str] | None:
    """The one unit every row belongs to (by the first key, else by commune), or None."""
    firsts = {k for k, _ in keys}
    if len(firsts) == 1 and None not in firsts:
        unit = next(iter(firsts))
        return None if dataset == "revenue" and unit == PROVINCE_AREA else [unit]
    seconds = {k for _, k in keys}
    if UNIT_FIELDS[dataset][1] and len(seconds) == 1 and None not in seconds:
        return [next(iter(seconds))]
    return None


def decide_scope(prepared, *, option: str | None = None, limit: UnitLimit | None = None) -> Scope:
    """Whose report the file is: the account's units when it is limited to some, else
    `--reporting-unit` (`tinh`: the province's compilation), else the one unit all rows belong
    to, else a compilation. Raises Rejected for rows an account limited to its units may not send."""
    dataset = prepared.dataset
    keys = records_units(dataset, prepared.records)
    sheet = prepared.meta.get("sheet_name")
    row_noun = ROW_NOUNS[dataset]
    if limit:
        allowed = limit.units(dataset)
        source_rows = column_values(prepared.records, "source_row")
        problems = [Problem("not-your-unit", f"{row_noun} của {_unit_words(dataset, k)}; tài khoản của bạn chỉ được "
                                             f"nạp số liệu của {limit.label()}", sheet=sheet, row=row)
                    for row, k in zip(source_rows, keys) if not (set(k) & allowed)]
        if problems:
            raise Rejected(problems[:50])
        units = sorted({u for k in keys for u in k if u in allowed})
        return Scope(units, "account", [True] * len(keys), [k for k, _ in keys])
    if option is not None:
        units = resolve_unit_option(dataset, option)
        how = "option"
    else:
        units = _detected(dataset, keys)
        how = "rows" if units else "compilation"
    own = [units is None or bool(set(k) & set(units)) for k in keys]
    return Scope(units, how, own, [k for k, _ in keys])


def _unit_words(dataset: str, keys: tuple[str | None, str | None]) -> str:
    unit, commune = keys
    if unit is None and commune is None:
        return "toàn tỉnh hoặc nhiều đơn vị"
    return " / ".join(unit_label(k) for k in keys if k)


def scope_problems(prepared, scope: Scope) -> list[Problem]:
    """Warnings a load's scope deserves: rows of other units in a unit's report (kept in the
    load's history but not shown as that other unit's figures), and a sheet that reads as one
    unit's report but for a few rows that name none (loaded as a compilation)."""
    dataset = prepared.dataset
    sheet = prepared.meta.get("sheet_name")
    problems = []
    if scope.units is not None:
        keys = records_units(dataset, prepared.records)
        for row, own, key in zip(column_values(prepared.records, "source_row"), scope.own, keys):
            if not own:
                problems.append(Problem(
                    "other-unit-row", f"{ROW_NOUNS[dataset]} của {_unit_words(dataset, key)}, không thuộc "
                    f"{scope.label()}: dòng được lưu trong lịch sử nhưng không thay số liệu của đơn vị đó",
                    severity="warning", sheet=sheet, row=row))
        return problems[:50]
    named = {u for u in scope.row_units if u}
    unnamed = sum(1 for u in scope.row_units if not u)
    if scope.how == "compilation" and len(named) == 1 and unnamed and (dataset != "revenue" or named != {PROVINCE_AREA}):
        problems.append(Problem(
            "compilation-assumed", f"{len(scope.row_units) - unnamed} {ROW_NOUNS[dataset]} của {unit_label(next(iter(named)))} và "
            f"{unnamed} {ROW_NOUNS[dataset]} không ghi đơn vị: biểu được nạp như biểu tổng hợp toàn tỉnh, thay toàn bộ "
            f"số liệu hiện hành; nếu đây là báo cáo riêng của {unit_label(next(iter(named)))}, hãy chọn phạm vi đó "
            "(dòng lệnh: --reporting-unit)", severity="warning", sheet=sheet))
    return problems


def check_report_date(report_date: dt.date, today: dt.date | None = None, sheet: str | None = None) -> Problem | None:
    """A report can state figures up to the day it is loaded, never later."""
    today = today or dt.date.today()
    if report_date > today:
        return Problem("future-report-date", f"ngày số liệu {report_date:%d/%m/%Y} sau ngày nạp {today:%d/%m/%Y}: "
                       "số liệu không thể tính đến một ngày chưa tới; hãy sửa ngày trong tiêu đề "
                       "(hoặc --report-date)", sheet=sheet)
    return None


def moved_problems(prepared, scope: Scope, owners: dict[str, tuple[str | None, str | None]], *,
                   refuse: bool) -> list[Problem]:
    """Rows of a unit's report on a task or project that the current figures show under another
    unit (`owners`: entity id → its current unit and commune). Loaded, the report would move it to
    this unit: refused for an account limited to its units, else a warning saying so."""
    key = ENTITY_KEYS.get(prepared.dataset)
    if key is None or not owners or scope.units is None:
        return []
    units = set(scope.units)
    name_field = ENTITY_NAMES[prepared.dataset]
    noun = ROW_NOUNS[prepared.dataset]
    # a column at a time: a large file's rows are never all made into dicts for the few that moved
    ids = column_values(prepared.records, key)
    moved = [i for i, (entity, own) in enumerate(zip(ids, scope.own))
             if own and (owner := owners.get(entity)) is not None and not set(owner) & units][:50]
    if not moved:
        return []
    names, source_rows = column_values(prepared.records, name_field), column_values(prepared.records, "source_row")
    problems = []
    for i in moved:
        entity, name, where = ids[i], clean(names[i])[:80], _unit_words(prepared.dataset, owners[ids[i]])
        if refuse:
            message = (f"{noun} «{name}» ({entity}) đang thuộc {where}; báo cáo của {scope.label()} không "
                       f"được nhận {noun} của đơn vị khác (hãy đề nghị cơ quan tổng hợp điều chỉnh)")
        else:
            message = (f"{noun} «{name}» ({entity}) đang thuộc {where}: sau khi nạp, {noun} này tính cho "
                       f"{scope.label()}, không còn tính cho {where}")
        problems.append(Problem("moved-row", message, severity="error" if refuse else "warning",
                                sheet=prepared.meta.get("sheet_name"), row=source_rows[i]))
    return problems[:50]
