"""The fixtures of these tests (kept in program_support.py, which the tests import by its own name:
every folder's conftest is a module named conftest, and one would hide another)."""

from program_support import *  # noqa: F403
