"""Parsing the values Vietnamese sheets hold: numbers, dates, periods and money units.

Every parser returns a value or raises ValueError with a Vietnamese reason; callers turn
that into a Problem that names the cell.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .text import clean, fold, fold_words

EXCEL_EPOCH = dt.date(1899, 12, 30)
FORMULA_ERRORS = ("#REF!", "#DIV/0!", "#VALUE!", "#N/A", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA")


class FormulaError(str):
    """A cell whose cached value is an Excel error such as #REF!."""


def is_formula_error(value: object) -> bool:
    if isinstance(value, FormulaError):
        return True
    return isinstance(value, str) and value.strip().upper() in FORMULA_ERRORS


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and clean(value) in ("", "-", "–", "—"))


# ---------------------------------------------------------------- numbers

_NUMBER_CHARS = re.compile(r"^[+-]?[\d.,\s]+$")


def parse_number(value: object) -> float | None:
    """'1.234.567' → 1234567; '1.234,5' → 1234.5; '12,5%' → 12.5; '(241)' → -241; '' or '-' → None."""
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise ValueError("không phải là số")
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if is_formula_error(value):
        raise ValueError(f"ô lỗi công thức {str(value).strip()}")
    text = clean(value)
    if is_blank(text):
        return None
    negative = False
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1].strip()
    text = text.rstrip("%").strip()
    text = re.sub(r"\s*(đ|đồng|vnd|usd|\$)$", "", text, flags=re.IGNORECASE)
    text = text.replace(" ", "").replace("\u202f", "")
    if text.startswith(("+", "-")):
        negative ^= text.startswith("-")
        text = text[1:]
    if not text or not _NUMBER_CHARS.match(text):
        raise ValueError("không phải là số")
    number = float(_normalise_separators(text))
    return -number if negative else number


# A quantity written with its unit in one cell: "50.000 m³/năm", "1.200 tấn", "35.000 m3/năm".
_QUANTITY = re.compile(r"^(?P<number>[+-]?\(?[\d.,\s]+\)?)\s*(?P<unit>(?:m3|m³|m2|m²|tấn|tan|kg|tạ|lít|l)"
                       r"(?:\s*/\s*(?:năm|nam|tháng|thang|ngày|ngay))?)\.?$", re.IGNORECASE)


def parse_quantity(value: object) -> tuple[float | None, str | None]:
    """A number, or a number and the unit written after it: '50.000 m³/năm' → (50000.0, 'm3/năm')."""
    if isinstance(value, str) and (m := _QUANTITY.match(clean(value))):
        return parse_number(m["number"]), quantity_unit(m["unit"])
    return parse_number(value), None


def quantity_unit(text: str) -> str:
    """A unit of quantity as the store keeps it: 'm³/năm' and 'M3 / năm' are 'm3/năm'."""
    unit = re.sub(r"\s*/\s*", "/", clean(text)).replace("³", "3").replace("²", "2")
    return unit[:1].lower() + unit[1:]


def _normalise_separators(text: str) -> str:
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        # The separator that comes last is the decimal one: '1.234,5' or '1,234.5'.
        if text.rfind(",") > text.rfind("."):
            return text.replace(".", "").replace(",", ".")
        return text.replace(",", "")
    if dots > 1:
        return _grouped(text, ".")
    if commas > 1:
        return _grouped(text, ",")
    if dots == 1:
        whole, frac = text.split(".")
        # Vietnamese thousands: '635.466'; an English decimal otherwise: '22.78'.
        return whole + frac if len(frac) == 3 and whole not in ("", "0") else text
    if commas == 1:
        return text.replace(",", ".")  # Vietnamese decimal comma
    return text


def _grouped(text: str, sep: str) -> str:
    groups = text.split(sep)
    if not groups[0] or any(len(g) != 3 for g in groups[1:]):
        raise ValueError("không phải là số")
    return "".join(groups)


# ---------------------------------------------------------------- dates

_RECURRING = re.compile(r"\b(thuong xuyen|dinh ky|hang (ngay|tuan|thang|quy|nam)|lien tuc)\b")

