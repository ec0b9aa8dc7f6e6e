from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mildkracht.web.accounts import ratelimit
from mildkracht.web.accounts.models import User
from mildkracht.web.accounts.time_zones import time_zone_choices


class LoginForm(AuthenticationForm):
    """Django's login form, with a gentle limit on repeated failures."""

    def clean(self) -> dict[str, object]:
        username = self.cleaned_data.get("username") or ""
        address = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        # Counted before the check, so that attempts sent at once cannot overtake the count.
        if (
            username
            and self.cleaned_data.get("password")
            and not ratelimit.attempt_allowed(username, address)
        ):
            raise forms.ValidationError(_too_many_attempts_message(), code="rate_limited")
        cleaned_data = super().clean()
        ratelimit.succeeded(username, address)
        return cleaned_data


def _too_many_attempts_message() -> str:
    minutes = ratelimit.WINDOW_SECONDS // 60
    return ngettext(
        "That was several attempts in a row. Take a breath, and try again in %(minutes)s minute.",
        "That was several attempts in a row. Take a breath, and try again in %(minutes)s minutes.",
        minutes,
    ) % {"minutes": minutes}


class OwnerForm(UserCreationForm[User]):
    """The first account, with help texts in our own words instead of Django's formal ones."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].help_text = _(
            "The name you log in with. Letters, numbers and the signs . @ + - _ are fine; "
            "spaces are not."
        )
        self.fields["password1"].help_text = _(
            "At least 8 characters, not only numbers, and not much like your name or a "
            "password many people use. A short sentence you can remember works well."
        )
        self.fields["password2"].help_text = _("The same password once more, to catch a typo.")


class PreferencesForm(forms.ModelForm[User]):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)

    class Meta:
        model = User
        fields = ("language", "time_zone")
        labels = {"language": _("Language")}


class EraseForm(forms.Form):
    """Asks for the password once more before everything is deleted."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("That is not your password. Nothing has been deleted."), code="wrong_password"
            )
        return password
