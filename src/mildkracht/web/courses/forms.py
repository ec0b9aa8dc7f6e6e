"""Forms for teachers (a course, an invitation) and participants (consent, joining)."""

from __future__ import annotations

from datetime import time
from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from mildkracht.web.accounts.models import Language
from mildkracht.web.courses.actions import CourseDetails

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

INSTRUMENT_CHOICES = [
    ("scs", _("Self-Compassion Scale (SCS)")),
    ("compassion", _("Compassion for others (CS)")),
    ("phq9", _("Mood (PHQ-9)")),
    ("gad7", _("Worry and tension (GAD-7)")),
    ("swls", _("Satisfaction with life (SWLS)")),
    ("shs", _("Happiness (SHS)")),
]


def _questionnaires(label: StrOrPromise) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=INSTRUMENT_CHOICES,
        initial=["scs"],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class CourseForm(forms.Form):
    name = forms.CharField(label=_("Name of the course"), max_length=120)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    start = forms.DateField(
        label=_("Date of the first session"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Week 1 of the program opens on this date; the sessions are weekly."),
    )
    session_time = forms.TimeField(
        label=_("Time of the sessions"),
        initial=time(19, 30),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    location = forms.CharField(label=_("Location (optional)"), max_length=200, required=False)
    video_link = forms.URLField(
        label=_("Video link (optional)"), required=False, assume_scheme="https"
    )
    start_questionnaires = _questionnaires(_("Questionnaires at the start"))
    week8_questionnaires = _questionnaires(_("Questionnaires in week 8"))
    follow_up_questionnaires = _questionnaires(_("Questionnaires at the follow-ups"))

    def details(self) -> CourseDetails:
        data = self.cleaned_data
        return CourseDetails(
            name=data["name"],
            language=data["language"],
            start=data["start"],
            session_time=data["session_time"],
            location=data["location"],
            video_link=data["video_link"],
            start_questionnaires=data["start_questionnaires"],
            week8_questionnaires=data["week8_questionnaires"],
            follow_up_questionnaires=data["follow_up_questionnaires"],
        )


class InvitationForm(forms.Form):
    days = forms.IntegerField(label=_("Works for (days)"), min_value=1, max_value=90, initial=14)


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Invitation code"), max_length=20)


class ConsentForm(forms.Form):
    consent_figures = forms.BooleanField(
        label=_("Count me in the group's figures"),
        required=False,
        help_text=_(
            "Your teacher sees figures of the whole group, such as the average score and how "
            "much the group practised, and only when at least 5 people are in them. Never "
            "your own answers."
        ),
    )
    consent_research = forms.BooleanField(
        label=_("My answers may be used for research, without my name"),
        required=False,
        help_text=_(
            "Your teacher may then export your answers, scores and practice minutes under a "
            "random code, without your name and without anything you wrote yourself."
        ),
    )
