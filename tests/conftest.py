"""Shared fixtures: a fresh store per test, files built inside the tests, ../shared located in place."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check correctness; how fast the code is gets measured in bench/, not here, so a
# busy machine must not fail them on Hypothesis's per-example deadline.
settings.register_profile("project", deadline=None)
settings.load_profile("project")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def shared_file(*parts: str) -> Path:
    """A file of ../shared, used in place; the test is skipped, saying why, where it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is read in place, never copied into the project)")
    return path


@pytest.fixture
def db(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "store.duckdb"
    monkeypatch.setenv("DASHBOARD_DB", str(path))
    return path


@pytest.fixture(autouse=True)
def _geo_env(monkeypatch):
    geo = SHARED / "geo" / "cao_bang_communes.geojson"
    if not os.environ.get("DASHBOARD_GEO") and geo.exists():
        monkeypatch.setenv("DASHBOARD_GEO", str(geo))


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The demo store, built once per test run through the same reader as any upload. Read-only use."""
    from data_pipeline.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(path)
    return path


@pytest.fixture
def demo_env(demo_db, monkeypatch) -> Path:
    """Point the dashboard at the demo store."""
    monkeypatch.setenv("DASHBOARD_DB", str(demo_db))
    return demo_db


@pytest.fixture(scope="session", autouse=True)
def _page_errors_raised():
    """A page that fails shows viewers a Vietnamese note (dashboard/app.py); in tests it raises, so
    that AppTest's `exception` still catches every failing page."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DASHBOARD_PAGE_ERRORS", "raise")
        # Viewers never see error details (.streamlit/config.toml); a failing test shows them.
        patch.setenv("STREAMLIT_CLIENT_SHOW_ERROR_DETAILS", "full")
        yield


@pytest.fixture(scope="session", autouse=True)
def _signed_in_viewer():
    """Every test runs signed in as a viewer (DASHBOARD_TEST_ACCOUNT, see dashboard/auth.py), so page
    tests need not know about sign-in; dashboard servers started by tests inherit it. Tests of the
    update and admin pages set "editor" or "admin"; tests of sign-in itself delete it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DASHBOARD_TEST_ACCOUNT", os.environ.get("DASHBOARD_TEST_ACCOUNT") or "viewer")
        yield


@pytest.fixture(scope="module")
def browser():
    """Headless chromium, one per test module (a module with other needs defines its own)."""
    from browser import chromium

    with chromium() as b:
        yield b
