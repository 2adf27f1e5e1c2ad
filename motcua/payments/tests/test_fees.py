"""What a dossier owes: computed from its procedure version's fees and charges."""

import pytest

from motcua.catalog.models import Fee, FeeKind, OnlineClass
from motcua.dossiers.tests.conftest import TO_SUBMITTED
from motcua.payments import fees, status_for
from motcua.payments.receipt import amount_in_words, format_vnd

pytestmark = pytest.mark.django_db


def test_amount_due_adds_fees_and_charges_and_skips_exempt_and_unpublished_amounts(level4, make_dossier):
    Fee.objects.create(procedure=level4, kind=FeeKind.CHARGE, name="Lệ phí", amount=15000)
    Fee.objects.create(procedure=level4, kind=FeeKind.CHARGE, name="Miễn", amount=0)
    Fee.objects.create(procedure=level4, kind=FeeKind.FEE, name="Tùy trường hợp", amount=None)
    dossier = make_dossier()
    assert fees.amount_due(dossier) == 8000 + 15000
    assert [line.amount for line in fees.fee_lines(dossier)] == [8000, 15000, 0, None]
    assert fees.payment_required(dossier)


def test_procedure_without_fees_needs_no_payment(procedure, make_dossier):
    procedure.online_class = OnlineClass.FULL
    procedure.save()
    dossier = make_dossier()
    assert fees.amount_due(dossier) == 0
    assert not fees.payment_required(dossier)
    assert status_for(dossier)["status"] == "not_required"
    assert status_for(dossier)["url"] is None


def test_only_exempt_or_unpublished_fees_need_no_payment(procedure, make_dossier):
    procedure.online_class = OnlineClass.FULL
    procedure.save()
    Fee.objects.create(procedure=procedure, kind=FeeKind.CHARGE, name="Miễn", amount=0)
    Fee.objects.create(procedure=procedure, kind=FeeKind.CHARGE, name="Chưa công bố", amount=None)
    assert not fees.payment_required(make_dossier())


def test_level_3_procedure_with_a_fee_is_paid_at_the_desk_not_online(procedure, make_dossier):
    procedure.online_class = OnlineClass.PARTIAL
    procedure.online_level_legacy = 3
    procedure.save()
    Fee.objects.create(procedure=procedure, kind=FeeKind.FEE, name="Phí", amount=8000)
    dossier = make_dossier()
    assert fees.amount_due(dossier) == 8000
    assert not fees.payment_required(dossier)


def test_status_for_a_submitted_level_4_dossier_says_unpaid_with_the_payment_page(submitted):
    state = status_for(submitted)
    assert state["required"] and not state["paid"]
    assert state["amount_due"] == 8000
    assert state["status"] == "unpaid"
    assert str(state["label"]) == "Chưa thanh toán"
    assert state["url"] == f"/thanh-toan/ho-so/{submitted.pk}/"


def test_a_draft_owes_but_cannot_be_paid_before_submission(level4, make_dossier, walk):
    draft = make_dossier()
    assert fees.payment_required(draft) and not fees.payable_now(draft)
    walk(draft, *TO_SUBMITTED)
    assert fees.payable_now(draft)


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (8000, "Tám nghìn đồng"),
        (15000, "Mười lăm nghìn đồng"),
        (75000, "Bảy mươi lăm nghìn đồng"),
        (21000, "Hai mươi mốt nghìn đồng"),
        (105000, "Một trăm linh năm nghìn đồng"),
        (1005000, "Một triệu không trăm linh năm nghìn đồng"),
        (2500000, "Hai triệu năm trăm nghìn đồng"),
    ],
)
def test_receipt_amount_in_words_reads_as_vietnamese(amount, words):
    assert amount_in_words(amount) == words


def test_amounts_are_written_with_dots_between_thousands():
    assert format_vnd(8000) == "8.000"
    assert format_vnd(1234567) == "1.234.567"
