"""Numbers of the group's figures as a person reads them (mildkracht.web.formatting)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format

from mildkracht.web.formatting import score_text, signed_text, whole_text

register = template.Library()


@register.filter
def score(value: float | None) -> str:
    return "–" if value is None else score_text(value)


@register.filter
def statistic(value: float | None) -> str:
    """A statistic that may be below zero (t, d_z, rho): no plus, and a real minus sign, as
    the intervals next to it have."""
    return "–" if value is None else score_text(value).replace("-", "\N{MINUS SIGN}")


@register.filter
def signed(value: float | None) -> str:
    return "–" if value is None else signed_text(value)


@register.filter
def whole(value: float | None) -> str:
    return "–" if value is None else whole_text(value)


@register.filter
def interval(pair: Any) -> str:
    """A 95 % interval as "from … to …" numbers: "−0,12 – 0,48"."""
    if not pair:
        return "–"
    return f"{signed_text(pair[0])} … {signed_text(pair[1])}"


@register.filter
def percent(value: float | None) -> str:
    return "–" if value is None else signed_text(value, 0) + " %"


@register.filter
def p_value(value: float | None) -> str:
    if value is None:
        return "–"
    if value < 0.001:
        return "< " + number_format(0.001, decimal_pos=3, use_l10n=True)
    return number_format(round(value, 3), decimal_pos=3, use_l10n=True)
