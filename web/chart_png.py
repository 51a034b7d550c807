"""The trend chart as a PNG image, for mail and the targets that take attachments: mail
clients do not show inline SVG.

The same chart as :func:`nongrata.web.chart.timeline_svg` — one stacked bar per bucket, one
colour per event type, gridlines, bucket labels and a legend — drawn with Pillow's
``ImageDraw`` and its bundled default font (nothing read from the system or the network).
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from nongrata.web.chart import HEIGHT, LEFT, RIGHT, TOP, WIDTH, colour, layout
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
    chart = layout(t)
    plot_h, types = chart.plot_height, chart.types
    for tick, y in chart.grid:
        draw.line([(LEFT * s, y * s), ((WIDTH - RIGHT) * s, y * s)], fill=GRID, width=s)
        draw.text(((LEFT - 6) * s, y * s), str(tick), fill=LABEL, font=small, anchor="rm")
    for seg in chart.segments:
        draw.rectangle(
            [(seg.x * s, seg.y * s), ((seg.x + seg.width) * s - 1, (seg.y + seg.height) * s - 1)],
            fill=colour(seg.event_type),
        )
    for cx, text in chart.labels:
        draw.text((cx * s, (TOP + plot_h + 4) * s), text, fill=LABEL, font=small, anchor="mt")
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
