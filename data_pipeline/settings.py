"""Where things are, and the thresholds in settings.toml."""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent
SQL_DIR = PACKAGE_DIR / "sql"
DATA_DIR = PROJECT_ROOT / "data"
DEMO_DIR = DATA_DIR / "demo"
TEMPLATE_DIR = DATA_DIR / "templates"


def default_db_path() -> Path:
    return Path(os.environ.get("DASHBOARD_DB") or DATA_DIR / "warehouse.duckdb")


def geo_path() -> Path | None:
    """Commune boundaries: $DASHBOARD_GEO, else data/geo/communes.geojson if a user put one there."""
    named = os.environ.get("DASHBOARD_GEO")
    if named:
        return Path(named) if Path(named).is_file() else None
    local = DATA_DIR / "geo" / "communes.geojson"
    return local if local.is_file() else None


@lru_cache(maxsize=4)
def _load(path: str) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def settings() -> dict:
    return _load(os.environ.get("DASHBOARD_SETTINGS") or str(PROJECT_ROOT / "settings.toml"))


def setting(section: str, key: str, default=None):
    return settings().get(section, {}).get(key, default)
