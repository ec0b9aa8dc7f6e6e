import zoneinfo

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_TIME_ZONE = "Europe/Amsterdam"


class Language(models.TextChoices):
    DUTCH = "nl", "Nederlands"
    ENGLISH = "en", "English"


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class User(AbstractUser):
    """A person using Mildkracht, with the language and time zone they see it in."""

    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.DUTCH
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default=DEFAULT_TIME_ZONE)


class LoginAttempts(models.Model):
    """Password checks within one window, for a username at an address or for an address.

    Counted with one conditional UPDATE each (accounts/ratelimit.py), so that attempts sent
    at once cannot all pass the limit before any of them is counted.
    """

    key = models.CharField(max_length=80, primary_key=True)
    attempts = models.PositiveIntegerField(default=0)
    window_start = models.FloatField()  # time.time() of the window's first attempt
