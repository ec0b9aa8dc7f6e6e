"""The database file rewritten once the answers are encrypted (issue 19): the pages that
held them in plain text are freed by 0004, not erased, until the file is rewritten."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def rewrite(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("VACUUM")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        elif connection.vendor == "postgresql":
            cursor.execute("VACUUM FULL assessments_assessment")


class Migration(migrations.Migration):
    atomic = False  # neither VACUUM runs inside a transaction

    dependencies = [
        ("assessments", "0004_answers_encrypted"),
    ]

    operations = [
        migrations.RunPython(rewrite, migrations.RunPython.noop, elidable=True),
    ]
