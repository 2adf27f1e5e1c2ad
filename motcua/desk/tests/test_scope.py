"""Role × unit: officials of ward A never reach dossiers of ward B or of the district."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.dossiers.models import AuditEvent


@pytest.fixture
def dossiers(procedure_a, procedure_b, procedure_district, online_dossier):
    return {
        "ward_a": online_dossier(procedure_a),
        "ward_b": online_dossier(procedure_b),
        "district": online_dossier(procedure_district),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["desk_a", "specialist_a", "leader_a"])
@pytest.mark.parametrize("target", ["ward_b", "district"])
def test_ward_a_official_gets_404_for_dossiers_outside_their_ward(
    client, request, dossiers, role, target
):
    client.force_login(request.getfixturevalue(role))
    dossier = dossiers[target]

    assert client.get(reverse("desk:detail", args=[dossier.pk])).status_code == 404
    post = client.post(
        reverse("desk:act", args=[dossier.pk, "accept"]), {"expected_version": dossier.version}
    )
    assert post.status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == "submitted"
    assert not AuditEvent.objects.filter(dossier=dossier, action="read").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["desk_a", "specialist_a", "leader_a"])
def test_ward_a_official_opens_a_ward_a_dossier(client, request, dossiers, role):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("desk:detail", args=[dossiers["ward_a"].pk]))
    assert response.status_code == 200
    assert "Nguyễn Thị Ánh" in response.content.decode()


@pytest.mark.django_db
def test_district_leader_sees_dossiers_of_both_wards_in_the_queue(
    client, district_leader, dossiers
):
    client.force_login(district_leader)
    listed = {dossier.pk for dossier, _u in client.get(reverse("desk:queue")).context["rows"]}
    assert listed == {d.pk for d in dossiers.values()}


@pytest.mark.django_db
def test_citizen_cannot_open_even_their_own_dossier_on_the_desk(client, citizen, dossiers):
    client.force_login(citizen)
    assert client.get(reverse("desk:detail", args=[dossiers["ward_a"].pk])).status_code == 403
