"""In the dark colour scheme, every colour that carries meaning stays visible.

Lines, bars and borders need a contrast of at least 3:1 against what they are drawn on
(WCAG 2.2, 1.4.11); the fierce side keeps its own blue, lightened for the dark.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import mildkracht.web
from mildkracht.web.assessments import charts

WEB = Path(mildkracht.web.__file__).resolve().parent
DARK = (WEB / "pages" / "static" / "pages" / "dark.css").read_text()
STYLE_SHEETS = sorted(WEB.glob("*/static/*/*.css"))


def _luminance(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast(first: str, second: str) -> float:
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def dark_variable(name: str) -> str:
    match = re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})", DARK)
    assert match, name
    return match.group(1)


def dark_rule(selector: str, prop: str) -> str:
    match = re.search(rf"{re.escape(selector)}\s*\{{\s*{prop}:\s*([^;]+);", DARK)
    assert match, selector
    value = match.group(1).strip()
    variable = re.fullmatch(r"var\(--([\w-]+)\)", value)
    return dark_variable(variable.group(1)) if variable else value


BACKGROUNDS = {
    "page": dark_variable("background"),
    "panel": dark_variable("surface"),
    "chart slot": dark_rule(".chart-slot", "fill"),
}


def test_the_fierce_blue_is_not_written_as_a_fixed_colour_outside_its_variable():
    for sheet in STYLE_SHEETS:
        lines = [line for line in sheet.read_text().splitlines() if "#24496e" in line.lower()]
        # Its definition, and dark.css's selectors of the charts' presentation attributes.
        allowed = [line for line in lines if line.strip().startswith(("--fierce:", "svg.chart"))]
        assert lines == allowed, sheet


@pytest.mark.parametrize(
    ("what", "colour"),
    [
        ("the fierce side", dark_variable("fierce")),
        ("the tender side", dark_variable("tender")),
        ("time set aside", dark_variable("formal")),
        ("practice in daily life", dark_variable("informal")),
        ("the fierce bar of a chart", dark_rule(f'svg.chart [fill="{charts.FIERCE}"]', "fill")),
        ("an unkind component's bar", dark_rule(f'svg.chart [fill="{charts.WARM}"]', "fill")),
        ("a score's bar and line", dark_rule(f'svg.chart [fill="{charts.ACCENT}"]', "fill")),
        ("the first line of a program chart", dark_rule(".chart-c0", "stroke: [^;]+; fill")),
        ("the second line", dark_rule(".chart-c1", "stroke: [^;]+; fill")),
        ("the third line", dark_rule(".chart-c2", "stroke: [^;]+; fill")),
    ],
)
def test_a_colour_that_carries_meaning_stands_out_in_the_dark(what, colour):
    for background, value in BACKGROUNDS.items():
        assert contrast(colour, value) >= 3, f"{what} on the {background}"


def test_the_two_kinds_of_practice_can_be_told_apart_and_keep_dark_below_light():
    formal, informal = dark_variable("formal"), dark_variable("informal")
    assert contrast(formal, informal) >= 2
    # The captions say: time set aside in dark green, daily life in light green.
    assert _luminance(formal) < _luminance(informal)


def test_the_fierce_blue_differs_from_the_unkind_brown_in_the_dark():
    fierce = dark_rule(f'svg.chart [fill="{charts.FIERCE}"]', "fill")
    warm = dark_rule(f'svg.chart [fill="{charts.WARM}"]', "fill")
    assert fierce != warm
