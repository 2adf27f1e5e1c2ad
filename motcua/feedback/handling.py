"""The life of a feedback (phản ánh, kiến nghị): received → assigned → answered (→ closed).

Every change goes through one function here, in one transaction, with an optimistic lock
(``expected_version``) so that two officials answering at the same time cannot overwrite
each other. Errors are ``HandlingError`` whose ``str()`` is a Vietnamese message.

The answer is due 10 working days after receipt (docs/feedback.md), counted with the
official working-day calendar like a dossier's deadline (``motcua.workdays``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.workcalendar.services import get_calendar
from motcua.workdays import TimeLimit, Unit, due_for

from .models import OPEN_STATES, Feedback, FeedbackSequence, State

NUMBER_PREFIX = "PAKN"
SEQUENCE_DIGITS = 4


def answer_limit() -> TimeLimit:
    days = getattr(settings, "MOTCUA_FEEDBACK_ANSWER_WORKING_DAYS", 10)
    return TimeLimit(Decimal(days), Unit.WORKING_DAYS)


def now() -> dt.datetime:
    return timezone.now()


class HandlingError(ValueError):
    code = "invalid"


class StaleFeedback(HandlingError):
    code = "conflict"

    def __init__(self):
        super().__init__(
            _("Phản ánh này vừa được người khác cập nhật. Hãy tải lại trang và thực hiện lại.")
        )


class NotAllowedNow(HandlingError):
    code = "not_allowed"


def format_number(on_date: dt.date, number: int) -> str:
    return f"{NUMBER_PREFIX}-{on_date:%y%m%d}-{number:0{SEQUENCE_DIGITS}d}"


def next_number(on_date: dt.date) -> str:
    """The next tracking number of ``on_date``, reserved in the caller's transaction.

    Same scheme as dossier codes (``dossiers.codes``): ``UPDATE … last = last + 1`` locks the
    day's row, a concurrent creator of a new day's row that loses the race increments it.
    """
    with transaction.atomic():
        rows = FeedbackSequence.objects.filter(day=on_date)
        if rows.update(last=F("last") + 1) == 0:
            try:
                with transaction.atomic():
                    FeedbackSequence.objects.create(day=on_date, last=1)
                return format_number(on_date, 1)
            except IntegrityError:
                rows.update(last=F("last") + 1)
        return format_number(on_date, rows.values_list("last", flat=True).get())


def answer_due(received_at: dt.datetime):
    """(due_at, explanation, calendar revision) of an answer to feedback received then."""
    calendar = get_calendar()
    due = due_for(calendar, answer_limit(), received_at)
    return due.due_at, str(due.explanation), getattr(calendar, "revision", None)


@transaction.atomic
def receive(
    *,
    procedure,
    content: str,
    sender_name: str,
    sender_phone: str = "",
    sender_email: str = "",
    sender=None,
    agency=None,
    unit=None,
    dossier=None,
    dossier_code: str = "",
    consent_to_publish: bool = False,
) -> Feedback:
    """Record new feedback with its number, secret and answer deadline."""
    received_at = now()
    try:
        due_at, explanation, revision = answer_due(received_at)
    except ValueError as error:  # outside the calendar: refuse rather than guess a date
        raise HandlingError(str(error)) from None
    if unit is None and agency is not None:
        unit = agency.unit
    return Feedback.objects.create(
        number=next_number(timezone.localdate(received_at)),
        procedure=procedure,
        content=content.strip(),
        sender=sender if getattr(sender, "is_authenticated", False) else None,
        sender_name=sender_name.strip(),
        sender_phone=sender_phone.strip(),
        sender_email=sender_email.strip(),
        agency=agency,
        unit=unit,
        dossier=dossier,
        dossier_code=dossier_code.strip(),
        consent_to_publish=consent_to_publish,
        received_at=received_at,
        due_at=due_at,
        due_explanation=explanation,
        calendar_revision=revision,
    )


def _locked(feedback: Feedback, expected_version: int) -> Feedback:
    current = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if current.version != expected_version:
        raise StaleFeedback()
    return current


def _save(feedback: Feedback, *fields: str) -> Feedback:
    feedback.version += 1
    feedback.save(update_fields=[*fields, "version"])
    return feedback


@transaction.atomic
def assign(feedback: Feedback, *, to, by, expected_version: int) -> Feedback:
    """Give the feedback to an official (``to``) to prepare the answer."""
    feedback = _locked(feedback, expected_version)
    if feedback.state not in OPEN_STATES:
        raise NotAllowedNow(_("Phản ánh đã được trả lời nên không giao xử lý lại được."))
    feedback.assigned_to = to
    feedback.assigned_at = now()
    feedback.state = State.ASSIGNED
    return _save(feedback, "assigned_to", "assigned_at", "state")


@transaction.atomic
def answer(
    feedback: Feedback,
    *,
    text: str,
    by,
    expected_version: int,
    publish: bool = False,
    public_question: str = "",
) -> Feedback:
    """Record the answer; "on time" is fixed now (answered_at ≤ due_at)."""
    feedback = _locked(feedback, expected_version)
    if feedback.state not in OPEN_STATES:
        raise NotAllowedNow(_("Phản ánh này đã được trả lời."))
    text = (text or "").strip()
    if not text:
        raise HandlingError(_("Hãy nhập nội dung trả lời."))
    if publish and not feedback.consent_to_publish:
        raise HandlingError(
            _("Người gửi không đồng ý công khai nên không thể công khai câu trả lời này.")
        )
    public_question = (public_question or "").strip()
    if publish and not public_question:
        raise HandlingError(
            _("Hãy nhập nội dung phản ánh sẽ công khai (đã lược bỏ thông tin cá nhân).")
        )
    moment = now()
    feedback.answer = text
    feedback.answered_by = by
    feedback.answered_at = moment
    feedback.answered_on_time = moment <= feedback.due_at
    if feedback.assigned_to_id is None:
        feedback.assigned_to = by
        feedback.assigned_at = moment
    feedback.state = State.ANSWERED
    feedback.published_at = moment if publish else None
    feedback.public_question = public_question if publish else ""
    return _save(
        feedback,
        "answer",
        "answered_by",
        "answered_at",
        "answered_on_time",
        "assigned_to",
        "assigned_at",
        "state",
        "published_at",
        "public_question",
    )


@transaction.atomic
def close(feedback: Feedback, *, by, expected_version: int) -> Feedback:
    """End the handling of answered feedback (nothing more is expected from either side)."""
    feedback = _locked(feedback, expected_version)
    if feedback.state != State.ANSWERED:
        raise NotAllowedNow(_("Chỉ kết thúc được phản ánh đã trả lời."))
    feedback.state = State.CLOSED
    feedback.closed_at = now()
    return _save(feedback, "state", "closed_at")


def find_by_number_and_secret(number: str | None, secret: str | None) -> Feedback | None:
    """The feedback a sender follows with number + secret; unknown and wrong look the same."""
    number = (number or "").strip().upper()[:20]
    if not number or not secret:
        return None
    feedback = Feedback.objects.select_related("procedure", "agency").filter(number=number).first()
    if feedback is None or not feedback.secret_matches(secret):
        return None
    return feedback
