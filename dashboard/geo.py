"""Commune boundaries for the map: read and check a GeoJSON, simplify it once, fit the view, colour classes.

Plain functions; the only Streamlit here is the cache around `load_boundaries`, keyed on the file's
path, size and modification time, so a replaced file is read again and nothing is recomputed otherwise.
Tablets get a few thousand vertices (shapely's `coverage_simplify` keeps shared edges shared), not the
tens of thousands of the source file.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
import streamlit as st
from shapely.geometry import mapping, shape

from data_pipeline import settings
from data_pipeline.communes import communes
from data_pipeline.problems import Problem, Rejected, reject

# Property names that may hold the 5-digit commune code (mã ĐVHC), compared without case.
CODE_KEYS = ("ma_xa", "commune_code", "ma_dvhc", "maxa", "ma_phuong_xa", "ma", "code")
VERTEX_BUDGET = 4000
TOLERANCES = (0.0002, 0.0005, 0.001, 0.0015, 0.002, 0.003, 0.004, 0.006, 0.008, 0.012, 0.02, 0.04)
DECIMALS = 5  # about 1 m; more digits only make the page heavier
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# Longitude/latitude box that holds Cao Bằng with a wide margin: a file in metres fails this.
LON_RANGE = (102.0, 110.0)
LAT_RANGE = (20.0, 24.5)


@dataclass(frozen=True)
class Boundaries:
    """Simplified boundaries, ready for pydeck: GeoJSON dicts with lon/lat rounded to DECIMALS."""

    features: tuple[dict, ...]  # one per commune: properties commune_code, label_lon, label_lat, area (deg²)
    shapes: tuple  # the same simplified polygons as shapely geometries, in the same order
    outline: dict | None  # the province's outer edge (a GeoJSON Feature), or None
    vertices: int  # vertices of the commune polygons after simplification
    source_vertices: int
    tolerance: float  # degrees; 0 when nothing needed simplifying
    bounds: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat

    @property
    def codes(self) -> set[str]:
        return {f["properties"]["commune_code"] for f in self.features}


# --- reading and checking -------------------------------------------------------------------

def known_codes() -> dict[str, str]:
    """The 56 communes: code -> official name."""
    return {c.code: c.name for c in communes()}


def normalise_code(value) -> str | None:
    """'01273', 1273, '1273', 1273.0 -> '01273'; anything else -> None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    text = str(value).strip()
    if not text.isdigit() or len(text) > 5:
        return None
    return text.zfill(5)


def feature_code(properties: dict | None) -> str | None:
    """The commune code a feature's properties hold, under any of CODE_KEYS."""
    if not properties:
        return None
    lowered = {str(k).lower(): v for k, v in properties.items()}
    for key in CODE_KEYS:
        if key in lowered:
            code = normalise_code(lowered[key])
            if code:
                return code
    return None


