"""Issuing, superseding and revoking electronic results; who may issue; the current result.

``issue_result`` renders the PDF *before* taking any lock (WeasyPrint needs about a second),
then, in one transaction, re-checks the dossier under a row lock, stores the file and writes
the row with the hash of the exact bytes stored. A double click or two officials at once:
the form carries the sequence number it saw (``expected_sequence``), and the database's
unique (dossier, sequence) makes the slower of two concurrent issues fail; either way the
second click gets ``AlreadyIssued`` with the result that won, and its own file is removed.

Issuing never changes the dossier's status: handing the result over is the desk's
``return_result``.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.documents.context import DEFAULT_PUBLIC_URL, date_line, moment_text, place_name
from motcua.documents.handovers import person
from motcua.documents.qr import qr_svg_data_uri
from motcua.documents.render import html_to_pdf
from motcua.dossiers.models import Dossier, Status
from motcua.units.models import Membership, Role
from motcua.units.scoping import visibility

from .models import ElectronicResult, new_code, printed_code

logger = logging.getLogger(__name__)

ISSUER_ROLES = frozenset({Role.SPECIALIST, Role.LEADER})
ONLINE_RESULT = "online"
MAX_TITLE = 300


class ResultError(Exception):
    """A result cannot be issued or revoked; ``str()`` is a Vietnamese message for the user."""


class AlreadyIssued(ResultError):
    """Someone (or an earlier click) issued since the form was shown: nothing new was issued."""

    def __init__(self, result: ElectronicResult | None):
        self.result = result
        super().__init__(_("Kết quả điện tử của hồ sơ này vừa được phát hành; không phát hành thêm bản nào."))


def current_for(dossier: Dossier) -> ElectronicResult | None:
    """The result in force for ``dossier``: the last issued, unless it was revoked."""
    latest = (
        ElectronicResult.objects.filter(dossier_id=dossier.pk)
        .select_related("issuing_agency")
        .order_by("-sequence")
        .first()
    )
    return latest if latest is not None and latest.revoked_at is None else None


def last_sequence(dossier: Dossier) -> int:
    latest = (
        ElectronicResult.objects.filter(dossier_id=dossier.pk)
        .order_by("-sequence")
        .values_list("sequence", flat=True)
        .first()
    )
    return latest or 0


def can_issue(user, dossier: Dossier) -> bool:
    """A specialist or leader whose units include the dossier's competent agency."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if not visibility(user).can_see_agency(dossier.competent_agency_id):
        return False
    return (
        Membership.objects.valid_on(timezone.localdate())
        .filter(user_id=user.pk, role__in=ISSUER_ROLES)
        .exists()
    )


def verification_url(code: str, base_url: str | None = None) -> str:
    base = (base_url or getattr(settings, "MOTCUA_PUBLIC_URL", "") or DEFAULT_PUBLIC_URL).rstrip("/")
    return base + reverse("results:verify_code", kwargs={"code": code})


def default_title(dossier: Dossier) -> str:
    """The procedure's result as the catalogue names it (first line), else a generic title."""
    lines = [line.strip(" .;") for line in (dossier.procedure.result or "").splitlines()]
    first = next((line for line in lines if line), "")
    return (first or _("Kết quả giải quyết thủ tục hành chính"))[:MAX_TITLE]


def render_result_pdf(
    dossier: Dossier, *, code: str, title: str, number: str, issued_by, issued_at,
    body_context: dict | None = None, base_url: str | None = None,
) -> bytes:
    agency = dossier.competent_agency
    url = verification_url(code, base_url)
    context = {
        "dossier": dossier,
        "agency": agency,
        "parent_agency_name": agency.parent.name if agency.parent_id else "",
        "date_line": date_line(place_name(agency), timezone.localdate(issued_at)),
        "title": title,
        "number": number,
        "applicant": dossier.applicant_name or person(dossier.applicant),
        "procedure": dossier.procedure,
        "result_name": dossier.procedure.result,
        "signer": person(issued_by),
        "signed_at": moment_text(issued_at),
        "code": printed_code(code),
        "verification_url": url,
        "qr": qr_svg_data_uri(url),
        "paragraphs": [],
    }
    context.update(body_context or {})
    return html_to_pdf(render_to_string("results/pdf/result.html", context))


def _unique_code() -> str:
    # 60 random bits collide practically never; the unique index is the real guarantee.
    while True:
        code = new_code()
        if not ElectronicResult.objects.filter(code=code).exists():
            return code


