"""Where to find help in a crisis: the one place these numbers are configured.

Shown in the header of every page ("Help now") and on the help page, for everyone,
logged in or not.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class HelpLine:
    number: str
    description: Promise
    url: str = ""

    @property
    def tel(self) -> str:
        return "tel:" + "".join(character for character in self.number if character.isdigit())


@dataclass(frozen=True)
class HelpCountry:
    name: Promise
    lines: tuple[HelpLine, ...]


HELP: tuple[HelpCountry, ...] = (
    HelpCountry(
        name=_("Netherlands"),
        lines=(
            HelpLine(
                "113",
                _("113 Suicide Prevention: talk to someone, day and night, also by chat."),
                "https://www.113.nl",
            ),
            HelpLine("0800-0113", _("113 Suicide Prevention, free of charge.")),
            HelpLine("112", _("Emergency number, when you are in immediate danger.")),
        ),
    ),
    HelpCountry(
        name=_("Belgium"),
        lines=(
            HelpLine(
                "1813",
                _("Suicide Line 1813: free and anonymous, day and night, also by chat."),
                "https://www.zelfmoord1813.be",
            ),
            HelpLine("112", _("Emergency number, when you are in immediate danger.")),
        ),
    ),
)
