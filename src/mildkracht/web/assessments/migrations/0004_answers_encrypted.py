"""The answers encrypted at rest, as the journal is: the columns become text, every row is
written again through the encrypting field (issue 19)."""

import json
from collections.abc import Callable
from typing import Any

from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

import mildkracht.web.crypto

BATCH = 500


def encrypt_answers(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    # The field reads a row that is still plain JSON as it is, and writes it encrypted.
    assessment = apps.get_model("assessments", "Assessment")
    _write_all(assessment, lambda value: value)


def decrypt_answers(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    assessment = apps.get_model("assessments", "Assessment")
    table = assessment._meta.db_table
    pks = list(assessment._default_manager.order_by("pk").values_list("pk", flat=True))
    with schema_editor.connection.cursor() as cursor:
        for start in range(0, len(pks), BATCH):
            rows = assessment._default_manager.filter(pk__in=pks[start : start + BATCH])
            for pk, answers, extra in rows.values_list("pk", "answers", "extra_answers"):
                cursor.execute(
                    f"UPDATE {table} SET answers = %s, extra_answers = %s WHERE id = %s",
                    [json.dumps(answers), json.dumps(extra), pk],
                )


def _write_all(assessment: type[models.Model], change: Callable[[Any], Any]) -> None:
    pks = list(assessment._default_manager.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        # A whole batch is read before it is written: SQLite must not change rows under an
        # open cursor. update() leaves every other column alone.
        rows = list(
            assessment._default_manager.filter(pk__in=pks[start : start + BATCH]).values_list(
                "pk", "answers", "extra_answers"
            )
        )
        for pk, answers, extra in rows:
            assessment._default_manager.filter(pk=pk).update(
                answers=change(answers), extra_answers=change(extra)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_answers_written_with_orjson"),
    ]

    operations = [
        migrations.AlterField(
            model_name="assessment",
            name="answers",
            field=mildkracht.web.crypto.EncryptedJSONField(
                blank=True, default=dict, verbose_name="answers"
            ),
        ),
        migrations.AlterField(
            model_name="assessment",
            name="extra_answers",
            field=mildkracht.web.crypto.EncryptedJSONField(
                blank=True, default=dict, verbose_name="extra answers"
            ),
        ),
        migrations.RunPython(encrypt_answers, decrypt_answers),
    ]
