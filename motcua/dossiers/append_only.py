"""The database triggers that make the audit table append-only, per database vendor.

The application never updates or deletes an audit event; these triggers make the database
refuse it too, whoever asks (the ORM, a raw SQL statement, a careless script). Both raise an
integrity error. Migration 0003 installs a frozen copy of this SQL; ``flush`` (tests, resets)
is the one path allowed to empty the table, see ``management/commands/flush.py``.

PostgreSQL's TRUNCATE does not fire row triggers: it needs the table owner's rights, which
the application's database role should not have in production (docs/operations.md).
"""

from __future__ import annotations

TABLE = "dossiers_auditevent"
MESSAGE = "Nhật ký hồ sơ chỉ được ghi thêm, không được sửa hoặc xóa (append-only)."

SQLITE_CREATE = [
    f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    f"CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update;",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete;",
]

POSTGRES_CREATE = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
END
$$;""",
    f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
    f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only();",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};",
    f"DROP FUNCTION IF EXISTS {TABLE}_append_only();",
]

_STATEMENTS = {
    "sqlite": (SQLITE_CREATE, SQLITE_DROP),
    "postgresql": (POSTGRES_CREATE, POSTGRES_DROP),
}


def statements(vendor: str, *, create: bool) -> list[str]:
    """The SQL that installs (``create=True``) or removes the triggers on ``vendor``."""
    if vendor not in _STATEMENTS:
        raise NotImplementedError(f"No append-only triggers for the {vendor!r} database.")
    create_sql, drop_sql = _STATEMENTS[vendor]
    return list(create_sql if create else drop_sql)


def install(connection) -> None:
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, create=True):
            cursor.execute(sql)


def remove(connection) -> None:
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, create=False):
            cursor.execute(sql)
