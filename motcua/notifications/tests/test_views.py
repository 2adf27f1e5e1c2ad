"""/thong-bao/: the signed-in person's own notifications, paginated, constant queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.notifications.models import Audience, Channel, Notification

pytestmark = pytest.mark.django_db
URL = "/thong-bao/"


def _notify(user, n=1, *, subject="Hồ sơ ABC đã được tiếp nhận", audience=Audience.APPLICANT):
    return Notification.objects.bulk_create(
        Notification(
            user=user,
            audience=audience,
            kind="accept",
            channel=Channel.EMAIL,
            recipient="an***@example.vn",
            subject=f"{subject} {i}",
            body="Theo dõi: https://x.vn/a",
        )
        for i in range(n)
    )


def test_the_page_is_at_thong_bao():
    assert reverse("notifications:list") == URL


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_owner_sees_their_notifications(client, citizen):
    _notify(citizen)
    client.force_login(citizen)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hồ sơ ABC đã được tiếp nhận 0" in html
    assert "Bạn có 1 thông báo" in html
    assert '<a href="https://x.vn/a"' in html


def test_another_citizen_sees_none_of_them(client, citizen, other_citizen):
    _notify(citizen, subject="Riêng của Ánh")
    client.force_login(other_citizen)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Riêng của Ánh" not in response.content.decode()
    assert "Bạn chưa có thông báo nào" in response.content.decode()


def test_an_official_sees_their_reminders_and_not_the_citizens_messages(client, citizen, leader_a):
    _notify(citizen, subject="Riêng của Ánh")
    _notify(leader_a, subject="Nhắc hạn hồ sơ", audience=Audience.OFFICIAL)
    client.force_login(leader_a)
    html = client.get(URL).content.decode()
    assert "Nhắc hạn hồ sơ" in html and "Riêng của Ánh" not in html


def test_page_is_paginated_and_a_bad_page_number_is_not_an_error(client, citizen):
    _notify(citizen, 45)
    client.force_login(citizen)
    html = client.get(URL).content.decode()
    assert "Trang 1/3" in html and 'rel="next"' in html
    assert client.get(URL + "?page=abc").status_code == 200
    assert "Trang 3/3" in client.get(URL + "?page=999").content.decode()


def test_only_get_is_allowed(client, citizen):
    client.force_login(citizen)
    assert client.post(URL).status_code == 405


@pytest.mark.parametrize("rows", [1, 30])
def test_query_count_does_not_grow_with_the_rows(
    client, citizen, rows, django_assert_max_num_queries, accepted_dossier, procedure_a, desk_a
):
    dossier = accepted_dossier(procedure_a, desk_a)
    for row in _notify(citizen, rows):
        row.dossier = dossier
        row.save(update_fields=["dossier"])
    client.force_login(citizen)
    with django_assert_max_num_queries(5):
        response = client.get(URL)
    assert dossier.code in response.content.decode()


API = "/api/v1/my/notifications/"


def test_api_needs_a_signed_in_person(client):
    assert client.get(API).status_code in (401, 403)


def test_api_lists_only_the_callers_notifications(client, citizen, other_citizen, leader_a):
    _notify(citizen, 2, subject="Của Ánh")
    _notify(other_citizen, 1, subject="Của Bình")
    for user, expected in ((citizen, 2), (other_citizen, 1), (leader_a, 0)):
        client.force_login(user)
        body = client.get(API).json()
        assert body["count"] == expected
    client.force_login(citizen)
    subjects = [row["subject"] for row in client.get(API).json()["results"]]
    assert subjects and all(subject.startswith("Của Ánh") for subject in subjects)


def test_api_with_a_token_and_constant_queries(client, citizen, django_assert_max_num_queries):
    from rest_framework.authtoken.models import Token

    _notify(citizen, 25)
    token = Token.objects.create(user=citizen)
    with django_assert_max_num_queries(4):
        response = client.get(API, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200 and len(response.json()["results"]) == 20
