"""The overview's map, drawn on the server as SVG from country outlines shipped in the package
(``data/world.json``: Natural Earth 1:110m, public domain; made by
``scripts/make_world_map.py``).

Each state that acted or was targeted is shaded by how many new events it took part in, and
an arrow runs from each acting state to its target (thicker for more events). The map is
framed on the states involved (the whole world with ``whole_world``). Each state links to
its events and has a ``<title>`` (the browser's tooltip); states too small for the 1:110m
outlines (Malta, Singapore…) and bodies that are not states are listed beside the map.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from html import escape
from importlib.resources import files
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from nongrata.web.overview import CountryCount, Geography

SHADES = ("#dbeafe", "#93c5fd", "#60a5fa", "#2563eb", "#1e3a8a")
LAND, BORDER, SEA, ARROW = "#e5e7eb", "#ffffff", "#f0f7fb", "#b91c1c"
ASPECT = 2.0  # width / height of the framed view
MIN_FRAME = 160.0  # map units (the world is 1000 wide): the narrowest frame
REACH = 70.0  # a state counts for the frame this far around its anchor (Russia: near Moscow)


@dataclass(frozen=True)
class Shape:
    name: str
    d: str
    at: tuple[float, float]
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class World:
    width: float
    height: float
    shapes: dict[str, Shape]


@functools.cache
def load_world() -> World:
    data: dict[str, Any] = json.loads(
        files("nongrata.web").joinpath("data/world.json").read_text(encoding="utf-8")
    )
    shapes = {
        code: Shape(c["name"], c["d"], (c["at"][0], c["at"][1]), (b[0], b[1], b[2], b[3]))
        for code, c in data["countries"].items()
        for b in [c["box"]]
    }
    return World(float(data["width"]), float(data["height"]), shapes)


@dataclass(frozen=True)
class MapView:
    svg: Markup
    off_map: list[CountryCount]  # involved but not drawn


def _near(shape: Shape) -> tuple[float, float, float, float]:
    """The part of a state's box near its anchor: a huge state does not widen the frame
    beyond where its arrows end."""
    (ax, ay), (x0, y0, x1, y1) = shape.at, shape.box
    return max(x0, ax - REACH), max(y0, ay - REACH), min(x1, ax + REACH), min(y1, ay + REACH)


def _frame(world: World, codes: list[str]) -> tuple[float, float, float, float]:
    boxes = [_near(world.shapes[c]) for c in codes]
    if not boxes:
        return 0.0, 0.0, world.width, world.height
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    w, h = max(x1 - x0, MIN_FRAME) * 1.3, max(y1 - y0, MIN_FRAME / ASPECT) * 1.3
    w, h = max(w, h * ASPECT), max(h, w / ASPECT)
    w, h = min(w, world.width), min(h, world.height)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    left = min(max(cx - w / 2, 0.0), world.width - w)
    top = min(max(cy - h / 2, 0.0), world.height - h)
    return left, top, w, h


def _shade(total: int, most: int) -> str:
    step = math.ceil(total / most * len(SHADES)) - 1 if most else 0
    return SHADES[max(0, min(step, len(SHADES) - 1))]


def _link(base: str, code: str) -> str:
    return escape(f"{base}?{urlencode({'country': code, 'new': '1'})}")


def world_map_svg(geo: Geography, *, events_url: str, whole_world: bool = False) -> MapView:
    world = load_world()
    involved = {c.iso: c for c in geo.countries if c.iso and c.iso in world.shapes}
    off_map = [c for c in geo.countries if not (c.iso and c.iso in world.shapes)]
    x, y, w, h = _frame(world, [] if whole_world else list(involved))
    scale = w / world.width  # strokes and labels keep their size on screen
    most = max((c.total for c in involved.values()), default=0)
    n_states = len(involved)
    title = (
        f"Map of the {n_states} state{'s' if n_states != 1 else ''} in new events: shade by "
        "events, arrows from the acting state to the target"
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x:.1f} {y:.1f} {w:.1f} {h:.1f}" '
        f'class="map" role="img" aria-labelledby="map-title">',
        f'<title id="map-title">{escape(title)}</title>',
        f'<defs><marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" '
        f'markerWidth="5" markerHeight="5" orient="auto-start-reverse">'
        f'<path d="M0 0L10 5L0 10z" fill="{ARROW}"/></marker></defs>',
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{SEA}"/>',
    ]
    stroke = 0.6 * scale
    for code, shape in world.shapes.items():
        count = involved.get(code)
        if count is None:
            out.append(
                f'<path d="{shape.d}" fill="{LAND}" stroke="{BORDER}" stroke-width="{stroke:.2f}" '
                f'fill-rule="evenodd"><title>{escape(shape.name)}</title></path>'
            )
            continue
        tip = f"{count.name}: {count.as_actor} as actor, {count.as_target} as target"
        out.append(
            f'<a href="{_link(events_url, code)}" class="state" data-iso="{escape(code)}">'
            f'<path d="{shape.d}" fill="{_shade(count.total, most)}" stroke="{BORDER}" '
            f'stroke-width="{stroke:.2f}" fill-rule="evenodd"><title>{escape(tip)}</title></path>'
            "</a>"
        )
    most_pair = max((n for _, _, n in geo.pairs), default=1)
    for actor, target, n in geo.pairs:
        if actor == target or actor not in involved or target not in involved:
            continue
        (x0, y0), (x1, y1) = world.shapes[actor].at, world.shapes[target].at
        dx, dy = x1 - x0, y1 - y0
        # Bend each arrow to its right, so that A→B and B→A are two arrows, not one line.
        cx, cy = (x0 + x1) / 2 - dy * 0.2, (y0 + y1) / 2 + dx * 0.2
        width = (1.2 + 2.3 * n / most_pair) * scale
        tip = (
            f"{involved[actor].name} → {involved[target].name}: "
            f"{n} new event{'s' if n != 1 else ''}"
        )
        out.append(
            f'<path d="M{x0:.1f} {y0:.1f}Q{cx:.1f} {cy:.1f} {x1:.1f} {y1:.1f}" fill="none" '
            f'stroke="{ARROW}" stroke-width="{width:.2f}" stroke-linecap="round" '
            f'marker-end="url(#arrowhead)" opacity="0.85" class="flow">'
            f"<title>{escape(tip)}</title></path>"
        )
    font = 11 * scale
    for code in involved:
        ax, ay = world.shapes[code].at
        out.append(
            f'<text x="{ax:.1f}" y="{ay + font / 3:.1f}" font-size="{font:.2f}" '
            f'text-anchor="middle" fill="#0f172a" stroke="#ffffff" '
            f'stroke-width="{font / 5:.2f}" paint-order="stroke" font-weight="bold">'
            f"{escape(code)}</text>"
        )
    out.append("</svg>")
    return MapView(svg=Markup("".join(out)), off_map=off_map)  # noqa: S704 - escaped above
