from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# A start date may lie a little in the past ("I began on Monday"), never far ahead.
EARLIEST_START_DAYS = 56
LATEST_START_DAYS = 28


class EnrolForm(forms.Form):
    start = forms.DateField(
        label=_("Start date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Today, or another day close by. Week 1 begins on this day."),
    )

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_start(self) -> date:
        start: date = self.cleaned_data["start"]
        if self.today is not None:
            if start < self.today - timedelta(days=EARLIEST_START_DAYS):
                raise forms.ValidationError(_("Choose a start date in the last eight weeks."))
            if start > self.today + timedelta(days=LATEST_START_DAYS):
                raise forms.ValidationError(_("Choose a start date in the next four weeks."))
        return start


class ReminderForm(forms.Form):
    practice_time = forms.TimeField(
        label=_("My practice time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Leave empty if you would rather not have a daily reminder."),
    )
    email_reminders = forms.BooleanField(
        label=_("Also send me a short e-mail at that time"), required=False
    )

    def __init__(self, *args: Any, email_confirmed: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not email_confirmed:
            # A disabled field keeps its initial value, whatever is posted.
            self.fields["email_reminders"].disabled = True
            self.initial["email_reminders"] = False
            self.fields["email_reminders"].help_text = _(
                "This stays off until your e-mail address is confirmed."
            )
