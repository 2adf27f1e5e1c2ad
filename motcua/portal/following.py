"""Following a dossier from the applicant's side: what the pages and the API share.

- ``my_dossiers`` / ``my_dossier``: a citizen sees only their own dossiers; anything else is
  "not found" (never "forbidden", which would confirm that the dossier exists).
- ``answer_supplement``: the files for the missing items and the workflow's ``resubmit`` in one
  transaction; a second identical submission finds the first one's result.
- ``public_status`` and the failure throttle of the public lookup (page and API).
"""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from motcua.core.throttle import AddressCounter
from motcua.dossiers import workflow
from motcua.dossiers.errors import TransitionNotAllowed
from motcua.dossiers.models import AuditEvent, Dossier, Status
from motcua.dossiers.transitions import Action
from motcua.portal.history import last_supplement_request
from motcua.portal.models import AttachedDocument, AttachmentPurpose, OnlineApplication, Upload
from motcua.portal.uploads import store_upload

MAX_ITEMS = 50
MAX_NOTE = 2000


def my_dossiers(user):
    """The dossiers ``user`` applied for, newest first, with what a list shows (one query)."""
    if not getattr(user, "is_authenticated", False):
        return Dossier.objects.none()
    return (
        Dossier.objects.filter(applicant=user)
        .select_related("procedure", "receiving_agency")
        .only(
            "pk", "code", "status", "due_at", "new_due_at", "submitted_at", "received_at", "created_at",
            "channel", "version", "procedure__name", "procedure__code", "receiving_agency__name",
        )
        .order_by("-created_at", "-pk")
    )


def my_dossier(user, pk) -> Dossier:
    """``user``'s dossier ``pk`` with its agencies, or Http404 (also for anyone else's)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    dossier = (
        Dossier.objects.filter(pk=pk, applicant=user)
        .select_related("procedure", "receiving_agency", "competent_agency")
        .first()
    )
    if dossier is None:
        raise Http404
    return dossier


# -- supplement -------------------------------------------------------------------------


@dataclass
class SupplementRequest:
    round: int
    items: list[str]
    reason: str
    at: object


def supplement_request(dossier: Dossier) -> SupplementRequest | None:
    """The latest request of the desk or the agency, when the dossier waits for it."""
    count, event = last_supplement_request(dossier)
    if event is None:
        return None
    details = event.details or {}
    items = [str(item) for item in details.get("missing_items") or []][:MAX_ITEMS]
    return SupplementRequest(round=count, items=items, reason=str(details.get("reason") or ""), at=event.at)


class SupplementInvalid(ValueError):
    """The applicant's answer cannot be accepted; ``errors`` maps field → Vietnamese message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(errors.values()))


def already_answered(dossier: Dossier, user, expected_version: int | None) -> bool:
    """True when ``user`` already sent the supplement the page at ``expected_version`` asked for
    (a double click, a resent form): since then the dossier moved on by their own resubmit."""
    if expected_version is None or dossier.version <= expected_version:
        return False
    if dossier.status == Status.WAITING_SUPPLEMENT:
        return False
    last = (
        AuditEvent.objects.filter(
            dossier_id=dossier.pk, action__in=[Action.REQUEST_SUPPLEMENT, Action.RESUBMIT]
        )
        .order_by("-seq")
        .values_list("action", "actor_id")
        .first()
    )
    return last is not None and last[0] == Action.RESUBMIT and last[1] == user.pk


def _discard_unsaved(uploads: list[Upload]) -> None:
    """Remove the files of uploads whose rows the rollback took away (nothing half-written)."""
    saved = set(Upload.objects.filter(pk__in=[u.pk for u in uploads if u.pk]).values_list("pk", flat=True))
    for upload in uploads:
        if upload.pk not in saved and upload.file.name:
            try:
                default_storage.delete(upload.file.name)
            except OSError:
                pass


def answer_supplement(
    dossier: Dossier, user, *, files: dict[int, object], note: str = "", expected_version: int,
) -> Dossier:
    """Attach ``files`` (item index → uploaded file) as round n of the supplement and resubmit.

    Raises ``SupplementInvalid`` (bad files, nothing sent) or a ``WorkflowError``; in both cases
    nothing is attached and no new file stays in storage.
    """
    request = supplement_request(dossier)
    if dossier.status != Status.WAITING_SUPPLEMENT or request is None:
        raise TransitionNotAllowed(_("Hồ sơ không ở trạng thái chờ bổ sung; không cần nộp bổ sung."))
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise SupplementInvalid({"note": _("Ghi chú dài quá %(limit)s ký tự.") % {"limit": MAX_NOTE}})
    files = {index: upload for index, upload in files.items() if upload}
    unknown = [index for index in files if not 0 <= index < len(request.items)]
    if unknown:
        raise SupplementInvalid({"files": _("Có tệp không ứng với giấy tờ nào được yêu cầu bổ sung.")})
    if not files and not note:
        raise SupplementInvalid(
            {"files": _("Vui lòng gửi tệp cho các giấy tờ được yêu cầu bổ sung (hoặc ghi nội dung bổ sung).")}
        )
    stored: list[Upload] = []
    try:
        with transaction.atomic():
            errors = {}
            for index, upload in sorted(files.items()):
                try:
                    stored.append(store_upload(user, upload))
                except ValidationError as error:
                    errors[f"item_{index}"] = " ".join(error.messages)
                    continue
                AttachedDocument.objects.create(
                    application=_application(dossier), label=request.items[index][:500],
                    upload=stored[-1], purpose=AttachmentPurpose.SUPPLEMENT,
                    supplement_round=request.round,
                )
            if errors:
                raise SupplementInvalid(errors)
            workflow.resubmit(dossier, by=user, expected_version=expected_version, note=note)
    except Exception:
        _discard_unsaved(stored)
        raise
    return dossier


