"""A dossier's audit events as plain Vietnamese lines for the detail page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.audit import READ
from motcua.dossiers.consultations import ACTIONS as CONSULTATION_ACTIONS
from motcua.dossiers.corrections import CORRECT
from motcua.dossiers.models import AuditEvent, Channel, Dossier, Status
from motcua.dossiers.transitions import Action


@dataclass
class HistoryLine:
    at: dt.datetime
    actor: str
    what: str
    change: str = ""
    notes: list[str] = field(default_factory=list)


def _status_label(value: str) -> str:
    return str(Status(value).label) if value in Status.values else value


def _action_label(value: str) -> str:
    if value == READ:
        return str(_("Xem hồ sơ"))
    if value == CORRECT:
        return str(_("Sửa thông tin hồ sơ"))
    if value in CONSULTATION_ACTIONS:
        return str(CONSULTATION_ACTIONS[value])
    return str(Action(value).label) if value in Action.values else value


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _notes(details: dict, people: dict | None = None) -> list[str]:
    notes = []
    people = people or {}
    if "assignee_to" in details:
        notes.append(
            str(_("Giao cho: %(to)s (trước đó: %(previous)s)"))
            % {
                "to": _person(people.get(details.get("assignee_to"))) or "—",
                "previous": _person(people.get(details.get("assignee_from"))) or str(_("chưa giao")),
            }
        )
    if details.get("new_due_at"):
        new_due = parse_datetime(str(details["new_due_at"]))
        if new_due is not None:
            notes.append(
                str(_("Hẹn lại ngày trả kết quả: %(due)s"))
                % {"due": date_format(localtime(new_due), "SHORT_DATETIME_FORMAT")}
            )
    if details.get("question"):
        notes.append(str(_("Nội dung xin ý kiến: %(text)s")) % {"text": details["question"]})
    if details.get("answer"):
        notes.append(str(_("Ý kiến: %(text)s")) % {"text": details["answer"]})
    if details.get("code"):
        notes.append(str(_("Mã hồ sơ: %(code)s")) % {"code": details["code"]})
    if details.get("due_at"):
        due = parse_datetime(str(details["due_at"]))
        if due is not None:
            notes.append(
                str(_("Hẹn trả kết quả: %(due)s"))
                % {"due": date_format(localtime(due), "SHORT_DATETIME_FORMAT")}
            )
    if details.get("reason"):
        notes.append(str(_("Lý do: %(reason)s")) % {"reason": details["reason"]})
    if details.get("to_agency_name"):
        notes.append(
            str(_("Cơ quan có thẩm quyền: %(name)s")) % {"name": details["to_agency_name"]}
        )
    items = details.get("missing_items") or []
    if items:
        notes.append(str(_("Cần bổ sung: %(items)s")) % {"items": "; ".join(map(str, items))})
    if details.get("channel") in Channel.values:
        notes.append(
            str(_("Hình thức trả: %(channel)s")) % {"channel": Channel(details["channel"]).label}
        )
    if details.get("note"):
        notes.append(str(_("Ghi chú: %(note)s")) % {"note": details["note"]})
    corrected = (details.get("corrected") or {}).get("applicant_name")
    if corrected:
        notes.append(
            str(_("Tên người nộp: «%(old)s» → «%(new)s»"))
            % {"old": corrected.get("from", ""), "new": corrected.get("to", "")}
        )
    return notes


def history_of(dossier: Dossier) -> list[HistoryLine]:
    """Every event of the dossier, oldest first (one query)."""
    lines = []
    events = list(AuditEvent.objects.filter(dossier=dossier).select_related("actor").order_by("seq"))
    ids = {
        (event.details or {}).get(key)
        for event in events
        if event.action == Action.ASSIGN
        for key in ("assignee_to", "assignee_from")
    } - {None}
    people = get_user_model().objects.in_bulk(list(ids)) if ids else {}
    for event in events:
        actor = event.actor
        name = (actor.get_full_name() or actor.get_username()) if actor else str(_("Hệ thống"))
        change = ""
        if event.from_status and event.to_status and event.from_status != event.to_status:
            change = f"{_status_label(event.from_status)} → {_status_label(event.to_status)}"
        lines.append(
            HistoryLine(
                at=event.at,
                actor=name,
                what=_action_label(event.action),
                change=change,
                notes=_notes(event.details or {}, people),
            )
        )
    return lines
