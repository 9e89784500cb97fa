"""Charts read the Vietnamese way: whole ticks for counts, readable labels on and beside the bars."""

import pandas as pd

from dashboard.widgets import bar_chart


def test_a_count_chart_has_whole_ticks_so_no_half_a_dossier():
    frame = pd.DataFrame({"unit": ["UBND xã Hòa An", "UBND phường Tân Giang"], "overdue": [2, 0]})
    fig = bar_chart(frame, "overdue", "unit", text=["2", "0"])
    assert fig.layout.xaxis.tickformat == ",d" and fig.layout.xaxis.dtick == 1
    assert fig.layout.separators == ",."


def test_a_share_chart_keeps_free_ticks():
    frame = pd.DataFrame({"mine": ["A", "B"], "pct": [12.5, 0.0]})
    fig = bar_chart(frame, "pct", "mine", text=["12,5%", "0,0%"])
    assert fig.layout.xaxis.tickformat is None and fig.layout.xaxis.dtick is None


def test_bar_labels_are_white_on_the_bar_and_dark_beside_it():
    frame = pd.DataFrame({"mine": ["A", "B"], "pct": [80.0, 0.0]})
    bar = bar_chart(frame, "pct", "mine", text=["80,0%", "0,0%"]).data[0]
    assert bar.insidetextfont.color == "white" and bar.outsidetextfont.color == "#212121"
    assert list(bar.text) == ["80,0%", "0,0%"]  # the zero bar keeps its label
