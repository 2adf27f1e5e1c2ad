"""``flush`` that also empties the append-only audit table on SQLite.

Django's own flush empties every table (tests between transactional cases, a full reset).
PostgreSQL does it with TRUNCATE, which row triggers do not see; SQLite does it with DELETE,
which the audit table's trigger refuses. Resetting the whole database is the one case where
emptying the audit trail is legitimate, so on SQLite the triggers are dropped and restored in
the same transaction as the flush: if anything fails, they are back.
"""

from __future__ import annotations

from django.core.management.commands.flush import Command as DjangoFlush
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from motcua.dossiers import append_only


class Command(DjangoFlush):
    def handle(self, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        if connection.vendor != "sqlite" or append_only.TABLE not in _tables(connection):
            return super().handle(**options)
        with transaction.atomic(using=connection.alias):
            append_only.remove(connection)
            result = super().handle(**options)
            append_only.install(connection)
        return result


def _tables(connection) -> list[str]:
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)
