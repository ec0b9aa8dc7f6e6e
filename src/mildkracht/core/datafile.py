"""Reading YAML data files and validating their fields, shared by every loader.

A loader walks a parsed file with a :class:`FieldReader`, which notes each problem with
its field path and carries on with a harmless placeholder value. The loader raises its own
package's file error at the end, listing every problem, so an author fixes a file in one
pass instead of one error at a time.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mildkracht.core.text import LANGUAGES, Text

# libyaml's C loader when present: the same safe subset of YAML, several times faster
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MISSING = object()


class UnreadableFileError(Exception):
    """A data file cannot be read or is not valid YAML; the message says which."""


def read_yaml(path: Path) -> Any:
    """The parsed content of the YAML file at ``path`` (safe loader only).

    Raises UnreadableFileError with "cannot be read: ..." or "is not valid YAML: ...".
    """
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except (OSError, UnicodeDecodeError) as error:
        raise UnreadableFileError(f"cannot be read: {error}") from error
    except yaml.YAMLError as error:
        raise UnreadableFileError(f"is not valid YAML: {error}") from error


@dataclass
class FieldReader:
    """Reads fields of one file, noting each problem with its field path.

    ``where`` arguments are field paths such as ``steps[2].seconds``; for :meth:`get` and
    :meth:`string` it is the prefix of the key (``"steps[2]."``, or ``""`` at the top).
    """

    source: str
    problems: list[str] = field(default_factory=list)

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def get(self, data: Mapping[str, Any], key: str, where: str, default: Any = _MISSING) -> Any:
        if key in data:
            return data[key]
        if default is _MISSING:
            self.problem(f"{where}{key}", "is missing")
            return None
        return default

    def string(self, data: Mapping[str, Any], key: str, where: str) -> str:
        value = self.get(data, key, where)
        if value is None:
            return ""
        if not isinstance(value, str | int | float) or not str(value).strip():
            self.problem(f"{where}{key}", f"must be a non-empty text, not {value!r}")
            return ""
        return str(value)

    def text(self, value: Any, where: str) -> Text:
        if not isinstance(value, Mapping):
            self.problem(where, "must be a mapping of language to text (nl, en)")
            return Text(nl="", en="")
        for lang in LANGUAGES:
            text = value.get(lang)
            if not isinstance(text, str) or not text.strip():
                self.problem(f"{where}.{lang}", "is missing or empty (every text needs nl and en)")
        for lang in value:
            if lang not in LANGUAGES:
                self.problem(f"{where}.{lang}", f"unknown language; use {', '.join(LANGUAGES)}")
        return Text(nl=str(value.get("nl") or ""), en=str(value.get("en") or ""))

    def integer(self, value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(where, f"must be a whole number, not {value!r}")
            return 0
        return value

    def number(self, value: Any, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(where, f"must be a number, not {value!r}")
            return 0.0
        return float(value)

    def boolean(self, value: Any, where: str) -> bool:
        if not isinstance(value, bool):
            self.problem(where, f"must be true or false, not {value!r}")
            return False
        return value

    def enum(self, enum_type: Any, value: Any, where: str) -> Any:
        try:
            return enum_type(value)
        except ValueError:
            allowed = ", ".join(member.value for member in enum_type)
            self.problem(where, f"{value!r} is not one of: {allowed}")
            return next(iter(enum_type))

    def sequence(self, value: Any, where: str) -> list[Any]:
        if not isinstance(value, list):
            self.problem(where, "must be a list")
            return []
        return value

    def mapping(self, value: Any, where: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            self.problem(where, "must be a mapping")
            return {}
        return value

    def check_unique(self, ids: Iterable[Any], where: str, what: str) -> None:
        seen: set[Any] = set()
        for identifier in ids:
            if identifier in seen:
                self.problem(where, f"{what} id {identifier!r} appears twice")
            seen.add(identifier)

    def check_known_fields(
        self, data: Mapping[str, Any], known: Collection[str], where: str
    ) -> None:
        """Name every field that is not in ``known``: usually a typing error in the file."""
        for key in data:
            if key not in known:
                self.problem(
                    f"{where}{key}", f"unknown field; known fields are: {', '.join(known)}"
                )
