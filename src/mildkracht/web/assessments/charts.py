"""Server-side SVG charts: no JavaScript, readable by screen readers, safe to embed.

Pure functions from values to an SVG string. Every text is escaped here, so the result can
be marked safe in a template. Each chart is ``role="img"`` with a ``<title>`` and a
``<desc>``; pages show the same numbers in a table beside it. Colours are presentation
attributes, not inline styles, so the Content-Security-Policy needs no 'unsafe-inline'.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

ACCENT = "#1d5e63"
WARM = "#8a5300"  # for scores where lower is the kinder direction (the unkind components)
FIERCE = "#24496e"  # the fierce side, as in the practice app: never the unkind brown
TEXT = "#1f2a2e"
MUTED = "#4a575c"
GRID = "#cfd6d4"
TRACK = "#e3efee"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"

WIDTH = 420
BAR_ROW = 62
BAR_HEIGHT = 20


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value (None = no score) and the value as shown."""

    label: str
    value: float | None
    value_text: str
    note: str = ""
    warm: bool = False
    fierce: bool = False


@dataclass(frozen=True)
class Point:
    """One point of a line: where it lies in time (``x``, any unit), its value and labels."""

    x: float
    value: float
    label: str
    value_text: str


def bar_chart(
    bars: Sequence[Bar],
    *,
    minimum: float,
    maximum: float,
    title: str,
    description: str = "",
    chart_id: str = "bar-chart",
) -> str:
    """Horizontal bars from ``minimum`` to ``maximum``, each label above its bar."""
    _check_range(minimum, maximum)
    left, right = 6.0, WIDTH - 60.0
    ticks = [
        (_scale(value, minimum, maximum, left, right), value) for value in _ticks(minimum, maximum)
    ]
    axis_y = 8 + BAR_ROW * len(bars)
    parts = [_open(chart_id, WIDTH, axis_y + 24, title, description)]
    for index, bar in enumerate(bars):
        top = 8 + BAR_ROW * index
        parts.append(_bar_row(bar, top, minimum, maximum, (left, right), [x for x, _ in ticks]))
    for x, value in ticks:
        parts.append(_text(x, axis_y + 16, _number(value), MUTED, anchor="middle", size=14))
    parts.append("</svg>")
    return "".join(parts)


def _bar_row(
    bar: Bar,
    top: float,
    minimum: float,
    maximum: float,
    span: tuple[float, float],
    grid: Sequence[float],
) -> str:
    left, right = span
    note = f'<tspan fill="{MUTED}" font-size="14"> · {escape(bar.note)}</tspan>' if bar.note else ""
    label = (
        f'<text x="{left:g}" y="{top + 18:g}" fill="{TEXT}" font-size="16">'
        f'<tspan font-weight="600">{escape(bar.label)}</tspan>{note}</text>'
    )
    bar_top = top + 28
    parts = [label, _rect(left, bar_top, right - left, BAR_HEIGHT, TRACK)]
    # Grid lines only across the bar, so they never run through a label.
    parts += [_line(x, bar_top - 3, x, bar_top + BAR_HEIGHT + 3, GRID) for x in grid]
    if bar.value is None:
        parts.append(_text(left + 6, bar_top + 15, bar.value_text, MUTED, size=15))
        return "".join(parts)
    end = _scale(_clamp(bar.value, minimum, maximum), minimum, maximum, left, right)
    parts.append(
        _rect(
            left,
            bar_top,
            max(end - left, 2.0),
            BAR_HEIGHT,
            WARM if bar.warm else FIERCE if bar.fierce else ACCENT,
        )
    )
    parts.append(_text(end + 6, bar_top + 15, bar.value_text, TEXT, size=16, weight="600"))
    return "".join(parts)


