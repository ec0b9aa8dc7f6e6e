import getpass
import sys
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from mildkracht.web.accounts import actions
from mildkracht.web.accounts.models import DEFAULT_TIME_ZONE, Language, User
from mildkracht.web.courses.teachers import make_teacher

PROMPT_ATTEMPTS = 3


class Command(BaseCommand):
    help = (
        "Create an account. The password is asked twice at a terminal, "
        "or read from the first line of standard input."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--language", choices=Language.values, default=Language.DUTCH)
        parser.add_argument("--time-zone", default=DEFAULT_TIME_ZONE)
        parser.add_argument(
            "--teacher", action="store_true", help="a teacher, who must sign in in two steps"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"]
        if User.objects.filter(username=username).exists():
            raise CommandError(_("An account named %(name)s already exists.") % {"name": username})
        candidate = User(username=username)
        if sys.stdin.isatty():
            password = self._ask_password(candidate)
        else:
            password = self._read_password(candidate)
        try:
            user = actions.add_user(username, password, options["language"], options["time_zone"])
        except ValidationError as error:
            raise CommandError(_describe(error)) from None
        if options.get("teacher"):
            make_teacher(user)
            self.stdout.write(
                _(
                    "Teacher account %(name)s created. At the first login it sets up a second "
                    "step (an authenticator app)."
                )
                % {"name": username}
            )
            return
        self.stdout.write(_("Account %(name)s created.") % {"name": username})

    def _ask_password(self, candidate: User) -> str:
        for _attempt in range(PROMPT_ATTEMPTS):
            password = getpass.getpass(_("Password: "))
            if password != getpass.getpass(_("Password (again): ")):
                self.stderr.write(_("The two passwords differ. Please try again."))
                continue
            try:
                validate_password(password, candidate)
            except ValidationError as error:
                self.stderr.write(_describe(error))
                continue
            return password
        raise CommandError(_("No account created."))

    def _read_password(self, candidate: User) -> str:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise CommandError(_("No password on standard input."))
        try:
            validate_password(password, candidate)
        except ValidationError as error:
            raise CommandError(_describe(error)) from None
        return password


def _describe(error: ValidationError) -> str:
    return "\n".join(error.messages)
