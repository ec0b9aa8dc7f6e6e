"""The core stays pure: it never imports Django (DESIGN.md, STYLE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import mildkracht.core

CORE = Path(mildkracht.core.__file__).parent
FORBIDDEN = ("django", "mildkracht.web", "mildkracht.research", "pandas", "pyarrow")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_the_core_never_imports_django_or_the_web() -> None:
    offenders = {
        str(path.relative_to(CORE)): sorted(
            name for name in imported_modules(path) if name.startswith(FORBIDDEN)
        )
        for path in CORE.rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_check_would_notice_a_django_import(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("from django.db import models\n", encoding="utf-8")
    assert "django.db" in imported_modules(module)