def parse_geojson(data: bytes | str) -> dict:
    """The FeatureCollection in `data`; Rejected (in Vietnamese) when it is not one."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise reject("geo-not-json", "Tệp ranh giới không phải văn bản UTF-8 nên không phải GeoJSON.") from None
    try:
        doc = json.loads(data)
    except json.JSONDecodeError as exc:
        raise reject("geo-not-json", f"Tệp ranh giới không phải GeoJSON hợp lệ (lỗi JSON ở dòng {exc.lineno}, "
                                     f"cột {exc.colno}).") from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        raise reject("geo-not-feature-collection", 'Tệp GeoJSON phải là một "FeatureCollection" chứa danh sách '
                                                   '"features" (mỗi xã, phường một vùng).')
    if not doc["features"]:
        raise reject("geo-no-features", "Tệp GeoJSON không có vùng (feature) nào.")
    return doc


def _coords(geometry: dict) -> np.ndarray:
    return shapely.get_coordinates(shape(geometry))


def check_boundaries(doc: dict, expected: dict[str, str] | None = None) -> list[Problem]:
    """Every problem that keeps `doc` from being the boundaries of the communes in `expected`."""
    expected = known_codes() if expected is None else expected
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for number, feature in enumerate(doc["features"], start=1):
        where = f"vùng thứ {number}"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            problems.append(Problem("geo-bad-feature", f'{where} không phải một "Feature".'))
            continue
        geometry = feature.get("geometry") or {}
        if geometry.get("type") not in ("Polygon", "MultiPolygon"):
            problems.append(Problem("geo-bad-geometry", f"{where} có hình học «{geometry.get('type')}»; "
                                                        "cần Polygon hoặc MultiPolygon."))
            continue
        try:
            coords = _coords(geometry)
        except Exception:  # shapely raises several kinds for malformed coordinates
            problems.append(Problem("geo-bad-geometry", f"{where} có tọa độ không đọc được."))
            continue
        if len(coords) and not (LON_RANGE[0] <= coords[:, 0].min() and coords[:, 0].max() <= LON_RANGE[1]
                                and LAT_RANGE[0] <= coords[:, 1].min() and coords[:, 1].max() <= LAT_RANGE[1]):
            problems.append(Problem("geo-not-lonlat", f"{where} có tọa độ nằm ngoài tỉnh Cao Bằng: tọa độ phải là "
                                                      "kinh độ, vĩ độ WGS84 (EPSG:4326), không phải mét (VN-2000)."))
            continue
        code = feature_code(feature.get("properties"))
        if code is None:
            problems.append(Problem("geo-no-code", f"{where} không có mã xã, phường 5 chữ số (thuộc tính "
                                                   "ma_xa hoặc commune_code)."))
            continue
        if code not in expected:
            problems.append(Problem("geo-unknown-commune", f"{where} có mã {code}, không phải mã của một trong "
                                                           f"{len(expected)} xã, phường của tỉnh.", value=code))
            continue
        if code in seen:
            problems.append(Problem("geo-duplicate-commune", f"{where} lặp lại mã {code} ({expected[code]}) "
                                                             f"đã có ở vùng thứ {seen[code]}.", value=code))
            continue
        seen[code] = number
    missing = [f"{expected[c]} ({c})" for c in sorted(expected) if c not in seen]
    if missing:
        shown = ", ".join(missing[:10]) + (f" và {len(missing) - 10} xã, phường khác" if len(missing) > 10 else "")
        problems.append(Problem("geo-missing-commune", f"Thiếu ranh giới của {len(missing)} xã, phường: {shown}."))
    return problems


def save_uploaded_boundaries(data: bytes) -> Path:
    """Check an uploaded GeoJSON and keep it as data/geo/communes.geojson (git-ignored).

    Raises Rejected with every problem (Vietnamese, one Problem each) and writes nothing when the
    file is not a FeatureCollection with one polygon per commune of the province, each carrying
    its 5-digit code. The file is replaced atomically, so the map never reads half a file.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise reject("geo-too-large", f"Tệp ranh giới lớn hơn {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
    doc = parse_geojson(data)
    problems = check_boundaries(doc)
    if problems:
        raise Rejected(problems)
    target = settings.DATA_DIR / "geo" / "communes.geojson"
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".communes-", suffix=".geojson")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


# --- simplification ---------------------------------------------------------------------------

def count_vertices(features) -> int:
    return int(sum(shapely.get_num_coordinates(shape(f["geometry"])) for f in features))


def _simplify(geoms: np.ndarray, tolerance: float) -> np.ndarray:
    try:
        return shapely.coverage_simplify(geoms, tolerance)
    except shapely.errors.GEOSException:  # not a coverage: simplify each polygon on its own
        return shapely.simplify(geoms, tolerance, preserve_topology=True)


def _rounded(geom) -> dict:
    return mapping(shapely.transform(geom, lambda xy: np.round(xy, DECIMALS)))


