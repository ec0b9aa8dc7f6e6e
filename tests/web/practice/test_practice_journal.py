"""The private journal, and free text encrypted at rest."""

import importlib.util
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.views.debug import ExceptionReporter

from mildkracht.web import crypto
from mildkracht.web.practice.models import JournalEntry, Moment, PracticeSession
from mildkracht.web.practice.views import journal as journal_views

pytestmark = pytest.mark.django_db

SECRET = "Vandaag was ik bang dat niemand me zag, en toch bleef ik vriendelijk."


def all_database_text() -> str:
    """Every value in every table, as the database file holds it."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')
            found += [repr(row) for row in cursor.fetchall()]
    return "\n".join(found)


def test_a_journal_entry_is_written_read_edited_and_deleted(owner_client, owner):
    response = owner_client.post(reverse("journal:new"), {"prompt": "need", "text": SECRET})
    entry = JournalEntry.objects.get(owner=owner)
    assert response["Location"] == reverse("journal:detail", args=[entry.pk])
    page = owner_client.get(response["Location"]).content.decode()
    assert SECRET in page
    assert "Wat heb ik nodig?" in page
    assert "Vandaag was ik bang" in owner_client.get(reverse("journal:list")).content.decode()
    owner_client.post(reverse("journal:edit", args=[entry.pk]), {"text": "Iets anders."})
    entry.refresh_from_db()
    assert entry.text == "Iets anders."
    assert entry.prompt == "need"
    owner_client.post(reverse("journal:delete", args=[entry.pk]))
    assert not JournalEntry.objects.exists()


def test_an_entry_links_to_its_own_practice_and_moment_only(owner_client, owner, outsider):
    mine = PracticeSession.objects.create(
        owner=owner,
        source="player",
        started_at="2026-05-01T10:00Z",
        seconds=60,
        exercise_id="kind-letter",
    )
    theirs = PracticeSession.objects.create(
        owner=outsider, source="player", started_at="2026-05-01T10:00Z", seconds=60
    )
    moment = Moment.objects.create(owner=owner, area="work", kind="boundary")
    page = owner_client.get(
        reverse("journal:new") + f"?prompt=exercise:kind-letter:1&session={mine.pk}"
    ).content.decode()
    assert "Na je oefening van" in page
    owner_client.post(
        reverse("journal:new"),
        {
            "prompt": "exercise:kind-letter:1",
            "session": str(mine.pk),
            "moment": str(moment.pk),
            "text": "a",
        },
    )
    owner_client.post(reverse("journal:new"), {"session": str(theirs.pk), "text": "b"})
    entries = {entry.text: entry for entry in JournalEntry.objects.all()}
    assert (entries["a"].session, entries["a"].moment) == (mine, moment)
    assert entries["a"].prompt == "exercise:kind-letter:1"
    assert entries["b"].session is None


def test_an_unknown_prompt_is_not_stored(owner_client, owner):
    owner_client.post(reverse("journal:new"), {"prompt": "<script>", "text": "hello"})
    assert JournalEntry.objects.get().prompt == ""


def test_the_program_weeks_question_is_shown_on_a_new_entry_and_kept(owner_client, owner):
    from mildkracht.core.practices.library import bundled_program

    question = bundled_program().weeks[0].reflection.nl
    page = owner_client.get(reverse("journal:new") + "?prompt=program:1").content.decode()
    assert f'<p class="prompt-question" id="prompt-question">{question}</p>' in page
    owner_client.post(reverse("journal:new"), {"prompt": "program:1", "text": "hello"})
    assert JournalEntry.objects.get().prompt == "program:1"
    page = owner_client.get(reverse("journal:new") + "?prompt=program:99").content.decode()
    assert 'id="prompt-question"' not in page


def test_an_empty_entry_is_not_saved(owner_client):
    response = owner_client.post(reverse("journal:new"), {"text": "   "})
    assert response.status_code == 200
    assert "Schrijf eerst een paar woorden" in response.content.decode()
    assert not JournalEntry.objects.exists()


def test_the_database_holds_no_plaintext_of_journal_entries_or_notes(owner_client, owner):
    owner_client.post(reverse("journal:new"), {"text": SECRET})
    owner_client.post(
        reverse("practice:session_new"),
        {
            "kind": "formal",
            "day": "2026-05-02",
            "start_time": "08:00",
            "minutes": "10",
            "note": "Notitie bij een oefening: " + SECRET,
        },
    )
    moment = Moment.objects.create(owner=owner, area="self", kind="break")
    owner_client.post(
        reverse("practice:moment_edit", args=[moment.pk]),
        {
            "kind": "break",
            "area": "self",
            "day": "2026-05-02",
            "at_time": "09:00",
            "note": "Notitie bij een moment: " + SECRET,
        },
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM practice_journalentry")
        (stored,) = cursor.fetchone()
        cursor.execute("SELECT note FROM practice_practicesession")
        (session_note,) = cursor.fetchone()
        cursor.execute("SELECT note FROM practice_moment")
        (moment_note,) = cursor.fetchone()
    assert stored.startswith("gAAAAA"), "a Fernet token"
    assert crypto.decrypt(stored) == SECRET
    assert crypto.decrypt(session_note).endswith(SECRET)
    assert crypto.decrypt(moment_note).endswith(SECRET)
    everything = all_database_text()
    for fragment in ("bang dat niemand", "Notitie bij", "vriendelijk."):
        assert fragment not in everything


def test_the_same_text_never_gives_the_same_ciphertext():
    assert crypto.encrypt(SECRET) != crypto.encrypt(SECRET)
    assert crypto.encrypt("") == ""


def test_several_keys_the_first_encrypts_and_all_decrypt(settings):
    old, new = Fernet.generate_key(), Fernet.generate_key()
    settings.MILDKRACHT_ENCRYPTION_KEY = old
    token = crypto.encrypt(SECRET)
    settings.MILDKRACHT_ENCRYPTION_KEY = new + b"," + old
    assert crypto.decrypt(token) == SECRET
    fresh = crypto.encrypt(SECRET)
    assert Fernet(new).decrypt(fresh.encode()).decode() == SECRET
    settings.MILDKRACHT_ENCRYPTION_KEY = new
    with pytest.raises(crypto.DecryptionError, match="cannot be read"):
        crypto.decrypt(token)


def test_the_rotation_command_re_encrypts_everything_with_the_first_key(settings, owner):
    old, new = Fernet.generate_key(), Fernet.generate_key()
    settings.MILDKRACHT_ENCRYPTION_KEY = old
    entry = JournalEntry.objects.create(owner=owner, text=SECRET)
    moment = Moment.objects.create(owner=owner, area="self", kind="touch", note="warm hand")
    empty = Moment.objects.create(owner=owner, area="self", kind="touch")
    updated_at = entry.updated_at
    settings.MILDKRACHT_ENCRYPTION_KEY = new + b"," + old
    output = StringIO()
    call_command("rotate_encryption_key", stdout=output)
    assert "other keys can now be removed" in output.getvalue()
    settings.MILDKRACHT_ENCRYPTION_KEY = new  # the old key is gone now
    entry.refresh_from_db()
    assert entry.text == SECRET
    assert entry.updated_at == updated_at, "rotating is not editing"
    assert Moment.objects.get(pk=moment.pk).note == "warm hand"
    assert Moment.objects.get(pk=empty.pk).note == ""


def test_rotation_without_the_old_key_changes_nothing(settings, owner):
    old = Fernet.generate_key()
    settings.MILDKRACHT_ENCRYPTION_KEY = old
    JournalEntry.objects.create(owner=owner, text=SECRET)
    settings.MILDKRACHT_ENCRYPTION_KEY = Fernet.generate_key()
    with pytest.raises(CommandError, match="Nothing has been changed"):
        call_command("rotate_encryption_key", stdout=StringIO())
    settings.MILDKRACHT_ENCRYPTION_KEY = old
    assert JournalEntry.objects.get().text == SECRET


def test_journal_text_stays_out_of_error_reports(owner, monkeypatch):
    def broken(**fields):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(JournalEntry.objects, "create", broken)
    request = RequestFactory().post(reverse("journal:new"), {"text": SECRET})
    request.user = owner
    request._dont_enforce_csrf_checks = True
    with pytest.raises(RuntimeError) as caught:
        journal_views.entry_new(request)
    report = ExceptionReporter(request, caught.type, caught.value, caught.tb).get_traceback_text()
    assert "the disk is full" in report
    assert "bang dat niemand" not in report


def test_journal_entries_are_not_in_the_admin():
    assert importlib.util.find_spec("mildkracht.web.practice.admin") is None


def test_the_string_form_of_an_entry_reveals_nothing(owner):
    entry = JournalEntry.objects.create(owner=owner, text=SECRET)
    assert "bang" not in str(entry) and "bang" not in repr(entry)


def test_the_key_file_may_hold_a_new_and_an_old_key_while_rotating(tmp_path):
    from mildkracht.web.secret_files import ENCRYPTION_KEY_FILE, SecretsError, ensure_secrets

    new, old = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    (tmp_path / ENCRYPTION_KEY_FILE).write_text(f"{new},{old}\n")
    keys = crypto.parse_keys(ensure_secrets(tmp_path).encryption_key)
    assert keys == (new.encode(), old.encode())
    (tmp_path / ENCRYPTION_KEY_FILE).write_text(f"{new},not-a-key\n")
    with pytest.raises(SecretsError):
        ensure_secrets(tmp_path)
