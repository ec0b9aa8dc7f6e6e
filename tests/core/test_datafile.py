"""The shared reader of data files notes every problem with its field path."""

from __future__ import annotations

from pathlib import Path

import pytest

from mildkracht.core.datafile import FieldReader, UnreadableFileError, read_yaml
from mildkracht.core.text import Text


def test_a_complete_text_reads_without_problems() -> None:
    reader = FieldReader("x.yaml")
    assert reader.text({"nl": "Hallo", "en": "Hello"}, "title") == Text(nl="Hallo", en="Hello")
    assert reader.problems == []


def test_a_missing_and_an_unknown_language_are_both_named() -> None:
    reader = FieldReader("x.yaml")
    reader.text({"nl": "Hallo", "de": "Hallo"}, "title")
    assert [p.split(":")[0] for p in reader.problems] == ["title.en", "title.de"]


def test_unknown_fields_are_named_with_their_path() -> None:
    reader = FieldReader("x.yaml")
    reader.check_known_fields({"text": 1, "secs": 2}, ("text", "seconds"), "steps[0].")
    assert reader.problems[0].startswith("steps[0].secs: unknown field")


def test_a_boolean_must_be_true_or_false_not_a_word() -> None:
    reader = FieldReader("x.yaml")
    assert reader.boolean("yes", "breathing") is False
    assert reader.problems == ["breathing: must be true or false, not 'yes'"]


def test_a_missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError, match="cannot be read"):
        read_yaml(tmp_path / "absent.yaml")
