"""The database refuses to change a settled payment, whoever asks (ORM, raw SQL, a script).

Settlement itself is an UPDATE of a *pending* row, so it passes; deletion is left to the
``PROTECT`` of the dossier foreign key and to test flushes.
"""

from django.db import migrations

TABLE = "payments_payment"
MESSAGE = "Giao dịch thanh toán đã kết thúc không được sửa đổi."

SQLITE_CREATE = (
    f"CREATE TRIGGER {TABLE}_settled_immutable BEFORE UPDATE ON {TABLE} "
    f"WHEN OLD.status <> 'pending' BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
)
SQLITE_DROP = f"DROP TRIGGER IF EXISTS {TABLE}_settled_immutable;"
POSTGRES_CREATE = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_settled_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
END
$$;""",
    f"CREATE TRIGGER {TABLE}_settled_immutable BEFORE UPDATE ON {TABLE} "
    f"FOR EACH ROW WHEN (OLD.status <> 'pending') EXECUTE FUNCTION {TABLE}_settled_immutable();",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_settled_immutable ON {TABLE};",
    f"DROP FUNCTION IF EXISTS {TABLE}_settled_immutable();",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
    elif vendor == "postgresql":
        for statement in POSTGRES_CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)
    elif vendor == "postgresql":
        for statement in POSTGRES_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
