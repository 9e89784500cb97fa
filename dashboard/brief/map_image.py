"""The commune map as a picture for paper (PNG, drawn with Pillow) and for the offline copy (inline SVG):
each commune filled by its class on one figure, the province outline, names where there is
something to see, and the legend. Needs nothing from the network and no browser.
"""

from __future__ import annotations

import html
import io
import math
from dataclasses import dataclass

import shapely
from PIL import Image, ImageDraw, ImageFont

from .. import geo
from . import fonts

OUTLINE = "#5f6368"
EDGE = "#ffffff"
TEXT = "#202124"


@dataclass(frozen=True)
class MapLayer:
    """What one map shows: a value per commune code, coloured by `classes`."""

    title: str
    values: dict  # commune_code -> number or None
    classes: list  # geo.ColourClass
    names: dict  # commune_code -> name
    label_when: str = "positive"  # name the communes whose value is > 0 ('positive') or none ('none')

    def colour(self, code: str) -> str:
        found = geo.class_of(self.values.get(code), self.classes)
        return found.colour if found else geo.MISSING_COLOUR

    def labelled(self, code: str) -> bool:
        value = self.values.get(code)
        return self.label_when == "positive" and value is not None and not _nan(value) and value > 0


def _nan(value) -> bool:
    return isinstance(value, float) and math.isnan(value)


class _Projection:
    """Web mercator fitted into a box of `width` × `height` pixels, north up."""

    def __init__(self, bounds: tuple[float, float, float, float], width: int, height: int, margin: int):
        minx, miny, maxx, maxy = bounds
        self.x0, self.y0 = minx, geo._mercator_y(maxy)
        span_x, span_y = maxx - minx, self.y0 - geo._mercator_y(miny)
        self.scale = min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y)
        self.dx = (width - span_x * self.scale) / 2
        self.dy = (height - span_y * self.scale) / 2

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (self.dx + (lon - self.x0) * self.scale, self.dy + (self.y0 - geo._mercator_y(lat)) * self.scale)

    def ring(self, coords) -> list[tuple[float, float]]:
        return [self(x, y) for x, y in coords]


def _polygons(geometry) -> list:
    return list(geometry.geoms) if hasattr(geometry, "geoms") else [geometry]


def _aspect(bounds) -> float:
    minx, miny, maxx, maxy = bounds
    return (geo._mercator_y(maxy) - geo._mercator_y(miny)) / (maxx - minx)


