"""One Chromium per test module, shared by its tests."""

import pytest
from e2e_support import CHROMIUM, CHROMIUM_ARGS
from playwright.sync_api import sync_playwright


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()
