"""For tests that run Mildkracht in a process of its own, as a person's command line would."""

import os


def environment() -> dict[str, str]:
    """This environment without the test run's own: no data directory, database or other
    Mildkracht setting, and no sign of pytest (which would give the settings a throwaway
    data directory)."""
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("MILDKRACHT_") and key not in ("DATABASE_URL", "PYTEST_VERSION")
    }
