"""Where to find help: the one place these numbers are configured.

The crisis lines are shown at the foot of every page and of the PDF; every line is on the
help page, for everyone, logged in or not. A line for a situation (such as Veilig Thuis when
something feels threatening) is also shown where a person chose that situation in "What do
I need right now?".
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class HelpLine:
    number: str
    description: Promise
    url: str = ""
    crisis: bool = True
    """A line for an acute crisis: at the foot of every page. Otherwise on the help page."""
    situations: tuple[str, ...] = ()
    """The "What do I need right now?" situations after which this line is shown as well."""

    @property
    def tel(self) -> str:
        return "tel:" + "".join(character for character in self.number if character.isdigit())


@dataclass(frozen=True)
class HelpCountry:
    name: Promise
    lines: tuple[HelpLine, ...]

    @property
    def crisis_lines(self) -> tuple[HelpLine, ...]:
        return tuple(line for line in self.lines if line.crisis)


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
            HelpLine(
                "088 0767 000",
                _("De Luisterlijn: someone who listens, whatever is on your mind, day and night."),
                "https://www.deluisterlijn.nl",
                crisis=False,
            ),
            HelpLine(
                "0800-2000",
                _(
                    "Veilig Thuis: advice and help with violence or abuse at home, free of "
                    "charge, day and night."
                ),
                "https://www.veiligthuis.nl",
                crisis=False,
                situations=("threat",),
            ),
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
            HelpLine(
                "106",
                _("Tele-Onthaal: someone who listens, whatever is on your mind, day and night."),
                "https://www.tele-onthaal.be",
                crisis=False,
            ),
        ),
    ),
)


def lines_for_situation(situation: str) -> list[tuple[HelpCountry, HelpLine]]:
    """The lines shown after a situation in "What do I need right now?", with their country."""
    return [
        (country, line)
        for country in HELP
        for line in country.lines
        if situation in line.situations
    ]