def simplify_boundaries(doc: dict, budget: int = VERTEX_BUDGET) -> Boundaries:
    """Keep every polygon with a commune code; simplify with the smallest tolerance that fits `budget`."""
    kept = [(feature_code(f.get("properties")), f) for f in doc["features"]
            if isinstance(f, dict) and (f.get("geometry") or {}).get("type") in ("Polygon", "MultiPolygon")]
    kept = [(code, f) for code, f in kept if code]
    if not kept:
        raise reject("geo-no-code", "Tệp ranh giới không có vùng nào mang mã xã, phường 5 chữ số "
                                    "(thuộc tính ma_xa hoặc commune_code).")
    geoms = np.array([shape(f["geometry"]) for _, f in kept], dtype=object)
    source_vertices = int(shapely.get_num_coordinates(geoms).sum())
    simplified, tolerance = geoms, 0.0
    if source_vertices > budget:
        for tolerance in TOLERANCES:
            simplified = _simplify(geoms, tolerance)
            if shapely.get_num_coordinates(simplified).sum() <= budget:
                break
    features = []
    for (code, feature), full, simple in zip(kept, geoms, simplified):
        props = feature.get("properties") or {}
        lon, lat = props.get("label_lon"), props.get("label_lat")
        if not isinstance(lon, (int, float)) or not isinstance(lat, (int, float)):
            point = shapely.point_on_surface(full)
            lon, lat = point.x, point.y
        features.append({"type": "Feature", "geometry": _rounded(simple),
                         "properties": {"commune_code": code, "label_lon": round(float(lon), DECIMALS),
                                        "label_lat": round(float(lat), DECIMALS),
                                        "area": float(shapely.area(full))}})
    outline = None
    try:
        outer = shapely.union_all(shapely.make_valid(simplified), grid_size=10 ** -DECIMALS)
        outline = {"type": "Feature", "geometry": _rounded(shapely.boundary(outer)), "properties": {}}
    except shapely.errors.GEOSException:
        pass  # the map still works without the outline
    minx, miny, maxx, maxy = shapely.total_bounds(geoms)
    return Boundaries(tuple(features), tuple(simplified), outline, int(shapely.get_num_coordinates(simplified).sum()),
                      source_vertices, tolerance, (float(minx), float(miny), float(maxx), float(maxy)))


def read_boundaries(path: str | Path, budget: int = VERTEX_BUDGET) -> Boundaries:
    return simplify_boundaries(parse_geojson(Path(path).read_bytes()), budget)


@st.cache_resource(show_spinner=False, max_entries=4)
def _cached_boundaries(path: str, size: int, mtime_ns: int, budget: int) -> Boundaries:
    return read_boundaries(path, budget)


def load_boundaries(path: str | Path, budget: int = VERTEX_BUDGET) -> Boundaries:
    """`read_boundaries`, computed once per version of the file (path, size, modification time)."""
    stat = Path(path).stat()
    return _cached_boundaries(str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns, budget)


# --- view and colours -------------------------------------------------------------------------

# The map box the page draws: full width of the narrower tablet layout (820 px portrait, less the page's
# padding), so the whole province shows in both layouts; the first view is fitted to it.
MAP_WIDTH, MAP_HEIGHT = 780, 440


def _mercator_y(lat: float) -> float:
    return math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def fit_view(bounds: tuple[float, float, float, float], width_px: int = MAP_WIDTH, height_px: int = MAP_HEIGHT,
             padding: float = 0.04) -> dict:
    """Centre and zoom (web mercator, 512-px world at zoom 0 as deck.gl uses) showing `bounds` whole."""
    minx, miny, maxx, maxy = bounds
    span_x = max(maxx - minx, 1e-6) * (1 + 2 * padding)
    span_y = max(_mercator_y(maxy) - _mercator_y(miny), 1e-6) * (1 + 2 * padding)
    zoom = math.log2(min(width_px * 360 / (512 * span_x), height_px * 360 / (512 * span_y)))
    centre_y = (_mercator_y(miny) + _mercator_y(maxy)) / 2
    centre_lat = math.degrees(2 * math.atan(math.exp(math.radians(centre_y))) - math.pi / 2)
    return {"longitude": (minx + maxx) / 2, "latitude": centre_lat, "zoom": round(zoom, 2)}


