"""The dossier page links to every slip whose act happened, and to no other."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from motcua.dossiers import workflow


def _links(client, dossier) -> set[str]:
    html = client.get(reverse("desk:detail", args=[dossier.pk])).content.decode()
    return set(re.findall(rf'href="/van-ban/ho-so/{dossier.pk}/([a-z_]+)\.pdf"', html))


@pytest.mark.django_db
def test_submitted_dossier_has_no_slip(client, desk_a, procedure_a, online_dossier):
    dossier = online_dossier(procedure_a)
    client.force_login(desk_a)
    assert _links(client, dossier) == set()


@pytest.mark.django_db
def test_dossier_asked_for_a_supplement_links_to_the_supplement_request(client, desk_a, procedure_a, online_dossier):
    dossier = online_dossier(procedure_a)
    workflow.request_supplement(
        dossier, by=desk_a, expected_version=dossier.version, missing_items=["Giấy chứng sinh"]
    )
    client.force_login(desk_a)
    assert _links(client, dossier) == {"supplement_request"}
    html = client.get(reverse("desk:detail", args=[dossier.pk])).content.decode()
    assert "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (PDF)" in html
    assert client.get(f"/van-ban/ho-so/{dossier.pk}/supplement_request.pdf").status_code == 200


@pytest.mark.django_db
def test_refused_dossier_links_to_the_refusal(client, desk_a, procedure_a, online_dossier):
    dossier = online_dossier(procedure_a)
    workflow.refuse(dossier, by=desk_a, expected_version=dossier.version, reason="Sai thẩm quyền")
    client.force_login(desk_a)
    assert _links(client, dossier) == {"refusal"}
    assert "Phiếu từ chối tiếp nhận, giải quyết hồ sơ (PDF)" in client.get(
        reverse("desk:detail", args=[dossier.pk])
    ).content.decode()


@pytest.mark.django_db
def test_received_dossier_links_to_the_receipt_and_the_control_sheet(client, desk_a, procedure_a, accepted_dossier):
    dossier = accepted_dossier(procedure_a, desk_a)
    client.force_login(desk_a)
    assert _links(client, dossier) == {"receipt", "control_sheet"}


@pytest.mark.django_db
def test_dossier_supplemented_then_accepted_keeps_both_slips(client, desk_a, procedure_a, online_dossier, citizen):
    dossier = online_dossier(procedure_a)
    workflow.request_supplement(dossier, by=desk_a, expected_version=dossier.version, missing_items=["Giấy chứng sinh"])
    workflow.resubmit(dossier, by=citizen, expected_version=dossier.version)  # back to "submitted"
    workflow.accept(dossier, by=desk_a, expected_version=dossier.version)
    client.force_login(desk_a)
    assert _links(client, dossier) == {"supplement_request", "receipt", "control_sheet"}
