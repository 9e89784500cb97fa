"""Vietnamese number and date formats, as leaders read them."""

import datetime as dt

import pandas as pd
import pytest

from dashboard import fmt


def test_numbers_use_dot_thousands_and_comma_decimals():
    assert fmt.number(1234.5, 1) == "1.234,5"
    assert fmt.number(1234567) == "1.234.567"
    assert fmt.pct(87.25) == "87,3%" or fmt.pct(87.25) == "87,2%"
    assert fmt.pct(87.34) == "87,3%"


def test_money_in_ty_dong_unless_small():
    assert fmt.money(1_234_500_000_000) == "1.234,5 tỷ đồng"
    assert fmt.money(250_000_000) == "250,0 triệu đồng"


def test_dates_are_day_first():
    assert fmt.date(dt.date(2026, 5, 15)) == "15/05/2026"
    assert fmt.month(dt.date(2026, 4, 1)) == "04/2026"


def test_missing_values_show_a_dash():
    assert fmt.number(None) == "—"
    assert fmt.pct(float("nan")) == "—"


@pytest.mark.parametrize("value", [None, float("nan"), "", "   ", pd.NA])
def test_an_empty_cell_reads_as_the_missing_mark_never_as_nan(value):
    assert fmt.text(value) == "—" and fmt.md(value) == "—"
    assert fmt.text(value, "chưa ghi vướng mắc") == "chưa ghi vướng mắc"


def test_sheet_text_inside_markdown_is_shown_literally():
    assert fmt.text("  Sở Xây dựng ") == "Sở Xây dựng"
    assert fmt.md("Dự án *khẩn* [xem](http://x.invalid) #1 - giai đoạn 2.") == (
        r"Dự án \*khẩn\* \[xem\]\(http\://x\.invalid\) \#1 \- giai đoạn 2\.")


def test_units_of_volume_and_area_are_printed_with_superscripts():
    assert fmt.unit("m3/năm") == "m³/năm"
    assert fmt.unit("50.000 m3") == "50.000 m³"
    assert fmt.unit("m2") == "m²"
    assert fmt.unit("tấn/năm") == "tấn/năm"
    assert fmt.unit(None) == ""


def test_table_columns_are_written_the_vietnamese_way_whatever_the_browser():
    frame = pd.DataFrame({"plan": [1871.25, 0.0, None], "rate": [71.14, 0.0, -30.06]})
    shown = fmt.as_text(fmt.as_text(frame, fmt.decimal, "plan"), lambda v: fmt.signed(v, suffix="%"), "rate")
    assert list(shown["plan"]) == ["1.871,2", "0,0", "—"]
    assert list(shown["rate"]) == ["+71,1%", "±0,0%", "−30,1%"]
    assert list(frame["plan"].fillna(-1)) == [1871.25, 0.0, -1]  # the source frame is left as it was
