"""The audit trail: the database refuses changes, and a changed chain is found by verify."""

from __future__ import annotations

import importlib

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from motcua.dossiers import append_only, audit
from motcua.dossiers.models import AuditEvent
from motcua.dossiers.tests.conftest import TO_RECEIVED, TO_SUBMITTED, make_official
from motcua.units.models import Role

TABLE = AuditEvent._meta.db_table


@pytest.fixture
def events(make_dossier, walk):
    dossier = walk(make_dossier(), *TO_RECEIVED)
    return dossier, list(AuditEvent.objects.filter(dossier=dossier).order_by("seq"))


def _refused(operation) -> str:
    with pytest.raises(DatabaseError) as refused, transaction.atomic():
        operation()
    return str(refused.value)


@pytest.mark.django_db
def test_orm_update_of_an_audit_event_is_refused_by_the_database(events):
    dossier, _ = events
    message = _refused(lambda: AuditEvent.objects.filter(dossier=dossier).update(action="tampered"))
    assert "chỉ được ghi thêm" in message
    assert not AuditEvent.objects.filter(action="tampered").exists()


@pytest.mark.django_db
def test_saving_a_changed_audit_event_is_refused_by_the_database(events):
    _, (first, _second) = events
    first.details = {"reason": "rewritten"}
    _refused(lambda: first.save())
    first.refresh_from_db()
    assert first.details == {}


@pytest.mark.django_db
def test_orm_delete_of_audit_events_is_refused_by_the_database(events):
    dossier, trail = events
    _refused(lambda: AuditEvent.objects.filter(dossier=dossier).delete())
    assert AuditEvent.objects.filter(dossier=dossier).count() == len(trail)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql",
    [f"UPDATE {TABLE} SET action = 'tampered'", f"DELETE FROM {TABLE}"],
    ids=["update", "delete"],
)
def test_raw_sql_update_and_delete_are_refused_by_the_database(events, sql):
    dossier, trail = events

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql)

    _refused(run)
    assert list(AuditEvent.objects.filter(dossier=dossier).order_by("seq")) == trail
    assert all(event.action != "tampered" for event in AuditEvent.objects.all())


@pytest.mark.django_db
def test_deleting_a_dossier_with_a_history_is_refused(events):
    from django.db.models import ProtectedError

    dossier, _ = events
    with pytest.raises(ProtectedError):
        dossier.delete()


@pytest.fixture
def without_triggers(db):
    """Drops the append-only triggers, as an attacker with database rights could."""
    append_only.remove(connection)
    yield
    append_only.install(connection)


@pytest.mark.django_db
def test_verify_finds_an_event_changed_behind_the_database(events, without_triggers):
    dossier, (first, _second) = events
    assert audit.verify_chain(dossier).ok
    AuditEvent.objects.filter(pk=first.pk).update(details={"reason": "rewritten"})

    result = audit.verify_chain(dossier)

    assert not result.ok
    assert result.problems == ["sự kiện số 1 đã bị sửa (mã băm không khớp)"]
    assert [broken.dossier_id for broken in audit.verify_all()] == [dossier.pk]


@pytest.mark.django_db
def test_verify_finds_a_removed_event_and_a_forged_replacement(make_dossier, walk, without_triggers):
    dossier = walk(make_dossier(), *TO_RECEIVED, ("start_step", "specialist"))
    AuditEvent.objects.filter(dossier=dossier, seq=2).delete()
    assert any("mong đợi số 2" in problem for problem in audit.verify_chain(dossier).problems)

    # A forger re-numbers the last event and recomputes its own hash: the link still breaks.
    last = AuditEvent.objects.get(dossier=dossier, seq=3)
    last.seq = 2
    last.hash = audit.event_hash(last)
    AuditEvent.objects.filter(pk=last.pk).update(seq=2, hash=last.hash)
    problems = audit.verify_chain(dossier).problems
    assert problems == ["sự kiện số 2 không nối với sự kiện trước"]


@pytest.mark.django_db
def test_verify_finds_events_cut_off_at_the_end_of_the_chain(make_dossier, walk, without_triggers):
    # Removing the last events leaves every remaining link intact; only the dossier's own
    # status shows that a transition is missing.
    dossier = walk(make_dossier(), *TO_RECEIVED, ("start_step", "specialist"))
    last = AuditEvent.objects.filter(dossier=dossier).order_by("-seq").first()
    AuditEvent.objects.filter(pk=last.pk).delete()

    problems = audit.verify_chain(dossier).problems
    assert len(problems) == 1 and "các sự kiện cuối chuỗi đã bị xóa" in problems[0]
    assert [broken.dossier_id for broken in audit.verify_all()] == [dossier.pk]


@pytest.mark.django_db
def test_verify_command_reports_ok_with_chain_and_event_counts(make_dossier, walk, capsys):
    walk(make_dossier(), *TO_RECEIVED)
    walk(make_dossier(), *TO_SUBMITTED)

    call_command("audit", "verify")

    assert capsys.readouterr().out.strip() == "OK: 2 chuỗi, 3 sự kiện"


@pytest.mark.django_db
def test_verify_command_lists_the_broken_chain_and_fails(events, without_triggers, capsys):
    dossier, (first, _second) = events
    AuditEvent.objects.filter(pk=first.pk).update(actor=None)

    with pytest.raises(CommandError) as failed:
        call_command("audit", "verify")

    assert failed.value.returncode == 1
    assert "1/1 chuỗi nhật ký bị phá vỡ" in str(failed.value)
    out = capsys.readouterr().out
    assert f"Hồ sơ {dossier.code}: chuỗi bị phá vỡ" in out and "sự kiện số 1 đã bị sửa" in out


@pytest.mark.django_db
def test_official_read_is_logged_in_the_same_chain(events, agency):
    dossier, trail = events
    inspector = make_official(agency, Role.INSPECTOR)

    event = audit.record_read(dossier, inspector, purpose="kiểm tra công vụ")

    assert (event.seq, event.action, event.actor, event.details) == (
        len(trail) + 1, "read", inspector, {"purpose": "kiểm tra công vụ"},
    )
    assert event.prev_hash == trail[-1].hash
    assert audit.verify_chain(dossier).ok


@pytest.mark.django_db
def test_first_event_links_to_the_genesis_hash_and_each_hash_covers_its_fields(events):
    _, (first, second) = events
    assert first.prev_hash == audit.GENESIS and second.prev_hash == first.hash
    assert len(first.hash) == 64 and first.hash == audit.event_hash(first)
    first.at = first.at.replace(microsecond=(first.at.microsecond + 1) % 1_000_000)
    assert audit.event_hash(first) != first.hash


def test_migration_installs_the_same_triggers_as_the_flush_command_restores():
    migration = importlib.import_module("motcua.dossiers.migrations.0003_audit_append_only")
    for vendor in ("sqlite", "postgresql"):
        assert migration.SQL[vendor][0] == append_only.statements(vendor, create=True)
        assert migration.SQL[vendor][1] == append_only.statements(vendor, create=False)


def _audit_triggers() -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE]
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [TABLE],
            )
        return sorted(row[0] for row in cursor.fetchall())


@pytest.mark.django_db(transaction=True)
def test_flushing_the_whole_database_empties_the_trail_and_keeps_it_append_only(events):
    triggers = _audit_triggers()
    assert triggers  # installed by the migration

    call_command("flush", interactive=False, verbosity=0)

    assert not AuditEvent.objects.exists()
    assert _audit_triggers() == triggers
