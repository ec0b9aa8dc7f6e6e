"""Small server-side SVG charts. Each sits beside a data table with the same numbers.

Colours and lines come from classes in program.css (the CSP forbids style attributes).
Text in the SVG is escaped; the charts are decorative for screen readers, which read the
table instead (aria-hidden), so the chart never has to say everything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from django.utils.safestring import SafeString, mark_safe

from mildkracht.web.formatting import chart_date

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[tuple[date, float]]
    css: str


def _x(day: date, first: date, last: date) -> float:
    span = max(1, (last - first).days)
    return LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span


def _y(value: float, low: float, high: float) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (value - low) / (high - low))


def _frame(low: float, high: float, ticks: Sequence[float]) -> list[str]:
    parts = []
    for tick in ticks:
        y = _y(tick, low, high)
        parts.append(
            f'<line class="chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="chart-label" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{tick:g}</text>"
        )
    return parts


def _svg(parts: list[str], label: str) -> SafeString:
    body = "".join(parts)
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-hidden="true" '
        f'focusable="false" xmlns="http://www.w3.org/2000/svg"><title>{escape(label)}</title>'
        f"{body}</svg>"
    )


def line_chart(
    series: Sequence[Series],
    low: float,
    high: float,
    label: str,
) -> SafeString:
    """Lines over time on a fixed scale, with the dates under the first series."""
    days = [day for s in series for day, _ in s.points]
    if not days:
        return _svg([], label)
    first, last = min(days), max(days)
    step = 1 if high - low <= 5 else (high - low) / 5
    ticks = [low + i * step for i in range(round((high - low) / step) + 1)]
    parts = _frame(low, high, ticks)
    for index, s in enumerate(series):
        coords = [(_x(d, first, last), _y(v, low, high)) for d, v in s.points]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline class="chart-line {s.css}" points="{path}"/>')
        for x, y in coords:
            parts.append(f'<circle class="chart-dot {s.css}" cx="{x:.1f}" cy="{y:.1f}" r="4"/>')
        if index == 0:
            for day, _value in s.points:
                parts.append(
                    f'<text class="chart-label" x="{_x(day, first, last):.1f}" '
                    f'y="{HEIGHT - 22}" text-anchor="middle">{escape(chart_date(day))}</text>'
                )
    return _svg(parts, label)


def bar_chart(
    bars: Sequence[tuple[str, float, float]], goal: float, label: str, goal_label: str
) -> SafeString:
    """Stacked bars (formal below, informal above) against a dashed goal line (none for 0)."""
    high = max([goal * 1.2, *[formal + informal for _, formal, informal in bars], 1.0])
    ticks = [0, round(high / 2), round(high)]
    parts = _frame(0, high, ticks)
    width = (WIDTH - LEFT - RIGHT) / max(1, len(bars))
    for index, (name, formal, informal) in enumerate(bars):
        x = LEFT + index * width + width * 0.2
        bottom = _y(0, 0, high)
        top_formal = _y(formal, 0, high)
        top_all = _y(formal + informal, 0, high)
        parts.append(
            f'<rect class="chart-formal" x="{x:.1f}" y="{top_formal:.1f}" '
            f'width="{width * 0.6:.1f}" height="{bottom - top_formal:.1f}"/>'
            f'<rect class="chart-informal" x="{x:.1f}" y="{top_all:.1f}" '
            f'width="{width * 0.6:.1f}" height="{top_formal - top_all:.1f}"/>'
            f'<text class="chart-label" x="{x + width * 0.3:.1f}" y="{HEIGHT - 22}" '
            f'text-anchor="middle">{escape(name)}</text>'
        )
    if not goal:
        return _svg(parts, label)
    y = _y(goal, 0, high)
    parts.append(
        f'<line class="chart-reference" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
        f'y1="{y:.1f}" y2="{y:.1f}"/>'
        f'<text class="chart-label" x="{WIDTH - RIGHT}" y="{y - 6:.1f}" text-anchor="end">'
        f"{escape(goal_label)}</text>"
    )
    return _svg(parts, label)


def scatter(points: Sequence[tuple[float, float]], label: str) -> SafeString:
    """Minutes (x) against change (y), with a zero line."""
    if not points:
        return _svg([], label)
    high_x = max(max(x for x, _ in points), 1.0)
    extent = max(max(abs(y) for _, y in points), 0.5)
    parts = _frame(-extent, extent, [-extent, 0, extent])
    for x_value, y_value in points:
        x = LEFT + (WIDTH - LEFT - RIGHT) * x_value / high_x
        parts.append(
            f'<circle class="chart-dot chart-total" cx="{x:.1f}" '
            f'cy="{_y(y_value, -extent, extent):.1f}" r="5"/>'
        )
    parts.append(
        f'<text class="chart-label" x="{WIDTH - RIGHT}" y="{HEIGHT - 22}" text-anchor="end">'
        f"{high_x:.0f} min</text>"
    )
    return _svg(parts, label)
