"""Insert many rows of one model with as few round trips as the database allows.

On PostgreSQL the rows go through one ``COPY ... FROM STDIN`` (psycopg 3), the fastest way in: no SQL is
parsed per row and the number of statements does not grow with the rows. Elsewhere (SQLite in tests and
small installations) they go through one ``INSERT`` run with ``executemany``. Either way nothing calls
``Model.save``: the caller prepares every field, including ``version`` and ``recorded_at`` of versioned
rows, and runs inside a transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert ``rows`` (tuples in the order of ``fields``, attribute names such as ``plan_id``).

    Returns the number of rows written. Primary keys come from the table's sequence.
    """
    if connection.vendor == "postgresql":
        return _copy(model, fields, rows)
    prepare = [_field(model, f).get_db_prep_save for f in fields]
    params = [[p(v, connection) for p, v in zip(prepare, row, strict=True)] for row in rows]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {_table(model)} ({_columns(model, fields)}) "
                f"VALUES ({', '.join(['%s'] * len(fields))})",
                params,
            )
    return len(params)


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field), f"{name} is not a concrete field of {model.__name__}"
    return field


def _columns(model: type[models.Model], fields: Sequence[str]) -> str:
    return ", ".join(connection.ops.quote_name(str(_field(model, f).column)) for f in fields)


def _copy(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    from psycopg.types.json import Jsonb

    count = 0
    # NB: COPY adapts by Python type, and a dict has no text form: a JSON field's value goes as jsonb
    json_at = [i for i, f in enumerate(fields) if isinstance(_field(model, f), models.JSONField)]
    sql = f"COPY {_table(model)} ({_columns(model, fields)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            if json_at:
                row = [Jsonb(v) if i in json_at else v for i, v in enumerate(row)]
            copy.write_row(row)
            count += 1
    return count
