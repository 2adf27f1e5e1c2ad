"""What the applicant reads about fees: on the review page before submitting (paid at the desk,
paid online for a level-4 procedure, or depending on the case) and on the dossier page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.catalog.models import Fee, FeeKind, OnlineClass

from .apply_fixtures import *  # noqa: F403 (fixtures)
from .apply_fixtures import VALID_POST, pdf_file

pytestmark = pytest.mark.django_db


def draft(client, citizen, procedure, wards, token="fees-1"):
    client.force_login(citizen)
    client.post(
        reverse("portal:apply_start", kwargs={"code": procedure.code}),
        {"agency": wards[0].pk, "for": "self", "token": token},
    )
    dossier = procedure.dossiers.get(online__start_key=token)
    client.post(reverse("portal:apply_draft", kwargs={"pk": dossier.pk}), {**VALID_POST, "_action": "save"})
    birth = procedure.documents.get(name="Giấy chứng sinh")
    client.post(reverse("portal:apply_upload", kwargs={"pk": dossier.pk}), {"document": birth.pk, "files": [pdf_file()]})
    return dossier


def review_page(client, dossier) -> str:
    response = client.get(reverse("portal:apply_review", kwargs={"pk": dossier.pk}))
    assert response.status_code == 200
    return response.content.decode()


def level3(procedure):
    procedure.online_class = OnlineClass.PARTIAL
    procedure.online_level_legacy = 3
    procedure.save()


def test_review_says_a_fee_is_paid_at_the_desk_for_a_level3_procedure(client, citizen, procedure, wards):
    level3(procedure)
    procedure.fees.all().delete()
    Fee.objects.create(procedure=procedure, kind=FeeKind.FEE, name="Phí cấp bản sao", amount=3000)
    page = review_page(client, draft(client, citizen, procedure, wards))
    assert "3.000 đồng" in page
    assert "(nộp khi cơ quan tiếp nhận hồ sơ)" in page
    assert "thanh toán trực tuyến sau khi nộp hồ sơ" not in page


def test_review_says_a_level4_fee_is_paid_online_after_submitting(client, citizen, procedure, wards):
    assert procedure.online_class == OnlineClass.FULL  # the birth registration of the factories
    page = review_page(client, draft(client, citizen, procedure, wards))
    assert "thanh toán trực tuyến sau khi nộp hồ sơ" in page
    assert "(nộp khi cơ quan tiếp nhận hồ sơ)" not in page


def test_review_total_of_a_fee_without_amount_is_not_shown_as_free(client, citizen, procedure, wards):
    procedure.fees.all().delete()
    Fee.objects.create(procedure=procedure, kind=FeeKind.CHARGE, name="Lệ phí đăng ký khai sinh", amount=None)
    page = review_page(client, draft(client, citizen, procedure, wards))
    total = page.split("Tổng", 1)[1].split("</p>", 1)[0]
    assert "Theo từng trường hợp" in total
    assert "Không thu" not in total


def test_review_of_a_free_procedure_does_not_ask_to_pay_at_the_desk(client, citizen, procedure, wards):
    level3(procedure)
    procedure.fees.update(amount=0)
    page = review_page(client, draft(client, citizen, procedure, wards))
    assert "Không thu" in page
    assert "(nộp khi cơ quan tiếp nhận hồ sơ)" not in page


def test_dossier_page_writes_the_amount_due_with_thousands_dots(client, citizen, procedure, wards):
    procedure.fees.all().delete()
    Fee.objects.create(procedure=procedure, kind=FeeKind.FEE, name="Phí cấp bản sao", amount=8000)
    dossier = draft(client, citizen, procedure, wards)
    response = client.post(
        reverse("portal:apply_review", kwargs={"pk": dossier.pk}),
        {"token": "submit-fees", "result_channel": "online", "commitment": "yes"},
    )
    assert response.status_code == 302
    page = client.get(reverse("portal:dossier", kwargs={"pk": dossier.pk})).content.decode()
    assert "Số tiền: 8.000 đồng." in page, page[page.find("payment-heading"):][:600]
