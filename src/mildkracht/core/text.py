"""Texts in every supported language, shared by every kind of data file."""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES: tuple[str, ...] = ("nl", "en")


@dataclass(frozen=True)
class Text:
    """A text in every supported language."""

    nl: str
    en: str

    def get(self, lang: str) -> str:
        """The text in ``lang``; Dutch for an unknown language (Dutch is the default)."""
        return self.en if lang == "en" else self.nl
