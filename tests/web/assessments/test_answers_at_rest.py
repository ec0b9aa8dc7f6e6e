"""Questionnaire answers are health data: stored encrypted, as the journal is (issue 19)."""

import importlib
import io

from django.apps import apps
from django.core.management import call_command
from django.db import connection

from mildkracht.web.assessments.models import Assessment
from mildkracht.web.crypto import fernet

MIGRATION = importlib.import_module("mildkracht.web.assessments.migrations.0004_answers_encrypted")


def _raw_rows() -> list[tuple[int, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, answers, extra_answers FROM assessments_assessment")
        return list(cursor.fetchall())


def test_no_answer_is_stored_in_plain_text(phq9_with_thoughts, scs_result):
    for _pk, answers, extra_answers in _raw_rows():
        for stored in (answers, extra_answers):
            assert not stored.lstrip().startswith("{")
            assert '"9"' not in stored and "difficulty" not in stored
            fernet().decrypt(stored.encode())  # a Fernet token of the installation's key


def test_the_answers_read_back_as_they_were_given(phq9_with_thoughts):
    again = Assessment.objects.get(pk=phq9_with_thoughts.pk)
    assert again.item_answers[9] == 1
    assert again.extra_answers == {"difficulty": 1}


def test_the_migration_encrypts_the_answers_stored_before_it(phq9_with_thoughts):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE assessments_assessment SET answers = %s, extra_answers = %s WHERE id = %s",
            ['{"1": 0, "9": 1}', '{"difficulty": 1}', phq9_with_thoughts.pk],
        )
    assert Assessment.objects.get().answers == {"1": 0, "9": 1}  # plain rows still read
    MIGRATION.encrypt_answers(apps, None)
    ((_pk, answers, extra_answers),) = _raw_rows()
    assert '"9"' not in answers and "difficulty" not in extra_answers
    assert Assessment.objects.get().answers == {"1": 0, "9": 1}


def test_rotating_the_key_reencrypts_the_answers(phq9_with_thoughts, settings):
    from cryptography.fernet import Fernet

    old_key = settings.MILDKRACHT_ENCRYPTION_KEY
    settings.MILDKRACHT_ENCRYPTION_KEY = Fernet.generate_key() + b"," + old_key
    call_command("rotate_encryption_key", stdout=io.StringIO())
    settings.MILDKRACHT_ENCRYPTION_KEY = settings.MILDKRACHT_ENCRYPTION_KEY.split(b",")[0]
    assert Assessment.objects.get().item_answers[9] == 1
