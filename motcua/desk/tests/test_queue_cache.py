"""The work queue's kept table (desk/queue_cache.py): cheaper, and never out of date."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from motcua.dossiers import workflow
from motcua.dossiers.models import Dossier
from motcua.units.models import Role

from .conftest import make_official

QUEUE = reverse("desk:queue")


@pytest.mark.django_db
def test_second_officer_of_the_ward_gets_the_same_table_with_fewer_queries(
    client, desk_a, ward_a, procedure_a, accepted_dossier, django_assert_max_num_queries
):
    for n in range(3):
        accepted_dossier(procedure_a, desk_a, name=f"Người nộp {n}")
    colleague = make_official(ward_a[1], Role.DESK_OFFICER)
    client.force_login(desk_a)
    first = client.get(QUEUE)
    client.force_login(colleague)
    cache.clear()  # the colleague's first request builds the table again, the second reads it
    with django_assert_max_num_queries(20) as built:
        client.get(QUEUE)
    with django_assert_max_num_queries(20) as kept:
        second = client.get(QUEUE)
    assert len(kept) < len(built)
    table = first.content.decode().split("<h2>", 1)[1]
    assert second.content.decode().split("<h2>", 1)[1] == table
    assert "Người nộp 2" in table


@pytest.mark.django_db
def test_accepted_dossier_leaves_the_waiting_tab_at_once(
    client, desk_a, procedure_a, online_dossier
):
    waiting = reverse("desk:queue") + "?tab=cho-tiep-nhan"
    handling = reverse("desk:queue") + "?tab=dang-xu-ly"
    dossier = online_dossier(procedure_a, name="Trần Văn Bảo")
    client.force_login(desk_a)
    assert "Trần Văn Bảo" in client.get(waiting).content.decode()
    assert "Trần Văn Bảo" not in client.get(handling).content.decode()

    workflow.accept(dossier, by=desk_a, expected_version=dossier.version)

    assert "Trần Văn Bảo" not in client.get(waiting).content.decode()
    assert "Trần Văn Bảo" in client.get(handling).content.decode()


@pytest.mark.django_db
def test_dossier_moves_to_the_overdue_tab_when_the_clock_passes_its_due_date(
    client, desk_a, procedure_a, accepted_dossier, frozen
):
    dossier = accepted_dossier(procedure_a, desk_a, name="Lê Thị Cúc")
    overdue = reverse("desk:queue") + "?tab=qua-han"
    client.force_login(desk_a)
    assert "Lê Thị Cúc" not in client.get(overdue).content.decode()

    frozen.set(dossier.due_at + dt.timedelta(minutes=1))

    page = client.get(overdue).content.decode()
    assert "Lê Thị Cúc" in page
    assert '<span class="urgency late">Quá hạn</span>' in page


@pytest.mark.django_db
def test_officer_of_another_ward_never_gets_the_kept_table_of_ward_a(
    client, desk_a, desk_b, procedure_a, procedure_b, accepted_dossier
):
    accepted_dossier(procedure_a, desk_a, name="Phạm Văn Kim Liên")
    accepted_dossier(procedure_b, desk_b, name="Đỗ Thị Trung Tự")
    client.force_login(desk_a)
    assert "Phạm Văn Kim Liên" in client.get(QUEUE).content.decode()

    client.force_login(desk_b)
    page = client.get(QUEUE).content.decode()

    assert "Đỗ Thị Trung Tự" in page
    assert "Phạm Văn Kim Liên" not in page


@pytest.mark.django_db
def test_assigned_to_me_tab_is_not_shared_between_specialists(
    client, desk_a, leader_a, specialist_a, ward_a, procedure_a, accepted_dossier
):
    dossier = accepted_dossier(procedure_a, desk_a, name="Vũ Minh Đức")
    workflow.assign(dossier, by=leader_a, expected_version=dossier.version, assignee=specialist_a)
    other = make_official(ward_a[0], Role.SPECIALIST)
    assigned = reverse("desk:queue") + "?tab=duoc-giao"
    client.force_login(specialist_a)
    assert "Vũ Minh Đức" in client.get(assigned).content.decode()

    client.force_login(other)

    assert "Vũ Minh Đức" not in client.get(assigned).content.decode()


@pytest.mark.django_db
def test_admin_edit_of_the_applicant_name_shows_in_the_queue_at_once(
    client, desk_a, procedure_a, accepted_dossier, admin_user
):
    dossier = accepted_dossier(procedure_a, desk_a, name="Tên cũ")
    client.force_login(desk_a)
    assert "Tên cũ" in client.get(QUEUE).content.decode()

    dossier = Dossier.objects.get(pk=dossier.pk)
    dossier.applicant_name = "Tên đã sửa"
    request = RequestFactory().post("/")
    request.user = admin_user
    form = SimpleNamespace(
        initial={
            "receiving_agency": dossier.receiving_agency_id,
            "competent_agency": dossier.competent_agency_id,
        },
        changed_data=["applicant_name"],
    )
    admin.site._registry[Dossier].save_model(request, dossier, form, change=True)

    page = client.get(QUEUE).content.decode()
    assert "Tên đã sửa" in page
    assert "Tên cũ" not in page


@pytest.mark.django_db
def test_kept_queue_page_costs_the_session_the_user_with_posts_and_the_stamp(
    client, desk_a, procedure_a, accepted_dossier, django_assert_num_queries
):
    accepted_dossier(procedure_a, desk_a, name="Người nộp kept")
    client.force_login(desk_a)
    client.get(QUEUE)  # builds and keeps the table and the page
    with django_assert_num_queries(3) as kept:
        response = client.get(QUEUE)

    assert "Người nộp kept" in response.content.decode()
    tables = [q["sql"] for q in kept.captured_queries]
    assert "django_session" in tables[0]
    assert "accounts_user" in tables[1] and "units_membership" in tables[1]
    assert "desk_queuestamp" in tables[2]
