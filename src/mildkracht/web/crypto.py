"""Health data encrypted at rest: journal entries, notes and questionnaire answers.

The keys are Fernet keys (AES-128-CBC with HMAC-SHA256, from the ``cryptography`` library)
in ``settings.MILDKRACHT_ENCRYPTION_KEY``: the ``encryption_key`` file in the data directory,
or the environment variable of that name. They never go into the database.

Rotation: give a comma-separated list, newest first (``NEW,OLD``). The first key encrypts,
every key decrypts. ``python -m mildkracht.web.manage rotate_encryption_key`` then
re-encrypts every encrypted field with the first key, after which the old key can go.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any, TypeVar

import orjson
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.db import models


class DecryptionError(Exception):
    """Stored text that none of the configured keys can decrypt."""


def parse_keys(value: bytes | str) -> tuple[bytes, ...]:
    """The keys in a comma-separated list, first (the encrypting key) first."""
    text = value.decode("ascii") if isinstance(value, bytes) else value
    keys = tuple(key.strip().encode("ascii") for key in text.split(",") if key.strip())
    if not keys:
        raise ValueError("MILDKRACHT_ENCRYPTION_KEY holds no key")
    return keys


@lru_cache(maxsize=4)
def _fernet_for(value: bytes | str) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in parse_keys(value)])


def fernet() -> MultiFernet:
    """The installation's keys as one MultiFernet (cached per key setting)."""
    return _fernet_for(settings.MILDKRACHT_ENCRYPTION_KEY)


def encrypt(text: str) -> str:
    """The text encrypted with the first key, as an ASCII token. Empty text stays empty."""
    if text == "":
        return ""
    return fernet().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """The text of a token made by :func:`encrypt` with any of the configured keys."""
    if token == "":
        return ""
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError):
        raise DecryptionError(
            "Encrypted text cannot be read with the configured key(s). Restore the "
            "encryption_key file of this data directory, or add the old key after the new "
            "one in MILDKRACHT_ENCRYPTION_KEY."
        ) from None


def rotate(token: str) -> str:
    """The same text, encrypted again with the first key."""
    if token == "":
        return ""
    try:
        return fernet().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken:
        raise DecryptionError("Encrypted text cannot be read with the configured key(s).") from None


# A field's value types, as django-stubs names them: what may be set, what is read back.
_ST = TypeVar("_ST", contravariant=True)
_GT = TypeVar("_GT", covariant=True)


class EncryptedTextField(models.TextField[_ST, _GT]):
    """A text field whose value is stored encrypted and read back as plain text.

    Lookups on the value (filtering, ordering) are meaningless: every save encrypts anew.
    """

    description = "Text, encrypted at rest"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return None if value is None else decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return None if value is None else encrypt(value)


class EncryptedJSONField(EncryptedTextField[Any, Any]):
    """A JSON value (an assessment's answers) stored encrypted, read back as the value.

    The text encrypted is the value's JSON as orjson writes it (number keys as text, as
    a JSONField keeps them). A value that is still plain JSON (a row written before the
    answers were encrypted, until its migration has run) is read as it is.
    """

    # Any JSON value, as for Django's JSONField (read by django-stubs' mypy plugin).
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    description = "JSON, encrypted at rest"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        if value.startswith(("{", "[")):
            return orjson.loads(value)
        return orjson.loads(decrypt(value))

    def to_python(self, value: Any) -> Any:
        return value

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return encrypt(orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode())

    def value_to_string(self, obj: models.Model) -> Any:
        return self.value_from_object(obj)


def encrypted_fields() -> Iterator[tuple[type[models.Model], list[str]]]:
    """Every installed model with its encrypted fields, for rotation."""
    for model in apps.get_models():
        names = [
            f.attname for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)
        ]
        if names:
            yield model, names
