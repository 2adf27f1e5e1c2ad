"""The review page before submitting counts a per-copy fee ("8.000 đồng/bản") for the number of
copies typed in the form (the catalogue's 2.000635 form, field "Số bản sao")."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.catalog.models import Fee, FeeKind
from motcua.portal import drafts

from .apply_fixtures import *  # noqa: F403 (fixtures)
from .apply_fixtures import demo_schema

pytestmark = pytest.mark.django_db


@pytest.fixture
def copies_procedure(procedure):
    procedure.form_schema = demo_schema("2.000635")
    procedure.save()
    procedure.fees.all().delete()
    Fee.objects.create(
        procedure=procedure, kind=FeeKind.FEE, name="Phí cấp bản sao trích lục hộ tịch", amount=8000,
        note="8.000 đồng/bản theo trang thủ tục hiện hành trên Cổng DVCQG; mức thu năm 2017 chưa đối chiếu với văn bản.",
    )
    return procedure


def review(client, citizen, procedure, wards, form_data) -> str:
    application = drafts.start(citizen, procedure, agency_id=wards[0].pk, key=f"copies-{form_data}")
    drafts.save_form(application, form_data)
    client.force_login(citizen)
    response = client.get(reverse("portal:apply_review", kwargs={"pk": application.dossier_id}))
    assert response.status_code == 200
    return response.content.decode()


def total_of(page: str) -> str:
    return page.split("Tổng", 1)[1].split("</p>", 1)[0]


def test_review_total_counts_two_copies_of_a_per_copy_fee(client, citizen, copies_procedure, wards):
    page = review(client, citizen, copies_procedure, wards, {"copies": 2})
    assert "16.000 đồng" in total_of(page)
    assert "2 bản × 8.000 đồng" in page


def test_review_total_of_one_copy_is_the_fee_once(client, citizen, copies_procedure, wards):
    page = review(client, citizen, copies_procedure, wards, {"copies": 1})
    assert "8.000 đồng" in total_of(page)
    assert "16.000" not in page
