"""The trend chart as a PNG: a valid image of the chart's size whose bars have the heights
of the counts, one colour per type, drawn with Pillow's bundled font."""

from __future__ import annotations

import io
from datetime import date, timedelta

from PIL import Image, ImageColor

from nongrata.web.chart import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, colour
from nongrata.web.chart_png import timeline_png
from nongrata.web.overview import count_timeline

TODAY = date(2026, 12, 7)


def _column(image: Image.Image, x: int, rgb: tuple[int, ...]) -> int:
    """How many pixels of the column ``x`` are of ``rgb``."""
    return sum(1 for y in range(image.height) if image.getpixel((x, y)) == rgb)


def _dark(rgb: object) -> bool:
    return isinstance(rgb, tuple) and sum(rgb) < 200


def test_the_png_has_a_bar_per_day_as_tall_as_its_count() -> None:
    day = timedelta(days=1)
    events = [(TODAY, "expulsion")] * 3 + [(TODAY, "arrest")] + [(TODAY - 2 * day, "expulsion")]
    timeline = count_timeline(events, TODAY, 14)
    assert timeline.unit == "day"
    assert len(timeline.buckets) == 14

    data = timeline_png(timeline)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    opened = Image.open(io.BytesIO(data))
    assert (opened.format, opened.size) == ("PNG", (WIDTH, HEIGHT))
    image = opened.convert("RGB")

    slot = (WIDTH - LEFT - RIGHT) / 14
    plot_h = HEIGHT - TOP - BOTTOM
    unit = plot_h / 4  # the top gridline is at 4 (the tallest bar)
    red, blue = ImageColor.getrgb(colour("expulsion")), ImageColor.getrgb(colour("arrest"))

    def centre(i: int) -> int:
        return round(LEFT + i * slot + slot / 2)

    today, two_days_ago, empty = centre(13), centre(11), centre(5)
    # Today: 3 expulsions and 1 arrest stacked; two days ago: 1 expulsion; elsewhere nothing.
    assert abs(_column(image, today, red) - 3 * unit) <= 2
    assert abs(_column(image, today, blue) - unit) <= 2
    assert abs(_column(image, two_days_ago, red) - unit) <= 2
    assert _column(image, two_days_ago, blue) == 0
    assert _column(image, empty, red) == _column(image, empty, blue) == 0
    # The legend and the labels are drawn in text (dark pixels below the plot).
    legend = image.crop((LEFT, HEIGHT - 30, WIDTH // 2, HEIGHT))
    assert any(_dark(rgb) for _, rgb in legend.getcolors(1 << 16) or [])


def test_an_empty_window_still_draws_a_chart_and_scales() -> None:
    timeline = count_timeline([], TODAY, 14)
    image = Image.open(io.BytesIO(timeline_png(timeline, scale=2)))
    assert image.size == (2 * WIDTH, 2 * HEIGHT)
    colours = {rgb for _, rgb in image.convert("RGB").getcolors(1 << 16) or []}
    assert ImageColor.getrgb(colour("expulsion")) not in colours
