"""The reflective results as a person reads them: formatted numbers, chart bars, exercises.

Every number comes from the core (scores_of, then mildkracht.core.reflect); this module
only labels, formats and draws.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mildkracht.core.practices.library import bundled_needs
from mildkracht.core.practices.model import Exercise, Function, FunctionInfo, Side
from mildkracht.core.reflect import Context, Style
from mildkracht.web import formatting
from mildkracht.web.assessments import charts
from mildkracht.web.reflect.links import exercise_url, player_url

SCALE_MINIMUM = 1
SCALE_MAXIMUM = 5

STYLE_LABELS = {
    Style.SELF_FOCUSED: gettext_lazy("Myself first"),
    Style.OTHER_FOCUSED: gettext_lazy("The other first"),
    Style.MUTUAL: gettext_lazy("Fair to both"),
}
CONTEXT_LABELS = {
    Context.PARTNER: gettext_lazy("Partner"),
    Context.FAMILY: gettext_lazy("Family"),
    Context.FRIENDS: gettext_lazy("Friends"),
    Context.WORK: gettext_lazy("Work"),
}
# "where": used inside a sentence, such as "… with your partner and at work".
CONTEXT_PLACES = {
    Context.PARTNER: gettext_lazy("with your partner"),
    Context.FAMILY: gettext_lazy("in your family"),
    Context.FRIENDS: gettext_lazy("with friends"),
    Context.WORK: gettext_lazy("at work"),
}


# A mean as shown and a change with its sign: the one rounding of every page.
score_text = formatting.score_text
change_text = formatting.signed_text


def places(contexts: Iterable[Context]) -> str:
    """'with your partner and at work': the contexts as a phrase in a sentence."""
    return str(get_text_list([str(CONTEXT_PLACES[c]) for c in contexts], _("and")))


def chart(bars: Sequence[charts.Bar], title: str, description: str, chart_id: str) -> SafeString:
    """A horizontal bar chart on the 1–5 scale (charts escape every text)."""
    svg = charts.bar_chart(
        bars,
        minimum=SCALE_MINIMUM,
        maximum=SCALE_MAXIMUM,
        title=title,
        description=description,
        chart_id=chart_id,
    )
    # Safe: charts.bar_chart escapes every text it draws.
    return mark_safe(svg)


def bar(label: str, value: float, side: Side | None = None, note: str = "") -> charts.Bar:
    """One bar; the fierce side in its own blue, everything else in the accent.

    The brown of the charts is kept for the unkind SCS components (lower is kinder).
    """
    return charts.Bar(
        label=label,
        value=value,
        value_text=score_text(value),
        note=note,
        fierce=side is Side.FIERCE,
    )


def described(bars: Iterable[charts.Bar]) -> str:
    """The chart's numbers as one sentence for screen readers: 'Label: 3,25; …'."""
    return "; ".join(f"{item.label}: {item.value_text}" for item in bars) + "."


def function_label(function: Function, lang: str) -> str:
    return _function_info(function).labels.get(lang)


def function_description(function: Function, lang: str) -> str:
    return _function_info(function).description.get(lang)


def _function_info(function: Function) -> FunctionInfo:
    return next(info for info in bundled_needs().functions if info.id is function)


def side_label(side: Side | None, lang: str) -> str:
    """Mild / Krachtig (Tender / Fierce) from needs.yaml; integrated is both together."""
    wanted = "both" if side in (None, Side.INTEGRATED) else side.value
    return next(info.labels.get(lang) for info in bundled_needs().sides if info.id.value == wanted)


@dataclass(frozen=True)
class ExerciseLink:
    id: str
    title: str
    purpose: str
    side: str
    side_class: str
    minutes: int
    url: str
    player_url: str


def exercise_link(exercise: Exercise, lang: str) -> ExerciseLink:
    return ExerciseLink(
        id=exercise.id,
        title=exercise.title.get(lang),
        purpose=exercise.purpose.get(lang),
        side=side_label(exercise.side, lang),
        side_class=exercise.side.value,
        minutes=exercise.duration_minutes,
        url=exercise_url(exercise.id),
        player_url=player_url(exercise.id),
    )
