"""Account workflows shared by the views and the management commands."""

from django.db import connection, transaction

from mildkracht.web.accounts.models import DEFAULT_TIME_ZONE, Language, User


class OwnerAlreadyExists(Exception):
    """The installation already has its owner."""


def owner_setup_needed() -> bool:
    return not User.objects.exists()


def create_owner(username: str, password: str, language: str) -> User:
    """Create the first account of a fresh installation; it owns the installation."""
    with transaction.atomic():
        _serialise_user_creation()
        if User.objects.exists():
            raise OwnerAlreadyExists
        user = User(username=username, language=language, is_staff=True, is_superuser=True)
        user.set_password(password)
        user.save()
    return user


def add_user(
    username: str,
    password: str,
    language: str = Language.DUTCH,
    time_zone: str = DEFAULT_TIME_ZONE,
) -> User:
    """Create an account; raise ValidationError when the name is taken or invalid."""
    user = User(username=username, language=language, time_zone=time_zone)
    user.set_password(password)
    user.full_clean()
    with transaction.atomic():
        user.save()
    return user


def _serialise_user_creation() -> None:
    # SQLite transactions here start with BEGIN IMMEDIATE, which already serialises writers.
    # PostgreSQL needs a lock so two simultaneous first visits cannot both become owner.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [0x4D494C44])
