"""The desk's receipt records are visible in the admin and cannot be edited or deleted there."""

import pytest


@pytest.mark.django_db
def test_intake_admin_lists_but_refuses_add_and_delete(admin_client):
    assert admin_client.get("/admin/desk/deskintake/").status_code == 200
    assert admin_client.get("/admin/desk/deskintake/add/").status_code == 403
