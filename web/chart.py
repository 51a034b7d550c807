"""The overview's chart, drawn on the server as SVG: new events per day (week, month), one
stacked bar per bucket, one colour per event type.

No script and no style sheet is needed to read it: colours are presentation attributes, each
bar segment has a ``<title>`` (the browser's tooltip), and the page shows the same numbers
as a table beside it. Every text put into the SVG is escaped.
"""

from __future__ import annotations

from collections import Counter
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


def timeline_svg(t: Timeline) -> Markup:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    totals = [t.counts[b].total() if b in t.counts else 0 for b in t.buckets]
    top = max([*totals, 1])
    grid = ticks(top)
    top = max(top, grid[-1])
    slot = plot_w / max(1, len(t.buckets))
    bar = max(2.0, slot * 0.72)
    types = t.types()
    title = (
        f"New events per {t.unit}, {t.start.isoformat()} to {t.end.isoformat()}, by type: "
        f"{t.total} in all"
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="chart" role="img" aria-labelledby="chart-title">',
        f'<title id="chart-title">{escape(title)}</title>',
    ]
    for tick in grid:
        y = TOP + plot_h - tick / top * plot_h
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#e2e8f0" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#475569">{tick}</text>'
        )
    label_every = max(1, round(len(t.buckets) / 8))
    for i, bucket in enumerate(t.buckets):
        x = LEFT + i * slot + (slot - bar) / 2
        y = TOP + plot_h
        counts = t.counts.get(bucket, Counter[str]())
        for event_type in types:
            n = counts.get(event_type, 0)
            if not n:
                continue
            h = n / top * plot_h
            y -= h
            tip = f"{t.label(bucket)}: {n} {event_type}{'s' if n != 1 else ''}"
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{colour(event_type)}"><title>{escape(tip)}</title></rect>'
            )
        if (len(t.buckets) - 1 - i) % label_every == 0:  # the last bucket is always labelled
            text = bucket.strftime("%Y-%m" if t.unit == "month" else "%m-%d")
            cx = x + bar / 2
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
