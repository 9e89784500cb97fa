"""Shared links must open inside the app's own chrome.

Streamlit still knows the older multipage layout: when a `pages/` folder sits beside the entry
script, the first visit after a server start that lands on a page's link (e.g. /nhiem_vu?task=…)
runs that page file alone, without app.py's page config, navigation and sign-in. The page switches
that legacy mode off and runs app.py in its place, within the same run (so a tap that started the
run is not lost), which builds the navigation, checks the account and runs the same page with the
same query parameters; the page file's own run then stops. Pages call this on import and again
before showing anything (page_setup, auth.require, data.mart): Streamlit's AppTest starts every
run in the legacy mode, after the package was imported.
"""

from __future__ import annotations

import runpy


def run_through_app() -> None:
    import streamlit as st
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)  # None when imported outside a running app
    if not PagesManager.uses_pages_directory or ctx is None:
        return
    PagesManager.uses_pages_directory = False
    # On the home page app.py itself is running and builds the navigation.
    if ctx.page_script_hash != ctx.pages_manager.main_script_hash:
        runpy.run_path(str(ctx.pages_manager.main_script_path), run_name="__main__")
        st.stop()
