"""The overview's chart, drawn on the server as SVG: new events per day (week, month), one
stacked bar per bucket, one colour per event type.

No script and no style sheet is needed to read it: colours are presentation attributes, each
bar segment has a ``<title>`` (the browser's tooltip), and the page shows the same numbers
as a table beside it. Every text put into the SVG is escaped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from nongrata.web.overview import Timeline

TYPE_COLOURS = {
    "expulsion": "#b91c1c",
    "arrest": "#1d4ed8",
    "charge": "#7e22ce",
    "conviction": "#047857",
    "recall": "#b45309",
    "closure": "#475569",
}
OTHER_COLOUR = "#64748b"
WIDTH, HEIGHT = 760, 260
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 16, 56


def colour(event_type: str) -> str:
    return TYPE_COLOURS.get(event_type, OTHER_COLOUR)


def ticks(top: int) -> list[int]:
    """Whole-number gridlines up to ``top``: at most five."""
    step = max(1, -(-top // 5))
    return list(range(0, top + 1, step))


@dataclass(frozen=True)
class Segment:
    """One event type's part of one bucket's bar (``y``: its top)."""

    x: float
    y: float
    width: float
    height: float
    event_type: str
    count: int
    bucket_label: str


@dataclass(frozen=True)
class Layout:
    """Where everything of the chart of a timeline goes, in ``WIDTH`` × ``HEIGHT`` units:
    the one geometry that the SVG and the PNG (``chart_png``) both draw."""

    plot_height: float
    grid: list[tuple[int, float]]  # each gridline's value and height
    segments: list[Segment]
    labels: list[tuple[float, str]]  # each labelled bucket's centre and label
    types: list[str]


def layout(t: Timeline) -> Layout:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    totals = [t.counts[b].total() if b in t.counts else 0 for b in t.buckets]
    top = max([*totals, 1])
    grid = ticks(top)
    top = max(top, grid[-1])
    slot = plot_w / max(1, len(t.buckets))
    bar = max(2.0, slot * 0.72)
    types = t.types()
    segments: list[Segment] = []
    labels: list[tuple[float, str]] = []
    label_every = max(1, round(len(t.buckets) / 8))
    for i, bucket in enumerate(t.buckets):
        x = LEFT + i * slot + (slot - bar) / 2
        y = float(TOP + plot_h)
        counts = t.counts.get(bucket, Counter[str]())
        for event_type in types:
            n = counts.get(event_type, 0)
            if not n:
                continue
            h = n / top * plot_h
            y -= h
            segments.append(Segment(x, y, bar, h, event_type, n, t.label(bucket)))
        if (len(t.buckets) - 1 - i) % label_every == 0:  # the last bucket is always labelled
            labels.append((x + bar / 2, bucket.strftime("%Y-%m" if t.unit == "month" else "%m-%d")))
    return Layout(
        plot_height=plot_h,
        grid=[(tick, TOP + plot_h - tick / top * plot_h) for tick in grid],
        segments=segments,
        labels=labels,
        types=types,
    )


def timeline_svg(t: Timeline) -> Markup:
    chart = layout(t)
    plot_h = chart.plot_height
    types = chart.types
    title = (
        f"New events per {t.unit}, {t.start.isoformat()} to {t.end.isoformat()}, by type: "
        f"{t.total} in all"
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="chart" role="img" aria-labelledby="chart-title">',
        f'<title id="chart-title">{escape(title)}</title>',
    ]
    for tick, y in chart.grid:
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#e2e8f0" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#475569">{tick}</text>'
        )
    for seg in chart.segments:
        n = seg.count
        tip = f"{seg.bucket_label}: {n} {seg.event_type}{'s' if n != 1 else ''}"
        out.append(
            f'<rect x="{seg.x:.1f}" y="{seg.y:.1f}" width="{seg.width:.1f}" '
            f'height="{seg.height:.1f}" '
            f'fill="{colour(seg.event_type)}"><title>{escape(tip)}</title></rect>'
        )
    for cx, text in chart.labels:
        out.append(
            f'<text x="{cx:.1f}" y="{TOP + plot_h + 14}" text-anchor="middle" '
            f'font-size="11" fill="#475569">{escape(text)}</text>'
        )
    out.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" '
        f'stroke="#94a3b8" stroke-width="1"/>'
    )
    x = float(LEFT)
    legend_y = HEIGHT - 14
    for event_type in types or ["no new events in this window"]:
        if types:
            out.append(
                f'<rect x="{x:.1f}" y="{legend_y - 10}" width="12" height="12" '
                f'fill="{colour(event_type)}"/>'
            )
            x += 16
        out.append(
            f'<text x="{x:.1f}" y="{legend_y}" font-size="12" fill="#1e293b">'
            f"{escape(event_type)}</text>"
        )
        x += 10 + 7.5 * len(event_type)
    out.append("</svg>")
    return Markup("".join(out))  # noqa: S704 - every text above is escaped
