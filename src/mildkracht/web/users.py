"""`mildkracht user add NAME`: create an account from the command line."""

import sys
from pathlib import Path

from mildkracht.web.runtime import prepare


def add_user(
    username: str, data_dir: Path | None = None, language: str = "nl", *, teacher: bool = False
) -> int:
    """Create an account, asking for its password (or reading it from standard input).

    Returns the exit status: 0 when created, 1 otherwise (with the reason on stderr).
    """
    prepare(data_dir)

    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        call_command("adduser", username, language=language, teacher=teacher)
    except CommandError as error:
        print(error, file=sys.stderr)
        return 1
    except (KeyboardInterrupt, EOFError):  # Ctrl-C or Ctrl-D at the password prompt
        print(file=sys.stderr)
        return 1
    return 0
