"""Applying online, shared by the pages (``views.apply``) and the API (``api``).

A draft is a ``Dossier`` in status draft, channel online, with one ``OnlineApplication``.
Every write here is one transaction; the dossier's state changes only through
``dossiers.workflow.submit``. Both "create" and "submit" are idempotent on a one-time key
stored under a unique constraint: the same form sent twice (double click, a retry after a lost
connection) finds what the first one made.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from motcua.accounts.prefill import profile_prefill, representations_for
from motcua.accounts.validators import clean_phone
from motcua.catalog.models import Procedure, RequiredDocument, VersionStatus
from motcua.core.text import vietnamese_sort_key
from motcua.dossiers import workflow
from motcua.dossiers.models import Channel, Dossier, Status
from motcua.payments import fees

from . import schema_form
from .models import AttachedDocument, AttachmentPurpose, OnlineApplication, Upload
from .uploads import check_dossier_total, store_upload

KEY_LENGTH = 64
# The largest id a row can have (a signed 64-bit integer in both databases). A bigger number in
# an address or a field name names no row; SQLite raises OverflowError on it in a foreign-key
# lookup, so it is answered "not found" before any query.
MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """A row id from the applicant's input (ASCII digits, 1..MAX_ID), else None.

    ``str.isdigit`` alone also accepts "²" or "١٢", which ``int`` or the database refuse."""
    text = str(value if value is not None else "").strip()
    if not text or len(text) > len(str(MAX_ID)) or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


class ApplyError(Exception):
    """A Vietnamese message for the applicant; nothing was written."""

    code = "invalid"

    def __init__(self, message, code: str | None = None):
        super().__init__(str(message))
        self.message = message
        if code:
            self.code = code


class NotOnline(ApplyError):
    code = "not_online"


class Incomplete(ApplyError):
    """The form or the documents are not complete; ``errors`` by field path."""

    code = "incomplete"

    def __init__(self, message, errors: dict | None = None, missing: list | None = None):
        super().__init__(message)
        self.errors = errors or {}
        self.missing = missing or []


def online_problem(procedure: Procedure) -> str | None:
    """Why this procedure cannot be applied for online now, or None."""
    if procedure.status != VersionStatus.ACTIVE:
        return str(_("Thủ tục này không còn áp dụng nên không nhận hồ sơ mới."))
    if not procedure.channel_online:
        return str(
            _("Thủ tục này hiện không nhận hồ sơ trực tuyến; vui lòng nộp trực tiếp hoặc qua bưu chính tại cơ quan tiếp nhận.")
        )
    if not procedure.agencies.exists():
        return str(_("Thủ tục này chưa có cơ quan tiếp nhận hồ sơ trực tuyến."))
    return None


def agencies_for_choice(procedure: Procedure) -> list:
    """The procedure's receiving agencies in Vietnamese alphabetical order ("Ngã Tư Sở" before
    "Ô Chợ Dừa"): ``order_by("name")`` follows the database's collation, code-point order on
    SQLite, which puts Ô, Ơ, Ư and Đ after Z."""
    return sorted(procedure.agencies.all(), key=lambda agency: (vietnamese_sort_key(agency.name), agency.pk))


def current_procedure(code: str) -> Procedure:
    procedure = Procedure.objects.current().filter(code=code).order_by("-version").first()
    if procedure is None:
        raise Http404
    return procedure


def own_application(user, pk) -> OnlineApplication:
    """The applicant's own online application by dossier id; anything else is a 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    pk = parse_id(pk)
    if pk is None:
        raise Http404
    application = (
        OnlineApplication.objects.select_related("dossier", "dossier__procedure", "dossier__receiving_agency", "representation")
        .filter(dossier_id=pk, dossier__applicant_id=user.pk, dossier__channel=Channel.ONLINE)
        .first()
    )
    if application is None:
        raise Http404
    return application


def _key(value) -> str:
    key = str(value or "").strip()[:KEY_LENGTH]
    return key


