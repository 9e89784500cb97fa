"""Bản đồ xã: the 56 communes coloured by a figure chosen by tapping; a commune's profile at ?commune=CODE.

Every figure comes from the marts (commune_metrics, task_list, disbursement_projects, mines); the page
only filters them by commune and lays them out. Boundaries come from the file `geo_path()` finds; with
none, the communes are a tappable grid and the page says how to add boundaries.
"""

from __future__ import annotations

import functools
import html
import json
import math
import os
import unicodedata
from dataclasses import dataclass

import pandas as pd
import pydeck as pdk
import streamlit as st
from pydeck.bindings.json_tools import default_serialize

from dashboard import data, fmt, geo
from dashboard.widgets import as_of_caption, detail_links, drill_table, not_in_link, page_setup, pager
from data_pipeline.problems import Rejected
from data_pipeline.settings import geo_path

LABEL_SIZE = 11
COMMUNE_LAYER = "communes"

CSS = """
<style>
.legend {display: flex; flex-wrap: wrap; gap: 6px 14px; align-items: center; margin: 2px 0 8px 0;
         font-size: 0.92rem;}
.legend .title {font-weight: 600; margin-right: 4px;}
.legend .swatch {display: inline-block; width: 22px; height: 16px; border-radius: 3px; vertical-align: -3px;
                 margin-right: 5px; border: 1px solid #9e9e9e;}
.st-key-commune-grid button {min-height: 52px; width: 100%; white-space: normal; line-height: 1.2;}
.st-key-metric_choice button, .st-key-back-to-map button {min-height: 46px !important;}
.st-key-commune-grid button * {white-space: normal !important; overflow: visible !important;
                                text-overflow: clip !important; font-size: 0.95rem;}
.item {padding: 8px 10px; border-radius: 8px; margin: 4px 0; border-left: 6px solid var(--c); background: #fafafa;}
.item .head {font-weight: 600;}
.item .meta {font-size: 0.88rem; color: #444;}
</style>
"""


@dataclass(frozen=True)
class Metric:
    column: str
    label: str  # on the metric chooser and in the legend
    kind: str  # 'count' or 'pct'
    ramp: str  # a ramp of geo.RAMPS
    unit: str  # after a count in the grid, e.g. "quá hạn"

    def text(self, value, short: bool = False) -> str:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return "chưa có số liệu" if self.kind == "pct" and not short else "—"
        return fmt.pct(value) if self.kind == "pct" else f"{fmt.number(value)} {self.unit}"

    def classes(self, values: pd.Series) -> list[geo.ColourClass]:
        if self.kind == "pct":
            return geo.percent_classes(self.ramp)
        top = pd.to_numeric(values, errors="coerce").max()
        return geo.count_classes(0 if pd.isna(top) else float(top), self.ramp,
                                 zero_colour=geo.ZERO_COLOUR if self.ramp == "reds" else geo.RAMPS[self.ramp][0])


METRICS = {
    m.column: m for m in (
        Metric("overdue_tasks", "Nhiệm vụ quá hạn", "count", "reds", "quá hạn"),
        Metric("disbursement_pct", "Tỷ lệ giải ngân", "pct", "blues", ""),
        Metric("low_projects", "Dự án giải ngân thấp", "count", "reds", "dự án thấp"),
        Metric("mines", "Số mỏ khoáng sản", "count", "purples", "mỏ"),
        Metric("mines_far_below", "Mỏ thấp xa công suất", "count", "reds", "mỏ thấp"),
        Metric("dossiers_overdue", "Hồ sơ TTHC quá hạn", "count", "reds", "hồ sơ"),
        Metric("petitions_pending_long", "Đơn thư tồn lâu", "count", "reds", "đơn"),
    )
}
DEFAULT_METRIC = "overdue_tasks"


# --- data ---------------------------------------------------------------------------------------

def commune_table() -> pd.DataFrame:
    """The commune_metrics mart; on an empty store, the 56 communes with no figures."""
    table = data.mart("commune_metrics")
    if table.empty:
        rows = [{"commune_code": code, "commune_name": name} for code, name in geo.known_codes().items()]
        table = pd.DataFrame(rows)
    return table