_DMY = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})(?!\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)")
_WORDS = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
# Matched on fold_words() text, where "tháng 5/2026" has become "thang 5 2026".
_MONTH_YEAR = re.compile(r"\bthang\s+(\d{1,2})\s+(?:nam\s+)?(\d{4})\b")
_MONTHS_OF_YEAR = re.compile(r"\b(\d{1,2})\s+thang\s+(?:dau\s+)?nam\s+(\d{4})\b")
_QUARTER = re.compile(r"\bqu[yi]\s+(i{1,3}|iv|[1-4])\s+(?:nam\s+)?(\d{4})\b")  # "Quý", or "Quí"
# "6/2026", "06-2026", "T6/2026", "T6.2026": a month and its year, with no day.
_MONTH_NUMBER = re.compile(r"(?<![\d/.\-])(?:t\s*)?(\d{1,2})\s*[/.\-]\s*((?:19|20)\d\d)(?![\d/.\-])", re.I)
_ISO_MONTH = re.compile(r"(?<![\d/.\-])((?:19|20)\d\d)-(\d{1,2})(?![\d/.\-])")  # "2026-06"
_YEAR = re.compile(r"\bnam\s+(\d{4})\b")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


class Recurring:
    """Marker for 'thường xuyên', 'định kỳ', 'hằng tháng': no deadline."""

    def __repr__(self) -> str:
        return "RECURRING"


RECURRING = Recurring()


def is_recurring_text(value: object) -> bool:
    return isinstance(value, str) and bool(_RECURRING.search(fold_words(value)))


def excel_serial_to_date(serial: float) -> dt.date:
    if not 1 <= serial < 2958466:
        raise ValueError("không phải là ngày hợp lệ")
    return EXCEL_EPOCH + dt.timedelta(days=int(serial))


def _make_date(day: int, month: int, year: int) -> dt.date:
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"ngày {day:02d}/{month:02d}/{year} không tồn tại") from None


