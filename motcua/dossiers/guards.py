"""The rules of ``dossiers.workflow`` beyond the role table: who in the competent agency may
assign and apologise, who may work on an assigned step, open consultations, the procedure's
permission to suspend, and the apology's new appointment.

``workflow.apply`` calls ``check`` inside its transaction, with the locked row, before it writes
anything; each refusal is a ``TransitionNotAllowed`` with a Vietnamese message.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from motcua.dossiers import lateness, step_rules
from motcua.dossiers.errors import MissingDetails, TransitionNotAllowed
from motcua.dossiers.models import Consultation, Dossier
from motcua.dossiers.transitions import Action
from motcua.units.models import Membership, Role

# Step actions only the assignee (or a leader) may take once a dossier is assigned.
ASSIGNEE_ACTIONS = frozenset({Action.START_STEP, Action.COMPLETE_STEP, Action.PROPOSE, Action.RETURN_STEP})
# A step is not finished while another agency's opinion is awaited.
NEEDS_ANSWERS = frozenset({Action.COMPLETE_STEP, Action.PROPOSE, Action.APPROVE})
ASSIGNABLE_ROLES = (Role.SPECIALIST, Role.LEADER)
# A new appointment given without a time of day: the end of office hours that day.
END_OF_DAY = dt.time(17, 0)


def suspension_allowed(procedure) -> bool:
    """Whether the procedure's legal text allows suspending its handling.

    ``catalog.Procedure.suspension_allowed`` (a boolean, False by default) is the lead's field;
    until it exists every procedure refuses suspension, the safe reading of the law.
    """
    return bool(getattr(procedure, "suspension_allowed", False))


def competent_roles(user, dossier: Dossier) -> set[str]:
    """The roles ``user`` holds today in the dossier's competent agency itself."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Membership.objects.valid_on(timezone.localdate())
        .filter(user_id=user.pk, agency_id=dossier.competent_agency_id)
        .values_list("role", flat=True)
    )


def assignable_users(dossier: Dossier):
    """Officials of the competent agency a leader may hand the dossier to (specialists first)."""
    user_ids = (
        Membership.objects.valid_on(timezone.localdate())
        .filter(agency_id=dossier.competent_agency_id, role__in=ASSIGNABLE_ROLES)
        .values_list("user_id", flat=True)
    )
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("pk")


def person(user) -> str:
    if user is None:
        return ""
    full = getattr(user, "get_full_name", lambda: "")()
    return full or user.get_username()


def clean_assignee(raw) -> int:
    value = getattr(raw, "pk", raw)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise MissingDetails(_("Vui lòng chọn cán bộ được giao xử lý hồ sơ.")) from None


def parse_moment(raw) -> dt.datetime:
    """A new appointment from a datetime, a date, or their ISO text (``datetime-local`` input)."""
    if isinstance(raw, dt.datetime):
        moment = raw
    elif isinstance(raw, dt.date):
        moment = dt.datetime.combine(raw, END_OF_DAY)
    else:
        text = str(raw or "").strip()
        if not text:
            raise MissingDetails(_("Vui lòng nhập ngày hẹn trả kết quả mới."))
        try:
            # A bare date first: fromisoformat would read it as midnight, not the day's end.
            day = parse_date(text) if len(text) <= 10 else None
            moment = None if day else parse_datetime(text)
        except ValueError:
            moment = day = None
        if moment is None and day is not None:
            moment = dt.datetime.combine(day, END_OF_DAY)
        if moment is None:
            raise MissingDetails(
                _("Ngày hẹn trả kết quả mới không hợp lệ: hãy ghi theo dạng NNNN-TT-NN, ví dụ 2026-03-31.")
            )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _refuse(message) -> TransitionNotAllowed:
    return TransitionNotAllowed(message)


def check(action: Action, current: Dossier, by, roles: frozenset[str], raw: dict, at: dt.datetime) -> dict:
    """Refuse what the role table alone would let through; return the extra details to record."""
    extra: dict = {}
    refused = step_rules.refusal(action, current, roles)
    if refused:
        raise _refuse(refused)
    if action == Action.ASSIGN:
        extra.update(_check_assign(current, by, raw))
    elif action == Action.APOLOGISE:
        extra.update(_check_apology(current, by, raw, at))
    if action in ASSIGNEE_ACTIONS:
        _check_assignee(action, current, by, roles)
    if action in NEEDS_ANSWERS:
        open_count = Consultation.objects.filter(dossier_id=current.pk, answered_at__isnull=True).count()
        if open_count:
            raise _refuse(
                _("Còn %(n)s ý kiến của cơ quan phối hợp chưa trả lời; chưa thể «%(action)s».")
                % {"n": open_count, "action": action.label}
            )
    if action == Action.SUSPEND and not suspension_allowed(current.procedure):
        raise _refuse(
            _("Thủ tục này không có quy định cho phép tạm dừng giải quyết; không thể tạm dừng hồ sơ.")
        )
    return extra