def start(user, procedure: Procedure, *, agency_id=None, representation_id=None, key: str = "",
          form_data: dict | None = None) -> OnlineApplication:
    """Create the draft (or return the one this ``key`` already created); ``form_data`` when the
    caller has the whole form already (else the form starts prefilled from the profile)."""
    key = _key(key)
    if key:
        existing = OnlineApplication.objects.filter(start_key=key, dossier__applicant_id=user.pk).select_related("dossier").first()
        if existing is not None:
            return existing
    problem = online_problem(procedure)
    if problem:
        raise NotOnline(problem)
    agencies = agencies_for_choice(procedure)
    agency = None
    if len(agencies) == 1 and agency_id in (None, ""):
        agency = agencies[0]
    else:
        agency = next((a for a in agencies if str(a.pk) == str(agency_id)), None)
    if agency is None:
        raise ApplyError(_("Vui lòng chọn cơ quan tiếp nhận hồ sơ trong danh sách."), code="agency")
    representation = None
    if representation_id not in (None, "", "self"):
        representation = representations_for(user).filter(pk=parse_id(representation_id)).first()
        if representation is None:
            raise ApplyError(_("Việc đại diện được chọn không còn hiệu lực; vui lòng chọn lại."), code="representation")
    profile = profile_prefill(user)
    if form_data is not None:
        data = form_data
    else:
        data = schema_form.with_defaults(procedure.form_schema or {}, schema_form.prefill(procedure.form_schema or {}, profile))
    try:
        with transaction.atomic():
            dossier = Dossier.objects.create(
                procedure=procedure, receiving_agency=agency, competent_agency=agency,
                applicant=user, channel=Channel.ONLINE,
                applicant_name=(representation.represented_name if representation else profile.get("full_name", ""))[:200],
            )
            return OnlineApplication.objects.create(
                dossier=dossier, form_data=data, representation=representation,
                on_behalf_name=representation.represented_name[:300] if representation else "",
                contact_email=profile.get("email") or "", contact_phone=(profile.get("phone") or "")[:20],
                start_key=key or None,
            )
    except IntegrityError:
        existing = OnlineApplication.objects.filter(start_key=key, dossier__applicant_id=user.pk).first()
        if existing is None:
            raise ApplyError(_("Không tạo được hồ sơ; vui lòng tải lại trang và thử lại."), code="conflict") from None
        return existing


