"""Each table of a person's records has one index that starts with its owner, not two.

The (owner, time) index serves every lookup by owner, and a cascade on deleting a person;
a second index on the owner alone only made every INSERT write one more page.
"""

import pytest
from django.db import connection

from mildkracht.web.assessments.models import Assessment
from mildkracht.web.practice.models import JournalEntry, Moment, PracticeSession

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Assessment, PracticeSession, Moment, JournalEntry])
def test_one_index_starts_with_the_owner(model):
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    indexes = [c["columns"] for c in found.values() if c["index"] and not c["primary_key"]]
    assert [columns for columns in indexes if columns[0] == "owner_id"] == [
        ["owner_id", model._meta.indexes[0].fields[1]]
    ]
    # The owner is still a foreign key: a person's rows go when the person goes.
    assert any(c["foreign_key"] == ("accounts_user", "id") for c in found.values())
