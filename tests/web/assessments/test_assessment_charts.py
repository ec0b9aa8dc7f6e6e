"""The SVG charts: well-formed, accessible, escaped, and placing values where they belong."""

import re
import xml.etree.ElementTree as ElementTree

import pytest

from mildkracht.web.assessments.charts import Bar, Point, bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def _bars() -> list[Bar]:
    return [
        Bar("Self-kindness", 3.4, "3.40"),
        Bar("Self-judgment", 2.0, "2.00", note="lower is kinder", warm=True),
        Bar("Isolation", None, "no score"),
    ]


def test_a_bar_chart_is_an_image_with_a_title_and_description():
    svg = ElementTree.fromstring(
        bar_chart(
            _bars(), minimum=1, maximum=5, title="Components", description="Six bars", chart_id="c"
        )
    )
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c-title c-desc"
    assert svg.find(f"{SVG}title").text == "Components"
    assert svg.find(f"{SVG}desc").text == "Six bars"


def test_a_bar_is_as_long_as_its_value_on_the_scale():
    svg = bar_chart(_bars(), minimum=1, maximum=5, title="t")
    widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"', svg)]
    track, first, _track, second, _last_track = widths
    assert first == pytest.approx(track * (3.4 - 1) / 4)
    assert second == pytest.approx(track * (2.0 - 1) / 4)


def test_a_missing_value_draws_no_bar_but_says_so():
    svg = bar_chart([Bar("Isolation", None, "no score")], minimum=1, maximum=5, title="t")
    assert svg.count("<rect") == 1  # the track only
    assert "no score" in svg


def test_text_is_escaped():
    svg = bar_chart(
        [Bar('<script>"&', 2, "2 & <b>")],
        minimum=1,
        maximum=5,
        title="a < b",
        chart_id='x" onload="y',
    )
    assert "<script>" not in svg and "<b>" not in svg
    assert 'onload="y"' not in svg
    ElementTree.fromstring(svg)  # still well-formed


def test_a_line_chart_places_points_in_time_order_and_draws_no_reference_level():
    points = [
        Point(x=200, value=4.0, label="June", value_text="4.00"),
        Point(x=0, value=2.0, label="January", value_text="2.00"),
    ]
    svg = line_chart(points, minimum=1, maximum=5, title="Total", chart_id="t")
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img"
    circles = root.findall(f"{SVG}circle")
    assert [circle.find(f"{SVG}title").text for circle in circles] == [
        "January: 2.00",
        "June: 4.00",
    ]
    xs = [float(circle.get("cx")) for circle in circles]
    ys = [float(circle.get("cy")) for circle in circles]
    assert xs[0] < xs[1] and ys[0] > ys[1]  # later and higher
    # A group's average is told in words beside the chart, never drawn on it.
    assert "stroke-dasharray" not in svg


def test_a_single_point_is_drawn_without_a_line():
    svg = line_chart([Point(0, 3.1, "today", "3.10")], minimum=1, maximum=5, title="t")
    assert "<polyline" not in svg
    assert svg.count("<circle") == 1


@pytest.mark.parametrize(("minimum", "maximum"), [(5, 5), (5, 1), (0, float("nan"))])
def test_a_chart_needs_a_range(minimum, maximum):
    with pytest.raises(ValueError, match="minimum < maximum"):
        bar_chart(_bars(), minimum=minimum, maximum=maximum, title="t")


def test_a_long_scale_gets_about_five_ticks():
    svg = bar_chart([Bar("Total", 14, "14")], minimum=0, maximum=27, title="t")
    ticks = re.findall(r'text-anchor="middle">(\d+)</text>', svg)
    assert ticks == ["0", "6", "12", "18", "24"]


def test_the_fierce_side_and_the_unkind_components_never_share_a_colour():
    fills = re.findall(
        r'fill="(#[0-9a-f]{6})"',
        bar_chart(
            [Bar("Fierce", 3.0, "3.00", fierce=True), Bar("Self-judgment", 3.0, "3.00", warm=True)],
            minimum=1,
            maximum=5,
            title="t",
        ),
    )
    assert "#24496e" in fills and "#8a5300" in fills
    assert fills.index("#24496e") < fills.index("#8a5300")
