from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mildkracht.core.practices.model import Area, Function, Mode, Side
from mildkracht.web.practice.exercises import (
    AREA_LABELS,
    FUNCTION_LABELS,
    MODE_LABELS,
    SIDE_LABELS,
    exercise_choices,
)
from mildkracht.web.practice.models import (
    MAX_SESSION_SECONDS,
    Moment,
    MomentArea,
    MomentKind,
    PracticeKind,
    PracticeSession,
    PracticeSettings,
)
from mildkracht.web.validation import (
    JOURNAL_MAX_LENGTH,
    MAX_ID,
    NOTE_MAX_LENGTH,
    validate_day,
)

ANY = ("", _("Any"))


def note_field() -> forms.CharField:
    """A note on a practice or a moment, with the API's limit (mildkracht.web.validation)."""
    return forms.CharField(
        label=_("Note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only you can read this; it is stored encrypted."),
    )


DURATION_CHOICES = [
    ANY,
    ("5", _("5 minutes or less")),
    ("10", _("10 minutes or less")),
    ("20", _("20 minutes or less")),
]


class LibraryFilterForm(forms.Form):
    side = forms.ChoiceField(
        label=_("Side"), required=False, choices=[ANY, *((s.value, SIDE_LABELS[s]) for s in Side)]
    )
    function = forms.ChoiceField(
        label=_("What it does"),
        required=False,
        choices=[ANY, *((f.value, FUNCTION_LABELS[f]) for f in Function)],
    )
    area = forms.ChoiceField(
        label=_("Area of life"),
        required=False,
        choices=[ANY, *((a.value, AREA_LABELS[a]) for a in Area)],
    )
    duration = forms.ChoiceField(label=_("Length"), required=False, choices=DURATION_CHOICES)
    mode = forms.ChoiceField(
        label=_("When"), required=False, choices=[ANY, *((m.value, MODE_LABELS[m]) for m in Mode)]
    )

    def criteria(self) -> dict[str, Any]:
        """Filter arguments for the core's filter_exercises (valid fields only)."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        duration = data.get("duration")
        return {
            "side": data.get("side") or None,
            "function": data.get("function") or None,
            "area": data.get("area") or None,
            "max_minutes": int(duration) if duration else None,
            "mode": data.get("mode") or None,
        }


class PlayerLogForm(forms.Form):
    """What the guided player and the timer send when a practice ends (or the no-JS form)."""

    exercise = forms.CharField(required=False, max_length=64)
    seconds = forms.IntegerField(required=False, min_value=1, max_value=MAX_SESSION_SECONDS)
    minutes = forms.IntegerField(
        label=_("Minutes practised"),
        required=False,
        min_value=1,
        max_value=MAX_SESSION_SECONDS // 60,
    )
    before = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("seconds") and data.get("minutes"):
            data["seconds"] = data["minutes"] * 60
        if not data.get("seconds"):
            raise forms.ValidationError(_("How many minutes did you practise?"))
        return data


class SessionForm(forms.ModelForm[PracticeSession]):
    """A practice logged or corrected by hand."""

    exercise_id = forms.ChoiceField(label=_("Exercise"), required=False)
    day = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_day],
    )
    start_time = forms.TimeField(
        label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    minutes = forms.DecimalField(
        label=_("Minutes"),
        min_value=Decimal("0.1"),
        max_value=Decimal(MAX_SESSION_SECONDS // 60),
        decimal_places=1,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": "6"}),
    )
    note = note_field()

    class Meta:
        model = PracticeSession
        fields = ("kind", "exercise_id", "note")
        widgets = {
            "kind": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        exercise_field = cast(forms.ChoiceField, self.fields["exercise_id"])
        exercise_field.choices = [("", _("My own practice")), *exercise_choices()]
        cast(forms.ChoiceField, self.fields["kind"]).choices = PracticeKind.choices
        started = timezone.localtime(self.instance.started_at or timezone.now())
        self.fields["day"].initial = started.date()
        self.fields["start_time"].initial = started.time().replace(second=0, microsecond=0)
        if self.instance.pk:
            self.fields["minutes"].initial = round(Decimal(self.instance.seconds) / 60, 1)
        self.order_fields(["kind", "exercise_id", "day", "start_time", "minutes", "note"])

    def save(self, commit: bool = True) -> PracticeSession:
        session = super().save(commit=False)
        data = self.cleaned_data
        session.started_at = timezone.make_aware(datetime.combine(data["day"], data["start_time"]))
        session.seconds = max(1, int(data["minutes"] * 60))
        if commit:
            session.save()
        return session


class MomentForm(forms.Form):
    """One click: the kind of moment (a button), with the area chosen beforehand."""

    area = forms.ChoiceField(choices=MomentArea.choices, initial=MomentArea.SELF)
    kind = forms.ChoiceField(choices=MomentKind.choices)


class MomentEditForm(forms.ModelForm[Moment]):
    note = note_field()
    day = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[validate_day],
    )
    at_time = forms.TimeField(
        label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    class Meta:
        model = Moment
        fields = ("kind", "area", "note")
        widgets = {
            "kind": forms.RadioSelect,
            "area": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        at = timezone.localtime(self.instance.at)
        self.fields["day"].initial = at.date()
        self.fields["at_time"].initial = at.time().replace(second=0, microsecond=0)

    def save(self, commit: bool = True) -> Moment:
        moment = super().save(commit=False)
        data = self.cleaned_data
        moment.at = timezone.make_aware(datetime.combine(data["day"], data["at_time"]))
        if commit:
            moment.save()
        return moment


class GoalForm(forms.ModelForm[PracticeSettings]):
    class Meta:
        model = PracticeSettings
        fields = ("daily_goal_minutes",)
        labels = {"daily_goal_minutes": _("Daily practice goal, in minutes")}
        help_texts = {
            "daily_goal_minutes": _(
                "Twenty minutes a day is a good aim: people who practise more tend to gain "
                "more. Choose what fits your life now; you can change it at any time. With 0 "
                "you practise without a goal: the pages then show what you did, and no goal."
            )
        }


class JournalForm(forms.Form):
    text = forms.CharField(
        label=_("Your words"),
        widget=forms.Textarea(attrs={"rows": 10}),
        strip=False,
        max_length=JOURNAL_MAX_LENGTH,
    )

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"]
        if not text.strip():
            raise forms.ValidationError(_("Write a few words first, or simply go back."))
        return text
