"""Cell values as Vietnamese sheets write them: numbers, dates, title periods and money units."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data_pipeline.values import (RECURRING, Period, find_unit, is_issue_date_line, parse_cli_unit, parse_date,
                                  parse_month, parse_number, parse_title_period, unit_line)

# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize("text, expected", [
    ("1.234.567", 1234567.0),
    ("1.234,5", 1234.5),
    ("1.234.567,89", 1234567.89),
    ("635.466", 635466.0),
    ("22,78", 22.78),
    ("0,5", 0.5),
    ("12,5%", 12.5),
    ("(241)", -241.0),
    ("-241", -241.0),
    ("1 234 567", 1234567.0),
    ("100.000.000 đ", 100000000.0),
    ("  7  ", 7.0),
    (1234.5, 1234.5),
    (0, 0.0),
])
def test_parse_number_reads_vietnamese_number_text(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "-", "–", None])
def test_parse_number_blank_and_dash_are_no_value(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text", ["12a", "1.23.4", "mười", "#REF!", True])
def test_parse_number_rejects_what_is_not_a_number(text):
    with pytest.raises(ValueError):
        parse_number(text)


def vietnamese(number: float, decimals: int) -> str:
    """A number as Vietnamese Excel shows it: '.' between thousands, ',' before decimals."""
    text = f"{abs(number):,.{decimals}f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return ("-" if number < 0 else "") + text


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=-10**13, max_value=10**13), st.integers(min_value=0, max_value=3),
       st.integers(min_value=0, max_value=999))
def test_parse_number_gives_back_any_vietnamese_formatted_number(whole, decimals, fraction):
    number = whole + (fraction % 10**decimals) / 10**decimals * (1 if whole >= 0 else -1)
    text = vietnamese(number, decimals)
    assert parse_number(text) == pytest.approx(round(number, decimals), abs=1e-9)


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False))
def test_parse_number_gives_back_any_float_with_two_decimals(number):
    text = vietnamese(number, 2)
    assert parse_number(text) == pytest.approx(float(f"{number:.2f}"), abs=1e-6)


# ---------------------------------------------------------------- dates

EXCEL_EPOCH = dt.date(1899, 12, 30)


@pytest.mark.parametrize("text, expected", [
    ("05/06/2026", dt.date(2026, 6, 5)),  # day first, never 6 May
    ("5/6/2026", dt.date(2026, 6, 5)),
    ("30/4/26", dt.date(2026, 4, 30)),
    ("15.5.2026", dt.date(2026, 5, 15)),
    ("30-04-2026", dt.date(2026, 4, 30)),
    ("2026-04-30", dt.date(2026, 4, 30)),
    ("2026-04-30 00:00:00", dt.date(2026, 4, 30)),
    ("2026/04/30", dt.date(2026, 4, 30)),
    ("trước ngày 15/5/2026", dt.date(2026, 5, 15)),
    ("Trước 15/5/2026", dt.date(2026, 5, 15)),
    ("ngày 15 tháng 5 năm 2026", dt.date(2026, 5, 15)),
    ("46142", dt.date(2026, 4, 30)),
    (46142, dt.date(2026, 4, 30)),
    (46142.0, dt.date(2026, 4, 30)),
    (dt.datetime(2026, 4, 30, 0, 0), dt.date(2026, 4, 30)),
])
def test_parse_date_reads_day_first_dates_serials_and_iso(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Tháng 6/2026", dt.date(2026, 6, 30)),
    ("Trong tháng 5/2026", dt.date(2026, 5, 31)),
    ("tháng 12 năm 2026", dt.date(2026, 12, 31)),
    ("Quý II/2026", dt.date(2026, 6, 30)),
    ("Quý 3 năm 2026", dt.date(2026, 9, 30)),
    ("6 tháng đầu năm 2026", dt.date(2026, 6, 30)),
    ("Năm 2026", dt.date(2026, 12, 31)),
])
def test_parse_date_deadline_of_a_month_quarter_or_year_is_its_last_day(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("trước 30/6", dt.date(2026, 6, 30)),
    ("30/6", dt.date(2026, 6, 30)),
    ("Trước ngày 15/5", dt.date(2026, 5, 15)),
    ("ngày 15 tháng 7", dt.date(2026, 7, 15)),
    ("Trong tháng 6", dt.date(2026, 6, 30)),
    ("1/2/2027", dt.date(2027, 2, 1)),
])
def test_parse_date_without_a_year_falls_in_the_year_of_the_report(text, expected):
    assert parse_date(text, year=2026) == expected


@pytest.mark.parametrize("text", ["30/6", "trước 30/6", "tháng 6"])
def test_parse_date_without_a_year_and_no_report_year_raises(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_parse_date_without_a_year_still_rejects_an_impossible_day():
    with pytest.raises(ValueError, match="31/02/2026 không tồn tại"):
        parse_date("31/2", year=2026)


@pytest.mark.parametrize("text", ["Thường xuyên", "Định kỳ hằng tháng", "hàng quý", "Hằng năm"])
def test_parse_date_recurring_wording_is_recurring_only_where_allowed(text):
    assert parse_date(text, allow_recurring=True) is RECURRING
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize("text", ["31/02/2026", "29/02/2026", "32/1/2026", "1/13/2026", "2026-02-31",
                                  "ngày 31 tháng 4 năm 2026", "sớm", "#REF!"])
def test_parse_date_rejects_impossible_or_unreadable_dates(text):
    with pytest.raises(ValueError):
        parse_date(text)


def test_parse_date_message_names_the_impossible_date():
    with pytest.raises(ValueError, match="31/02/2026 không tồn tại"):
        parse_date("31/02/2026")


valid_dates = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31))


@settings(max_examples=300, deadline=None)
@given(valid_dates)
def test_parse_date_any_valid_date_in_every_written_form_parses_to_itself(day):
    forms = [
        f"{day.day}/{day.month}/{day.year}",
        f"{day:%d/%m/%Y}",
        day.isoformat(),
        f"trước ngày {day.day}/{day.month}/{day.year}",
        f"ngày {day.day} tháng {day.month} năm {day.year}",
        (day - EXCEL_EPOCH).days,
        float((day - EXCEL_EPOCH).days),
        str((day - EXCEL_EPOCH).days),
    ]
    for form in forms:
        assert parse_date(form) == day, form


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1950, max_value=2099), st.integers(min_value=1, max_value=12),
       st.integers(min_value=28, max_value=31))
def test_parse_date_day_past_the_end_of_its_month_raises(year, month, day):
    try:
        dt.date(year, month, day)
    except ValueError:
        for form in (f"{day}/{month}/{year}", f"{day:02d}/{month:02d}/{year}", f"{year}-{month:02d}-{day:02d}",
                     f"trước ngày {day}/{month}/{year}"):
            with pytest.raises(ValueError):
                parse_date(form)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1950, max_value=2099), st.integers(min_value=13, max_value=99),
       st.integers(min_value=1, max_value=28))
def test_parse_date_month_beyond_twelve_raises(year, month, day):
    with pytest.raises(ValueError):
        parse_date(f"{day}/{month}/{year}")


@pytest.mark.parametrize("text, expected", [
    ("Tháng 4/2026", dt.date(2026, 4, 1)),
    ("04/2026", dt.date(2026, 4, 1)),
    ("T4/2026", dt.date(2026, 4, 1)),
    ("2026-04", dt.date(2026, 4, 1)),
    ("tháng 4 năm 2026", dt.date(2026, 4, 1)),
    (dt.date(2026, 4, 17), dt.date(2026, 4, 1)),
])
def test_parse_month_gives_the_first_day_of_the_month(text, expected):
    assert parse_month(text) == expected


# ---------------------------------------------------------------- title periods

ISSUE = "Cao Bằng, ngày 05 tháng 5 năm 2026"


@pytest.mark.parametrize("lines, expected", [
    (["BÁO CÁO GIẢI NGÂN", "(Số liệu đến ngày 30/4/2026)"], Period(None, dt.date(2026, 4, 30), as_of=True)),
    (["Tính đến ngày 15/5/2026"], Period(None, dt.date(2026, 5, 15), as_of=True)),
    (["Số liệu tính đến hết ngày 30 tháng 4 năm 2026"], Period(None, dt.date(2026, 4, 30), as_of=True)),
    (["BÁO CÁO THU NGÂN SÁCH THÁNG 4 NĂM 2026"], Period(dt.date(2026, 4, 1), dt.date(2026, 4, 30))),
    (["Tháng 04/2026"], Period(dt.date(2026, 4, 1), dt.date(2026, 4, 30))),
    (["Từ ngày 01/01/2026 đến ngày 31/3/2026"], Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31))),
    (["Từ ngày 01 tháng 01 năm 2026 đến ngày 31 tháng 3 năm 2026"],
     Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31))),
    (["(Từ 01/01/2026 đến 31/3/2026)"], Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31))),
    (["Kỳ báo cáo: từ ngày 1/1/2026 đến hết ngày 31/3/2026"], Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31))),
    (["Quý I năm 2026"], Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31))),
    (["Quý II/2026"], Period(dt.date(2026, 4, 1), dt.date(2026, 6, 30))),
    (["4 tháng đầu năm 2026"], Period(dt.date(2026, 1, 1), dt.date(2026, 4, 30))),
    (["KẾ HOẠCH NĂM 2026"], Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))),
])
def test_parse_title_period_reads_as_of_date_month_and_range(lines, expected):
    assert parse_title_period(lines) == expected


@pytest.mark.parametrize("lines", [
    [ISSUE, "BÁO CÁO THU NGÂN SÁCH THÁNG 4 NĂM 2026"],
    ["BÁO CÁO THU NGÂN SÁCH THÁNG 4 NĂM 2026", ISSUE],
    ["Số: 12/BC-STC", "TP. Cao Bằng, ngày 05 tháng 5 năm 2026.", "Tháng 4/2026"],
    ["Thục Phán, ngày 5/5/2026", "Tháng 4 năm 2026"],
    ["Cao Bằng, ngày      tháng 5 năm 2026", "Tháng 4 năm 2026"],
    ["Cao Bằng, ngày    tháng    năm 2026", "BÁO CÁO THÁNG 4 NĂM 2026"],
    ["Cao Bằng, ngày … tháng … năm 2026", "Tháng 4/2026"],
])
def test_parse_title_period_issue_date_line_is_not_the_as_of_date(lines):
    assert parse_title_period(lines) == Period(dt.date(2026, 4, 1), dt.date(2026, 4, 30))


def test_parse_title_period_issue_date_alone_gives_no_period():
    assert parse_title_period(["UBND TỈNH CAO BẰNG", ISSUE, "BÁO CÁO"]) is None


@pytest.mark.parametrize("text, expected", [
    (ISSUE, True),
    ("Cao Bằng, ngày 5/5/2026", True),
    ("Hà Quảng, ngày 05 tháng 05 năm 2026", True),
    ("Cao Bằng, ngày      tháng 5 năm 2026", True),
    ("Cao Bằng, ngày ... tháng ... năm 2026", True),
    ("Báo cáo ngày 15/5/2026", False),
    ("Tính đến ngày 15 tháng 5 năm 2026", False),
    ("Số liệu đến, ngày 30/4/2026", False),
    ("Tháng 4 năm 2026", False),
])
def test_is_issue_date_line_recognises_place_and_date(text, expected):
    assert is_issue_date_line(text) is expected


# ---------------------------------------------------------------- units


@pytest.mark.parametrize("text, expected", [
    ("Đơn vị tính: triệu đồng", "trieu"),
    ("ĐVT: tỷ đồng", "ty"),
    ("ĐVT: Tỉ đồng", "ty"),
    ("Đơn vị: nghìn đồng", "nghin"),
    ("ĐVT: 1.000 đồng", "nghin"),
    ("(Đơn vị tính: Đồng)", "dong"),
    ("Đơn vị tính: Tr.đồng", "trieu"),
    ("ĐVT: Trđ", "trieu"),
    ("Đơn vị tính: nghìn USD", "nghin_usd"),
    ("BÁO CÁO GIẢI NGÂN NĂM 2026", None),
    ("Tên dự án", None),
])
def test_unit_line_reads_the_declared_money_unit(text, expected):
    assert unit_line(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Kế hoạch vốn (tỷ đồng)", "ty"),
    ("Trị giá (nghìn USD)", "nghin_usd"),
    ("Trị giá \n(Triệu USD)", "trieu_usd"),
    ("Kim ngạch (USD)", "usd"),
    ("Tên dự án", None),
])
def test_find_unit_reads_a_unit_inside_a_header_cell(text, expected):
    assert find_unit(text) == expected


@pytest.mark.parametrize("text, expected", [("đồng", "dong"), ("nghìn", "nghin"), ("triệu", "trieu"),
                                            ("tỷ", "ty"), ("triệu đồng", "trieu"), ("ty", "ty")])
def test_parse_cli_unit_accepts_the_four_units(text, expected):
    assert parse_cli_unit(text) == expected


def test_parse_cli_unit_rejects_other_words_in_vietnamese():
    with pytest.raises(ValueError, match="không hợp lệ"):
        parse_cli_unit("đô la")


@settings(max_examples=200, deadline=None)
@given(valid_dates, st.sampled_from(["Số liệu đến ngày {}", "(Tính đến ngày {})", "Đến hết ngày {}",
                                     "BÁO CÁO GIẢI NGÂN ĐẾN {}"]))
def test_parse_title_period_any_as_of_date_is_read_back(day, template):
    for written in (f"{day.day}/{day.month}/{day.year}", f"{day:%d/%m/%Y}",
                    f"{day.day} tháng {day.month} năm {day.year}"):
        line = template.format(written)
        assert parse_title_period(["UBND TỈNH CAO BẰNG", line, ISSUE]) == Period(None, day, as_of=True), line


@settings(max_examples=200, deadline=None)
@given(valid_dates, valid_dates)
def test_parse_title_period_any_range_is_read_back(first, second):
    start, end = min(first, second), max(first, second)
    line = f"(Từ ngày {start:%d/%m/%Y} đến ngày {end.day}/{end.month}/{end.year})"
    assert parse_title_period([ISSUE, line]) == Period(start, end)
