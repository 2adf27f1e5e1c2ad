"""The dossier's audit trail: append-only events, each chained to the previous by its hash.

One chain per dossier. An event's hash is SHA-256 over a canonical JSON of (dossier id, seq,
time in UTC, actor id, action, from status, to status, details, previous hash); the first
event's previous hash is 64 zeros. Changing, removing or reordering any event breaks every
later link, which ``verify_chain`` and ``motcua audit verify`` report. The database refuses
UPDATE and DELETE on the table (``append_only``), so a break means someone went around it.

Appending takes the dossier row lock: transitions already hold it (``dossiers.workflow``);
``record_read`` takes it itself, so two events of one dossier never get the same ``seq``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.models import AuditEvent, Dossier

GENESIS = "0" * 64
READ = "read"  # an official opened the dossier (personal data law: every read is logged)


def _canonical_time(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def normalise_details(details: dict | None) -> dict:
    """``details`` as the JSON column will give it back, so the hash survives the round trip."""
    return json.loads(json.dumps(details or {}, ensure_ascii=False, default=str))


def compute_hash(
    *, dossier_id: int, seq: int, at: dt.datetime, actor_id: int | None, action: str,
    from_status: str, to_status: str, details: dict, prev_hash: str,
) -> str:
    payload = {
        "dossier": dossier_id,
        "seq": seq,
        "at": _canonical_time(at),
        "actor": actor_id,
        "action": action,
        "from": from_status,
        "to": to_status,
        "details": details,
        "prev": prev_hash,
    }
    canonical = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def event_hash(event: AuditEvent) -> str:
    return compute_hash(
        dossier_id=event.dossier_id, seq=event.seq, at=event.at, actor_id=event.actor_id,
        action=event.action, from_status=event.from_status, to_status=event.to_status,
        details=event.details, prev_hash=event.prev_hash,
    )


def append(
    dossier: Dossier, *, action: str, by=None, from_status: str = "", to_status: str = "",
    details: dict | None = None, at: dt.datetime | None = None,
) -> AuditEvent:
    """Add the next event of ``dossier``'s chain. The caller holds the dossier row lock."""
    last = (
        AuditEvent.objects.filter(dossier_id=dossier.pk)
        .order_by("-seq")
        .values_list("seq", "hash")
        .first()
    )
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    # Microseconds survive both databases; anything finer would break the hash on read-back.
    at = (at or timezone.now()).astimezone(dt.UTC)
    event = AuditEvent(
        dossier_id=dossier.pk, seq=seq, at=at, actor_id=getattr(by, "pk", None),
        action=str(action), from_status=str(from_status or ""), to_status=str(to_status or ""),
        details=normalise_details(details), prev_hash=prev_hash,
    )
    event.hash = event_hash(event)
    event.save(force_insert=True)
    return event


def record_read(dossier: Dossier, by, *, purpose: str = "") -> AuditEvent:
    """Log that ``by`` opened ``dossier`` (one event per official read)."""
    with transaction.atomic():
        Dossier.objects.select_for_update().only("pk").get(pk=dossier.pk)
        details = {"purpose": purpose} if purpose else {}
        return append(dossier, action=READ, by=by, details=details)


@dataclass
class VerifyResult:
    dossier_id: int
    code: str = ""
    events: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def __str__(self) -> str:
        name = self.code or f"#{self.dossier_id}"
        if self.ok:
            return _("Hồ sơ %(name)s: %(events)s sự kiện, chuỗi nguyên vẹn.") % {
                "name": name, "events": self.events,
            }
        return _("Hồ sơ %(name)s: chuỗi bị phá vỡ — %(problems)s") % {
            "name": name, "problems": "; ".join(self.problems),
        }


def _check(
    result: VerifyResult, events: Iterator[AuditEvent], status: str | None = None
) -> VerifyResult:
    """Check the links, and that the chain ends where the dossier stands: every change of
    status writes an event, so events cut off at the end of a chain show as a dossier whose
    status no remaining event led to (the links alone cannot show a missing tail)."""
    expected_prev = GENESIS
    expected_seq = 1
    last = None
    for event in events:
        if event.to_status:  # reads and notes leave the status as it was
            last = event
        result.events += 1
        if event.seq != expected_seq:
            result.problems.append(
                _("thiếu hoặc lệch sự kiện: gặp số %(seq)s, mong đợi số %(expected)s")
                % {"seq": event.seq, "expected": expected_seq}
            )
        if event.prev_hash != expected_prev:
            result.problems.append(
                _("sự kiện số %(seq)s không nối với sự kiện trước") % {"seq": event.seq}
            )
        if event_hash(event) != event.hash:
            result.problems.append(
                _("sự kiện số %(seq)s đã bị sửa (mã băm không khớp)") % {"seq": event.seq}
            )
        expected_prev = event.hash
        expected_seq = event.seq + 1
    if status is not None and last is not None and last.to_status != status:
        result.problems.append(
            _(
                "hồ sơ đang ở trạng thái “%(status)s” nhưng sự kiện chuyển trạng thái cuối (số %(seq)s) dẫn tới "
                "“%(last)s”: các sự kiện cuối chuỗi đã bị xóa"
            )
            % {"status": status, "seq": last.seq, "last": last.to_status}
        )
    return result


def verify_chain(dossier: Dossier) -> VerifyResult:
    events = AuditEvent.objects.filter(dossier_id=dossier.pk).order_by("seq").iterator()
    status = Dossier.objects.filter(pk=dossier.pk).values_list("status", flat=True).first()
    return _check(VerifyResult(dossier_id=dossier.pk, code=dossier.code or ""), events, status)


def iter_chains(chunk_size: int = 2000) -> Iterator[VerifyResult]:
    """Every dossier's chain checked, streaming the events in order (one chain in memory)."""
    events = (
        AuditEvent.objects.annotate(dossier_code=F("dossier__code"), dossier_status=F("dossier__status"))
        .order_by("dossier_id", "seq")
        .iterator(chunk_size=chunk_size)
    )
    batch: list[AuditEvent] = []

    def checked(events: list[AuditEvent]) -> VerifyResult:
        first = events[0]
        result = VerifyResult(dossier_id=first.dossier_id, code=first.dossier_code or "")
        return _check(result, iter(events), first.dossier_status)

    for event in events:
        if batch and event.dossier_id != batch[0].dossier_id:
            yield checked(batch)
            batch = []
        batch.append(event)
    if batch:
        yield checked(batch)


def verify_all() -> list[VerifyResult]:
    """The broken chains (empty when every chain is intact)."""
    return [result for result in iter_chains() if not result.ok]
