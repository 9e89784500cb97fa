"""The Streamlit dashboard. Importing it from a page makes sure the page runs inside dashboard/app.py."""

from ._entry import run_through_app

run_through_app()
