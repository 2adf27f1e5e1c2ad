"""A dossier's history as the applicant reads it: plain Vietnamese sentences, one per event
that matters to them.

The desk's history (``desk.history``) names officials and shows their internal notes; the
applicant gets only what the law gives them (Decree 61/2018 art. 19–20, RULES.md): that the
dossier was received and when the result is due, what to supplement and why, why it was
refused or stopped, and a new appointment. Internal steps (hand-overs between officials, a
leader's proposal) become one line "the agency is handling the dossier"; officials' notes and
reads are never shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from motcua.dossiers.audit import READ
from motcua.dossiers.models import AuditEvent, Channel, Dossier, Status
from motcua.dossiers.transitions import Action

# Actions inside the agency: the applicant learns only that handling started.
INTERNAL = frozenset(
    {
        Action.START_STEP, Action.COMPLETE_STEP, Action.RETURN_STEP, Action.PROPOSE,
        Action.RETURN_TO_STEP,
    }
)
# Who handles the dossier inside the agency is not the applicant's business (nor a status).
ASSIGN = "assign"
# The apology for a dossier that will be late, with its new appointment (Mẫu 04).
APOLOGISE = "apologise"


@dataclass
class TimelineEntry:
    at: dt.datetime
    text: str
    # Lists the applicant must read in full (the items to supplement).
    items: list[str] = field(default_factory=list)

    @property
    def when(self) -> str:
        return local_text(self.at)

    def __str__(self) -> str:
        line = f"{self.when} — {self.text}"
        if self.items:
            line += " " + "; ".join(self.items)
        return line


def local_text(moment: dt.datetime | None) -> str:
    """ "13/02/2026 14:20" in Hà Nội time, empty for none."""
    if moment is None:
        return ""
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def _due(details: dict, key: str = "due_at") -> str:
    due = parse_datetime(str(details.get(key) or ""))
    return local_text(due) if due else ""


def _with_reason(text: str, details: dict) -> str:
    reason = str(details.get("reason") or "").strip()
    if reason:
        text += " " + _("Lý do: %(reason)s.") % {"reason": reason.rstrip(".")}
    return text


def _sentence(event: AuditEvent, dossier: Dossier, started: bool) -> tuple[str, list[str]] | None:
    """The applicant's sentence for ``event`` (None: nothing to tell them)."""
    details = event.details or {}
    action = event.action
    by_applicant = event.actor_id is not None and event.actor_id == dossier.applicant_id
    due = _due(details)
    if action == Action.SUBMIT:
        if dossier.channel == Channel.ONLINE:
            return _("Bạn đã nộp hồ sơ trực tuyến; hồ sơ chờ bộ phận một cửa kiểm tra, tiếp nhận."), []
        return _("Hồ sơ đã được nộp."), []
    if action == Action.ACCEPT:
        text = _("Bộ phận một cửa đã tiếp nhận hồ sơ.")
        if details.get("code"):
            text += " " + _("Mã hồ sơ: %(code)s.") % {"code": details["code"]}
        if due:
            text += " " + _("Hẹn trả kết quả: %(due)s.") % {"due": due}
        return text, []
    if action == Action.REQUEST_SUPPLEMENT:
        text = _with_reason(_("Cơ quan đề nghị bổ sung, hoàn thiện hồ sơ."), details)
        items = [str(item) for item in details.get("missing_items") or []]
        if items:
            text += " " + _("Cần bổ sung:")
        return text, items
    if action == Action.RESUBMIT:
        text = _("Bạn đã nộp hồ sơ bổ sung.") if by_applicant else _("Hồ sơ bổ sung đã được nhận.")
        if event.to_status == Status.SUBMITTED:
            text += " " + _("Hồ sơ chờ bộ phận một cửa kiểm tra lại.")
        elif due:
            text += " " + _(
                "Thời hạn giải quyết được tính lại từ đầu; hẹn trả kết quả mới: %(due)s."
            ) % {"due": due}
        return text, []
    if action == Action.REFUSE:
        return _with_reason(_("Hồ sơ bị từ chối giải quyết."), details), []
    if action == Action.REDIRECT:
        text = _("Hồ sơ không thuộc thẩm quyền của cơ quan; bạn được hướng dẫn nộp tại %(agency)s.") % {
            "agency": details.get("to_agency_name") or _("cơ quan có thẩm quyền")
        }
        return _with_reason(text, details), []
    if action in INTERNAL:
        # One line when handling begins; later hand-overs are internal.
        if started:
            return None
        return _("Cơ quan có thẩm quyền đang giải quyết hồ sơ."), []
    if action == Action.SUSPEND:
        return _with_reason(_("Việc giải quyết hồ sơ tạm dừng."), details), []
    if action == Action.RESUME:
        text = _("Cơ quan tiếp tục giải quyết hồ sơ.")
        if due:
            text += " " + _("Hẹn trả kết quả mới: %(due)s.") % {"due": due}
        return text, []
    if action in (Action.APPROVE, Action.RESOLVE):
        return _("Đã có kết quả giải quyết hồ sơ."), []
    if action == Action.RETURN_RESULT:
        channel = details.get("channel")
        if channel in Channel.values:
            return _("Đã trả kết quả (hình thức: %(channel)s).") % {
                "channel": str(Channel(channel).label).lower()
            }, []
        return _("Đã trả kết quả."), []
    if action == Action.WITHDRAW:
        text = _("Hồ sơ đã được rút theo đề nghị của bạn.")
        # The applicant's own reason is theirs to read; a desk officer's note is not shown.
        return (_with_reason(text, details) if by_applicant else text), []
    if action == Action.CLOSE:
        return _("Hồ sơ đã kết thúc."), []
    if action == APOLOGISE:
        text = _with_reason(_("Cơ quan xin lỗi vì hồ sơ giải quyết chậm so với hẹn."), details)
        new_due = _due(details, "new_due_at")
        if new_due:
            text += " " + _("Hẹn lại ngày trả kết quả: %(due)s.") % {"due": new_due}
        return text, []
    if action in (READ, ASSIGN):
        return None
    # An action added later: tell the new status, never the details.
    if event.to_status and event.to_status != event.from_status and event.to_status in Status.values:
        text = _("Trạng thái hồ sơ: %(status)s.") % {"status": Status(event.to_status).label}
        if due:
            text += " " + _("Hẹn trả kết quả: %(due)s.") % {"due": due}
        return text, []
    return None


def timeline(dossier: Dossier, events=None) -> list[TimelineEntry]:
    """The applicant's history of ``dossier``, oldest first (one query, or none with ``events``)."""
    if events is None:
        events = (
            AuditEvent.objects.filter(dossier_id=dossier.pk)
            .exclude(action=READ)
            .only("at", "action", "from_status", "to_status", "details", "actor_id")
            .order_by("seq")
        )
    entries: list[TimelineEntry] = []
    started = False
    for event in events:
        if event.action == Action.RESUBMIT:
            # After a supplement handling starts again from the first step: news again.
            started = False
        sentence = _sentence(event, dossier, started)
        if event.action in INTERNAL:
            started = True
        if sentence is None:
            continue
        text, items = sentence
        entries.append(TimelineEntry(at=event.at, text=str(text), items=items))
    return entries


def last_supplement_request(dossier: Dossier) -> tuple[int, AuditEvent | None]:
    """How many supplement requests the dossier had, and the latest one (its items)."""
    events = list(
        AuditEvent.objects.filter(dossier_id=dossier.pk, action=Action.REQUEST_SUPPLEMENT)
        .only("seq", "at", "details")
        .order_by("seq")
    )
    return len(events), (events[-1] if events else None)