def _application(dossier: Dossier) -> OnlineApplication:
    # A paper dossier answered online gets its online side now (same transaction).
    application, _created = OnlineApplication.objects.get_or_create(dossier=dossier)
    return application


def withdraw(dossier: Dossier, user, *, expected_version: int, reason: str = "") -> Dossier:
    return workflow.withdraw(dossier, by=user, expected_version=expected_version, reason=reason)




# -- public lookup ----------------------------------------------------------------------

MAX_CODE = 60
MAX_SECRET = 64


@dataclass(frozen=True)
class PublicStatus:
    """What the public lookup may know of a dossier (no person, no document)."""

    code: str
    procedure_name: str
    procedure_code: str
    receiving_agency_name: str
    status: str
    lookup_secret: str
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    returned_at: dt.datetime | None
    # The appointment an apology for lateness promised (``due_at`` stays the legal one, past).
    new_due_at: dt.datetime | None = None


_PUBLIC_COLUMNS = (
    "code", "procedure__name", "procedure__code", "receiving_agency__name", "status",
    "lookup_secret", "received_at", "due_at", "returned_at", "new_due_at",
)
_compiled: dict[str, str] = {}


def _public_sql() -> str:
    """The lookup's SQL, compiled by the ORM once per database (compiling a query costs more
    than running it on an index; the lookup is the busiest public page).

    It takes the code as typed and in upper case (``code IN (%s, %s)``, still the unique
    index): codes are printed in upper case (``…H26-…``) and phone keyboards type lower case."""
    sql = _compiled.get(connection.vendor)
    if sql is None:
        query = Dossier.objects.filter(code__in=["?", "??"]).values_list(*_PUBLIC_COLUMNS).order_by()[:2].query
        sql, params = query.sql_with_params()
        if list(params) != ["?", "??"]:  # the ORM changed its shape: never run a guessed query
            raise RuntimeError("unexpected parameters in the public lookup query")
        _compiled[connection.vendor] = sql
    return sql


def _moment(value) -> dt.datetime | None:
    # SQLite hands back text; PostgreSQL an aware datetime. Stored times are UTC.
    if value is None or isinstance(value, dt.datetime):
        return value if value is None or timezone.is_aware(value) else timezone.make_aware(value, dt.UTC)
    parsed = parse_datetime(str(value))
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, dt.UTC)
    return parsed


def public_status(code: str | None, secret: str | None) -> PublicStatus | None:
    """The dossier with this code (in any case) when the secret matches exactly, else None (one
    indexed query). The secret stays case-sensitive: folding it would shrink its 72 bits."""
    code = (code or "").strip()
    secret = (secret or "").strip()
    if not code or not secret or len(code) > MAX_CODE or len(secret) > MAX_SECRET:
        return None
    if "\x00" in code or "\x00" in secret:  # no code holds one, and PostgreSQL refuses it in text
        return None
    with connection.cursor() as cursor:
        cursor.execute(_public_sql(), [code, code.upper()])
        rows = cursor.fetchall()
    if not rows:
        return None
    # Two rows only if two codes differ by case alone: the one typed exactly wins.
    row = next((r for r in rows if r[0] == code), rows[0])
    values = dict(zip(_PUBLIC_COLUMNS, row, strict=True))
    if not values["lookup_secret"] or not hmac.compare_digest(
        str(values["lookup_secret"]).encode("utf-8"), secret.encode("utf-8")
    ):
        return None
    return PublicStatus(
        code=values["code"], procedure_name=values["procedure__name"],
        procedure_code=values["procedure__code"], receiving_agency_name=values["receiving_agency__name"],
        status=values["status"], lookup_secret=values["lookup_secret"],
        received_at=_moment(values["received_at"]), due_at=_moment(values["due_at"]),
        returned_at=_moment(values["returned_at"]), new_due_at=_moment(values["new_due_at"]),
    )


class LookupThrottle:
    """At most ``MOTCUA_LOOKUP_MAX_FAILURES`` wrong code/secret pairs per client address a minute.

    Only failures count: a citizen scanning their own QR code again and again is never slowed
    down (``core.throttle``).
    """

    def __init__(self, request):
        self.counter = AddressCounter(
            request,
            "lookup-failures",
            limit=int(getattr(settings, "MOTCUA_LOOKUP_MAX_FAILURES", 10)),
            window=60,
        )

    def blocked(self) -> bool:
        return self.counter.reached()

    def failed(self) -> None:
        self.counter.count()


def public_fields(dossier: PublicStatus) -> dict:
    """The facts the public lookup shows (page and API): never a person, never a document."""
    return {
        "code": dossier.code,
        "procedure": dossier.procedure_name,
        "procedure_code": dossier.procedure_code,
        "receiving_agency": dossier.receiving_agency_name,
        "status": dossier.status,
        "status_label": str(Status(dossier.status).label),
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "new_due_at": dossier.new_due_at,
        # A new appointment exists only through an apology (``dossiers.workflow.apologise``).
        "apologised": dossier.new_due_at is not None,
        "returned_at": dossier.returned_at,
    }
