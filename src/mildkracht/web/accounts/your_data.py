"""Everything that is a person's own: found once, so that export and erasure cover the same.

The set is what deleting the account would delete: Django's deletion collector follows every
relation that cascades from the user (assessments, practice, moments, journal, program,
tokens, ...). An app that adds a model owned by a person is covered without a change here.
Reminder tasks waiting in (or finished by) the task queue name the person only by the id in
their arguments: they are added by hand, to the export and to the erasure alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models, router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone

from mildkracht import __version__

# Fields that would only help an attacker, never the person: left out of the export.
# A device's push keys would only let someone else write to it.
SECRET_FIELDS = frozenset(
    {"password", "token_hash", "prefix", "p256dh_key", "auth_secret", "session_hash"}
)


class _EverythingCollector(Collector):
    """The deletion collector, made to list every object instead of bulk-deleting some."""

    def can_fast_delete(self, *args: Any, **kwargs: Any) -> bool:
        return False


def owned_objects(user: models.Model) -> Iterator[models.Model]:
    """Every object that belongs to ``user`` (the user included), in a stable order."""
    collector = _EverythingCollector(using=router.db_for_write(type(user)))
    collector.collect([user])
    for _model, instances in sorted(
        collector.data.items(), key=lambda pair: pair[0]._meta.label_lower
    ):
        yield from sorted(instances, key=lambda instance: instance.pk)
    yield from _reminder_tasks(user).order_by("enqueued_at", "id")


def export(user: models.Model) -> dict[str, Any]:
    """A complete, readable copy of the person's data (journal text decrypted: it is theirs)."""
    data: dict[str, list[dict[str, Any]]] = {}
    for instance in owned_objects(user):
        data.setdefault(instance._meta.label_lower, []).append(_as_dict(instance))
    _add_scores(data)
    return {
        "format": "mildkracht-export",
        "version": __version__,
        "exported_at": timezone.now().isoformat(),
        "data": data,
    }


def _as_dict(instance: models.Model) -> dict[str, Any]:
    row: dict[str, Any] = {"id": instance.pk}
    for field in instance._meta.concrete_fields:
        if field.name in SECRET_FIELDS or field.primary_key:
            continue
        row[field.attname] = _plain(field.value_from_object(instance))
    return row


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _add_scores(data: dict[str, list[dict[str, Any]]]) -> None:
    """Scores are recomputed from the raw answers by the core, as everywhere in the app."""
    from mildkracht.web.assessments.actions import scores_of
    from mildkracht.web.assessments.models import Assessment

    for row in data.get("assessments.assessment", []):
        assessment = Assessment.objects.get(pk=row["id"])
        row["scores"] = dict(scores_of(assessment).values)


def _reminder_tasks(user: models.Model) -> models.QuerySet[Any]:
    from mildkracht.web.program.reminders import reminder_tasks_of

    return reminder_tasks_of(user.pk)


def erase(user: models.Model) -> int:
    """Delete the account and everything that is theirs; return how many objects went."""
    with transaction.atomic():
        tasks, _ = _reminder_tasks(user).delete()
        deleted, _ = user.delete()
    return tasks + deleted