def line_chart(
    points: Sequence[Point],
    *,
    minimum: float,
    maximum: float,
    title: str,
    description: str = "",
    chart_id: str = "line-chart",
) -> str:
    """A line through ``points`` in time order, on a vertical axis from minimum to maximum.

    Points are placed in proportion to their ``x``, so uneven gaps between dates look
    uneven. No reference level is drawn: what a published group reported is told in words
    beside the chart (DESIGN.md, "Show change, honestly").
    """
    _check_range(minimum, maximum)
    height, top, bottom, left, right = 260, 16.0, 220.0, 40.0, WIDTH - 24.0
    parts = [_open(chart_id, WIDTH, height, title, description)]
    for value in _ticks(minimum, maximum):
        y = _scale(value, minimum, maximum, bottom, top)
        parts.append(_line(left, y, right, y, GRID))
        parts.append(_text(left - 8, y + 5, _number(value), MUTED, anchor="end", size=13))
    parts.append(_series(points, minimum, maximum, (left, right, top, bottom)))
    parts.append("</svg>")
    return "".join(parts)


def _series(
    points: Sequence[Point],
    minimum: float,
    maximum: float,
    box: tuple[float, float, float, float],
) -> str:
    if not points:
        return ""
    left, right, top, bottom = box
    ordered = sorted(points, key=lambda point: point.x)
    first, last = ordered[0].x, ordered[-1].x
    inner_left, inner_right = left + 24, right - 24

    def place(point: Point) -> tuple[float, float]:
        x = (
            (inner_left + inner_right) / 2
            if last == first
            else _scale(point.x, first, last, inner_left, inner_right)
        )
        return x, _scale(_clamp(point.value, minimum, maximum), minimum, maximum, bottom, top)

    placed = [place(point) for point in ordered]
    parts = []
    if len(placed) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in placed)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{ACCENT}" stroke-width="3" '
            'stroke-linejoin="round" stroke-linecap="round"/>'
        )
    for point, (x, y) in zip(ordered, placed, strict=True):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{ACCENT}" stroke="#ffffff" '
            f'stroke-width="2"><title>{escape(point.label)}: {escape(point.value_text)}</title>'
            "</circle>"
        )
    labelled = [0] if len(ordered) == 1 else [0, len(ordered) - 1]
    for index in labelled:
        x = placed[index][0]
        anchor = "middle" if len(ordered) == 1 else ("start" if index == 0 else "end")
        parts.append(_text(x, bottom + 28, ordered[index].label, MUTED, anchor=anchor, size=13))
    return "".join(parts)


def _open(chart_id: str, width: float, height: float, title: str, description: str) -> str:
    chart_id = escape(chart_id)
    labelled_by = f"{chart_id}-title" + (f" {chart_id}-desc" if description else "")
    desc = f'<desc id="{chart_id}-desc">{escape(description)}</desc>' if description else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}" role="img" '
        f'viewBox="0 0 {width:g} {height:g}" aria-labelledby="{labelled_by}" '
        f'font-family="{FONT}"><title id="{chart_id}-title">{escape(title)}</title>{desc}'
    )


def _text(
    x: float,
    y: float,
    content: str,
    fill: str,
    *,
    anchor: str = "start",
    size: int = 15,
    weight: str = "400",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" fill="{fill}" font-size="{size}" '
        f'font-weight="{weight}" text-anchor="{anchor}">{escape(content)}</text>'
    )


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str) -> str:
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
        f'stroke="{stroke}" stroke-width="1"/>'
    )


def _rect(x: float, y: float, width: float, height: float, fill: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:g}" rx="3" '
        f'fill="{fill}"/>'
    )


def _scale(value: float, low: float, high: float, start: float, end: float) -> float:
    return start + (value - low) / (high - low) * (end - start)


def _clamp(value: float, low: float, high: float) -> float:
    return min(max(value, low), high)


def _check_range(minimum: float, maximum: float) -> None:
    if not (math.isfinite(minimum) and math.isfinite(maximum) and minimum < maximum):
        raise ValueError(f"a chart needs minimum < maximum, got {minimum} and {maximum}")


def _ticks(minimum: float, maximum: float) -> list[float]:
    """Whole-number ticks: every one on a short scale, about five on a long one."""
    span = maximum - minimum
    step = 1.0 if span <= 8 else float(math.ceil(span / 5))
    start = math.ceil(minimum)
    count = int((maximum - start) // step) + 1
    return [start + step * index for index in range(count)]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
