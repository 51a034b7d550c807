"""Write ``web/data/world.json``: the country outlines the web view's map is drawn from.

The source is Natural Earth's 1:110m admin-0 countries (public domain), as the
``naturalearth_lowres`` shapefile that geopandas 0.14 shipped (with Crimea drawn as part of
Ukraine, and France's and Norway's codes filled in). Get it with
``pip download --no-deps geopandas==0.14.4`` and unzip the wheel, then:

    python scripts/make_world_map.py PATH/TO/naturalearth_lowres.shp [OUTPUT]

The shapefile and its ``.dbf`` are read here with ``struct`` (no GIS library needed). Each
country is projected (Equal Earth), simplified (Douglas–Peucker, about half a pixel at the
map's size) and written as one SVG path in a 1000-unit-wide frame, keyed by its ISO 3166-1
alpha-2 code, with the centroid of its largest part (where arrows from actor to target start
and end; Moscow for Russia) and that part's bounding box (to frame the map on the states involved).
Antarctica is left out.
"""

from __future__ import annotations

import json
import math
import struct
import sys
from pathlib import Path

import pycountry

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "web" / "data" / "world.json"
WIDTH = 1000.0
TOLERANCE = 0.45  # map units (the map is drawn about 1000 px wide)
# Natural Earth's codes that are not ISO 3166-1: Kosovo has none (XK is the code the EU and
# most software use); Northern Cyprus and Somaliland are drawn as part of the states that
# ISO 3166 counts them in.
SPECIAL = {"KOS": "XK", "CYN": "CY", "SOL": "SO"}
SPECIAL_NAMES = {"Kosovo": "XK"}
# Where arrows meet a state whose centroid lies far from where its news comes from: Russia's
# is in Siberia, so its arrows end at Moscow (lon, lat).
ANCHORS = {"RU": (37.62, 55.75)}

Point = tuple[float, float]
Ring = list[Point]

# Equal Earth projection (Šavrič, Patterson, Jenny 2018).
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> Point:
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


X_MAX = equal_earth(180.0, 0.0)[0]
Y_MAX = equal_earth(0.0, 90.0)[1]
Y_MIN = equal_earth(0.0, -60.0)[1]  # nothing south of 60°S but Antarctica
SCALE = WIDTH / (2 * X_MAX)
HEIGHT = round((Y_MAX - Y_MIN) * SCALE)


def to_map(lon: float, lat: float) -> Point:
    x, y = equal_earth(lon, lat)
    return (x + X_MAX) * SCALE, (Y_MAX - y) * SCALE


def read_dbf(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    count, header_len, record_len = struct.unpack("<xxxxIHH", data[:12])
    fields = []
    for pos in range(32, header_len - 1, 32):
        name = data[pos : pos + 11].split(b"\0", 1)[0].decode("ascii")
        fields.append((name.lower(), data[pos + 16]))
    records = []
    for i in range(count):
        start = header_len + i * record_len + 1  # skip the deletion flag
        record: dict[str, str] = {}
        for name, length in fields:
            record[name] = data[start : start + length].decode("utf-8", "replace").strip()
            start += length
        records.append(record)
    return records


def read_shp(path: Path) -> list[list[Ring]]:
    """Each record's rings (polygons; holes are rings too, drawn with the even-odd rule)."""
    data = path.read_bytes()
    pos = 100
    shapes: list[list[Ring]] = []
    while pos < len(data):
        _, length = struct.unpack(">ii", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + 2 * length]
        pos += 8 + 2 * length
        shape_type = struct.unpack("<i", body[:4])[0]
        if shape_type == 0:
            shapes.append([])
            continue
        assert shape_type == 5, f"not a polygon shapefile (shape type {shape_type})"
        n_parts, n_points = struct.unpack("<ii", body[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", body[44 : 44 + 4 * n_parts]))
        at = 44 + 4 * n_parts
        points = [
            struct.unpack("<dd", body[at + 16 * k : at + 16 * k + 16]) for k in range(n_points)
        ]
        rings = []
        for i, first in enumerate(parts):
            last = parts[i + 1] if i + 1 < n_parts else n_points
            rings.append([(float(p[0]), float(p[1])) for p in points[first:last]])
        shapes.append(rings)
    return shapes


def _distance(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == dy == 0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def simplify(points: Ring, tolerance: float) -> Ring:
    """Douglas–Peucker, iteratively."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, index = 0.0, -1
        for i in range(first + 1, last):
            d = _distance(points[i], points[first], points[last])
            if d > worst:
                worst, index = d, i
        if worst > tolerance and index > 0:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def area_and_centroid(ring: Ring) -> tuple[float, Point]:
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        return 0.0, ring[0]
    return abs(area / 2), (cx / (3 * area), cy / (3 * area))


def path_of(rings: list[Ring]) -> str:
    parts = []
    for ring in rings:
        pts = [(round(x, 1), round(y, 1)) for x, y in ring]
        deduped = [p for i, p in enumerate(pts) if i == 0 or p != pts[i - 1]]
        if len(deduped) < 4:
            continue
        first, *rest = deduped
        if rest[-1] == first:
            rest = rest[:-1]  # Z closes the ring
        moves = " ".join(f"{x:g} {y:g}" for x, y in rest)
        parts.append(f"M{first[0]:g} {first[1]:g}L{moves}Z")
    return "".join(parts)


def alpha2(a3: str, name: str) -> str:
    if a3 in SPECIAL or name in SPECIAL_NAMES:
        return SPECIAL.get(a3) or SPECIAL_NAMES[name]
    found = pycountry.countries.get(alpha_3=a3)
    return found.alpha_2 if found else ""


def build(shp: Path) -> dict[str, object]:
    records = read_dbf(shp.with_suffix(".dbf"))
    shapes = read_shp(shp)
    names: dict[str, str] = {}
    outlines: dict[str, list[Ring]] = {}
    for record, rings in zip(records, shapes, strict=True):
        if record.get("continent") == "Antarctica" or not rings:
            continue
        code = alpha2(record["iso_a3"], record["name"])
        if not code:
            print(f"skipped {record['name']!r} ({record['iso_a3']}): no ISO code", file=sys.stderr)
            continue
        if record["iso_a3"] not in {"CYN", "SOL"}:  # merged parts keep the state's name
            names[code] = record["name"]
        outlines.setdefault(code, []).extend(rings)
    countries: dict[str, dict[str, object]] = {}
    for code, rings in outlines.items():
        projected = [simplify([to_map(lon, lat) for lon, lat in ring], TOLERANCE) for ring in rings]
        largest = max(projected, key=lambda r: area_and_centroid(r)[0])
        _, (cx, cy) = area_and_centroid(largest)
        if code in ANCHORS:
            cx, cy = to_map(*ANCHORS[code])
        xs, ys = [p[0] for p in largest], [p[1] for p in largest]
        countries[code] = {
            "name": names[code],
            "d": path_of(projected),
            "at": [round(cx, 1), round(cy, 1)],
            "box": [round(min(xs), 1), round(min(ys), 1), round(max(xs), 1), round(max(ys), 1)],
        }
    return {
        "source": "Natural Earth 1:110m admin-0 countries (public domain), via geopandas "
        "0.14 naturalearth_lowres; Equal Earth projection",
        "width": WIDTH,
        "height": HEIGHT,
        "countries": dict(sorted(countries.items())),
    }


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    world = build(Path(argv[0]))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(world, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"wrote {output}: {len(world['countries'])} countries")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
