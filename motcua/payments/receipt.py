"""The payment receipt (biên lai thu phí, lệ phí): an A4 PDF with the national heading.

Amounts are written in figures with dots between thousands ("8.000 đồng") and, as receipts
must, in words ("Tám nghìn đồng").
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from motcua.documents.context import date_line, moment_text, place_name
from motcua.documents.render import html_to_pdf

from .models import Payment
from .providers import get_provider

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SCALES = ("", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ")  # up to 10^18 đồng


def format_vnd(amount: int) -> str:
    return f"{int(amount):,}".replace(",", ".")


def _three(number: int, full: bool) -> list[str]:
    """Words for 0–999; ``full`` reads the leading zeros of a group that is not the first."""
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("linh")
    elif tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        else:
            words.append(DIGITS[units])
    return words


def amount_in_words(amount: int) -> str:
    """ "Tám nghìn đồng", "Một triệu không trăm linh năm nghìn đồng"."""
    amount = int(amount)
    if amount == 0:
        return "Không đồng"
    groups = []
    while amount:
        amount, group = divmod(amount, 1000)
        groups.append(group)
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        if groups[index] == 0:
            continue
        words += _three(groups[index], full=bool(words))
        if SCALES[index]:
            words.append(SCALES[index])
    text = " ".join(words) + " đồng"
    return text[0].upper() + text[1:]


def receipt_context(payment: Payment) -> dict:
    dossier = payment.dossier
    agency = dossier.competent_agency
    paid_on = timezone.localdate(payment.paid_at) if payment.paid_at else timezone.localdate()
    lines = [
        {
            **line, "amount_text": format_vnd(line["amount"]),
            # Payments started before per-copy fees have no unit amount: nothing to detail.
            "unit_text": format_vnd(line["unit_amount"]) if line.get("per_copy") and line.get("unit_amount") else "",
        }
        for line in payment.lines
    ]
    try:
        provider_label = get_provider(payment.provider).label
    except LookupError:
        provider_label = payment.provider
    return {
        "payment": payment, "dossier": dossier, "agency": agency,
        "parent_agency_name": agency.parent.name if agency.parent_id else "",
        "date_line": date_line(place_name(agency), paid_on),
        "lines": lines, "total_text": format_vnd(payment.amount),
        "total_words": amount_in_words(payment.amount),
        "paid_text": moment_text(payment.paid_at), "provider_label": provider_label,
    }


def render_receipt_pdf(payment: Payment) -> bytes:
    return html_to_pdf(render_to_string("payments/pdf/receipt.html", receipt_context(payment)))