def _check_assign(current: Dossier, by, raw: dict) -> dict:
    if Role.LEADER not in competent_roles(by, current):
        raise _refuse(
            _("Chỉ lãnh đạo của cơ quan giải quyết hồ sơ (%(agency)s) mới được giao xử lý.")
            % {"agency": current.competent_agency.name}
        )
    assignee_id = clean_assignee(raw.get("assignee"))
    if not assignable_users(current).filter(pk=assignee_id).exists():
        raise MissingDetails(
            _("Cán bộ được chọn không công tác tại cơ quan giải quyết hồ sơ; vui lòng chọn lại.")
        )
    if assignee_id == current.assignee_id:
        raise MissingDetails(_("Hồ sơ đã được giao cho cán bộ này."))
    return {"assignee_from": current.assignee_id, "assignee_to": assignee_id}


def _check_apology(current: Dossier, by, raw: dict, at: dt.datetime) -> dict:
    responsible = Role.LEADER in competent_roles(by, current) or (
        current.assignee_id is not None and current.assignee_id == getattr(by, "pk", None)
    )
    if not responsible:
        raise _refuse(
            _("Chỉ lãnh đạo cơ quan giải quyết hoặc người được giao xử lý mới được xin lỗi "
              "và hẹn lại ngày trả kết quả.")
        )
    if not lateness.will_be_late(current, at):
        raise _refuse(
            _("Hồ sơ chưa có nguy cơ quá hạn (hạn trả kết quả sau ngày làm việc tiếp theo); "
              "chưa cần xin lỗi.")
        )
    new_due = parse_moment(raw.get("new_due_at"))
    current_due = max(d for d in (current.due_at, current.new_due_at) if d is not None)
    if new_due <= at or new_due <= current_due:
        raise MissingDetails(
            _("Ngày hẹn trả kết quả mới phải sau thời điểm hiện tại và sau hạn đang hẹn (%(due)s).")
            % {"due": timezone.localtime(current_due).strftime("%H:%M %d/%m/%Y")}
        )
    _check_office_open(new_due)
    return {"new_due_at": new_due}


def _check_office_open(moment: dt.datetime) -> None:
    """A new appointment is a time the office is open, or the applicant comes to a closed door:
    a working day of the official calendar (weekends, Tết, holidays, days in lieu and make-up
    days as announced) and inside office hours."""
    from motcua.workcalendar.services import get_calendar, office_hours

    local = timezone.localtime(moment)
    try:
        working = get_calendar().is_working_day(local.date())
    except ValueError:  # a year the official calendar does not hold yet
        raise MissingDetails(
            _("Lịch làm việc năm %(year)s chưa được công bố; chưa thể hẹn vào ngày này.")
            % {"year": local.year}
        ) from None
    if not working:
        raise MissingDetails(
            _("Ngày %(day)s là ngày nghỉ (thứ Bảy, Chủ nhật, ngày lễ hoặc Tết); hãy hẹn vào "
              "một ngày làm việc.") % {"day": local.strftime("%d/%m/%Y")}
        )
    hours = office_hours()
    if not any(start <= local.time() <= end for start, end in hours.periods):
        periods = ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in hours.periods)
        raise MissingDetails(
            _("Giờ hẹn %(time)s ngoài giờ làm việc (%(hours)s); hãy hẹn trong giờ làm việc.")
            % {"time": local.strftime("%H:%M"), "hours": periods}
        )


def _acted_step(action: Action, current: Dossier):
    if action == Action.START_STEP and current.current_step_id is None:
        return current.procedure.workflow_steps.order_by("order").first()
    return current.current_step


def _check_assignee(action: Action, current: Dossier, by, roles: frozenset[str]) -> None:
    if current.assignee_id is None or current.assignee_id == getattr(by, "pk", None):
        return
    if Role.LEADER in roles:
        return
    step = _acted_step(action, current)
    # The desk's own steps (checking, handing the result over) are not the specialist's.
    if step is not None and step.role == Role.DESK_OFFICER and Role.DESK_OFFICER in roles:
        return
    raise _refuse(
        _("Hồ sơ đã được giao cho %(name)s; chỉ người được giao hoặc lãnh đạo mới được «%(action)s».")
        % {"name": person(current.assignee), "action": action.label}
    )
