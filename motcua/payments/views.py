"""The applicant's payment pages, the return page, the receipt, and the sandbox gateway."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.test import RequestFactory
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from motcua.dossiers.models import Dossier
from motcua.units.scoping import visibility

from . import fees, services
from .models import Payment, PaymentStatus
from .providers import IpnCode, UnknownProvider, default_provider_name, get_provider, vnpay
from .providers import sandbox as gateway
from .receipt import format_vnd, render_receipt_pdf

logger = logging.getLogger("motcua.payments")


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or ""


def _lines(dossier: Dossier) -> list[dict]:
    return [
        {
            "line": line, "amount_text": format_vnd(line.amount) if line.amount is not None else "",
            "unit_text": format_vnd(line.unit_amount) if line.per_copy and line.unit_amount else "",
        }
        for line in fees.fee_lines(dossier)
    ]


def _dossier_context(dossier: Dossier, **extra) -> dict:
    state = services.status_for(dossier)
    return {
        "dossier": dossier, "state": state, "lines": _lines(dossier),
        "total_text": format_vnd(state["amount_due"]),
        "payable": fees.payable_now(dossier) and not state["paid"],
        "payments": list(dossier.payments.all()),
        "timeout_minutes": gateway.timeout_minutes(),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def dossier_payment(request, pk: int):
    """What the dossier costs, its payments, and the "Thanh toán trực tuyến" button."""
    dossier = get_object_or_404(
        Dossier.objects.select_related("procedure", "online", "receiving_agency").prefetch_related("procedure__fees"),
        pk=pk, applicant=request.user,
    )
    if request.method == "POST":
        try:
            _payment, url = services.start_payment(
                dossier, by=request.user, base_url=request.build_absolute_uri("/"),
                client_ip=_client_ip(request),
            )
        except services.PaymentError as error:
            context = _dossier_context(dossier, error=str(error))
            return render(request, "payments/dossier.html", context, status=400)
        return HttpResponseRedirect(url)
    pending = services.open_payment(dossier)
    if pending is not None:
        services.settle_if_overdue(pending)
    return render(request, "payments/dossier.html", _dossier_context(dossier))


@require_GET
def payment_return(request, provider: str):
    """Where the gateway sends the browser back: the same verification as the IPN, then the
    result in words. Settling here too covers an IPN that has not arrived (yet)."""
    try:
        get_provider(provider)
    except UnknownProvider:
        raise Http404 from None
    code, payment = services.process_callback(provider, request.GET)
    if payment is None or code in (IpnCode.INVALID_SIGNATURE, IpnCode.INVALID_AMOUNT, IpnCode.UNKNOWN_ERROR):
        return render(request, "payments/return_invalid.html", status=400)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("payments:dossier", args=[payment.dossier_id]))
    dossier = (
        Dossier.objects.select_related("procedure", "online", "receiving_agency").prefetch_related("procedure__fees")
        .filter(pk=payment.dossier_id, applicant=request.user).first()
    )
    if dossier is None:
        raise Http404
    return render(
        request, "payments/return.html",
        _dossier_context(dossier, payment=payment, paid=payment.status == PaymentStatus.PAID,
                         amount_text=format_vnd(payment.amount)),
    )


def receipt_pdf(request, reference: str):
    """The receipt of a paid payment: its applicant, or an official who can see the dossier."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    payment = get_object_or_404(
        Payment.objects.select_related(
            "dossier__procedure", "dossier__competent_agency__parent", "dossier__competent_agency__unit",
        ),
        reference=reference, status=PaymentStatus.PAID,
    )
    dossier = payment.dossier
    if dossier.applicant_id != request.user.pk:
        seen = visibility(request.user)
        if not (seen.can_see_agency(dossier.receiving_agency_id) or seen.can_see_agency(dossier.competent_agency_id)):
            raise Http404
    response = HttpResponse(render_receipt_pdf(payment), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-lai-{payment.reference}.pdf"'
    return response


# --- The sandbox gateway (a fake bank page served by motcua) ------------------------------

def sandbox_enabled() -> bool:
    return not getattr(settings, "PRODUCTION", False) or default_provider_name() == "sandbox"


def _notify_ipn(request, result: dict) -> str:
    """The gateway's server-to-server call, made in-process through the real IPN view."""
    from .api import PaymentIpnView

    ipn = RequestFactory().get(
        reverse("payment-ipn", args=["sandbox"]), result, HTTP_HOST=request.get_host(),
        REMOTE_ADDR="127.0.0.1",
    )
    response = PaymentIpnView.as_view()(ipn, provider="sandbox")
    code = response.data.get("RspCode", "") if response.status_code == 200 else str(response.status_code)
    logger.info("sandbox IPN for %s answered %s", result.get("vnp_TxnRef", ""), code)
    return code


@require_http_methods(["GET", "POST"])
def sandbox_pay(request):
    if not sandbox_enabled():
        raise Http404
    source = request.GET if request.method == "GET" else request.POST
    try:
        params = gateway.gateway_read_request(source)
    except gateway.GatewayRequestError as error:
        return render(request, "payments/sandbox_error.html", {"error": str(error)}, status=400)
    expired = gateway.gateway_expired(params)
    context = {
        "params": params, "expired": expired,
        "amount_text": format_vnd(vnpay.from_gateway_amount(params["vnp_Amount"])),
        "expires_at": vnpay.parse_date(params.get("vnp_ExpireDate", "")),
        "hidden": sorted(params.items()),
    }
    if request.method == "GET":
        return render(request, "payments/sandbox_pay.html", context)
    choice = request.POST.get("choice", "")
    if choice == gateway.TIMEOUT:
        # No IPN, no return: the portal finds out by asking after the timeout.
        payment = Payment.objects.filter(reference=params["vnp_TxnRef"]).only("dossier_id").first()
        context["back_url"] = reverse("payments:dossier", args=[payment.dossier_id]) if payment else ""
        context["timeout_minutes"] = gateway.timeout_minutes()
        return render(request, "payments/sandbox_timeout.html", context)
    if choice not in gateway.CHOICES:
        context["error"] = True
        return render(request, "payments/sandbox_pay.html", context, status=400)
    result = gateway.gateway_result(params, "expired" if expired else choice)
    _notify_ipn(request, result)
    return HttpResponseRedirect(gateway.return_address(params, result))
