"""Receiving a paper dossier at the desk: create it, submit it and give its one outcome.

Everything happens in one transaction: if the outcome is refused by the workflow (no time
limit in the catalogue, a role that may not receive…) no half-received dossier remains.
The form's one-time key is stored with a unique constraint, so the same form submitted twice
(double click, resend after a timeout) finds the first dossier instead of making a second.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from motcua.catalog.models import Procedure
from motcua.core.files import deleted_if_failed
from motcua.dossiers import workflow
from motcua.dossiers.models import Dossier
from motcua.units.models import Membership, Role
from motcua.units.scoping import Visibility

from .forms import Outcome, ReceiveForm
from .models import DeskIntake, ScannedFile


class AlreadyReceived(Exception):
    """The form was already submitted; ``dossier`` is what the first submit created."""

    def __init__(self, dossier: Dossier):
        self.dossier = dossier
        super().__init__(str(dossier))


def procedures_for(seen: Visibility):
    """Procedures in force that one of the official's visible agencies handles."""
    return (
        seen.filter_agencies(Procedure.objects.current(), path="agencies")
        .distinct()
        .order_by("name", "code")
    )


def receiving_agency_of(user, seen: Visibility, procedure: Procedure):
    """The desk's agency (a desk-officer post first), else the procedure's agency in scope."""
    memberships = (
        Membership.objects.valid_on(timezone.localdate())
        .filter(user_id=user.pk)
        .exclude(role=Role.CITIZEN)
        .select_related("agency")
        .order_by("id")
    )
    posts = sorted(memberships, key=lambda m: m.role != Role.DESK_OFFICER)
    if posts:
        return posts[0].agency
    return competent_agency_of(seen, procedure)


def competent_agency_of(seen: Visibility, procedure: Procedure):
    return seen.filter_agencies(procedure.agencies.all()).order_by("id").first()


def find_by_key(key: str) -> Dossier | None:
    intake = DeskIntake.objects.select_related("dossier").filter(key=key).first()
    return intake.dossier if intake else None


def receive(form: ReceiveForm, *, by, seen: Visibility) -> Dossier:
    """Create, submit and decide the dossier described by a valid ``form``.

    Raises ``AlreadyReceived`` for a form key already used, and the workflow's errors
    (``WorkflowError``) with nothing saved.
    """
    data = form.cleaned_data
    procedure = form.procedure
    try:
        with deleted_if_failed() as written, transaction.atomic():
            dossier = Dossier.objects.create(
                procedure=procedure,
                receiving_agency=receiving_agency_of(by, seen, procedure),
                competent_agency=competent_agency_of(seen, procedure),
                applicant_name=data["applicant_name"].strip(),
                channel=data["channel"],
            )
            intake = DeskIntake.objects.create(
                key=data["form_key"],
                dossier=dossier,
                applicant_phone=data.get("applicant_phone", ""),
                applicant_address=data.get("applicant_address", ""),
                documents_received=form.received_documents(),
            )
            for upload in data.get("scans") or []:
                scan = ScannedFile.objects.create(
                    intake=intake,
                    file=upload,
                    original_name=upload.name[:255],
                    content_type=upload.sniffed_type,
                    size=upload.size,
                )
                written.append(scan.file)  # deleted again if the receipt fails below
            workflow.submit(dossier, by=by, expected_version=dossier.version)
            _decide(dossier, form, by=by)
    except IntegrityError:
        existing = find_by_key(data["form_key"])
        if existing is None:
            raise
        raise AlreadyReceived(existing) from None
    return dossier


def _decide(dossier: Dossier, form: ReceiveForm, *, by) -> None:
    data = form.cleaned_data
    version = dossier.version
    outcome = data["outcome"]
    if outcome == Outcome.ACCEPT:
        workflow.accept(dossier, by=by, expected_version=version)
    elif outcome == Outcome.SUPPLEMENT:
        workflow.request_supplement(
            dossier, by=by, expected_version=version, missing_items=form.missing_list()
        )
    elif outcome == Outcome.REFUSE:
        workflow.refuse(dossier, by=by, expected_version=version, reason=data["reason"])
    else:
        workflow.redirect(
            dossier,
            by=by,
            expected_version=version,
            to_agency_name=data["to_agency_name"],
            reason=data["reason"],
        )
