"""What an official document says about a dossier: the template context, in one place.

Dates and times are local (Asia/Ho_Chi_Minh) and written the way Vietnamese administrative
documents write them; the place on the date line is the agency's administrative unit without
its designation ("Phường Kim Liên" → "Kim Liên"), as Decree 30/2020 shows it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from motcua.dossiers.models import Dossier

from . import handovers
from .qr import qr_svg_data_uri
from .templates_registry import (
    APOLOGY,
    CONTROL_SHEET,
    REFUSAL,
    SUPPLEMENT_REQUEST,
    FormTemplate,
    form_for,
)

DESIGNATIONS = (
    "Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Xã", "Quận", "Huyện", "Tỉnh",
)
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"
TRACKING_PATH = "/tra-cuu/"

# The transition whose actor and details a slip reports.
SOURCE_ACTION = {
    "receipt": "accept",
    SUPPLEMENT_REQUEST: "request_supplement",
    REFUSAL: "refuse",
    "stop_notice": "withdraw",
    # The apology slip is the record of the last ``apologise`` action: its reason, its signer.
    APOLOGY: "apologise",
    # The sheet starts at the desk with the acceptance: its date and signer are the receipt's.
    CONTROL_SHEET: "accept",
}


@dataclass(frozen=True)
class ReceivedDocument:
    name: str
    originals: int
    copies: int


def place_name(agency) -> str:
    name = agency.unit.name if agency.unit_id else agency.name
    for designation in DESIGNATIONS:
        rest = name[len(designation) + 1:]
        # "Phường 12" keeps its designation: a bare number is not a place name (Decree 30/2020).
        if name.startswith(designation + " ") and not rest.isdigit():
            return rest
    return name


def date_line(place: str, day: dt.date) -> str:
    return _("%(place)s, ngày %(day)02d tháng %(month)02d năm %(year)d") % {
        "place": place, "day": day.day, "month": day.month, "year": day.year,
    }


def appointment_text(moment: dt.datetime | None) -> str:
    """ "16 giờ 30 phút, ngày 13/03/2026" in local time; empty without a due date."""
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    return _("%(hour)02d giờ %(minute)02d phút, ngày %(date)s") % {
        "hour": local.hour, "minute": local.minute, "date": local.strftime("%d/%m/%Y"),
    }


def moment_text(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else ""


def reference_date(dossier: Dossier) -> dt.date:
    """The day that decides the form set: receipt, else submission, else today."""
    moment = dossier.received_at or dossier.submitted_at
    return timezone.localdate(moment) if moment else timezone.localdate()


def tracking_url(dossier: Dossier, base_url: str | None = None) -> str:
    base = (base_url or getattr(settings, "MOTCUA_PUBLIC_URL", "") or DEFAULT_PUBLIC_URL).rstrip("/")
    query = urlencode({"ma": dossier.code or "", "bi-mat": dossier.lookup_secret})
    return f"{base}{TRACKING_PATH}?{query}"


def received_documents(dossier: Dossier, recorded=None) -> list[ReceivedDocument]:
    """What was handed over: ``recorded`` (dicts or objects with name, originals, copies), else
    what the desk ticked at receipt (``desk.DeskIntake``), else, for an online dossier, the
    documents the applicant uploaded. Never the catalogue: a slip lists what was received,
    not what the procedure asks for, and an empty list says so."""
    if recorded is None:
        recorded = _desk_recorded(dossier)
        if recorded is None:
            recorded = _uploaded(dossier)
    rows = []
    for item in recorded:
        values = item if isinstance(item, dict) else vars(item)
        rows.append(
            ReceivedDocument(
                name=str(values.get("name", "")), originals=int(values.get("originals") or 0),
                copies=int(values.get("copies") or 0),
            )
        )
    return rows


def _desk_recorded(dossier: Dossier) -> list | None:
    """What the desk ticked (possibly nothing), or None for a dossier not received at the desk."""
    from motcua.desk.models import DeskIntake

    found = list(
        DeskIntake.objects.filter(dossier_id=dossier.pk).values_list("documents_received", flat=True)[:1]
    )
    if not found:
        return None
    return found[0] if isinstance(found[0], list) else []


def _uploaded(dossier: Dossier) -> list[dict]:
    """The online application's documents, one row per required document (or per extra file)
    with at least one file: an upload is an electronic copy, never an original. Supplement
    files count once they arrived by the receipt (all of them before any receipt)."""
    from motcua.portal.models import AttachedDocument, AttachmentPurpose

    attachments = (
        AttachedDocument.objects.filter(application__dossier_id=dossier.pk)
        .select_related("required_document", "upload")
        .order_by("supplement_round", "required_document__order", "pk")
    )
    rows: dict[object, dict] = {}
    for attached in attachments:
        late = dossier.received_at is not None and attached.added_at > dossier.received_at
        if attached.purpose == AttachmentPurpose.SUPPLEMENT and late:
            continue
        if attached.required_document_id:
            key, name = ("document", attached.required_document_id), attached.required_document.name
        else:
            name = attached.label or attached.upload.original_name
            key = ("label", name)
        rows.setdefault(key, {"name": name, "originals": 0, "copies": 1})
    return list(rows.values())


def _source_event(dossier: Dossier, kind: str):
    action = SOURCE_ACTION.get(kind)
    if action is None:
        return None
    return (
        dossier.audit_events.filter(action=action).select_related("actor").order_by("-seq").first()
    )


def _moment(value) -> dt.datetime | None:
    from django.utils.dateparse import parse_datetime

    return parse_datetime(value) if isinstance(value, str) else None


@dataclass(frozen=True)
class Signer:
    """Who signs a letter the agency itself issues: the title lines, the name (blank when the
    head signs by hand) and who drew the letter up when that is someone else."""

    lines: tuple[str, ...]
    name: str
    prepared_by: str


def agency_signer(agency, event) -> Signer:
    """The apology is the late agency's letter (Decree 61/2018 Art. 21(5)): its head signs, or a
    deputy "KT." (Decree 30/2020). A leader who recorded it signs it; anything drafted by a
    specialist leaves the name blank for the head and names the specialist as its drafter."""
    from motcua.units.models import Membership, Position, Role

    head = _("THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ")
    actor = event.actor if event else None
    if actor is None or agency is None:
        return Signer((head,), "", "")
    posts = list(
        Membership.objects.valid_on(timezone.localdate(event.at))
        .filter(user_id=actor.pk, agency_id=agency.pk)
        .values_list("position", "role", "title")
    )
    name = handovers.person(actor)
    rank = {Position.HEAD: 0, Position.DEPUTY: 1}
    for position, role, title in sorted(posts, key=lambda post: rank.get(post[0], 2)):
        if position == Position.HEAD:
            return Signer((title.upper() or head,), name, "")
        if position == Position.DEPUTY:
            return Signer((_("KT. %(head)s") % {"head": head}, *([title.upper()] if title else [])), name, "")
        if role == Role.LEADER:
            return Signer((title.upper() or head,), name, "")
    return Signer((head,), "", name)


def dossier_context(kind: str, dossier: Dossier, *, base_url=None, extra=None) -> tuple[FormTemplate, dict]:
    """The form in force for ``dossier`` and the context its template renders."""
    extra = dict(extra or {})
    form = form_for(kind, reference_date(dossier))
    # The apology is written by the agency that is late, not by the desk that received.
    agency = dossier.competent_agency if kind == APOLOGY else dossier.receiving_agency
    event = _source_event(dossier, kind)
    details = (event.details if event else {}) or {}
    officer = extra.pop("officer", None) or (handovers.person(event.actor) if event else "")
    # Dated the day of the act it records (a reprint keeps the original date), else today.
    issued = extra.pop("issued_on", None) or timezone.localdate(event.at if event else None)
    url = tracking_url(dossier, base_url)
    context = {
        "form": form,
        "dossier": dossier,
        "agency": agency,
        "parent_agency_name": agency.parent.name if agency.parent_id else "",
        "date_line": date_line(place_name(agency), issued),
        "applicant": dossier.applicant_name or handovers.person(dossier.applicant),
        "procedure": dossier.procedure,
        "documents": received_documents(dossier, extra.pop("documents", None)),
        "received_text": moment_text(dossier.received_at),
        "appointment": appointment_text(dossier.due_at),
        "officer": officer,
        "tracking_url": url,
        "qr": qr_svg_data_uri(url),
        "missing_items": extra.pop("missing_items", None) or details.get("missing_items") or [],
        "reason": extra.pop("reason", None) or details.get("reason") or "",
        "new_appointment": appointment_text(
            extra.pop("new_due_at", None) or _moment(details.get("new_due_at")) or dossier.new_due_at
        ),
    }
    if kind == CONTROL_SHEET:
        context["hand_overs"] = handovers.hand_overs(dossier)
    if kind == APOLOGY:
        context["signer"] = agency_signer(agency, event)
    context.update(extra)
    return form, context
