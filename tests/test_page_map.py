"""Bản đồ xã: the map page renders, a shared ?commune= link opens that commune's profile with the
figures SQL gives, the grid stands in when there are no boundaries, and boundaries are simplified
and checked the way the page and the upload page need."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
import shapely
from shapely.geometry import shape
from streamlit.testing.v1 import AppTest

from conftest import shared_file
from dashboard import fmt, geo
from data_pipeline import settings, store
from data_pipeline.problems import Rejected
from map_store import BAO_LAM, THUC_PHAN, TRA_LINH, build_store

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
PAGE = "pages/ban_do_xa.py"


@pytest.fixture
def map_store(db) -> Path:
    return build_store(db)


@pytest.fixture
def no_boundaries(monkeypatch, tmp_path):
    """Neither DASHBOARD_GEO nor data/geo/communes.geojson."""
    monkeypatch.delenv("DASHBOARD_GEO", raising=False)
    monkeypatch.setattr(settings, "DATA_DIR", tmp_path / "data")


def sql(db: Path, query: str, *params):
    con = duckdb.connect(str(store.snapshot_path(db)), read_only=True)
    try:
        return con.execute(query, list(params)).fetchone()
    finally:
        con.close()


def open_map(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def decks(at: AppTest) -> list[dict]:
    return [json.loads(e.proto.json) for e in at.get("deck_gl_json_chart")]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def grid_buttons(at: AppTest) -> list:
    return [b for b in at.button if str(b.key).startswith("commune-")]


# --- the page -----------------------------------------------------------------------------------

def test_map_page_renders_a_choropleth_of_the_56_communes(map_store):
    at = open_map()
    assert at.title[0].value == "Bản đồ xã, phường"
    [deck] = decks(at)
    layers = {layer["id"]: layer for layer in deck["layers"]}
    assert {"communes", "province-outline", "commune-names"} <= set(layers)
    assert all(layer.get("id") for layer in deck["layers"])
    assert len(layers["communes"]["data"]) == 56
    assert deck["mapStyle"] == "__MAP_STYLE__"  # no basemap: nothing fetched from the internet
    vertices = sum(len(shapely.get_coordinates(shape(f["geometry"]))) for f in layers["communes"]["data"])
    assert vertices < 10_000
    assert len(grid_buttons(at)) == 56


def test_map_colours_each_commune_by_the_chosen_figure(map_store):
    at = open_map()
    [deck] = decks(at)
    by_code = {f["properties"]["commune_code"]: f["properties"] for f in deck["layers"][0]["data"]}
    overdue = sql(map_store, "select count(*) from tasks where commune_code = ? and status = 'overdue'", THUC_PHAN)[0]
    assert by_code[THUC_PHAN]["value"] == f"{fmt.number(overdue)} quá hạn"
    assert by_code[THUC_PHAN]["fill"] != by_code[BAO_LAM]["fill"]  # 2 overdue against none


def test_metric_choice_is_kept_in_the_link(map_store):
    at = open_map(metric="mines")
    assert at.segmented_control[0].value == "mines"
    assert any("Số mỏ khoáng sản:" in m.value for m in at.markdown)
    at.segmented_control[0].set_value("disbursement_pct").run()
    assert at.query_params["metric"] == "disbursement_pct"
    [deck] = decks(at)
    by_code = {f["properties"]["commune_code"]: f["properties"] for f in deck["layers"][0]["data"]}
    assert by_code[BAO_LAM]["value"] == "chưa có số liệu"


def test_shared_link_opens_the_commune_profile_with_sql_figures(map_store):
    at = open_map(commune=THUC_PHAN)
    assert at.header[0].value == "Phường Thục Phán"
    overdue, tasks = sql(map_store, """select count(*) filter (where status = 'overdue'), count(*)
                                       from tasks where commune_code = ?""", THUC_PHAN)
    assert overdue == 2
    shown = metrics(at)
    assert shown["Nhiệm vụ quá hạn"] == fmt.number(overdue)
    assert shown["Tổng số nhiệm vụ"] == fmt.number(tasks)
    plan, disbursed = sql(map_store, """select sum(plan_vnd), sum(disbursed_vnd) from disbursement
                                        where commune_code = ?""", THUC_PHAN)
    assert shown["Tỷ lệ giải ngân"] == fmt.pct(round(100 * disbursed / plan, 1))
    assert shown["Mỏ khoáng sản"] == fmt.number(1)
    assert not decks(at)  # the profile replaces the map


def test_profile_lists_tasks_overdue_first_with_projects_and_mines(map_store):
    at = open_map(commune=THUC_PHAN)
    tasks, projects, mines = (d.value for d in at.dataframe)
    assert list(tasks["title"].iloc[:2]) == ["Giải phóng mặt bằng đường tránh", "Cải tạo chợ trung tâm"]
    assert tasks["state"].iloc[0].startswith("Quá hạn")
    assert set(projects["project_name"]) == {"Kè bờ sông Bằng", "Đường nội thị"}
    assert list(mines["mine_name"]) == ["Mỏ cát Bằng Giang"]
    assert mines["output_text"].iloc[0] == "3.900 / 12.000 m3/năm"
    assert all(link.startswith("nhiem_vu?task=") for link in tasks["link"])


def test_tapping_a_commune_in_the_grid_opens_its_profile_and_back_returns(map_store):
    at = open_map()
    at.button(key=f"commune-{TRA_LINH}").click().run()
    assert at.query_params["commune"] == TRA_LINH
    assert at.header[0].value == "Xã Trà Lĩnh"
    assert metrics(at)["Nhiệm vụ quá hạn"] == fmt.number(
        sql(map_store, "select count(*) from tasks where commune_code = ? and status = 'overdue'", TRA_LINH)[0])
    at.button(key="back-to-map").click().run()
    assert "commune" not in at.query_params
    assert len(decks(at)) == 1


def test_an_unknown_commune_code_says_so_and_shows_the_map(map_store):
    at = open_map(commune="99999")
    assert any("99999" in w.value for w in at.warning)
    assert len(decks(at)) == 1


def test_code_without_leading_zero_still_opens_the_profile(map_store):
    at = open_map(commune="1273")
    assert at.header[0].value == "Phường Thục Phán"


def test_without_boundaries_the_grid_and_how_to_show(map_store, no_boundaries):
    assert settings.geo_path() is None
    at = open_map()
    assert not decks(at)
    message = " ".join(i.value for i in at.info)
    assert "Chưa có tệp ranh giới" in message
    assert "DASHBOARD_GEO" in message and "data/geo/communes.geojson" in message and "Cập nhật dữ liệu" in message
    assert len(grid_buttons(at)) == 56
    at.button(key=f"commune-{THUC_PHAN}").click().run()
    assert at.header[0].value == "Phường Thục Phán"


def test_a_missing_named_boundary_file_is_named(map_store, monkeypatch, tmp_path):
    monkeypatch.setenv("DASHBOARD_GEO", str(tmp_path / "khong_co.geojson"))
    at = open_map()
    assert any("khong_co.geojson" in i.value for i in at.info)
    assert len(grid_buttons(at)) == 56


def test_an_unreadable_boundary_file_falls_back_to_the_grid(map_store, monkeypatch, tmp_path):
    broken = tmp_path / "hong.geojson"
    broken.write_text("{not json")
    monkeypatch.setenv("DASHBOARD_GEO", str(broken))
    at = open_map()
    assert any("Không đọc được tệp ranh giới" in i.value for i in at.info)
    assert len(grid_buttons(at)) == 56


def test_map_page_works_on_an_empty_store(db):
    at = open_map()
    assert len(grid_buttons(at)) == 56
    assert len(decks(at)) == 1


def test_profile_on_the_demo_store_matches_sql(request):
    pytest.importorskip("data_pipeline.demo")
    demo = request.getfixturevalue("demo_env")
    code, name, overdue = sql(demo, """select t.commune_code, c.commune_name, count(*) as n from tasks t
                                       join communes c using (commune_code) where t.status = 'overdue'
                                       group by all order by n desc, t.commune_code limit 1""")
    at = open_map(commune=code)
    assert at.header[0].value == name
    assert metrics(at)["Nhiệm vụ quá hạn"] == fmt.number(overdue)
    at = open_map()
    assert len(decks(at)) == 1


# --- boundaries ---------------------------------------------------------------------------------

def test_simplification_keeps_all_56_communes_and_cuts_vertices_below_10000():
    path = shared_file("geo", "cao_bang_communes.geojson")
    bounds = geo.read_boundaries(path)
    assert len(bounds.features) == 56
    assert bounds.codes == set(geo.known_codes())
    assert bounds.source_vertices > 50_000
    assert 1_000 < bounds.vertices < 10_000
    assert bounds.vertices == geo.count_vertices(bounds.features)
    shapes = [shape(f["geometry"]) for f in bounds.features]
    assert all(not s.is_empty for s in shapes)
    assert bounds.outline is not None


def test_boundaries_are_cached_until_the_file_changes(tmp_path):
    source = shared_file("geo", "cao_bang_communes.geojson")
    path = tmp_path / "xa.geojson"
    path.write_bytes(source.read_bytes())
    first = geo.load_boundaries(path)
    assert geo.load_boundaries(path) is first
    doc = json.loads(path.read_text())
    doc["features"] = doc["features"][:50]
    path.write_text(json.dumps(doc))
    assert len(geo.load_boundaries(path).features) == 50


def test_fit_view_shows_the_whole_province():
    bounds = (105.26572, 22.35664, 106.8373, 23.11985)
    view = geo.fit_view(bounds)
    for lon, lat in ((bounds[0], bounds[1]), (bounds[2], bounds[3])):
        x, y = geo.project(lon, lat, view["zoom"])
        cx, cy = geo.project(view["longitude"], view["latitude"], view["zoom"])
        assert abs(x - cx) <= geo.MAP_WIDTH / 2 and abs(y - cy) <= geo.MAP_HEIGHT / 2


def test_commune_names_never_overlap_and_stay_inside_their_commune():
    bounds = geo.read_boundaries(shared_file("geo", "cao_bang_communes.geojson"))
    names = geo.known_codes()
    zoom = geo.fit_view(bounds.bounds)["zoom"]
    labels = [(f["properties"]["label_lon"], f["properties"]["label_lat"],
               geo.two_lines(names[f["properties"]["commune_code"]].split(" ", 1)[1]), s)
              for f, s in zip(bounds.features, bounds.shapes)]
    spots = geo.place_labels(labels, zoom, 11)
    assert sum(spot is not None for spot in spots) >= 50
    boxes = []
    for spot, (_, _, text, area) in zip(spots, labels):
        if spot:
            assert shapely.contains_xy(area, *spot) or area.distance(shapely.Point(spot)) < 1e-3
            x, y = geo.project(*spot, zoom)
            lines = text.split("\n")
            half_w, half_h = max(map(len, lines)) * 11 * 0.56 / 2, len(lines) * 11 * 1.15 / 2
            boxes.append(shapely.box(x - half_w, y - half_h, x + half_w, y + half_h))
    assert not any(a.intersects(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_a_label_with_no_room_is_nudged_or_left_off():
    square = shapely.box(105.9, 22.6, 106.1, 22.8)
    labels = [(106.0, 22.7, "Thục Phán", None), (106.001, 22.7, "Nùng Trí Cao", None),
              (106.001, 22.7, "Tân Giang", square), (106.5, 22.7, "Trà\nLĩnh", None)]
    spots = geo.place_labels(labels, 9, 11)
    assert spots[0] == (106.0, 22.7) and spots[1] is None and spots[3] == (106.5, 22.7)
    assert spots[2] is not None and spots[2] != (106.001, 22.7) and shapely.contains_xy(square, *spots[2])
    assert geo.two_lines("Tam Kim Bạch Đằng") == "Tam Kim\nBạch Đằng"
    assert geo.two_lines("Hòa An") == "Hòa\nAn"
    assert geo.two_lines("Thông") == "Thông"


def test_count_classes_cover_every_value_up_to_the_maximum():
    classes = geo.count_classes(12, "reds")
    assert [c.label for c in classes] == ["0", "1–3", "4–6", "7–9", "10–12"]
    assert all(geo.class_of(v, classes) is not None for v in range(13))
    assert geo.class_of(float("nan"), classes) is None
    assert [c.label for c in geo.count_classes(3, "reds")] == ["0", "1", "2", "3"]


# --- uploaded boundaries ------------------------------------------------------------------------

def _communes_doc() -> dict:
    return json.loads(shared_file("geo", "cao_bang_communes.geojson").read_text())


def _kinds(exc: pytest.ExceptionInfo) -> set[str]:
    return {p.kind for p in exc.value.problems}


def test_a_good_upload_is_saved_where_the_map_finds_it(no_boundaries):
    data = shared_file("geo", "cao_bang_communes.geojson").read_bytes()
    saved = geo.save_uploaded_boundaries(data)
    assert saved == settings.DATA_DIR / "geo" / "communes.geojson"
    assert saved.read_bytes() == data
    assert settings.geo_path() == saved


def test_an_upload_may_name_the_code_commune_code_as_a_number(no_boundaries):
    doc = _communes_doc()
    for f in doc["features"]:
        f["properties"] = {"commune_code": int(f["properties"]["ma_xa"])}
    geo.save_uploaded_boundaries(json.dumps(doc).encode())
    assert len(geo.read_boundaries(settings.geo_path()).features) == 56


def test_an_upload_that_is_not_geojson_is_refused(no_boundaries):
    with pytest.raises(Rejected) as exc:
        geo.save_uploaded_boundaries(b"ma_xa;ten\n01273;Thuc Phan\n")
    assert _kinds(exc) == {"geo-not-json"}
    with pytest.raises(Rejected) as exc:
        geo.save_uploaded_boundaries(json.dumps({"type": "Feature", "geometry": None}).encode())
    assert _kinds(exc) == {"geo-not-feature-collection"}
    assert settings.geo_path() is None


def test_an_upload_missing_communes_or_with_unknown_codes_is_refused(no_boundaries):
    doc = _communes_doc()
    doc["features"] = doc["features"][2:]
    doc["features"][0]["properties"]["ma_xa"] = "09999"
    with pytest.raises(Rejected) as exc:
        geo.save_uploaded_boundaries(json.dumps(doc).encode())
    assert _kinds(exc) == {"geo-unknown-commune", "geo-missing-commune"}
    missing = next(p for p in exc.value.problems if p.kind == "geo-missing-commune")
    assert "Phường Thục Phán" in missing.message
    assert settings.geo_path() is None


def test_an_upload_without_codes_or_in_metres_is_refused(no_boundaries):
    doc = _communes_doc()
    del doc["features"][0]["properties"]["ma_xa"]
    doc["features"][1]["geometry"] = {"type": "Polygon", "coordinates": [
        [[580000, 2500000], [590000, 2500000], [590000, 2510000], [580000, 2500000]]]}
    doc["features"][2]["properties"]["ma_xa"] = doc["features"][3]["properties"]["ma_xa"]
    with pytest.raises(Rejected) as exc:
        geo.save_uploaded_boundaries(json.dumps(doc).encode())
    assert {"geo-no-code", "geo-not-lonlat", "geo-duplicate-commune"} <= _kinds(exc)
    assert all(p.message for p in exc.value.problems)