def parse_date(value: object, *, allow_recurring: bool = False,
               year: int | None = None) -> dt.date | Recurring | None:
    """Day-first dates: '05/06/2026' is 5 June. Excel serials, ISO, 'trước ngày 15/5/2026',
    'ngày 15 tháng 5 năm 2026', 'tháng 5/2026' (its last day), 'quý II/2026' (its last day).
    Given the year of the report, 'trước 30/6' and 'tháng 6' without a year fall in it."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueError("không phải là ngày")
    if isinstance(value, (int, float)):
        return excel_serial_to_date(float(value))
    if is_formula_error(value):
        raise ValueError(f"ô lỗi công thức {str(value).strip()}")
    text = clean(value)
    if is_blank(text):
        return None
    if allow_recurring and is_recurring_text(text):
        return RECURRING
    if (m := _EXTENDED.search(text)) and (later := _find_date(text[m.end():])) is not None:
        return later  # "15/5/2026 (gia hạn đến 30/6/2026)": the deadline now in force
    found = _find_date(text)
    if found is not None:
        return found
    if year is not None and (found := _find_date_without_year(text, year)) is not None:
        return found
    if re.fullmatch(r"\d+(\.0+)?", text):
        return excel_serial_to_date(float(text))
    raise ValueError("không phải là ngày (cần dạng ngày/tháng/năm)")


_EXTENDED = re.compile(r"\b(gia\s+hạn|điều\s+chỉnh|lùi)\b", re.IGNORECASE)
_DAY_MONTH = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])")
_MONTH_ALONE = re.compile(r"\bthang\s+(\d{1,2})$")
_QUARTER_ALONE = re.compile(r"\bqu[yi]\s+(i{1,3}|iv|[1-4])$")
_WORDS_NO_YEAR = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})$")


def _find_date_without_year(text: str, year: int) -> dt.date | None:
    if m := _DAY_MONTH.search(text):
        return _make_date(int(m[1]), int(m[2]), year)
    words = fold_words(text)
    if m := _WORDS_NO_YEAR.search(words):
        return _make_date(int(m[1]), int(m[2]), year)
    if m := _MONTH_ALONE.search(words):
        return month_end(year, int(m[1]))
    if m := _QUARTER_ALONE.search(words):
        return month_end(year, (_ROMAN.get(m[1]) or int(m[1])) * 3)
    return None


def _find_date(text: str) -> dt.date | None:
    if m := _ISO.search(text):
        return _make_date(int(m[4]), int(m[3]), int(m[1]))
    if m := _DMY.search(text):
        return _make_date(int(m[1]), int(m[2]), int(m[3]))
    words = fold_words(text)
    if m := _WORDS.search(words):
        return _make_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _MONTH_YEAR.search(words):
        return month_end(int(m[2]), int(m[1]))
    if m := _MONTH_NUMBER.search(text):
        return month_end(int(m[2]), int(m[1]))
    if m := _ISO_MONTH.search(text):
        return month_end(int(m[1]), int(m[2]))
    if m := _MONTHS_OF_YEAR.search(words):
        return month_end(int(m[2]), int(m[1]))
    if m := _QUARTER.search(words):
        quarter = _ROMAN.get(m[1]) or int(m[1])
        return month_end(int(m[2]), quarter * 3)
    if m := _YEAR.search(words):
        return dt.date(int(m[1]), 12, 31)
    return None


def month_end(year: int, month: int) -> dt.date:
    if not 1 <= month <= 12:
        raise ValueError(f"tháng {month} không tồn tại")
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_month(value: object) -> dt.date | None:
    """A reporting month as the DATE of its first day: 'Tháng 4/2026', '04/2026', '2026-04', a date."""
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        d = value.date() if isinstance(value, dt.datetime) else value
        return d.replace(day=1)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return excel_serial_to_date(float(value)).replace(day=1)
    text = clean(value)
    if is_blank(text):
        return None
    words = fold_words(text)
    patterns = (
        r"^(?:thang\s*|t\s*)?(\d{1,2})\s+(?:nam\s+)?(\d{4})$",
        r"^(\d{4})\s+(\d{1,2})$",
    )
    if m := re.match(patterns[0], words):
        return month_end(int(m[2]), int(m[1])).replace(day=1)
    if m := re.match(patterns[1], words):
        return month_end(int(m[1]), int(m[2])).replace(day=1)
    return parse_date(text).replace(day=1)  # type: ignore[union-attr]


# ---------------------------------------------------------------- title periods

@dataclass(frozen=True)
class Period:
    start: dt.date | None
    end: dt.date
    as_of: bool = False  # the title states an as-of date ("đến ngày ...")

    @property
    def month(self) -> dt.date:
        return self.end.replace(day=1)


# Day and month may be left blank in a draft: "Cao Bằng, ngày     tháng 5 năm 2026".
_ISSUE_LINE = re.compile(r"^([^\d,;:()]{2,40}?)\s*,\s*ngay\b[\s\d./…_-]*(?:thang\b[\s\d./…_-]*)?"
                         r"(?:nam\s*)?\d{4}\b")
_AS_OF_WORDS = re.compile(r"\b(den|tu|tinh|ky|so lieu|thoi diem)\b")


def is_issue_date_line(text: str) -> bool:
    """The place-and-date line of a report: 'Cao Bằng, ngày 05 tháng 5 năm 2026'. It says when
    the report was signed, not the date its figures run to."""
    m = _ISSUE_LINE.match(fold(text))
    return bool(m) and not _AS_OF_WORDS.search(m[1])


_DATE_TEXT = r"(\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}|ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}|\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4})"


def _date_from_words(fragment: str) -> dt.date:
    m = re.search(r"(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})", fragment)
    if m:
        return _make_date(int(m[1]), int(m[2]), int(m[3]))
    found = _DMY.search(fragment)
    if not found:
        raise ValueError("không đọc được ngày")
    return _make_date(int(found[1]), int(found[2]), int(found[3]))


def _raw_date_words(line: str) -> str:
    """fold() keeps '/', unlike fold_words(); dates need it."""
    return re.sub(r"\s+", " ", re.sub(r"[^0-9a-z/.\-\s]", " ", fold(line)))


_AS_OF = re.compile(r"(?:den|tinh den|den het|thoi diem(?: bao cao)?|cap nhat)\s+(?:thoi diem\s+)?(?:ngay\s+)?"
                    + _DATE_TEXT)
# "Số liệu đến ngày 30/9" with the year written elsewhere in the title ("năm 2026").
_AS_OF_NO_YEAR = re.compile(r"(?:den|tinh den|den het)\s+(?:ngay\s+)?(\d{1,2})\s*/\s*(\d{1,2})(?![\d/.\-])")
# "Từ ngày 01/01 đến ngày 30/9/2026": the first date takes the year of the second.
_RANGE_NO_FIRST_YEAR = re.compile(r"\btu\s+(?:ngay\s+)?(\d{1,2})\s*/\s*(\d{1,2})\s*(?:den|-)\s*(?:het\s+)?(?:ngay\s+)?"
                                  + _DATE_TEXT)
# "Từ tháng 1 đến tháng 9 năm 2026", "từ tháng 01/2026 đến tháng 9/2026".
_MONTH_RANGE = re.compile(r"\btu thang (\d{1,2})(?: nam)?(?: (\d{4}))? den(?: het)? thang (\d{1,2})(?: nam)? (\d{4})\b")


def stated_as_of(texts: list[str], year: int | None = None) -> dt.date | None:
    """The latest date that header cells say their figures run to: "Giải ngân đến 30/4/2026",
    "Lũy kế từ 01/01/2026 đến ngày 30/4/2026"; given the title's year, "Giải ngân đến 30/9" too."""
    dates = []
    for text in texts:
        words = _raw_date_words(text)
        for m in _AS_OF.finditer(words):
            try:
                dates.append(_date_from_words(m[1]))
            except ValueError:
                continue
        if year is not None:
            for m in _AS_OF_NO_YEAR.finditer(words):
                try:
                    dates.append(_make_date(int(m[1]), int(m[2]), year))
                except ValueError:
                    continue
    return max(dates, default=None)