def short_name(name: str) -> str:
    for prefix in ("Xã ", "Phường ", "Thị trấn "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def requested_code(table: pd.DataFrame) -> tuple[str | None, str | None]:
    """(code, raw) of ?commune=: the code when it names one of the communes, else None with what was asked."""
    raw = st.query_params.get("commune")
    if not raw:
        return None, None
    code = geo.normalise_code(raw)
    return (code if code in set(table["commune_code"]) else None), raw


def open_commune(code: str) -> None:
    st.query_params["commune"] = code


def close_commune() -> None:
    if "commune" in st.query_params:
        del st.query_params["commune"]
    # A fresh map widget, so the commune tapped before is not taken as a new tap.
    st.session_state["map_generation"] = st.session_state.get("map_generation", 0) + 1


def choose_metric() -> Metric:
    """The metric chooser; its choice is kept in ?metric= so a shared link shows the same colouring."""
    wanted = st.query_params.get("metric")
    st.session_state["metric_choice"] = wanted if wanted in METRICS else DEFAULT_METRIC  # the link decides
    if wanted and wanted not in METRICS:
        not_in_link("cách tô màu", wanted, f"đang tô theo «{METRICS[DEFAULT_METRIC].label}»")

    def remember() -> None:
        choice = st.session_state.get("metric_choice") or DEFAULT_METRIC
        if choice == DEFAULT_METRIC:
            st.query_params.pop("metric", None)
        else:
            st.query_params["metric"] = choice

    choice = st.segmented_control(
        "Tô màu theo", list(METRICS), format_func=lambda key: METRICS[key].label, key="metric_choice",
        required=True, on_change=remember, width="stretch")
    return METRICS[choice or DEFAULT_METRIC]


# --- the map ------------------------------------------------------------------------------------

class CompactDeck(pdk.Deck):
    """pydeck writes its JSON indented; without the indentation the map sent on each rerun is a third."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def build_deck(bounds: geo.Boundaries, table: pd.DataFrame, metric: Metric,
               classes: list[geo.ColourClass]) -> pdk.Deck:
    rows = table.set_index("commune_code")
    view = geo.fit_view(bounds.bounds)
    features, labels = [], []
    for feature, area in zip(bounds.features, bounds.shapes):
        props = feature["properties"]
        code = props["commune_code"]
        known = code in rows.index
        name = rows.at[code, "commune_name"] if known else f"Mã {code}"
        value = rows.at[code, metric.column] if known and metric.column in rows.columns else None
        value = None if value is None or pd.isna(value) else float(value)
        cls = geo.class_of(value, classes)
        features.append({
            "type": "Feature", "geometry": feature["geometry"],
            "properties": {"commune_code": code, "name": name, "value": metric.text(value),
                           "fill": geo.rgba(cls.colour if cls else geo.MISSING_COLOUR, 235)},
        })
        text = geo.two_lines(short_name(name))
        labels.append((props["area"], props["label_lon"], props["label_lat"], text, area))
    # Names that would overlap at the first view are nudged or left off (largest communes placed
    # first): deck.gl's collision filter fades or hides labels unpredictably, on high-density screens above all.
    labels.sort(key=lambda item: -item[0])
    spots = geo.place_labels([item[1:] for item in labels], view["zoom"], LABEL_SIZE)
    shown = [{"position": list(spot), "text": item[3]} for item, spot in zip(labels, spots) if spot]
    # pydeck reads a bare string as an accessor expression; constant strings are quoted ("'pixels'").
    layers = [
        pdk.Layer(
            "GeoJsonLayer", id=COMMUNE_LAYER, data=features, pickable=True, stroked=True, filled=True,
            get_fill_color="properties.fill", get_line_color=[90, 90, 90, 150], line_width_units="'pixels'",
            # No highlight under the finger: redrawing it while the tap is picked made a tablet's
            # first tap only highlight the commune, and each redraw costs a frame.
            get_line_width=1),
        pdk.Layer(
            "TextLayer", id="commune-names", data=shown, get_position="position", get_text="text",
            get_size=LABEL_SIZE, size_units="'pixels'", line_height=1.05, get_color=[25, 25, 25, 255],
            character_set="'auto'", font_family="'\"Source Sans\", \"Source Sans Pro\", Arial, sans-serif'",
            font_weight=600, font_settings={"sdf": True}, outline_width=3, outline_color=[255, 255, 255, 220],
            pickable=False),
    ]
    if bounds.outline:
        layers.insert(1, pdk.Layer(
            "GeoJsonLayer", id="province-outline", data=[bounds.outline], pickable=False, stroked=True,
            filled=False, get_line_color=[38, 50, 56, 255], line_width_units="'pixels'", get_line_width=3))
    # Pinch to zoom in, drag to move; the mouse wheel scrolls the page, not the map, and the map never
    # gets smaller than the whole province. A tap opens the commune, so a double tap cannot zoom.
    controller = {"scrollZoom": False, "dragRotate": False, "touchRotate": False, "keyboard": False,
                  "doubleClickZoom": False}
    return CompactDeck(
        layers=layers, views=[pdk.View(type="MapView", controller=controller)],
        initial_view_state=pdk.ViewState(**view, min_zoom=view["zoom"], max_zoom=12),
        # No basemap, so nothing is fetched from the internet. map_style must stay unset: with
        # map_style=None Streamlit picks a Carto basemap for the theme and fetches it.
        map_provider=None,
        tooltip={"html": "<b>{name}</b><br/>{value}", "style": {"fontSize": "14px"}})


def legend(metric: Metric, classes: list[geo.ColourClass], with_missing: bool) -> None:
    items = [f'<span><span class="swatch" style="background:{c.colour}"></span>{html.escape(c.label)}</span>'
             for c in classes]
    if with_missing:
        items.append(f'<span><span class="swatch" style="background:{geo.MISSING_COLOUR}"></span>'
                     'Không có số liệu</span>')
    st.markdown(f'<div class="legend"><span class="title">{html.escape(metric.label)}:</span>{"".join(items)}</div>',
                unsafe_allow_html=True)


def tapped_code(event) -> str | None:
    """The commune code of the feature tapped on the map, if any."""
    if not event:
        return None
    try:
        selection = event["selection"] if isinstance(event, dict) else event.selection
        objects = selection["objects"].get(COMMUNE_LAYER) or []
    except (AttributeError, KeyError, TypeError):
        return None
    for obj in objects:
        props = obj.get("properties", obj) if isinstance(obj, dict) else {}
        code = geo.normalise_code(props.get("commune_code"))
        if code:
            return code
    return None


def map_tapped(key: str, known: frozenset) -> None:
    """A tap on the map, handled before the page runs again: that one run draws the profile (a
    rerun after drawing the map again would take seconds and could lose the tap)."""
    code = tapped_code(st.session_state.get(key))
    if code and code in known:
        open_commune(code)
        # A fresh map widget, so the commune tapped now is not taken as a new tap later.
        st.session_state["map_generation"] = st.session_state.get("map_generation", 0) + 1


def show_map(bounds: geo.Boundaries, table: pd.DataFrame, metric: Metric) -> None:
    values = table[metric.column] if metric.column in table.columns else pd.Series(dtype=float)
    classes = metric.classes(values)
    missing_values = values.isna().any() or len(values) == 0
    legend(metric, classes, with_missing=bool(missing_values) or bool(set(table["commune_code"]) - bounds.codes))
    key = f"commune-map-{st.session_state.get('map_generation', 0)}"
    tapped = functools.partial(map_tapped, key, frozenset(table["commune_code"]))
    st.pydeck_chart(
        build_deck(bounds, table, metric, classes), on_select=tapped, selection_mode="single-object", key=key,
        height=geo.MAP_HEIGHT, width="stretch",
        alt=f"Bản đồ {len(bounds.features)} xã, phường tỉnh Cao Bằng tô màu theo {metric.label.lower()}")
    st.caption("Chạm vào một xã, phường trên bản đồ hoặc trong danh sách dưới đây để xem hồ sơ của xã, phường đó.")
    absent = sorted(set(table["commune_code"]) - bounds.codes)
    if absent:
        names = dict(zip(table["commune_code"], table["commune_name"]))
        st.warning(f"Tệp ranh giới thiếu {fmt.number(len(absent))} xã, phường: "
                   + ", ".join(names[c] for c in absent[:10]) + ("…" if len(absent) > 10 else "")
                   + ". Các xã, phường này vẫn có trong danh sách dưới bản đồ.")


def how_to_add_boundaries(problem: str | None = None) -> None:
    named = os.environ.get("DASHBOARD_GEO")
    lines = []
    if problem:
        lines.append(problem)
    elif named:
        lines.append(f"Biến môi trường DASHBOARD_GEO đang trỏ tới «{named}» nhưng không có tệp ở đó.")
    else:
        lines.append("Chưa có tệp ranh giới xã, phường nên chưa vẽ được bản đồ.")
    lines.append(
        "Để thêm ranh giới (tệp GeoJSON gồm 56 vùng, mỗi vùng có mã xã, phường 5 chữ số ở thuộc tính "
        "`ma_xa` hoặc `commune_code`, tọa độ kinh độ, vĩ độ WGS84), làm một trong các cách sau:\n"
        "- đặt biến môi trường `DASHBOARD_GEO` trỏ tới tệp đó rồi khởi động lại bảng điều hành;\n"
        "- hoặc chép tệp vào `data/geo/communes.geojson` trong thư mục của bảng điều hành;\n"
        "- hoặc tải tệp GeoJSON lên ở trang «Cập nhật dữ liệu».\n\n"
        "Trong lúc chờ, chọn xã, phường trong danh sách dưới đây.")
    st.info("\n\n".join(lines), icon=":material/map:")


def commune_grid(table: pd.DataFrame, metric: Metric) -> None:
    st.subheader("Các xã, phường")
    shown = table.assign(short=table["commune_name"].map(short_name))
    shown = shown.iloc[sorted(range(len(shown)), key=lambda i: vietnamese_key(shown["short"].iloc[i]))]
    has_values = metric.column in shown.columns
    with st.container(key="commune-grid"):
        grid = st.grid("auto", min_column_width=170, gap="xsmall")
        for row in shown.itertuples(index=False):
            label = row.commune_name
            if has_values:
                value = getattr(row, metric.column)
                text = metric.text(value, short=True)
                if metric.ramp == "reds" and not pd.isna(value) and value > 0:
                    text = f":red[**{text}**]"  # something to worry about, as on the map
                label = f"{row.commune_name} · {text}"
            grid.button(label, key=f"commune-{row.commune_code}", on_click=open_commune, args=(row.commune_code,),
                        width="stretch")


_LETTERS = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền, hỏi, ngã, sắc, nặng


def vietnamese_key(text: str) -> tuple:
    """Sorts as a Vietnamese reader expects, syllable by syllable: a < ă < â < b ... d < đ, then by tone
    (Ca < Canh < Cần; Hà < Hạ)."""
    key = []
    for word in text.lower().split():
        letters, tone = [], 0
        for char in unicodedata.normalize("NFD", word):
            if char in _TONES:
                tone = _TONES[char]
            elif char in "\u0306\u0302\u031b" and letters and 0 <= letters[-1] < len(_LETTERS):
                marked = unicodedata.normalize("NFC", _LETTERS[letters[-1]] + char)  # ă â ê ô ơ ư
                letters[-1] = _LETTERS.find(marked) if marked in _LETTERS else letters[-1]
            else:
                letters.append(_LETTERS.find(char) if char in _LETTERS else len(_LETTERS) + ord(char))
        key.append((tuple(letters), tone))
    return tuple(key)


# --- the profile --------------------------------------------------------------------------------

def _item(colour: str, head: str, meta: str) -> str:
    return (f'<div class="item" style="--c:{colour}"><div class="head">{fmt.html_text(head)}</div>'
            f'<div class="meta">{fmt.html_text(meta)}</div></div>')


def profile(code: str, table: pd.DataFrame) -> None:
    row = table.set_index("commune_code").loc[code]
    st.button("← Bản đồ toàn tỉnh", on_click=close_commune, key="back-to-map")
    st.header(row["commune_name"])
    kind = row.get("commune_type") if "commune_type" in row.index else None
    st.caption(f"Mã đơn vị hành chính {code}" + (f" · {kind}" if isinstance(kind, str) else ""))

    def value(column: str):
        v = row.get(column) if column in row.index else None
        return None if v is None or pd.isna(v) else v

    grid = st.grid(3, min_column_width=150, gap="xsmall")
    grid.metric("Nhiệm vụ quá hạn", fmt.number(value("overdue_tasks")), border=True)
    grid.metric("Tổng số nhiệm vụ", fmt.number(value("tasks")), border=True)
    grid.metric("Tỷ lệ giải ngân", fmt.pct(value("disbursement_pct")), border=True)
    grid.metric("Dự án giải ngân thấp", fmt.number(value("low_projects")), border=True)
    grid.metric("Mỏ khoáng sản", fmt.number(value("mines")), border=True)
    grid.metric("Mỏ thấp xa công suất", fmt.number(value("mines_far_below")), border=True)
    grid.metric("Hồ sơ TTHC quá hạn", fmt.number(value("dossiers_overdue")), border=True)
    grid.metric("Đơn thư đang giải quyết", fmt.number(value("petitions_pending")), border=True)
    grid.metric("Đơn thư tồn lâu", fmt.number(value("petitions_pending_long")), border=True)

    st.subheader("Nhiệm vụ", divider="gray")
    tasks_section(code)
    st.subheader("Dự án đầu tư công", divider="gray")
    projects_section(code, row)
    st.subheader("Mỏ khoáng sản", divider="gray")
    mines_section(code)
    st.subheader("Thủ tục hành chính, đơn thư", divider="gray")
    admin_section(code)


TASKS_PER_PAGE = 50


def tasks_section(code: str) -> None:
    counts = data.mart("task_counts", commune_code=code)
    total = int(counts["total"].iloc[0]) if not counts.empty else 0
    if total == 0:
        st.info("Chưa có nhiệm vụ nào gắn với xã, phường này trong biểu theo dõi nhiệm vụ.")
        return
    overdue_count = int(counts["overdue"].iloc[0])
    if overdue_count:
        overdue = data.mart("task_list", commune_code=code, only="overdue", limit=20)
        st.markdown(f"**{fmt.number(overdue_count)} nhiệm vụ quá hạn**, quá hạn lâu nhất trước:")
        st.markdown("".join(
            _item("#c62828", t.title,
                  f"Quá hạn {fmt.number(t.days_overdue)} ngày (hạn {fmt.date(t.deadline)}) · "
                  f"Chủ trì: {fmt.text(t.lead_agency)} · Báo cáo: {fmt.text(t.progress_note)}")
            for t in overdue.itertuples()), unsafe_allow_html=True)
        if overdue_count > 20:
            st.caption(f"Và {fmt.number(overdue_count - 20)} nhiệm vụ quá hạn khác trong bảng dưới đây.")
    st.markdown(f"**Tất cả {fmt.number(total)} nhiệm vụ** (quá hạn trước)")
    offset = pager(total, TASKS_PER_PAGE, f"commune_tasks_{code}")
    tasks = data.mart("task_list", commune_code=code, limit=TASKS_PER_PAGE, offset=offset)
    shown = tasks.assign(
        link=detail_links(tasks["task_id"], "task", "nhiem_vu"),
        deadline_text=[("Thường xuyên" if r else fmt.date(d)) for r, d in zip(tasks["is_recurring"], tasks["deadline"])],
        state=[f"{label} {fmt.number(days)} ngày" if over else label
               for label, over, days in zip(tasks["status_label"], tasks["is_overdue"], tasks["days_overdue"])])
    drill_table(
        shown[["link", "title", "lead_agency", "deadline_text", "state"]],
        column_config={
            "title": st.column_config.TextColumn("Nhiệm vụ", width=300),
            "lead_agency": st.column_config.TextColumn("Chủ trì", width=180),
            "deadline_text": st.column_config.TextColumn("Thời hạn", width=92),
            "state": st.column_config.TextColumn("Tình trạng", width=150),
        }, key=f"tasks-{code}")
    as_of_caption(tasks)


def projects_section(code: str, row: pd.Series) -> None:
    projects = data.mart("disbursement_projects", commune_code=code)
    if projects.empty:
        st.info("Chưa có dự án đầu tư công nào ghi địa điểm ở riêng xã, phường này "
                "(dự án trải trên nhiều xã không được tính cho từng xã).")
        return
    st.markdown(f"**{fmt.number(len(projects))} dự án** · kế hoạch vốn {fmt.money(row.get('plan_vnd'))} · "
                f"đã giải ngân {fmt.money(row.get('disbursed_vnd'))} ({fmt.pct(row.get('disbursement_pct'))})")
    low = projects[projects["is_low"]]
    if not low.empty:
        st.markdown("".join(
            _item("#c62828", p.project_name,
                  f"Giải ngân thấp: {fmt.pct(p.rate_pct)} (cần đạt {fmt.pct(p.expected_pct)}) · "
                  f"{fmt.money(p.disbursed_vnd)} / {fmt.money(p.plan_vnd)} · Chủ đầu tư: {fmt.text(p.investor)}"
                  + (f" · Vướng mắc: {p.obstacle}" if fmt.text(p.obstacle, "") else ""))
            for p in low.itertuples()), unsafe_allow_html=True)
    state_text = {"red": "Giải ngân thấp", "amber": "Chậm so tiến độ", "green": "Đạt tiến độ"}
    shown = projects.assign(
        link=detail_links(projects["project_id"], "project", "dau_tu_cong"),
        plan_text=projects["plan_vnd"].map(fmt.money), disbursed_text=projects["disbursed_vnd"].map(fmt.money),
        rate_text=projects["rate_pct"].map(fmt.pct), state_text=projects["state"].map(state_text))
    drill_table(
        shown[["link", "project_name", "investor", "plan_text", "disbursed_text", "rate_text", "state_text"]],
        column_config={
            "project_name": st.column_config.TextColumn("Dự án", width=230),
            "investor": st.column_config.TextColumn("Chủ đầu tư", width=130),
            "plan_text": st.column_config.TextColumn("Kế hoạch vốn", width=100),
            "disbursed_text": st.column_config.TextColumn("Đã giải ngân", width=100),
            "rate_text": st.column_config.TextColumn("Tỷ lệ", width=60),
            "state_text": st.column_config.TextColumn("Đánh giá", width=110),
        }, key=f"projects-{code}")
    as_of_caption(projects)


def mines_section(code: str) -> None:
    mines = data.mart("mines")
    mines = mines[mines["commune_code"] == code] if not mines.empty else mines
    if mines.empty:
        st.info("Chưa có mỏ khoáng sản nào ở xã, phường này trong biểu mỏ khoáng sản.")
        return

    def note(m) -> str:
        notes = []
        if m.not_reported:
            notes.append("Chưa báo cáo sản lượng")
        if m.is_far_below:
            notes.append("Thấp xa công suất")
        if m.is_above:
            notes.append("Vượt công suất")
        if m.is_expired:
            notes.append("Giấy phép đã hết hạn")
        elif m.is_expiring:
            notes.append("Giấy phép sắp hết hạn")
        return "; ".join(notes) or "—"

    shown = mines.assign(
        link=detail_links(mines["mine_id"], "mine", "khoang_san"),
        output_text=[f"{fmt.number(a)} / {fmt.number(c)} {fmt.text(u, '')}".strip()
                     for a, c, u in zip(mines["actual_output"], mines["licensed_capacity"], mines["unit"])],
        pct_text=mines["pct_of_licence"].map(fmt.pct), expiry_text=mines["license_expiry"].map(fmt.date),
        note=[note(m) for m in mines.itertuples()])
    drill_table(
        shown[["link", "mine_name", "mineral", "output_text", "pct_text", "expiry_text", "note"]],
        column_config={
            "mine_name": st.column_config.TextColumn("Mỏ", width=170),
            "mineral": st.column_config.TextColumn("Khoáng sản", width=85),
            "output_text": st.column_config.TextColumn("Sản lượng / công suất", width=175),
            "pct_text": st.column_config.TextColumn("% cùng kỳ", width=75),
            "expiry_text": st.column_config.TextColumn("Hết hạn GP", width=90),
            "note": st.column_config.TextColumn("Lưu ý", width=135),
        }, key=f"mines-{code}")
    as_of_caption(mines)


def admin_section(code: str) -> None:
    """The commune's warnings on dossiers and petitions, as the alerts mart gives them."""
    alerts = data.mart("alerts", commune_code=code)
    alerts = alerts[alerts["domain"].isin(["dossiers", "petitions"])] if not alerts.empty else alerts
    if alerts.empty:
        st.info("Không có cảnh báo nào về hồ sơ thủ tục hành chính hay đơn thư ở xã, phường này.")
        return
    st.markdown("".join(
        _item("#c62828" if a.severity == 1 else "#ef8f00", a.title, f"Trách nhiệm: {fmt.text(a.responsible)}")
        for a in alerts.head(20).itertuples()), unsafe_allow_html=True)
    st.page_link("pages/hanh_chinh.py", label="Xem trang Hành chính →")


# --- the page -----------------------------------------------------------------------------------

page_setup("Bản đồ xã, phường")
st.markdown(CSS, unsafe_allow_html=True)

table = commune_table()
code, asked = requested_code(table)
if code:
    profile(code, table)
    st.stop()
if asked:
    not_in_link("xã, phường mã", asked, "hãy chọn trên bản đồ hoặc trong danh sách")

metric = choose_metric()
path = geo_path()
boundaries, problem = None, None
if path is not None:
    try:
        boundaries = geo.load_boundaries(path)
    except Rejected as exc:
        problem = f"Không đọc được tệp ranh giới «{path}»: " + " ".join(p.message for p in exc.problems)
    except OSError as exc:
        problem = f"Không mở được tệp ranh giới «{path}» ({exc.strerror or exc})."
if boundaries is not None:
    show_map(boundaries, table, metric)
else:
    how_to_add_boundaries(problem)
commune_grid(table, metric)
