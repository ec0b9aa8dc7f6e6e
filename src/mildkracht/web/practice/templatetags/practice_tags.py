from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mildkracht.web.formatting import score_text, signed_text
from mildkracht.web.practice.models import MomentArea, MomentKind

register = template.Library()


@register.filter
def whole(minutes: float) -> int:
    """Minutes rounded to a whole number, halves up (3.5 → 4)."""
    return int(minutes + 0.5)


@register.filter
def duration(seconds: int) -> str:
    """Seconds as a friendly length: "less than a minute", "1 minute", "12 minutes"."""
    if seconds < 30:
        return _("less than a minute")
    minutes = int(seconds / 60 + 0.5)
    return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": minutes}


@register.filter
def signed(value: float) -> str:
    """A change with its sign and one decimal, in the page's number format (+0,5)."""
    return signed_text(value, 1)


@register.filter
def one_decimal(value: float) -> str:
    return score_text(value, 1)


@register.inclusion_tag("practice/moment_buttons.html", takes_context=True)
def moment_buttons(context: dict[str, Any], heading_level: int = 2) -> dict[str, Any]:
    """The row of buttons that logs an informal moment in one click."""
    request = context["request"]
    return {
        "areas": MomentArea.choices,
        "kinds": MomentKind.choices,
        "default_area": MomentArea.SELF.value,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
        "heading_level": heading_level,
    }
