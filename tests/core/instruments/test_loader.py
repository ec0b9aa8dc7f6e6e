"""The loader validates a file completely and names the file and field of every problem."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from mildkracht.core.instruments.errors import InstrumentFileError, UnknownInstrumentError
from mildkracht.core.instruments.loader import bundled_directory, load_instrument
from mildkracht.core.instruments.model import Kind, Use, Wording
from mildkracht.core.instruments.registry import all_instruments, get_instrument

# the published English wording, gathered apart from the data files
PUBLISHED = Path(__file__).parent / "reference" / "wording-en.yaml"
SCS_FILE = bundled_directory() / "scs.yaml"


def write(tmp_path: Path, data: dict, name: str = "scs") -> Path:  # type: ignore[type-arg]
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def scs_data() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(SCS_FILE.read_text(encoding="utf-8"))


def problems_of(path: Path) -> list[str]:
    with pytest.raises(InstrumentFileError) as caught:
        load_instrument(path)
    assert str(path) in str(caught.value)
    return list(caught.value.problems)


def test_every_bundled_instrument_loads() -> None:
    instruments = all_instruments()
    assert {
        "scs",
        "scs_sf",
        "sscs_l",
        "sscs_s",
        "phq9",
        "gad7",
        "pss10",
        "swls",
        "shs",
        "dass21",
    } <= set(instruments)


def test_an_item_in_two_subscales_is_named(tmp_path: Path) -> None:
    data = scs_data()
    data["subscales"][1]["items"].append(5)  # item 5 is self-kindness
    problems = problems_of(write(tmp_path, data))
    assert any("subscales[1].items" in p and "item 5" in p for p in problems)


def test_a_missing_language_is_named(tmp_path: Path) -> None:
    data = scs_data()
    del data["items"][3]["text"]["nl"]
    assert any(p.startswith("items[3].text.nl") for p in problems_of(write(tmp_path, data)))


def test_a_reverse_flag_that_is_not_a_boolean_is_named(tmp_path: Path) -> None:
    data = scs_data()
    data["items"][0]["reverse"] = "yes"
    assert any("items[0].reverse" in p for p in problems_of(write(tmp_path, data)))


def test_a_score_on_an_unknown_item_or_subscale_is_named(tmp_path: Path) -> None:
    data = scs_data()
    data["scores"][0] = {
        "id": "x",
        "names": {"nl": "x", "en": "x"},
        "method": "mean",
        "items": [1, 99],
    }
    data["scores"][1]["subscale"] = "kindness"
    problems = problems_of(write(tmp_path, data))
    assert any("scores[0].items[1]" in p and "item 99" in p for p in problems)
    assert any("scores[1].subscale" in p for p in problems)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    data = scs_data()
    data["kind"] = "clinical"
    data["scale"]["min"] = 9
    del data["citation"]
    problems = problems_of(write(tmp_path, data))
    assert any(p.startswith("kind") for p in problems)
    assert any(p.startswith("scale") for p in problems)
    assert any(p.startswith("citation") for p in problems)


def test_an_id_that_differs_from_the_file_name_is_named(tmp_path: Path) -> None:
    assert any(p.startswith("id") for p in problems_of(write(tmp_path, scs_data(), "other")))


def test_broken_yaml_is_reported_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "scs.yaml"
    path.write_text("id: [unclosed", encoding="utf-8")
    assert "not valid YAML" in problems_of(path)[0]


def test_an_unknown_instrument_names_the_known_ones() -> None:
    with pytest.raises(UnknownInstrumentError, match="scs_sf"):
        get_instrument("scss")


@pytest.mark.parametrize("instrument_id", ["x" * 251, "../scs", "scs\x00", "\ud800", ""])
def test_an_id_from_outside_is_unknown_without_touching_the_file_system(instrument_id: str) -> None:
    # A 251-character id made the file system answer "File name too long" (issue 19).
    with pytest.raises(UnknownInstrumentError):
        get_instrument(instrument_id)


def test_english_items_are_the_published_wording_word_for_word() -> None:
    wording = yaml.safe_load(PUBLISHED.read_text(encoding="utf-8"))
    for instrument_id, published in wording["instruments"].items():
        instrument = get_instrument(instrument_id)
        assert instrument.wording["en"] is Wording.PUBLISHED
        for number, text in published["items"].items():
            expected = text["text"] if isinstance(text, dict) else text
            assert instrument.item(int(number)).text.en == expected, (instrument_id, number)


def test_dutch_is_marked_as_our_translation_for_published_scales() -> None:
    for instrument in all_instruments().values():
        if instrument.kind is Kind.VALIDATED:
            assert instrument.is_translation("nl")
            assert not instrument.is_translation("en")


def test_research_only_instruments_are_not_offered_in_the_app() -> None:
    assert Use.APP not in get_instrument("pss10").uses
    assert Use.APP not in get_instrument("dass21").uses
    assert Use.APP in get_instrument("scs").uses


def test_our_own_instruments_are_labelled_reflective() -> None:
    for instrument_id in ("balance", "relationship_styles", "gender_expectations"):
        assert get_instrument(instrument_id).kind is Kind.REFLECTIVE


def test_every_data_file_cites_only_documents_in_the_repository() -> None:
    root = Path(__file__).resolve().parents[3]
    for path in sorted(bundled_directory().glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for cited in re.findall(r"docs/[\w.-]+\.md", text):
            assert (root / cited).is_file(), (path.name, cited)
        assert "KEYS.md" not in text, path.name
        assert "shared/" not in text, path.name
