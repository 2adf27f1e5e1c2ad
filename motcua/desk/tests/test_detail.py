"""The dossier page of an official: history, due date, actions with an optimistic lock."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.dossiers import workflow
from motcua.dossiers.models import AuditEvent


def _detail(dossier):
    return reverse("desk:detail", args=[dossier.pk])


def _act(dossier, action):
    return reverse("desk:act", args=[dossier.pk, action])


@pytest.mark.django_db
def test_every_view_by_an_official_is_logged_as_a_read(client, desk_a, procedure_a, online_dossier):
    dossier = online_dossier(procedure_a)
    client.force_login(desk_a)
    client.get(_detail(dossier))
    client.get(_detail(dossier))
    assert AuditEvent.objects.filter(dossier=dossier, action="read", actor=desk_a).count() == 2


@pytest.mark.django_db
def test_detail_shows_history_in_vietnamese_and_due_date_explanation(
    client, desk_a, procedure_a, accepted_dossier
):
    dossier = accepted_dossier(procedure_a, desk_a)
    client.force_login(desk_a)
    html = client.get(_detail(dossier)).content.decode()
    assert "Nộp hồ sơ" in html and "Tiếp nhận hồ sơ" in html
    assert "Đã nộp, chờ tiếp nhận → Đã tiếp nhận" in html
    assert f"Mã hồ sơ: {dossier.code}" in html
    assert dossier.due_explanation.splitlines()[0][:30] in html
    assert f"/van-ban/ho-so/{dossier.pk}/receipt.pdf" in html


@pytest.mark.django_db
def test_desk_officer_accepts_an_online_dossier_from_its_page(
    client, desk_a, procedure_a, online_dossier
):
    dossier = online_dossier(procedure_a)
    client.force_login(desk_a)
    page = client.get(_detail(dossier)).content.decode()
    assert _act(dossier, "accept") in page

    response = client.post(
        _act(dossier, "accept"), {"expected_version": dossier.version, "confirmed": "1"}, follow=True
    )

    dossier.refresh_from_db()
    assert dossier.status == "received" and dossier.code
    assert "Đã thực hiện: Tiếp nhận hồ sơ." in response.content.decode()


@pytest.mark.django_db
def test_stale_version_says_someone_else_updated_and_shows_the_current_state(
    client, desk_a, procedure_a, online_dossier
):
    dossier = online_dossier(procedure_a)
    seen_version = dossier.version
    workflow.accept(dossier, by=desk_a, expected_version=seen_version)  # another tab was faster
    client.force_login(desk_a)

    response = client.post(
        _act(dossier, "refuse"), {"expected_version": seen_version, "reason": "Hồ sơ giả mạo"}
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "Hồ sơ đã được người khác cập nhật" in html
    assert "Đã tiếp nhận" in html
    dossier.refresh_from_db()
    assert dossier.status == "received"


@pytest.mark.django_db
def test_refusal_without_reason_gives_a_vietnamese_message_and_changes_nothing(
    client, desk_a, procedure_a, online_dossier
):
    dossier = online_dossier(procedure_a)
    client.force_login(desk_a)
    response = client.post(
        _act(dossier, "refuse"), {"expected_version": dossier.version, "confirmed": "1"}, follow=True
    )
    assert "Vui lòng nhập lý do." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == "submitted"


@pytest.mark.django_db
def test_action_not_allowed_for_the_role_is_explained(
    client, specialist_a, procedure_a, online_dossier
):
    dossier = online_dossier(procedure_a)
    client.force_login(specialist_a)
    response = client.post(
        _act(dossier, "accept"), {"expected_version": dossier.version, "confirmed": "1"}, follow=True
    )
    assert "không được phép" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == "submitted"


@pytest.mark.django_db
@pytest.mark.parametrize("version", ["", "abc", "1e9"])
def test_garbled_version_or_unknown_action_never_gives_a_500(
    client, desk_a, procedure_a, online_dossier, version
):
    dossier = online_dossier(procedure_a)
    client.force_login(desk_a)
    response = client.post(_act(dossier, "accept"), {"expected_version": version}, follow=True)
    assert response.status_code == 200
    assert "vui lòng tải lại trang" in response.content.decode()
    assert client.post(_act(dossier, "fly"), {"expected_version": 1}).status_code == 404
    assert client.get(_act(dossier, "accept")).status_code == 405


@pytest.mark.django_db
def test_supplement_request_from_the_page_lists_each_line(
    client, desk_a, procedure_a, online_dossier
):
    dossier = online_dossier(procedure_a)
    client.force_login(desk_a)
    client.post(
        _act(dossier, "request_supplement"),
        {
            "expected_version": dossier.version,
            "confirmed": "1",
            "missing_items": "Giấy chứng sinh\n\nTờ khai có chữ ký",
        },
    )
    dossier.refresh_from_db()
    assert dossier.status == "waiting_supplement"
    event = AuditEvent.objects.get(dossier=dossier, action="request_supplement")
    assert event.details["missing_items"] == ["Giấy chứng sinh", "Tờ khai có chữ ký"]


@pytest.mark.django_db
def test_detail_query_count_does_not_grow_with_the_history(
    client, desk_a, procedure_a, online_dossier, django_assert_max_num_queries
):
    dossier = online_dossier(procedure_a)
    client.force_login(desk_a)
    client.get(_detail(dossier))
    with django_assert_max_num_queries(40) as first:
        client.get(_detail(dossier))
    count = len(first)  # read now: the next requests reset Django's query log
    for _n in range(10):
        client.get(_detail(dossier))  # ten more read events in the history
    with django_assert_max_num_queries(count):
        client.get(_detail(dossier))
