"""A fee the catalogue states per copy ("8.000 đồng/bản") is charged for the number of copies
the applicant asked for in the form's copies field: the payment page, the amount sent to the
gateway and the electronic receipt all say 16.000 đồng for 2 copies."""

from __future__ import annotations

import pytest

from motcua.catalog.models import Fee, FeeKind
from motcua.documents.tests.conftest import pdf_text
from motcua.dossiers.tests.conftest import TO_SUBMITTED
from motcua.payments.fees import amount_due, fee_lines
from motcua.payments.models import Payment, PaymentStatus
from motcua.portal.models import OnlineApplication

from .conftest import gateway_params, query_of

pytestmark = pytest.mark.django_db

COPIES_SCHEMA = {
    "type": "object",
    "properties": {
        "copies": {"type": "integer", "title": "Số bản sao", "minimum": 1, "maximum": 20, "default": 1},
    },
}


@pytest.fixture
def per_copy(level4):
    """The catalogue's 2.000635: "8.000 đồng/bản" in the fee's note, a copies field in the form."""
    level4.form_schema = COPIES_SCHEMA
    level4.save()
    level4.fees.update(note="8.000 đồng/bản theo trang thủ tục hiện hành trên Cổng DVCQG.")
    return level4


def applied(make_dossier, walk, form_data):
    dossier = make_dossier()
    OnlineApplication.objects.create(dossier=dossier, form_data=form_data)
    return walk(dossier, *TO_SUBMITTED)


def test_a_per_copy_fee_counts_the_copies_asked_for(per_copy, make_dossier, walk):
    dossier = applied(make_dossier, walk, {"copies": 2})
    assert amount_due(dossier) == 16000
    [line] = fee_lines(dossier)
    assert (line.unit_amount, line.quantity, line.amount) == (8000, 2, 16000)


def test_a_fee_not_marked_per_copy_is_charged_once_whatever_the_copies(level4, make_dossier, walk):
    level4.form_schema = COPIES_SCHEMA
    level4.save()
    assert amount_due(applied(make_dossier, walk, {"copies": 3})) == 8000


def test_one_copy_is_charged_when_the_form_has_no_copies_value(per_copy, make_dossier, walk):
    assert amount_due(applied(make_dossier, walk, {})) == 8000
    assert amount_due(walk(make_dossier(), *TO_SUBMITTED)) == 8000  # no online form at all


def test_a_per_copy_charge_in_the_fee_name_also_counts(level4, make_dossier, walk):
    level4.form_schema = COPIES_SCHEMA
    level4.save()
    Fee.objects.create(procedure=level4, kind=FeeKind.CHARGE, name="Lệ phí chứng thực (mỗi bản)", amount=2000)
    assert amount_due(applied(make_dossier, walk, {"copies": 3})) == 8000 + 3 * 2000


def test_payment_page_gateway_and_receipt_say_16000_for_2_copies(client, citizen, per_copy, make_dossier, walk):
    dossier = applied(make_dossier, walk, {"copies": 2})
    client.force_login(citizen)
    page = client.get(f"/thanh-toan/ho-so/{dossier.pk}/").content.decode()
    assert "16.000 đồng" in page
    assert "2 bản × 8.000 đồng" in page

    started = client.post(f"/thanh-toan/ho-so/{dossier.pk}/")
    assert query_of(started["Location"])["vnp_Amount"] == "1600000"  # VNPay: amount × 100
    payment = Payment.objects.get(dossier=dossier)
    assert payment.amount == 16000
    client.get("/api/v1/payments/ipn/sandbox/", gateway_params(payment))
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PAID

    receipt = client.get(f"/thanh-toan/{payment.reference}/bien-lai.pdf")
    text = " ".join(pdf_text(receipt.content).split())
    assert "16.000" in text
    assert "Mười sáu nghìn đồng" in text
    assert "2 bản × 8.000 đồng" in text


def test_the_payment_api_gives_quantity_and_unit_amount(citizen, per_copy, make_dossier, walk):
    from rest_framework.test import APIClient

    dossier = applied(make_dossier, walk, {"copies": 2})
    api = APIClient()
    api.force_authenticate(citizen)
    body = api.get(f"/api/v1/my/dossiers/{dossier.pk}/payment/").json()
    assert body["amount_due"] == 16000
    assert [(line["unit_amount"], line["quantity"], line["amount"]) for line in body["lines"]] == [(8000, 2, 16000)]
