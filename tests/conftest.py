"""Test-wide set-up.

pytest-django loads the settings before any conftest runs; under pytest, and without
MILDKRACHT_DATA_DIR, the settings choose a throw-away data directory themselves. It is
removed here at the end of the run.
"""

import shutil
import tempfile
from pathlib import Path

import pytest


def pytest_unconfigure(config: pytest.Config) -> None:
    from django.conf import settings

    if not settings.configured:
        return
    data_dir = Path(settings.DATA_DIR)
    prefix = getattr(settings, "TEST_DATA_DIR_PREFIX", None)
    temporary_root = Path(tempfile.gettempdir()).resolve()
    if prefix and data_dir.parent == temporary_root and data_dir.name.startswith(prefix):
        shutil.rmtree(data_dir, ignore_errors=True)