def open_drafts(user, procedure: Procedure) -> list[Dossier]:
    """The user's own drafts of this procedure version, newest first, so the start page can
    offer to continue one instead of silently starting yet another."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Dossier.objects.filter(
            applicant_id=user.pk, procedure=procedure, status=Status.DRAFT, channel=Channel.ONLINE,
            online__isnull=False,
        ).select_related("receiving_agency").order_by("-pk")[:5]
    )


def ensure_draft(application: OnlineApplication) -> None:
    if application.dossier.status != Status.DRAFT:
        raise ApplyError(_("Hồ sơ này đã nộp, không sửa được nữa."), code="not_draft")


def save_form(application: OnlineApplication, data: dict) -> None:
    """Keep what was typed, valid or not: only submission requires a valid form."""
    ensure_draft(application)
    OnlineApplication.objects.filter(pk=application.pk, dossier__status=Status.DRAFT).update(form_data=data)
    application.form_data = data


def attachments(application: OnlineApplication):
    return list(
        application.attachments.filter(purpose=AttachmentPurpose.APPLICATION)
        .select_related("upload", "required_document")
        .order_by("required_document__order", "pk")
    )


def attached_bytes(application: OnlineApplication) -> int:
    return application.attachments.aggregate(total=Sum("upload__size"))["total"] or 0


def _required_document(application, document_id) -> RequiredDocument | None:
    if document_id in (None, ""):
        return None
    document = RequiredDocument.objects.filter(
        procedure_id=application.dossier.procedure_id, pk=parse_id(document_id)
    ).first()
    if document is None:
        raise ApplyError(_("Thành phần hồ sơ được chọn không thuộc thủ tục này."), code="document")
    return document


def attach(application: OnlineApplication, user, document_id, files=(), reuse_ids=()) -> list[AttachedDocument]:
    """Store new files (checked) and/or attach earlier uploads of the same owner."""
    ensure_draft(application)
    document = _required_document(application, document_id)
    reused = []
    for upload_id in reuse_ids:
        upload = Upload.objects.filter(owner=user, pk=parse_id(upload_id)).first()
        if upload is None:
            raise ApplyError(_("Không tìm thấy tệp đã tải lên trước đây."), code="upload")
        reused.append(upload)
    incoming = sum(f.size for f in files) + sum(u.size for u in reused)
    try:
        check_dossier_total(attached_bytes(application), incoming)
    except ValidationError as error:
        raise ApplyError(" ".join(error.messages), code="dossier_too_large") from None
    stored = []
    for file in files:
        try:
            stored.append(store_upload(user, file))
        except ValidationError as error:
            raise ApplyError(" ".join(error.messages), code=error.code or "bad_file") from None
    made = []
    with transaction.atomic():
        locked = OnlineApplication.objects.select_for_update().select_related("dossier").get(pk=application.pk)
        ensure_draft(locked)
        for upload in stored + reused:
            exists = locked.attachments.filter(upload=upload, required_document=document).first()
            if exists is not None:
                made.append(exists)
                continue
            made.append(
                AttachedDocument.objects.create(
                    application=locked, required_document=document, upload=upload,
                    label=document.name[:500] if document else upload.original_name[:500],
                )
            )
    return made


def attach_all(application: OnlineApplication, uploads_by_document: dict[int, list]) -> list[AttachedDocument]:
    """Attach checked uploads to a draft created in the same transaction, every document at
    once (the one-request API): the same checks as ``attach`` — documents of this procedure,
    the dossier's total size — in three queries instead of a dozen per document."""
    ensure_draft(application)
    documents = RequiredDocument.objects.in_bulk(
        list(uploads_by_document), field_name="pk"
    ) if uploads_by_document else {}
    if any(documents.get(pk) is None or documents[pk].procedure_id != application.dossier.procedure_id
           for pk in uploads_by_document):
        raise ApplyError(_("Thành phần hồ sơ được chọn không thuộc thủ tục này."), code="document")
    incoming = sum(u.size for uploads in uploads_by_document.values() for u in uploads)
    try:
        check_dossier_total(attached_bytes(application), incoming)
    except ValidationError as error:
        raise ApplyError(" ".join(error.messages), code="dossier_too_large") from None
    rows, seen = [], set()
    for pk, uploads in uploads_by_document.items():
        for upload in uploads:
            if (pk, upload.pk) in seen:
                continue
            seen.add((pk, upload.pk))
            rows.append(AttachedDocument(
                application=application, required_document=documents[pk], upload=upload,
                label=documents[pk].name[:500],
            ))
    return AttachedDocument.objects.bulk_create(rows)


def detach(application: OnlineApplication, attachment_id) -> None:
    ensure_draft(application)
    deleted = application.attachments.filter(
        pk=parse_id(attachment_id),
        purpose=AttachmentPurpose.APPLICATION,
    ).delete()[0]
    if not deleted:
        raise Http404


def earlier_uploads(user, limit: int = 50):
    return Upload.objects.filter(owner=user).only("pk", "original_name", "created_at", "size", "content_type")[:limit]


@dataclass
class DocumentRow:
    document: RequiredDocument
    files: list
    missing: bool
    by_form: bool


def declared_by_form(procedure: Procedure, document: RequiredDocument) -> bool:
    """The online form itself is the declaration (Decree 45/2020, art. 9): a required "Tờ khai…"
    or "Đơn…" document is answered by the form when the procedure has one."""
    name = document.name.strip().lower()
    return bool(procedure.form_schema) and (name.startswith("tờ khai") or name.startswith("đơn"))


def document_rows(application: OnlineApplication) -> list[DocumentRow]:
    procedure = application.dossier.procedure
    attached = attachments(application)
    rows = []
    for document in procedure.documents.order_by("order"):
        files = [a for a in attached if a.required_document_id == document.pk]
        by_form = declared_by_form(procedure, document)
        rows.append(DocumentRow(document, files, document.mandatory and not files and not by_form, by_form))
    return rows


def other_attachments(application: OnlineApplication) -> list[AttachedDocument]:
    return [a for a in attachments(application) if a.required_document_id is None]


def fee_lines(application: OnlineApplication) -> list[fees.FeeLine]:
    """The fees the application will owe, as ``payments`` will charge them: a per-copy fee
    counts the copies asked for in the form (``payments.fees``)."""
    return fees.lines_for(application.dossier.procedure, application.form_data or {})


