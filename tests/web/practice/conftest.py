import pytest

from mildkracht.web.accounts.models import User
from mildkracht.web.practice.models import JournalEntry, Moment, PracticeSession

PASSWORD = "a calm lake at dawn"


@pytest.fixture
def outsider(db) -> User:
    user = User(username="outsider")
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def outsider_client(client, outsider):
    client.force_login(outsider)
    return client


@pytest.fixture
def english_owner_client(owner_client, owner):
    owner.language = "en"
    owner.save(update_fields=["language"])
    return owner_client


@pytest.fixture
def owners_things(owner):
    """A practice session, a moment and a journal entry of the owner."""
    from django.utils import timezone

    session = PracticeSession.objects.create(
        owner=owner,
        exercise_id="soothing-touch",
        kind="formal",
        source="player",
        started_at=timezone.now(),
        seconds=300,
        note="my private session note",
    )
    moment = Moment.objects.create(owner=owner, area="work", kind="boundary", note="said no")
    entry = JournalEntry.objects.create(owner=owner, text="dear diary", session=session)
    return session, moment, entry