def png(boundaries: geo.Boundaries, layer: MapLayer, width: int = 1600) -> bytes:
    """The map with its legend below, as PNG bytes; the title is the document's text, above it."""
    map_h = int(width * _aspect(boundaries.bounds))
    title_h, legend_h = 0, int(width * 0.06)
    image = Image.new("RGB", (width, title_h + map_h + legend_h), "white")
    draw = ImageDraw.Draw(image)
    regular = fonts.pil_font(int(width * 0.016))

    proj = _Projection(boundaries.bounds, width, map_h, margin=int(width * 0.02))
    def shift(points):
        return [(x, y + title_h) for x, y in points]

    for feature, shape in zip(boundaries.features, boundaries.shapes):
        colour = layer.colour(feature["properties"]["commune_code"])
        for polygon in _polygons(shape):
            draw.polygon(shift(proj.ring(polygon.exterior.coords)), fill=colour, outline=EDGE)
            for hole in polygon.interiors:
                draw.polygon(shift(proj.ring(hole.coords)), fill="white", outline=EDGE)
    if boundaries.outline:
        for line in _lines(boundaries.outline["geometry"]):
            draw.line(shift(proj.ring(line)), fill=OUTLINE, width=max(2, width // 500))
    for feature in boundaries.features:
        props = feature["properties"]
        if layer.labelled(props["commune_code"]):
            x, y = proj(props["label_lon"], props["label_lat"])
            text = f"{layer.names.get(props['commune_code'], '')}"
            draw.text((x, y + title_h), text, font=regular, fill=TEXT, anchor="mm",
                      stroke_width=max(2, width // 600), stroke_fill="white")
    _png_legend(draw, layer, width, title_h + map_h, legend_h, regular)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _png_legend(draw: ImageDraw.ImageDraw, layer: MapLayer, width: int, top: int, height: int,
                font: ImageFont.FreeTypeFont) -> None:
    entries = [(c.colour, c.label) for c in layer.classes] + [(geo.MISSING_COLOUR, "chưa có số liệu")]
    box = int(height * 0.4)
    widths = [box + 12 + draw.textlength(label, font=font) + 30 for _, label in entries]
    x, y = (width - sum(widths)) / 2, top + (height - box) / 2
    for (colour, label), w in zip(entries, widths):
        draw.rectangle([x, y, x + box, y + box], fill=colour, outline=OUTLINE)
        draw.text((x + box + 10, y + box / 2), label, font=font, fill=TEXT, anchor="lm")
        x += w


def _lines(geometry: dict) -> list:
    shape = shapely.geometry.shape(geometry)
    parts = list(shape.geoms) if hasattr(shape, "geoms") else [shape]
    return [list(p.coords) for p in parts]


def svg(boundaries: geo.Boundaries, layer: MapLayer, width: int = 760) -> str:
    """The same map as an inline SVG element (scales to its container; names on tap-and-hold as titles)."""
    map_h = int(width * _aspect(boundaries.bounds))
    legend_h = 44
    proj = _Projection(boundaries.bounds, width, map_h, margin=10)
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {map_h + legend_h}" '
              f'role="img" aria-label="{html.escape(layer.title)}" style="width:100%;height:auto">')]
    for feature, shape in zip(boundaries.features, boundaries.shapes):
        code = feature["properties"]["commune_code"]
        path = " ".join(" ".join([_svg_ring(proj.ring(p.exterior.coords)),
                                  *(_svg_ring(proj.ring(h.coords)) for h in p.interiors)])
                        for p in _polygons(shape))
        value = layer.values.get(code)
        shown = "chưa có số liệu" if value is None or _nan(value) else f"{value:g}".replace(".", ",")
        parts.append(f'<path d="{path}" fill="{layer.colour(code)}" stroke="{EDGE}" stroke-width="0.6" '
                     f'fill-rule="evenodd"><title>{html.escape(layer.names.get(code, code))}: {shown}</title></path>')
    if boundaries.outline:
        for line in _lines(boundaries.outline["geometry"]):
            points = " ".join(f"{x:.1f},{y:.1f}" for x, y in proj.ring(line))
            parts.append(f'<polyline points="{points}" fill="none" stroke="{OUTLINE}" stroke-width="1.5"/>')
    for feature in boundaries.features:
        props = feature["properties"]
        if layer.labelled(props["commune_code"]):
            x, y = proj(props["label_lon"], props["label_lat"])
            parts.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="12" text-anchor="middle" '
                         f'dominant-baseline="middle" paint-order="stroke" stroke="white" stroke-width="3" '
                         f'fill="{TEXT}">{html.escape(layer.names.get(props["commune_code"], ""))}</text>')
    x = 10
    entries = [(c.colour, c.label) for c in layer.classes] + [(geo.MISSING_COLOUR, "chưa có số liệu")]
    for colour, label in entries:
        parts.append(f'<rect x="{x}" y="{map_h + 14}" width="16" height="16" fill="{colour}" stroke="{OUTLINE}"/>'
                     f'<text x="{x + 22}" y="{map_h + 27}" font-size="13" fill="{TEXT}">{html.escape(label)}</text>')
        x += 22 + 8 * len(label) + 24
    parts.append("</svg>")
    return "".join(parts)


def _svg_ring(points: list[tuple[float, float]]) -> str:
    return "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points) + " Z"
