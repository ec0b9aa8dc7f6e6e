"""Every interface string has a Dutch translation, and the compiled catalogue matches it."""

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import mildkracht.web

WEB_DIR = Path(mildkracht.web.__file__).resolve().parent
CATALOGUE = Path("locale") / "nl" / "LC_MESSAGES" / "django.po"
PO_FILE = WEB_DIR / CATALOGUE
MO_FILE = PO_FILE.with_suffix(".mo")
# An app may keep its own catalogue (app/locale/...): run makemessages inside that app's
# folder. The project catalogue (web/locale) holds every other app's strings.
APP_CATALOGUES = sorted(path.parent for path in WEB_DIR.glob("*/locale"))
ALL_PO_FILES = [PO_FILE] + [app / CATALOGUE for app in APP_CATALOGUES]


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstrs: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt is not None else self.msgid


def parse_po(text: str) -> list[Entry]:
    """Read the entries of a .po file, leaving out the header and obsolete entries."""
    entries: list[Entry] = []
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines or all(line.startswith("#~") or line.startswith("#") for line in lines):
            continue
        entry = _parse_block(lines)
        if entry.msgid:
            entries.append(entry)
    return entries


def _parse_block(lines: list[str]) -> Entry:
    entry = Entry()
    target: str | None = None
    for line in lines:
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            _append(entry, target, ast.literal_eval(line))
        else:
            keyword, _, value = line.partition(" ")
            target = keyword
            if keyword.startswith("msgstr"):
                entry.msgstrs.append("")
            elif keyword == "msgid_plural":
                entry.msgid_plural = ""
            elif keyword == "msgctxt":
                entry.msgctxt = ""
            _append(entry, target, ast.literal_eval(value))
    return entry


def _append(entry: Entry, target: str | None, text: str) -> None:
    if target == "msgid":
        entry.msgid += text
    elif target == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + text
    elif target == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + text
    elif target is not None and target.startswith("msgstr"):
        entry.msgstrs[-1] += text


def dutch_entries(po_file: Path = PO_FILE) -> list[Entry]:
    return parse_po(po_file.read_text(encoding="utf-8"))


def all_dutch_entries() -> list[Entry]:
    return [entry for po_file in ALL_PO_FILES for entry in dutch_entries(po_file)]


def test_the_dutch_catalogue_has_entries():
    assert len(dutch_entries()) > 20


def test_every_string_has_a_dutch_translation():
    missing = [entry.msgid for entry in all_dutch_entries() if not all(entry.msgstrs)]
    assert missing == []


def test_no_dutch_translation_is_fuzzy():
    fuzzy = [entry.msgid for entry in all_dutch_entries() if "fuzzy" in entry.flags]
    assert fuzzy == []


@pytest.mark.parametrize("po_file", ALL_PO_FILES, ids=str)
def test_the_header_is_not_fuzzy(po_file):
    header = po_file.read_text(encoding="utf-8").split('msgid ""\nmsgstr ""')[0]
    assert "#, fuzzy" not in header


def test_named_placeholders_survive_translation():
    for entry in all_dutch_entries():
        expected = _placeholders(entry.msgid)
        if entry.msgid_plural is not None:
            # a singular form may leave out the count ("One question ..."), a plural may not
            allowed = expected | _placeholders(entry.msgid_plural)
            for translation in entry.msgstrs:
                assert _placeholders(translation) <= allowed, entry.msgid
            assert _placeholders(entry.msgstrs[-1]) == _placeholders(entry.msgid_plural)
            continue
        for translation in entry.msgstrs:
            assert _placeholders(translation) == expected, entry.msgid


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\((\w+)\)s", text))


@pytest.mark.parametrize("po_file", ALL_PO_FILES, ids=str)
def test_the_compiled_catalogue_matches_the_po_file(po_file):
    with po_file.with_suffix(".mo").open("rb") as handle:
        catalog = dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]
    catalog.pop("", None)
    expected = {}
    for entry in dutch_entries(po_file):
        if entry.msgid_plural is None:
            expected[entry.key] = entry.msgstrs[0]
        else:
            expected.update({(entry.key, n): text for n, text in enumerate(entry.msgstrs)})
    assert catalog == expected, "Run: python -m mildkracht.web.manage compilemessages"


@pytest.mark.parametrize("folder", [WEB_DIR, *APP_CATALOGUES], ids=str)
def test_every_marked_string_is_in_the_po_file(tmp_path, folder):
    assert shutil.which("xgettext"), "GNU gettext is needed (python3 dev.py test installs it)"
    copy = tmp_path / "web"
    shutil.copytree(WEB_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    where = copy / folder.relative_to(WEB_DIR)
    (tmp_path / "makemessages_settings.py").write_text(
        textwrap.dedent(
            f"""
            from mildkracht.web.settings import *  # noqa: F403
            LOCALE_PATHS = [{str(where / "locale")!r}]
            """
        )
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "makemessages_settings",
        "PYTHONPATH": str(tmp_path),
        "MILDKRACHT_DATA_DIR": str(tmp_path / "data"),
    }
    ignore = []
    if folder == WEB_DIR:
        for app in APP_CATALOGUES:
            ignore += ["--ignore", f"{app.name}/*"]
    command = ["makemessages", "-l", "nl", "--add-location", "file", "--no-obsolete", *ignore]
    result = subprocess.run(
        [sys.executable, "-m", "mildkracht.web.manage", *command],
        cwd=where,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    regenerated = parse_po((where / CATALOGUE).read_text(encoding="utf-8"))
    committed = dutch_entries(folder / CATALOGUE)
    assert {entry.key for entry in regenerated} == {entry.key for entry in committed}, (
        f"In {folder}: python -m mildkracht.web.manage makemessages -l nl "
        "--add-location file --no-obsolete" + " ".join(ignore) + "; translate; then compilemessages"
    )
    assert [entry.msgid for entry in regenerated if "fuzzy" in entry.flags] == []
