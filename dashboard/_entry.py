"""Shared links must open inside the app's own chrome.

Streamlit still knows the older multipage layout: when a `pages/` folder sits beside the entry
script, the first visit after a server start that lands on a page's link (e.g. /nhiem_vu?task=…)
runs that page file alone, without app.py's page config and navigation. The first page to import
this package switches that legacy mode off and reruns, so app.py builds the navigation and then
runs the same page with the same query parameters.
"""

from __future__ import annotations


def run_through_app() -> None:
    import streamlit as st
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    if not PagesManager.uses_pages_directory or ctx is None:
        return
    PagesManager.uses_pages_directory = False
    # On the home page app.py itself is running and builds the navigation: no second run needed.
    if ctx.page_script_hash != ctx.pages_manager.main_script_hash:
        st.rerun()
