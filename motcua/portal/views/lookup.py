"""The public lookup of a dossier by code and secret: ``/tra-cuu/?ma=<code>&bi-mat=<secret>``.

Anyone holding the receipt (or scanning its QR code) may see where the dossier stands, and
nothing about the person: no name, no identity number, no documents. A wrong code and a wrong
secret get the same answer, so the page cannot tell which codes exist; wrong pairs are limited
per address (``following.LookupThrottle``). The page is hit often and by the benchmark: one
indexed query, no session write, nothing cached by proxies.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from motcua.portal import following, lookup_cache
from motcua.portal.history import local_text


@require_GET
@cache_control(private=True, no_store=True)
def lookup(request):
    code = request.GET.get("ma", "").strip()[:following.MAX_CODE]
    secret = request.GET.get("bi-mat", "").strip()[:following.MAX_SECRET]
    context = {"code": code, "secret": secret, "result": None, "error": ""}
    if "ma" not in request.GET and "bi-mat" not in request.GET:
        return render(request, "portal/lookup/lookup.html", context)
    if not code or not secret:
        context["error"] = _("Vui lòng nhập cả mã hồ sơ và mã tra cứu in trên giấy tiếp nhận.")
        return render(request, "portal/lookup/lookup.html", context, status=400)
    language = get_language()
    use_cache = lookup_cache.cacheable(request)
    if use_cache:
        content = lookup_cache.get(code, secret, language)
        if content is not None:
            return HttpResponse(content)
    throttle = following.LookupThrottle(request)
    if throttle.blocked():
        context["error"] = _(
            "Bạn đã tra cứu sai quá nhiều lần trong một phút. Vui lòng đợi một phút rồi thử lại."
        )
        return render(request, "portal/lookup/lookup.html", context, status=429)
    dossier = following.public_status(code, secret)
    if dossier is None:
        throttle.failed()
        context["error"] = _(
            "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này. Vui lòng kiểm tra lại hai mã "
            "trên giấy tiếp nhận hồ sơ và hẹn trả kết quả; mã tra cứu phân biệt chữ hoa và chữ "
            "thường, hãy nhập đúng từng ký tự như in trên giấy."
        )
        return render(request, "portal/lookup/lookup.html", context, status=404)
    fields = following.public_fields(dossier)
    fields.update(
        received=local_text(dossier.received_at), due=local_text(dossier.due_at),
        new_due=local_text(dossier.new_due_at), returned=local_text(dossier.returned_at),
    )
    context["result"] = fields
    response = render(request, "portal/lookup/lookup.html", context)
    if use_cache:
        lookup_cache.put(code, secret, language, response.content)
    return response
