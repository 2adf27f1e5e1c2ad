"""Payment fixtures: the dossier fixtures (a ward, its officials, the real workflow) with a
level-4 procedure charging 8.000 đồng, and helpers that play the sandbox gateway."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qsl, urlsplit

import pytest

from motcua.catalog.models import Fee, FeeKind, OnlineClass
from motcua.dossiers.tests.conftest import (  # noqa: F401  (fixtures)
    TO_SUBMITTED,
    agency,
    citizen,
    clock,
    desk,
    leader,
    make_dossier,
    make_user,
    other_agency,
    procedure,
    specialist,
    walk,
)
from motcua.payments import clock as payments_clock
from motcua.payments.providers import sandbox, vnpay

FEE = 8000


@pytest.fixture
def level4(procedure):  # noqa: F811  (the fixture imported above)
    procedure.online_class = OnlineClass.FULL
    procedure.online_level_legacy = 4
    procedure.save()
    Fee.objects.create(
        procedure=procedure, kind=FeeKind.FEE, name="Phí cấp bản sao trích lục hộ tịch", amount=FEE
    )
    return procedure


@pytest.fixture
def submitted(level4, make_dossier, walk):  # noqa: F811
    """A submitted level-4 dossier of ``citizen`` that owes 8.000 đồng."""
    return walk(make_dossier(), *TO_SUBMITTED)


@pytest.fixture
def other_citizen(db):
    return make_user("congdan")


@pytest.fixture
def now(monkeypatch):
    """Moves the payments' clock: ``now.advance(minutes=16)``."""
    from django.utils import timezone

    class Now:
        moment = timezone.now()

        def advance(self, **delta) -> None:
            self.moment += dt.timedelta(**delta)

    fixed = Now()
    monkeypatch.setattr(payments_clock, "now", lambda: fixed.moment)
    return fixed


def query_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def gateway_params(payment, *, choice="success", **overrides) -> dict[str, str]:
    """A signed result of the sandbox gateway for ``payment``, as its IPN would carry it.

    ``overrides`` replace fields *before* signing (a validly signed but different message)."""
    request = {
        "vnp_TmnCode": sandbox.TMN_CODE, "vnp_Amount": vnpay.to_gateway_amount(payment.amount),
        "vnp_TxnRef": payment.reference, "vnp_OrderInfo": "Thanh toan",
    }
    result = sandbox.gateway_result(request, choice)
    if overrides:
        unsigned = {k: v for k, v in result.items() if k not in vnpay.HASH_FIELDS_EXCLUDED}
        unsigned.update(overrides)
        result = vnpay.signed(unsigned, sandbox.sandbox_secret())
    return result
