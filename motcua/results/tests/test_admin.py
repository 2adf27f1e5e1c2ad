"""Issued results are evidence: the admin shows them and changes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from motcua.results.models import ElectronicResult


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser(username="quantri", password="x")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_admin_lists_and_shows_a_result(admin_client, issued):
    changelist = admin_client.get(reverse("admin:results_electronicresult_changelist"))
    assert changelist.status_code == 200
    assert issued.code in changelist.content.decode()
    page = admin_client.get(reverse("admin:results_electronicresult_change", args=[issued.pk]))
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()  # read-only: no input fields


@pytest.mark.django_db
def test_admin_cannot_change_add_or_delete_a_result(admin_client, issued):
    change = reverse("admin:results_electronicresult_change", args=[issued.pk])
    response = admin_client.post(change, {"title": "Đã sửa", "sha256": "0" * 64})
    assert response.status_code == 403
    assert admin_client.get(reverse("admin:results_electronicresult_add")).status_code == 403
    delete = reverse("admin:results_electronicresult_delete", args=[issued.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    issued.refresh_from_db()
    assert issued.title == "Giấy chứng nhận đăng ký hộ kinh doanh"
    assert ElectronicResult.objects.count() == 1
