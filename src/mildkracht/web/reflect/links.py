"""Where the reflective tools lead: the other apps' pages, and this app's result pages.

``result_url`` is the hand-over for the questionnaire app: after a reflective instrument is
submitted, its result is shown here.
"""

from __future__ import annotations

from django.urls import reverse

RESULT_VIEWS = {
    "balance": "reflect:balance",
    "relationship_styles": "reflect:relationships",
    "gender_expectations": "reflect:gender",
}


def result_url(instrument_id: str, pk: int) -> str | None:
    """The result page of this app for a submitted assessment, or None for other instruments."""
    view = RESULT_VIEWS.get(instrument_id)
    return reverse(view, kwargs={"pk": pk}) if view else None


def take_url(instrument_id: str) -> str:
    """The page where a person (re)takes the instrument."""
    return reverse("assessments:start", kwargs={"instrument_id": instrument_id})


def exercise_url(exercise_id: str) -> str:
    return reverse("practice:exercise_detail", kwargs={"exercise_id": exercise_id})


def player_url(exercise_id: str) -> str:
    return reverse("practice:player", kwargs={"exercise_id": exercise_id})