def parse_title_period(lines: list[str]) -> Period | None:
    """The as-of date or period a title block states. The issue date of a covering report
    ('Cao Bằng, ngày 05 tháng 5 năm 2026') is not an as-of date and is skipped."""
    best: Period | None = None
    split = None  # "THÁNG 9" (or "QUÝ III") on a line of its own, its year on the next: (first, last month)
    for line in lines:
        words = _raw_date_words(line).strip()
        if not words or is_issue_date_line(line):
            continue
        if m := re.search(r"\btu\s+(?:ngay\s+)?" + _DATE_TEXT + r"\s*(?:den|-)\s*(?:het\s+)?(?:ngay\s+)?"
                          + _DATE_TEXT, words):
            return Period(_date_from_words(m[1]), _date_from_words(m[2]))
        if m := _RANGE_NO_FIRST_YEAR.search(words):
            end = _date_from_words(m[3])
            return Period(_make_date(int(m[1]), int(m[2]), end.year), end)
        if m := _AS_OF.search(words):
            return Period(None, _date_from_words(m[1]), as_of=True)
        plain = fold_words(line)
        if m := _MONTH_RANGE.search(plain):
            start_year, end_year = int(m[2] or m[4]), int(m[4])
            return Period(dt.date(start_year, int(m[1]), 1) if 1 <= int(m[1]) <= 12 else None,
                          month_end(end_year, int(m[3])))
        if m := re.search(r"\b(\d{1,2}) thang (?:dau )?nam (\d{4})\b", plain):
            n, year = int(m[1]), int(m[2])
            best = best or Period(dt.date(year, 1, 1), month_end(year, n))
        elif m := re.search(r"\bthang (\d{1,2})(?: nam | )(\d{4})\b", plain):
            end = month_end(int(m[2]), int(m[1]))
            best = best or Period(end.replace(day=1), end)
        elif m := _QUARTER.search(plain):
            q, year = _ROMAN.get(m[1]) or int(m[1]), int(m[2])
            best = best or Period(dt.date(year, q * 3 - 2, 1), month_end(year, q * 3))
        elif m := re.search(r"\bnam (\d{4})\b", plain):
            year = int(m[1])
            best = best or Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
        elif split is None and (m := re.search(r"\bthang (\d{1,2})$", plain)) and 1 <= int(m[1]) <= 12:
            split = (int(m[1]), int(m[1]))
        elif split is None and (m := re.search(r"\b(\d{1,2}) thang(?: dau)?$", plain)) and 1 <= int(m[1]) <= 12:
            split = (1, int(m[1]))  # "9 THÁNG ĐẦU" over "NĂM 2026"
        elif split is None and (m := _QUARTER_ALONE.search(plain)):
            q = _ROMAN.get(m[1]) or int(m[1])
            split = (q * 3 - 2, q * 3)
    if split is not None and best is not None and (best.start, best.end) == (
            dt.date(best.end.year, 1, 1), dt.date(best.end.year, 12, 31)):
        best = Period(dt.date(best.end.year, split[0], 1), month_end(best.end.year, split[1]))
    if best is not None:
        for line in lines:
            if not is_issue_date_line(line) and (m := _AS_OF_NO_YEAR.search(_raw_date_words(line))):
                try:
                    return Period(None, _make_date(int(m[1]), int(m[2]), best.end.year), as_of=True)
                except ValueError:
                    continue
    return best


