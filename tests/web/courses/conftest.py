"""The fixtures of these tests (kept in course_support.py, which the tests import by its own name:
every folder's conftest is a module named conftest, and one would hide another)."""

from course_support import *  # noqa: F403
