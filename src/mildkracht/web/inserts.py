"""One new row, inserted as ``save(force_insert=True)`` does, with its SQL built once.

The most frequent writes (an API submission, a logged moment) are single INSERTs. Django's
ORM compiles the statement anew for every row, which cost more than the write itself. Here
the statement is built once per model and database from the model's own metadata, and each
row's values go through the fields' own ``pre_save`` and ``get_db_prep_save``: the same
values Django would send. When anything listens to the model's save signals, or a value is
an expression for the database to compute, the ORM's own ``save()`` is used, so that no
receiver and no expression is ever skipped.

The statement runs in autocommit: a transaction of its own (on SQLite it takes its write
turn only for the statement itself, see ``mildkracht.web.sqlite``). On SQLite it goes to the
writer without a cursor (``insert_row``) unless queries are being logged or wrapped.
"""

from __future__ import annotations

from typing import Any

from django.db import connections, router
from django.db.models import Field, Model
from django.db.models.signals import post_save, pre_save

_statements: dict[tuple[type[Model], str], tuple[str, list[Field[Any, Any]]]] = {}


def insert(instance: Model) -> None:
    """Insert ``instance`` as a new row and set its primary key (if the database chose it)."""
    model = type(instance)
    if pre_save.has_listeners(model) or post_save.has_listeners(model):
        instance.save(force_insert=True)
        return
    alias = router.db_for_write(model, instance=instance)
    connection = connections[alias]
    meta = model._meta
    pk_given = instance.pk is not None
    key = (model, f"{alias}:{pk_given}")
    if key not in _statements:
        _statements[key] = _statement(model, connection, pk_given)
    sql, fields = _statements[key]
    values = [field.pre_save(instance, True) for field in fields]
    if any(hasattr(value, "resolve_expression") for value in values):
        instance.save(force_insert=True)  # an expression (a database default, say): the ORM
        return
    params = [
        field.get_db_prep_save(value, connection=connection)
        for field, value in zip(fields, values, strict=True)
    ]
    direct = getattr(connection, "insert_row", None)  # SQLite's, without a cursor
    rows = direct(sql, params) if direct is not None else None
    if rows is None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = [cursor.fetchone()] if not pk_given else []
    if not pk_given:
        (value,) = rows[0]
        instance.pk = meta.pk.to_python(value)
    instance._state.adding = False
    instance._state.db = alias


def _statement(
    model: type[Model], connection: Any, pk_given: bool
) -> tuple[str, list[Field[Any, Any]]]:
    meta = model._meta
    fields = [
        field
        for field in meta.local_concrete_fields
        if not getattr(field, "generated", False) and (pk_given or field is not meta.auto_field)
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"
    if not pk_given:
        returning, _params = connection.ops.return_insert_columns([meta.pk])
        sql = f"{sql} {returning}"
    return sql, fields
