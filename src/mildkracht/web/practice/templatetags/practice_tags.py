from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mildkracht.web.formatting import score_text, signed_text
from mildkracht.web.practice import actions, exercises, prompts
from mildkracht.web.practice.models import Moment, MomentArea, MomentKind

register = template.Library()


@register.filter
def exercise_title(exercise_id: str) -> str:
    """A logged exercise's title in the page's language; empty for the timer or an unknown id."""
    return exercises.exercise_title(exercise_id)


@register.filter
def prompt_text(key: str) -> str:
    """A journal prompt's text in the page's language; empty for none or an unknown one."""
    return prompts.prompt_text(key)


@register.filter
def whole(minutes: float) -> int:
    """Minutes rounded to a whole number, halves up (3.5 → 4)."""
    return int(minutes + 0.5)


@register.filter
def minutes_or_dash(minutes: float) -> str:
    """Whole minutes for a table cell; a day without any shows a quiet dash, not a zero."""
    rounded = whole(minutes)
    return str(rounded) if rounded else "–"


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


@register.inclusion_tag("practice/moment_undo.html", takes_context=True)
def moment_undo(context: dict[str, Any]) -> dict[str, Any]:
    """Beside "Noted: ...", a button that undoes that moment while it still can be."""
    request = context["request"]
    pk = request.session.get(actions.MOMENT_TO_UNDO)
    moment = (
        Moment.objects.filter(owner=request.user, pk=pk).only("created_at").first()
        if isinstance(pk, int) and request.user.is_authenticated
        else None
    )
    return {
        "moment": moment if moment and actions.can_undo_moment(moment) else None,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