def issue_result(
    dossier: Dossier, by, *, title: str | None = None, number: str = "",
    body_context: dict | None = None, expected_sequence: int | None = None,
    base_url: str | None = None,
) -> ElectronicResult:
    """Issue (or re-issue, superseding the current one) the electronic result of ``dossier``.

    The caller decides who may issue (``can_issue`` for people; the workflow for the hook).
    Raises ``ResultError`` when the dossier is not resolved, ``AlreadyIssued`` when the last
    sequence is not ``expected_sequence`` any more (a double click, another official).
    """
    dossier = Dossier.objects.select_related(
        "procedure", "competent_agency__unit", "competent_agency__parent", "applicant"
    ).get(pk=dossier.pk)
    if dossier.status != Status.RESOLVED:
        raise ResultError(
            _("Chỉ phát hành kết quả điện tử cho hồ sơ ở trạng thái «%(status)s».")
            % {"status": Status.RESOLVED.label}
        )
    seen = last_sequence(dossier)
    if expected_sequence is not None and seen != expected_sequence:
        raise AlreadyIssued(current_for(dossier))
    title = " ".join(str(title or "").split())[:MAX_TITLE] or default_title(dossier)
    number = " ".join(str(number or "").split())[:60]
    code = _unique_code()
    issued_at = timezone.now()
    content = render_result_pdf(
        dossier, code=code, title=title, number=number, issued_by=by, issued_at=issued_at,
        body_context=body_context, base_url=base_url,
    )
    result = ElectronicResult(
        dossier=dossier, sequence=seen + 1, code=code, title=title, number=number,
        sha256=hashlib.sha256(content).hexdigest(), size=len(content), issued_by=by,
        issuing_agency=dossier.competent_agency, issued_at=issued_at,
    )
    try:
        with transaction.atomic():
            locked = Dossier.objects.select_for_update().only("pk", "status").get(pk=dossier.pk)
            if locked.status != Status.RESOLVED:
                raise ResultError(_("Hồ sơ vừa chuyển sang trạng thái khác; không phát hành kết quả."))
            if last_sequence(dossier) != seen:
                raise AlreadyIssued(None)
            result.file.save("ket-qua.pdf", ContentFile(content), save=False)
            result.save(force_insert=True)
            previous = (
                ElectronicResult.objects.filter(dossier_id=dossier.pk, sequence=seen).first()
                if seen else None
            )
            if previous is not None and previous.revoked_at is None:
                previous.superseded_by = result
                previous.superseded_at = issued_at
                previous.save(update_fields=["superseded_by", "superseded_at"])
    except BaseException as error:
        # Nothing half-written: the row rolled back, so the stored file must go too.
        if result.file.name:
            result.file.storage.delete(result.file.name)
        if isinstance(error, IntegrityError) or (isinstance(error, AlreadyIssued) and error.result is None):
            raise AlreadyIssued(current_for(dossier)) from None
        raise
    return result


def revoke_result(result: ElectronicResult, by, *, reason: str) -> ElectronicResult:
    """Withdraw a result's validity (an error found after issue): the page shows it revoked."""
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise ResultError(_("Vui lòng nhập lý do thu hồi kết quả."))
    if not can_issue(by, result.dossier):
        raise ResultError(_("Bạn không có quyền thu hồi kết quả của hồ sơ này."))
    with transaction.atomic():
        locked = ElectronicResult.objects.select_for_update().get(pk=result.pk)
        if locked.revoked_at is not None:
            return locked
        locked.revoked_at = timezone.now()
        locked.revoked_by = by
        locked.revoke_reason = reason[:2000]
        locked.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    return locked


def wants_online_result(dossier: Dossier) -> bool:
    from motcua.portal.models import OnlineApplication

    return OnlineApplication.objects.filter(dossier_id=dossier.pk, result_channel=ONLINE_RESULT).exists()


def issue_on_resolve(record) -> None:
    """``dossiers.hooks.in_transaction`` hook: the applicant asked for the result online, so it
    is issued as the dossier becomes resolved, signed by whoever resolved it.

    A failure here must not undo the leader's decision: the PDF is issued in its own savepoint
    and an official can still issue it by hand from the result page.
    """
    if record.to_status != Status.RESOLVED or record.from_status == Status.RESOLVED:
        return
    dossier = record.dossier
    if not wants_online_result(dossier) or current_for(dossier) is not None:
        return
    try:
        issue_result(dossier, record.by, expected_sequence=last_sequence(dossier))
    except Exception:
        logger.exception("Automatic issue of the electronic result failed for dossier #%s", dossier.pk)