def total_fee(lines: list[fees.FeeLine]) -> int:
    return sum(line.amount for line in lines if line.amount)


def check_complete(application: OnlineApplication) -> None:
    schema = application.dossier.procedure.form_schema or {}
    errors = schema_form.validate(schema, application.form_data or {})
    missing = [row.document for row in document_rows(application) if row.missing]
    if errors or missing:
        raise Incomplete(
            _("Hồ sơ chưa đầy đủ: vui lòng sửa các mục được đánh dấu trong tờ khai và bổ sung các giấy tờ bắt buộc còn thiếu."),
            errors=errors, missing=missing,
        )


RESULT_CHANNELS = [(c.value, c.label) for c in Channel]


def submit(application: OnlineApplication, user, *, key: str, result_channel: str, contact_email: str = "",
           contact_phone: str = "", commitment: bool = False, fresh: bool = False) -> Dossier:
    """Hand the draft in (workflow.submit), all or nothing; a repeat returns the same dossier.

    ``fresh``: the caller created the draft in this same transaction after checking the key and
    the procedure (the one-request API), so those two lookups are not repeated."""
    key = _key(key)
    if not key:
        raise ApplyError(_("Phiên nộp hồ sơ không hợp lệ; vui lòng tải lại trang xem lại và nộp lại."), code="key")
    by_key = None if fresh else OnlineApplication.objects.filter(submit_key=key).select_related("dossier").first()
    if by_key is not None:
        if by_key.dossier.applicant_id != user.pk:
            raise Http404
        return by_key.dossier
    if application.dossier.status != Status.DRAFT:
        return application.dossier
    if not getattr(user, "can_submit_dossiers", False):
        raise ApplyError(
            _("Tài khoản chưa được xác thực (thư điện tử hoặc định danh điện tử) nên chưa nộp được hồ sơ; vui lòng xác thực tài khoản rồi nộp lại. Bản nháp vẫn được lưu."),
            code="not_verified",
        )
    if result_channel not in Channel.values:
        raise ApplyError(_("Vui lòng chọn hình thức nhận kết quả."), code="result_channel")
    if not commitment:
        raise ApplyError(_("Vui lòng đánh dấu cam đoan trước khi nộp hồ sơ."), code="commitment")
    try:
        email = (contact_email or "").strip()
        if email:
            from django.core.validators import validate_email

            validate_email(email)
    except ValidationError:
        raise ApplyError(_("Địa chỉ thư điện tử nhận thông báo không hợp lệ."), code="contact_email") from None
    phone = (contact_phone or "").strip()
    if phone:
        # The number gets SMS notices, so it must be a Vietnamese mobile: the accounts' check.
        try:
            phone = clean_phone(phone)
        except ValidationError as error:
            raise ApplyError(
                _("Số điện thoại nhận tin nhắn: %(reason)s") % {"reason": " ".join(error.messages)},
                code="contact_phone",
            ) from None
    try:
        with transaction.atomic():
            locked = OnlineApplication.objects.select_for_update().select_related("dossier", "dossier__procedure").get(pk=application.pk)
            dossier = locked.dossier
            if dossier.status != Status.DRAFT:
                return dossier
            problem = None if fresh else online_problem(dossier.procedure)
            if problem:
                raise NotOnline(problem)
            check_complete(locked)
            OnlineApplication.objects.filter(pk=locked.pk).update(
                submit_key=key, result_channel=result_channel, contact_email=email, contact_phone=phone,
            )
            workflow.submit(dossier, by=user, expected_version=dossier.version)
    except IntegrityError:
        by_key = OnlineApplication.objects.filter(submit_key=key).select_related("dossier").first()
        if by_key is None or by_key.dossier.applicant_id != user.pk:
            raise
        return by_key.dossier
    except workflow.StaleDossier:
        current = Dossier.objects.get(pk=application.dossier_id)
        if current.status != Status.DRAFT:
            return current
        raise
    application.submit_key, application.result_channel = key, result_channel
    application.contact_email, application.contact_phone = email, phone
    application.dossier = dossier
    return dossier
