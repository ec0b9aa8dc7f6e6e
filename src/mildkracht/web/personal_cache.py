"""Rendered parts of a person's own pages, kept in the shared cache until their data changes.

The profile and the week view are rendered from many rows and charts, but change only when
the person's data does. Their rendered parts are kept (under the keys of Django's
``{% cache %}`` tag) in the cache that every server process shares (settings.CACHES: a
table in the database, or Redis), under a key that holds the person, a version of their
data, the language, the time zone and what else the part depends on (today's date, the week
shown). Any saved or deleted row of theirs gives them a new version, in every process at
once, so a kept part is never stale. The version is a random token, so a cache that forgot
it can never meet an old part again. A part holds health figures, so it is kept encrypted
with the installation's key, as the answers it was made from are.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from mildkracht.web import crypto
from mildkracht.web.accounts.http import AuthenticatedHttpRequest

#: How long a rendered part is kept at most (a changed version makes it unreachable sooner).
PART_SECONDS = 24 * 60 * 60
#: The apps whose rows belong to a person (through ``owner``, or an enrolment's owner).
PERSONAL_APPS = ("assessments", "practice", "program", "reflect")


def _version_key(person_id: int) -> str:
    return f"data-version:{person_id}"


def data_version(person_id: int) -> str:
    """The person's current data version (made, and agreed between processes, if missing)."""
    key = _version_key(person_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, None)  # add: the first process to ask wins
        version = cache.get(key)
    return str(version)


def data_changed(person_id: int) -> None:
    """Give the person a new version now, and again once the transaction has committed: a
    page rendered in between from the data before the change is then never reached."""

    def renew() -> None:
        cache.set(_version_key(person_id), uuid.uuid4().hex, None)

    renew()
    transaction.on_commit(renew, robust=True)


def part_key(request: AuthenticatedHttpRequest, *parts: object) -> str:
    """What a kept part of this person's page varies on: pass it to ``{% cache %}``."""
    person_id = request.user.pk
    language = translation.get_language()
    zone = timezone.get_current_timezone_name()
    return ":".join(map(str, (person_id, data_version(person_id), language, zone, *parts)))


def _owner_of(instance: Model) -> int | None:
    for path in ("owner_id", "enrolment.owner_id"):
        found: Any = instance
        for name in path.split("."):
            found = getattr(found, name, None)
        if isinstance(found, int):
            return found
    return None


def _changed(sender: type[Model], instance: Model, **kwargs: object) -> None:
    person_id = instance.pk if sender._meta.label == "accounts.User" else _owner_of(instance)
    if person_id is not None:
        data_changed(person_id)


def connect_signals() -> None:
    """Any saved or deleted row of a person's (and the person's own record) changes them."""
    models: list[type[Model]] = [apps.get_model("accounts", "User")]
    models += [
        model for label in PERSONAL_APPS for model in apps.get_app_config(label).get_models()
    ]
    for model in models:
        uid = f"personal_cache:{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid)


def kept_part(
    request: AuthenticatedHttpRequest, name: str, render: Callable[[], str], *parts: object
) -> SafeString:
    """The rendered part ``name`` of this person's page: kept, or rendered now and kept."""
    key = make_template_fragment_key(name, [part_key(request, *parts)])
    kept: str | None = cache.get(key)
    try:
        html = None if kept is None else crypto.decrypt(kept)
    except crypto.DecryptionError:  # kept under a key that has since been rotated out
        html = None
    if html is None:
        html = render()
        cache.set(key, crypto.encrypt(html), PART_SECONDS)
    return mark_safe(html)
