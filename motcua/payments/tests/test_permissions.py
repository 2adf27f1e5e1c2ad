"""Who may see and do what: anonymous, another citizen, the owner, an official."""

import pytest

from motcua.dossiers.tests.conftest import make_official
from motcua.payments import services
from motcua.payments.models import Payment, PaymentStatus
from motcua.units.models import Role

from .conftest import gateway_params

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(submitted, citizen):
    payment, _url = services.start_payment(submitted, by=citizen, base_url="http://testserver")
    services.process_callback("sandbox", gateway_params(payment))
    return Payment.objects.get(pk=payment.pk)


@pytest.fixture
def outsider(other_agency):
    return make_official(other_agency, Role.DESK_OFFICER)


def page(dossier):
    return f"/thanh-toan/ho-so/{dossier.pk}/"


def api(dossier):
    return f"/api/v1/my/dossiers/{dossier.pk}/payment/"


def receipt(payment):
    return f"/thanh-toan/{payment.reference}/bien-lai.pdf"


# --- the payment page -------------------------------------------------------------------

def test_anonymous_is_sent_to_login_from_the_payment_page(client, submitted):
    for response in (client.get(page(submitted)), client.post(page(submitted))):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/")
    assert not Payment.objects.exists()


def test_other_citizen_gets_404_on_the_payment_page_and_cannot_start_a_payment(client, submitted, other_citizen):
    client.force_login(other_citizen)
    assert client.get(page(submitted)).status_code == 404
    assert client.post(page(submitted)).status_code == 404
    assert not Payment.objects.exists()


def test_official_gets_404_on_the_citizen_payment_page(client, submitted, desk):
    client.force_login(desk)
    assert client.get(page(submitted)).status_code == 404
    assert client.post(page(submitted)).status_code == 404


def test_owner_sees_the_payment_page(client, submitted, citizen):
    client.force_login(citizen)
    assert client.get(page(submitted)).status_code == 200


def test_unknown_dossier_is_404(client, citizen, db):
    client.force_login(citizen)
    assert client.get("/thanh-toan/ho-so/999999/").status_code == 404


# --- the receipt --------------------------------------------------------------------------

def test_anonymous_is_sent_to_login_from_the_receipt(client, paid):
    assert client.get(receipt(paid)).status_code == 302


def test_other_citizen_gets_404_on_the_receipt(client, paid, other_citizen):
    client.force_login(other_citizen)
    assert client.get(receipt(paid)).status_code == 404


def test_official_of_the_dossier_agency_can_read_the_receipt(client, paid, desk):
    client.force_login(desk)
    assert client.get(receipt(paid)).status_code == 200


def test_official_of_another_ward_gets_404_on_the_receipt(client, paid, outsider):
    client.force_login(outsider)
    assert client.get(receipt(paid)).status_code == 404


def test_owner_gets_the_receipt_only_once_paid(client, submitted, citizen):
    payment, _url = services.start_payment(submitted, by=citizen, base_url="http://testserver")
    client.force_login(citizen)
    assert client.get(receipt(payment)).status_code == 404
    services.process_callback("sandbox", gateway_params(payment))
    assert client.get(receipt(payment)).status_code == 200
    assert client.get("/thanh-toan/NOSUCHREFERENCE/bien-lai.pdf").status_code == 404


# --- the return page ------------------------------------------------------------------------

@pytest.fixture
def result(submitted, citizen):
    payment, _url = services.start_payment(submitted, by=citizen, base_url="http://testserver")
    return gateway_params(payment)


def test_anonymous_return_still_settles_the_payment_then_asks_to_log_in(client, result, submitted):
    response = client.get("/thanh-toan/ket-qua/sandbox/", result)
    assert response.status_code == 302 and "/accounts/" in response["Location"]
    assert Payment.objects.get(dossier=submitted).status == PaymentStatus.PAID


def test_other_citizen_gets_404_on_the_return_page(client, result, other_citizen):
    client.force_login(other_citizen)
    assert client.get("/thanh-toan/ket-qua/sandbox/", result).status_code == 404


def test_official_gets_404_on_the_return_page(client, result, desk):
    client.force_login(desk)
    assert client.get("/thanh-toan/ket-qua/sandbox/", result).status_code == 404


def test_owner_sees_the_return_page(client, result, citizen):
    client.force_login(citizen)
    assert client.get("/thanh-toan/ket-qua/sandbox/", result).status_code == 200


def test_return_for_an_unknown_provider_is_404(client, result, citizen):
    client.force_login(citizen)
    assert client.get("/thanh-toan/ket-qua/nope/", result).status_code == 404


# --- the API ----------------------------------------------------------------------------------

def test_api_refuses_anonymous(client, submitted):
    assert client.get(api(submitted)).status_code in (401, 403)
    assert client.post(api(submitted)).status_code in (401, 403)
    assert not Payment.objects.exists()


def test_api_answers_404_to_another_citizen(client, submitted, other_citizen):
    client.force_login(other_citizen)
    assert client.get(api(submitted)).status_code == 404
    assert client.post(api(submitted)).status_code == 404


def test_api_answers_404_to_an_official(client, submitted, desk):
    client.force_login(desk)
    assert client.get(api(submitted)).status_code == 404
    assert client.post(api(submitted)).status_code == 404
    assert not Payment.objects.exists()


def test_api_serves_the_owner(client, submitted, citizen):
    client.force_login(citizen)
    assert client.get(api(submitted)).status_code == 200
    assert client.post(api(submitted)).status_code == 201


def test_sandbox_gateway_is_public_like_a_bank_page(client, submitted, citizen):
    _payment, url = services.start_payment(submitted, by=citizen, base_url="http://testserver")
    assert client.get(url).status_code == 200
