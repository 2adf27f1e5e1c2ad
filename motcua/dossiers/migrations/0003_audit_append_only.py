"""The database refuses UPDATE and DELETE on audit events (SQLite and PostgreSQL triggers).

A frozen copy of ``motcua.dossiers.append_only`` at the time of writing: migrations must not
change when application code does. A test checks that both still install the same triggers.
"""

from django.db import migrations

TABLE = "dossiers_auditevent"
MESSAGE = "Nhật ký hồ sơ chỉ được ghi thêm, không được sửa hoặc xóa (append-only)."

SQL = {
    "sqlite": (
        [
            f"CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
            f"CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
        ],
        [
            f"DROP TRIGGER IF EXISTS {TABLE}_no_update;",
            f"DROP TRIGGER IF EXISTS {TABLE}_no_delete;",
        ],
    ),
    "postgresql": (
        [
            f"""CREATE OR REPLACE FUNCTION {TABLE}_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
END
$$;""",
            f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
            f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_append_only();",
        ],
        [
            f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE};",
            f"DROP FUNCTION IF EXISTS {TABLE}_append_only();",
        ],
    ),
}


def _run(schema_editor, create: bool) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in SQL:
        raise RuntimeError(f"motcua supports SQLite and PostgreSQL, not {vendor!r}.")
    for statement in SQL[vendor][0 if create else 1]:
        schema_editor.execute(statement, params=None)


def install(apps, schema_editor):
    _run(schema_editor, create=True)


def remove(apps, schema_editor):
    _run(schema_editor, create=False)


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0002_lifecycle_codes_audit")]

    operations = [migrations.RunPython(install, remove)]
