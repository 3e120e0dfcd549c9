"""Writing many plain rows at once, without a model instance per row.

`insert_rows` uses COPY on PostgreSQL and `executemany` elsewhere; `update_rows` sets columns
of many rows by primary key in one `executemany` (psycopg pipelines it; SQLite runs it in one
call); `update_by_pk` and `delete_by_pk` give many rows the same values, or delete them, in one
statement on PostgreSQL (the ids as one array parameter) and in chunks of 900 ids elsewhere
(SQLite's limit on parameters). The first two take plain tuples in the order of `columns`; all
run inside the caller's transaction: a service stays atomic and writes its audit row as usual.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, models

_CHUNK = 20_000
_IN_CHUNK = 900  # ids per IN (...) where there is no array parameter


def _adapted(model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]):
    """Rows as the database driver takes them (SQLite: datetimes and decimals as text)."""
    if connection.vendor == "postgresql":
        yield from rows
        return
    fields = [model._meta.get_field(c) for c in columns]
    adapt = [
        (lambda v, f=f: f.get_db_prep_save(v, connection))
        if isinstance(f, models.DateTimeField | models.DateField | models.DecimalField)
        else None
        for f in fields
    ]
    for row in rows:
        yield tuple(
            a(v) if a is not None and v is not None else v for a, v in zip(adapt, row, strict=True)
        )


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """INSERT plain rows (no ids returned); COPY on PostgreSQL. Returns the rows written."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = [model._meta.get_field(c).column for c in columns]
    count = 0
    if connection.vendor == "postgresql":
        quoted = ", ".join(connection.ops.quote_name(n) for n in names)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
                count += 1
        return count
    sql = (
        f"INSERT INTO {table} ({', '.join(connection.ops.quote_name(n) for n in names)}) "
        f"VALUES ({', '.join(['%s'] * len(names))})"
    )
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        for row in _adapted(model, columns, rows):
            batch.append(row)
            if len(batch) >= _CHUNK:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def update_rows(model: type[models.Model], columns: Sequence[str], rows: Sequence[tuple]) -> int:
    """UPDATE `columns` of many rows by primary key: each row is (*values, pk)."""
    if not rows:
        return 0
    table = connection.ops.quote_name(model._meta.db_table)
    sets = ", ".join(
        f"{connection.ops.quote_name(model._meta.get_field(c).column)} = %s" for c in columns
    )
    pk = connection.ops.quote_name(model._meta.pk.column)
    sql = f"UPDATE {table} SET {sets} WHERE {pk} = %s"
    adapted = list(_adapted(model, [*columns, model._meta.pk.name], rows))
    with connection.cursor() as cursor:
        for i in range(0, len(adapted), _CHUNK):
            cursor.executemany(sql, adapted[i : i + _CHUNK])
    return len(rows)


def _in_chunks(pks: Sequence[int]):
    for i in range(0, len(pks), _IN_CHUNK):
        yield pks[i : i + _IN_CHUNK]


def update_by_pk(model: type[models.Model], pks: Sequence[int], **values) -> int:
    """UPDATE the rows whose primary key is in `pks` to the same `values`; returns the rows
    written. One statement on PostgreSQL whatever the number of ids (`= ANY(array)`)."""
    if not pks:
        return 0
    if connection.vendor != "postgresql":
        return sum(
            model._base_manager.filter(pk__in=chunk).update(**values) for chunk in _in_chunks(pks)
        )
    table = connection.ops.quote_name(model._meta.db_table)
    fields = [model._meta.get_field(name) for name in values]
    sets = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
    params = [f.get_db_prep_save(values[f.name], connection) for f in fields]
    pk = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {sets} WHERE {pk} = ANY(%s)", [*params, list(pks)])
        return cursor.rowcount


def delete_by_pk(model: type[models.Model], pks: Sequence[int]) -> int:
    """DELETE the rows whose primary key is in `pks`, as the database does (no model signals,
    no cascade in Python: for rows nothing else refers to, such as verdicts)."""
    if not pks:
        return 0
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DELETE FROM {table} WHERE {pk} = ANY(%s)", [list(pks)])
            return cursor.rowcount
        count = 0
        for chunk in _in_chunks(pks):
            cursor.execute(
                f"DELETE FROM {table} WHERE {pk} IN ({', '.join(['%s'] * len(chunk))})", chunk
            )
            count += cursor.rowcount
        return count


__all__ = ["delete_by_pk", "insert_rows", "update_by_pk", "update_rows"]
