"""The work queue's rendered table, kept in the cache until a dossier in scope changes.

Officials open the queue all day, and every officer of a ward sees the same table: rendering
25 rows and counting the tab for each request is most of the page's cost. So the table is
kept, keyed by what it depends on:

- the **stamp** of the scope: the sum of the ``QueueStamp`` counters of the agencies the
  official sees. ``touch()`` raises the counters of a dossier's receiving and competent agency
  in the same transaction as each workflow transition (an ``in_transaction`` hook), and the
  few writes outside the workflow (the admin, recomputed deadlines) call it too. A change
  therefore gives every official of those agencies a new key at once, on every server and with
  any cache backend, the per-process default included: the stamp lives in the database;
- the tab, the page, the page size and the language; the user only on "assigned to me";
- the **minute**: urgency colours and the "due soon / late" tabs move with the clock, so an
  entry serves for the rest of its minute at most (``TTL``).

A stamp is read before the rows, so an entry may hold rows newer than its stamp (harmless: the
next request has a newer stamp anyway) but never older ones.
"""

from __future__ import annotations

import hashlib

from django.db import connection

from motcua.units.scoping import Visibility

from .models import QueueStamp

TTL = 60  # seconds; the key changes with the minute anyway


def touch(agency_ids) -> None:
    """Raise the stamps of ``agency_ids`` (None ignored). Call inside the writing transaction."""
    ids = sorted({pk for pk in agency_ids if pk is not None})  # one lock order: no deadlock
    if not ids:
        return
    table = connection.ops.quote_name(QueueStamp._meta.db_table)
    # An upsert, portable to SQLite (3.24+) and PostgreSQL: the first change of an agency
    # creates its row. The row lock lasts until the transition commits.
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (agency_id, version) VALUES (%s, 1) "
            f"ON CONFLICT (agency_id) DO UPDATE SET version = {table}.version + 1",
            [(pk,) for pk in ids],
        )


def on_transition(record) -> None:
    """``dossiers.hooks.in_transaction`` hook: every transition may move a queue row."""
    dossier = record.dossier
    touch((dossier.receiving_agency_id, dossier.competent_agency_id))


def stamp(seen: Visibility) -> int:
    # Plain SQL: this runs on every queue request, where the ORM's compiling costs more than
    # the query itself.
    table = connection.ops.quote_name(QueueStamp._meta.db_table)
    sql = f"SELECT COALESCE(SUM(version), 0) FROM {table}"
    params: list[int] = []
    if not seen.everything:
        if not seen.agency_ids:
            return 0
        params = sorted(seen.agency_ids)
        sql += f" WHERE agency_id IN ({', '.join(['%s'] * len(params))})"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.fetchone()[0])


def key(seen: Visibility, *, variant: str, minute: int) -> str:
    """The cache key of one rendered table; ``variant`` names tab, page, size, language, user."""
    if seen.everything:
        scope = "all"
    else:
        ids = ",".join(map(str, sorted(seen.agency_ids)))
        scope = hashlib.blake2b(ids.encode(), digest_size=8).hexdigest()
    return f"desk-queue:{scope}:{stamp(seen)}:{minute}:{variant}"