# ---------------------------------------------------------------- units

MONEY_UNITS = {"dong": 1.0, "nghin": 1e3, "trieu": 1e6, "ty": 1e9}
_UNIT_WORDS = (
    (r"\b(ty|ti)\s*(dong|d|vnd)\b", "ty"),
    (r"\b(trieu|tr)\s*\.?\s*(dong|d|vnd)\b", "trieu"),
    (r"\b(nghin|ngan|1000|1\.000)\s*(dong|d|vnd)\b", "nghin"),
    (r"\b(trieu|tr)\s*\.?\s*(usd|do la)\b", "trieu_usd"),
    (r"\b(nghin|ngan|1000|1\.000)\s*(usd|do la)\b", "nghin_usd"),
    (r"\b(usd|do la)\b", "usd"),
    (r"\b(dong|vnd)\b", "dong"),
)
UNIT_FACTORS = {"ty": 1e9, "trieu": 1e6, "nghin": 1e3, "dong": 1.0,
                "trieu_usd": 1e6, "nghin_usd": 1e3, "usd": 1.0}
UNIT_LABELS = {"ty": "tỷ đồng", "trieu": "triệu đồng", "nghin": "nghìn đồng", "dong": "đồng",
               "trieu_usd": "triệu USD", "nghin_usd": "nghìn USD", "usd": "USD"}


# A multiple written alone, the currency left to the sheet: "ĐVT: Tỷ", "Kế hoạch vốn (tỷ)".
_BARE_MULTIPLE = {"ty": "ty", "ti": "ty", "trieu": "trieu", "tr": "trieu", "nghin": "nghin", "ngan": "nghin",
                  "1000": "nghin", "1.000": "nghin", "d": "dong", "dong": "dong"}
_BRACKETED_MULTIPLE = re.compile(r"\(\s*(ty|ti|trieu|tr|nghin|ngan)\s*\.?\s*\)")


def find_unit(text: str) -> str | None:
    """The money unit a text names: 'Đơn vị tính: triệu đồng' → 'trieu'; 'Trị giá (nghìn USD)' → 'nghin_usd';
    'Kế hoạch vốn (tỷ)' → 'ty'."""
    folded = fold(text)
    words = re.sub(r"\s+", " ", re.sub(r"[^0-9a-z.\s]", " ", folded))
    for pattern, unit in _UNIT_WORDS:
        if re.search(pattern, words):
            return unit
    if m := _BRACKETED_MULTIPLE.search(folded):
        return _BARE_MULTIPLE[m[1]]
    return None


def unit_line(text: str) -> str | None:
    """A title-block line that declares the unit: 'Đơn vị tính: ...', 'ĐVT: ...', '(Đơn vị: ...)'."""
    words = fold_words(text)
    if re.search(r"\b(don vi tinh|dvt|don vi)\b", words):
        stated = text.split(":", 1)[-1]
        found = find_unit(stated) or find_unit(text)
        if found is None and ":" in text:
            bare = re.sub(r"[\s().]+$", "", re.sub(r"^[\s(]+", "", fold(stated)))
            found = _BARE_MULTIPLE.get(bare)
        return found
    return None


def parse_cli_unit(text: str) -> str:
    """--unit đồng|nghìn|triệu|tỷ (with or without 'đồng')."""
    key = fold_words(text).replace(" dong", "").strip()
    aliases = {"dong": "dong", "d": "dong", "vnd": "dong", "nghin": "nghin", "ngan": "nghin",
               "trieu": "trieu", "tr": "trieu", "ty": "ty", "ti": "ty"}
    if key not in aliases:
        raise ValueError(f'đơn vị "{text}" không hợp lệ (dùng: đồng, nghìn, triệu, tỷ)')
    return aliases[key]
