"""Re-encrypt every encrypted field with the first key of MILDKRACHT_ENCRYPTION_KEY."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from mildkracht.web.crypto import DecryptionError, encrypted_fields, parse_keys

BATCH = 500


class Command(BaseCommand):
    help = (
        "Re-encrypt all encrypted text (journal, notes) with the first key in "
        "MILDKRACHT_ENCRYPTION_KEY. To rotate: put a new key first (NEW,OLD) in the "
        "encryption_key file or the environment, run this command, then remove OLD."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        keys = parse_keys(settings.MILDKRACHT_ENCRYPTION_KEY)
        total = 0
        try:
            with transaction.atomic():
                for model, fields in encrypted_fields():
                    total += self._rotate(model, fields)
        except DecryptionError as error:
            raise CommandError(f"{error} Nothing has been changed.") from None
        self.stdout.write(
            f"Re-encrypted {total} row(s) with the first of {len(keys)} key(s). "
            + ("The other keys can now be removed." if len(keys) > 1 else "")
        )

    def _rotate(self, model: Any, fields: list[str]) -> int:
        manager = model._base_manager
        pks = list(manager.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), BATCH):
            # Read a whole batch before writing: SQLite must not change rows under an open
            # cursor. Reading decrypts with any key; update() encrypts with the first key
            # and, unlike save(), leaves the "updated" timestamps alone.
            batch = list(
                manager.filter(pk__in=pks[start : start + BATCH]).values_list("pk", *fields)
            )
            for pk, *values in batch:
                manager.filter(pk=pk).update(**dict(zip(fields, values, strict=True)))
        return len(pks)
