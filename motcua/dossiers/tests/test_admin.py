"""The admin shows dossiers and their trail but never edits a state or an audit event."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.dossiers.models import AuditEvent, Status
from motcua.dossiers.tests.conftest import TO_RECEIVED, TO_RETURNED, TO_SUBMITTED, make_official
from motcua.units.models import Role


@pytest.fixture
def administrator(agency):
    user = make_official(agency, Role.ADMINISTRATOR)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.fixture
def admin_site(client, administrator):
    client.force_login(administrator)
    return client


@pytest.mark.django_db
def test_dossier_page_shows_status_read_only_and_logs_the_read(admin_site, make_dossier, walk, administrator):
    dossier = walk(make_dossier(), *TO_RECEIVED)

    page = admin_site.get(reverse("admin:dossiers_dossier_change", args=[dossier.pk]))

    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()
    assert dossier.code in page.content.decode()
    read = AuditEvent.objects.filter(dossier=dossier).order_by("-seq").first()
    assert (read.action, read.actor) == ("read", administrator)


@pytest.mark.django_db
def test_posting_a_status_through_the_admin_form_does_not_change_it(admin_site, make_dossier, walk):
    dossier = walk(make_dossier(), *TO_SUBMITTED)
    url = reverse("admin:dossiers_dossier_change", args=[dossier.pk])
    page = admin_site.post(url, {
        "status": Status.CLOSED, "procedure": dossier.procedure_id, "channel": dossier.channel,
        "receiving_agency": dossier.receiving_agency_id, "competent_agency": dossier.competent_agency_id,
        "applicant_name": "Tên khác", "audit_events-TOTAL_FORMS": "0",
        "audit_events-INITIAL_FORMS": "0",
    })
    assert page.status_code == 302, page.content.decode()[:2000]
    dossier.refresh_from_db()
    assert dossier.applicant_name == "Tên khác"  # the form was saved…
    assert dossier.status == Status.SUBMITTED  # …without its status


@pytest.mark.django_db
def test_dossiers_cannot_be_deleted_in_the_admin(admin_site, make_dossier):
    dossier = make_dossier()
    page = admin_site.post(reverse("admin:dossiers_dossier_delete", args=[dossier.pk]), {"post": "yes"})
    assert page.status_code == 403
    assert dossier.__class__.objects.filter(pk=dossier.pk).exists()


@pytest.mark.django_db
def test_audit_events_have_no_add_change_or_delete_in_the_admin(admin_site, make_dossier, walk):
    dossier = walk(make_dossier(), *TO_SUBMITTED)
    event = AuditEvent.objects.get(dossier=dossier)

    assert admin_site.get(reverse("admin:dossiers_auditevent_add")).status_code == 403
    assert admin_site.post(
        reverse("admin:dossiers_auditevent_delete", args=[event.pk]), {"post": "yes"}
    ).status_code == 403
    page = admin_site.post(
        reverse("admin:dossiers_auditevent_change", args=[event.pk]), {"action": "tampered"}
    )
    assert page.status_code == 403
    event.refresh_from_db()
    assert event.action == "submit"


@pytest.mark.django_db
def test_close_action_goes_through_the_workflow(admin_site, make_dossier, walk):
    returned = walk(make_dossier(), *TO_RETURNED)
    received = walk(make_dossier(), *TO_RECEIVED)

    page = admin_site.post(
        reverse("admin:dossiers_dossier_changelist"),
        {"action": "close_dossiers", "_selected_action": [returned.pk, received.pk]},
        follow=True,
    )

    returned.refresh_from_db()
    received.refresh_from_db()
    assert (returned.status, received.status) == (Status.CLOSED, Status.RECEIVED)
    assert AuditEvent.objects.filter(dossier=returned, action="close").count() == 1
    text = page.content.decode()
    assert "Đã kết thúc 1 hồ sơ." in text and "«Đã tiếp nhận»" in text


@pytest.mark.django_db
@pytest.mark.parametrize("changelist", ["admin:dossiers_dossier_changelist", "admin:dossiers_auditevent_changelist"])
def test_admin_lists_make_the_same_number_of_queries_for_more_rows(
    changelist, admin_site, make_dossier, walk, django_assert_max_num_queries
):
    for _ in range(2):
        walk(make_dossier(), *TO_RECEIVED)
    with django_assert_max_num_queries(50) as few:
        assert admin_site.get(reverse(changelist)).status_code == 200
    for _ in range(8):
        walk(make_dossier(), *TO_RECEIVED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert admin_site.get(reverse(changelist)).status_code == 200


@pytest.mark.django_db
def test_admin_corrects_the_applicant_name_on_the_record_and_nothing_else(
    admin_site, make_dossier, walk, administrator, other_agency
):
    from motcua.desk.history import history_of
    from motcua.dossiers import audit
    from motcua.dossiers.models import Channel

    dossier = walk(make_dossier(applicant_name="Nguyen Van A"), *TO_RECEIVED)
    before = {f: getattr(dossier, f) for f in ("procedure_id", "receiving_agency_id", "competent_agency_id", "channel", "due_at")}
    url = reverse("admin:dossiers_dossier_change", args=[dossier.pk])
    page = admin_site.post(url, {
        "applicant_name": "Nguyễn Văn A", "channel": Channel.POST,
        "competent_agency": other_agency.pk, "receiving_agency": other_agency.pk,
        "audit_events-TOTAL_FORMS": "0", "audit_events-INITIAL_FORMS": "0",
    })

    assert page.status_code == 302, page.content.decode()[:2000]
    dossier.refresh_from_db()
    assert dossier.applicant_name == "Nguyễn Văn A"
    assert {f: getattr(dossier, f) for f in before} == before  # deadline, scope, figures unmoved
    event = AuditEvent.objects.filter(dossier=dossier).order_by("-seq").first()
    assert (event.action, event.actor) == ("correct", administrator)
    assert event.details == {"corrected": {"applicant_name": {"from": "Nguyen Van A", "to": "Nguyễn Văn A"}}}
    assert audit.verify_chain(dossier).ok
    line = history_of(dossier)[-1]
    assert line.what == "Sửa thông tin hồ sơ"
    assert "Tên người nộp: «Nguyen Van A» → «Nguyễn Văn A»" in line.notes


@pytest.mark.django_db
def test_saving_the_admin_form_unchanged_writes_no_event_and_nobody_adds_a_dossier(
    admin_site, make_dossier, walk
):
    dossier = walk(make_dossier(applicant_name="Lê Thị B"), *TO_RECEIVED)
    events = AuditEvent.objects.filter(dossier=dossier).count()
    admin_site.post(reverse("admin:dossiers_dossier_change", args=[dossier.pk]), {
        "applicant_name": "Lê Thị B", "audit_events-TOTAL_FORMS": "0", "audit_events-INITIAL_FORMS": "0",
    })

    # Saving the same name adds nothing to the trail.
    assert AuditEvent.objects.filter(dossier=dossier).count() == events
    assert admin_site.get(reverse("admin:dossiers_dossier_add")).status_code == 403
