"""The trend chart as a PNG image, for mail and the targets that take attachments: mail
clients do not show inline SVG.

The same chart as :func:`nongrata.web.chart.timeline_svg` — one stacked bar per bucket, one
colour per event type, gridlines, bucket labels and a legend — drawn with Pillow's
``ImageDraw`` and its bundled default font (nothing read from the system or the network).
"""

from __future__ import annotations

import io
from collections import Counter

from PIL import Image, ImageDraw, ImageFont

from nongrata.web.chart import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, colour, ticks
from nongrata.web.overview import Timeline

BACKGROUND = "#ffffff"
GRID = "#e2e8f0"
AXIS = "#94a3b8"
LABEL = "#475569"
INK = "#1e293b"


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def timeline_png(t: Timeline, *, scale: int = 1) -> bytes:
    """The chart of ``t`` as PNG bytes, ``WIDTH`` × ``HEIGHT`` pixels times ``scale``."""
    s = max(1, scale)
    image = Image.new("RGB", (WIDTH * s, HEIGHT * s), BACKGROUND)
    draw = ImageDraw.Draw(image)
    small, legend_font = _font(11 * s), _font(12 * s)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    totals = [t.counts[b].total() if b in t.counts else 0 for b in t.buckets]
    top = max([*totals, 1])
    grid = ticks(top)
    top = max(top, grid[-1])
    for tick in grid:
        y = TOP + plot_h - tick / top * plot_h
        draw.line([(LEFT * s, y * s), ((WIDTH - RIGHT) * s, y * s)], fill=GRID, width=s)
        draw.text(((LEFT - 6) * s, y * s), str(tick), fill=LABEL, font=small, anchor="rm")
    slot = plot_w / max(1, len(t.buckets))
    bar = max(2.0, slot * 0.72)
    types = t.types()
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
            draw.rectangle(
                [(x * s, (y - h) * s), ((x + bar) * s - 1, y * s - 1)], fill=colour(event_type)
            )
            y -= h
        if (len(t.buckets) - 1 - i) % label_every == 0:  # the last bucket is always labelled
            text = bucket.strftime("%Y-%m" if t.unit == "month" else "%m-%d")
            draw.text(
                ((x + bar / 2) * s, (TOP + plot_h + 4) * s),
                text,
                fill=LABEL,
                font=small,
                anchor="mt",
            )
    axis_y = (TOP + plot_h) * s
    draw.line([(LEFT * s, axis_y), ((WIDTH - RIGHT) * s, axis_y)], fill=AXIS, width=s)
    x = float(LEFT)
    legend_y = HEIGHT - 14
    for event_type in types or ["no new events in this window"]:
        if types:
            draw.rectangle(
                [(x * s, (legend_y - 10) * s), ((x + 12) * s - 1, (legend_y + 2) * s - 1)],
                fill=colour(event_type),
            )
            x += 16
        draw.text((x * s, legend_y * s), event_type, fill=INK, font=legend_font, anchor="ls")
        x += 10 + draw.textlength(event_type, font=legend_font) / s
    title = f"New events per {t.unit}, {t.start.isoformat()} to {t.end.isoformat()}: {t.total}"
    if x + 20 + draw.textlength(title, font=small) / s < WIDTH - RIGHT:  # beside the legend
        draw.text(((WIDTH - RIGHT) * s, legend_y * s), title, fill=LABEL, font=small, anchor="rs")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
