"""One-row inserts with a statement built once: the same row as the ORM's save()."""

import pytest
from django.db.models.signals import pre_save
from django.utils import timezone

from mildkracht.web.assessments.models import Assessment
from mildkracht.web.inserts import insert

pytestmark = pytest.mark.django_db

COLUMNS = [field.attname for field in Assessment._meta.concrete_fields if not field.primary_key]


def _assessment(owner, **values) -> Assessment:
    defaults = {
        "owner": owner,
        "instrument_id": "scs",
        "instrument_version": "1",
        "context": "baseline",
        "created_at": timezone.now(),
        "submitted_at": timezone.now(),
        "answers": {"1": 3, "2": 5, "10": 1},
        "extra_answers": {"difficulty": 2},
    }
    return Assessment(**(defaults | values))


def test_insert_stores_the_same_row_as_save(owner):
    when = timezone.now()
    by_orm = _assessment(owner, created_at=when, submitted_at=None)
    by_orm.save(force_insert=True)
    by_insert = _assessment(owner, created_at=when, submitted_at=None)
    insert(by_insert)
    assert by_insert.pk is not None and by_insert.pk != by_orm.pk
    assert by_insert._state.adding is False
    stored = Assessment.objects.values(*COLUMNS)
    assert stored.get(pk=by_insert.pk) == stored.get(pk=by_orm.pk)
    assert Assessment.objects.get(pk=by_insert.pk).answers == {"1": 3, "2": 5, "10": 1}


def test_a_default_is_filled_in_as_save_does(owner):
    assessment = Assessment(owner=owner, instrument_id="scs", instrument_version="1")
    insert(assessment)
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.answers == {} and stored.context == ""
    assert stored.created_at == assessment.created_at


def test_a_given_primary_key_is_kept(owner):
    insert(_assessment(owner, pk=4242))
    assert Assessment.objects.filter(pk=4242, owner=owner).exists()


def test_with_a_listener_the_orms_save_is_used_so_no_receiver_is_skipped(owner):
    heard: list[int] = []

    def listen(sender, instance, **kwargs) -> None:
        heard.append(instance.owner_id)

    pre_save.connect(listen, sender=Assessment)
    try:
        insert(_assessment(owner))
    finally:
        pre_save.disconnect(listen, sender=Assessment)
    assert heard == [owner.pk]
    assert Assessment.objects.count() == 1


def test_a_value_for_the_database_to_compute_goes_through_the_orm(owner):
    from django.db.models import Value
    from django.db.models.functions import Upper

    assessment = _assessment(owner, context=Upper(Value("week8")))
    insert(assessment)
    assert Assessment.objects.get(pk=assessment.pk).context == "WEEK8"
