"""The pager that long lists use: the offset it hands the page, and its buttons at either end."""

from streamlit.testing.v1 import AppTest


def _app():
    import streamlit as st

    from dashboard.widgets import pager

    offset = pager(total=st.session_state.get("total", 120), per_page=50, key="demo")
    st.text(f"offset={offset}")


def _offset(at) -> int:
    return int(at.text[0].value.split("=")[1])


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def test_pager_turns_pages_and_stops_at_both_ends():
    at = AppTest.from_function(_app).run()
    assert _offset(at) == 0
    assert _button(at, "‹ Trang trước").disabled
    assert "Trang 1/3 · dòng 1–50 trên 120" in at.markdown[0].value
    _button(at, "Trang sau ›").click().run()
    _button(at, "Trang sau ›").click().run()
    assert _offset(at) == 100
    assert "dòng 101–120 trên 120" in at.markdown[0].value
    assert _button(at, "Trang sau ›").disabled
    _button(at, "‹ Trang trước").click().run()
    assert _offset(at) == 50


def test_pager_shows_no_buttons_for_a_single_page_and_clamps_a_shrunken_list():
    at = AppTest.from_function(_app)
    at.session_state["total"] = 120
    at.run()
    _button(at, "Trang sau ›").click().run()
    _button(at, "Trang sau ›").click().run()
    at.session_state["total"] = 30  # a new load with fewer rows: back to the only page there is
    at.run()
    assert _offset(at) == 0
    assert not at.button