def project(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Screen pixels of a point at `zoom` (web mercator, y down), up to a shift."""
    scale = 512 * 2 ** zoom / 360
    return lon * scale, -_mercator_y(lat) * scale


def two_lines(text: str) -> str:
    """'Tam Kim Bạch Đằng' -> 'Tam Kim\\nBạch Đằng': a name of several words on two balanced lines,
    narrower on the map than on one line, as communes are about as tall as they are wide."""
    words = text.split()
    if len(words) < 2:
        return text
    cut = min(range(1, len(words)), key=lambda i: max(len(" ".join(words[:i])), len(" ".join(words[i:]))))
    return " ".join(words[:cut]) + "\n" + " ".join(words[cut:])


def unproject(x: float, y: float, zoom: float) -> tuple[float, float]:
    scale = 512 * 2 ** zoom / 360
    return x / scale, math.degrees(2 * math.atan(math.exp(math.radians(-y / scale))) - math.pi / 2)


def place_labels(labels: list[tuple[float, float, str, object]], zoom: float, size_px: float,
                 char_width: float = 0.56, line_height: float = 1.15, padding: float = 2
                 ) -> list[tuple[float, float] | None]:
    """Where each label (lon, lat, text, area) goes at `zoom` so that none overlaps another: on its
    point, else nudged around it while its centre stays inside `area` (a shapely geometry, or None
    to allow no nudge); None when it fits nowhere. Labels are placed in the order given."""
    kept: list[tuple[float, float, float, float]] = []
    placed: list[tuple[float, float] | None] = []
    for lon, lat, text, area in labels:
        x, y = project(lon, lat, zoom)
        lines = text.split("\n")
        half_w = max(len(line) for line in lines) * size_px * char_width / 2 + padding
        half_h = len(lines) * size_px * line_height / 2 + padding
        steps = [(0.0, 0.0)]
        if area is not None:  # half a label's size away first, then a whole one
            steps += [(half_w * k * sx, 2 * half_h * k * sy) for k in (0.5, 1.0)
                      for sx, sy in ((0, -1), (0, 1), (-1, 0), (1, 0), (-1, -1), (1, -1), (-1, 1), (1, 1))]
        spot = None
        for sx, sy in steps:
            cx, cy = x + sx, y + sy
            box = (cx - half_w, cy - half_h, cx + half_w, cy + half_h)
            if any(not (box[2] <= k[0] or box[0] >= k[2] or box[3] <= k[1] or box[1] >= k[3]) for k in kept):
                continue
            where = unproject(cx, cy, zoom)
            if (sx or sy) and not shapely.contains_xy(area, *where):
                continue
            kept.append(box)
            spot = (lon, lat) if not (sx or sy) else (round(where[0], DECIMALS), round(where[1], DECIMALS))
            break
        placed.append(spot)
    return placed


# Sequential ramps (ColorBrewer), light to dark.
RAMPS = {
    "reds": ["#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15"],
    "blues": ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"],
    "purples": ["#f2f0f7", "#cbc9e2", "#9e9ac8", "#756bb1", "#54278f"],
}
ZERO_COLOUR = "#e8f1e4"  # a count of nothing to worry about
MISSING_COLOUR = "#d9d9d9"  # no figure at all


@dataclass(frozen=True)
class ColourClass:
    low: float  # inclusive
    high: float | None  # exclusive; None = no upper end
    colour: str
    label: str


def count_classes(max_value: float, ramp: str, zero_colour: str = ZERO_COLOUR) -> list[ColourClass]:
    """Classes for a count: 0 on its own, then up to four ranges of whole numbers up to the maximum."""
    colours = RAMPS[ramp]
    top = int(math.ceil(max_value)) if max_value and max_value > 0 else 0
    classes = [ColourClass(0, 1, zero_colour, "0")]
    if top <= 0:
        return classes
    if top <= 4:
        edges = list(range(1, top + 2))
    else:
        step = top / 4
        edges = sorted({1, *(int(math.floor(1 + step * i)) for i in range(1, 4))}) + [top + 1]
        edges = [e for i, e in enumerate(edges) if i == 0 or e > edges[i - 1]]
    shades = colours[1:] if len(edges) - 1 <= 4 else colours
    for i, (low, high) in enumerate(zip(edges, edges[1:])):
        label = str(low) if high - low == 1 else f"{low}–{high - 1}"
        classes.append(ColourClass(low, high, shades[min(i, len(shades) - 1)], label))
    return classes


def percent_classes(ramp: str, step: int = 20) -> list[ColourClass]:
    """Five classes of a percentage: below 20, 20 to below 40, ..., 80 and above."""
    colours = RAMPS[ramp]
    classes = []
    for i, low in enumerate(range(0, 100, step)):
        high = low + step if low + step < 100 else None
        label = f"dưới {high}%" if low == 0 else (f"{low}–{high}%" if high is not None else f"từ {low}%")
        classes.append(ColourClass(low, high, colours[i], label))
    return classes


def class_of(value, classes: list[ColourClass]) -> ColourClass | None:
    """The class holding `value`; None for a missing value. Values below the first class fall in it."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    for c in classes:
        if c.high is None or value < c.high:
            return c
    return classes[-1]


def rgba(colour: str, alpha: int = 255) -> list[int]:
    colour = colour.lstrip("#")
    return [int(colour[i:i + 2], 16) for i in (0, 2, 4)] + [alpha]
