"""Demo dossiers in every state for the desk and the internal steps: ``load_desk_demo(dong_da)``.

Every dossier is created and moved THROUGH ``dossiers.workflow`` (and ``dossiers.consultations``)
with the workflow's clock set back to when each act happened, so due dates, codes and the
hash-chained audit trails are what real use would have produced (``motcua audit verify``
passes). Dates are relative to today: some dossiers are due soon, some are late, with and
without apology.

Idempotent: each scenario is one applicant name per ward; a scenario whose dossier exists is
skipped, so running ``load_demo`` twice creates nothing twice.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from motcua.catalog.models import Procedure
from motcua.dossiers import workflow
from motcua.dossiers.deadlines import CalendarDeadlines
from motcua.dossiers.lateness import due_soon_before
from motcua.dossiers.models import Channel, Dossier

DEMO_WARD_NAME = "Kim Liên"
# The procedures the scenarios use: birth registration (hours) and one counted in working days.
BIRTH = "1.001193"
DAYS_PROCEDURE = "1.004772"
USERNAMES = {
    "citizen": "congdan",
    "desk": "motcua.kimlien",
    "specialist": "chuyenvien.kimlien",
    "leader": "lanhdao.kimlien",
}
STEP = dt.timedelta(minutes=40)  # between two acts of one scenario


@contextlib.contextmanager
def clock_at(moments: list[dt.datetime]):
    """The workflow's clock, one moment per call: each act happens at the next moment."""
    original = workflow.now
    queue = list(moments)
    last = [queue[0]]

    def moved() -> dt.datetime:
        if queue:
            last[0] = queue.pop(0)
        return last[0]

    workflow.now = moved
    try:
        yield
    finally:
        workflow.now = original


@dataclass(frozen=True)
class Scenario:
    name: str  # the applicant's name: the scenario's identity for idempotency
    channel: str
    procedure: str
    # How long ago it was received: a number of working days back, or a search for "due soon".
    days_back: int | None
    acts: tuple  # (function name, actor key, details)


def _acts(*acts):
    return tuple(acts)


SUPPLEMENT = {"missing_items": ["Bản sao Giấy chứng sinh có chứng thực", "Tờ khai có chữ ký của người yêu cầu"]}
SCENARIOS: tuple[Scenario, ...] = (
    Scenario("Nguyễn Văn An", Channel.ONLINE, BIRTH, 0, _acts(("submit", "citizen", {}))),
    Scenario("Trần Thị Bích", Channel.DESK, BIRTH, 0, _acts(("submit", "desk", {}))),
    Scenario("Lê Văn Cường", Channel.DESK, DAYS_PROCEDURE, 0, _acts(("submit", "desk", {}), ("accept", "desk", {}))),
    Scenario(
        "Phạm Thị Dung", Channel.DESK, DAYS_PROCEDURE, 0,
        _acts(("submit", "desk", {}), ("accept", "desk", {}), ("assign", "leader", {"assignee": "specialist"}),
              ("start_step", "desk", {})),
    ),
    Scenario(
        "Hoàng Văn Em", Channel.ONLINE, DAYS_PROCEDURE, 1,
        _acts(("submit", "citizen", {}), ("accept", "desk", {}), ("assign", "leader", {"assignee": "specialist"}),
              ("start_step", "desk", {}), ("complete_step", "desk", {}), ("start_step", "specialist", {})),
    ),
    Scenario(
        "Vũ Thị Giang", Channel.DESK, DAYS_PROCEDURE, 1,
        _acts(("submit", "desk", {}), ("accept", "desk", {}), ("assign", "leader", {"assignee": "specialist"}),
              ("start_step", "desk", {}), ("complete_step", "desk", {}), ("start_step", "specialist", {}),
              ("propose", "specialist", {})),
    ),
    Scenario("Đặng Văn Hải", Channel.ONLINE, BIRTH, 0,
             _acts(("submit", "citizen", {}), ("request_supplement", "desk", SUPPLEMENT))),
    Scenario("Bùi Thị Hạnh", Channel.ONLINE, BIRTH, 0,
             _acts(("submit", "citizen", {}), ("refuse", "desk", {"reason": "Người yêu cầu không thuộc đối tượng đăng ký tại phường."}))),
    Scenario("Đỗ Văn Khoa", Channel.ONLINE, BIRTH, 0,
             _acts(("submit", "citizen", {}), ("withdraw", "citizen", {"reason": "Nộp nhầm thủ tục."}))),
    Scenario(
        "Ngô Thị Lan", Channel.DESK, BIRTH, 1,
        _acts(("submit", "desk", {}), ("accept", "desk", {}), ("assign", "leader", {"assignee": "specialist"}),
              ("start_step", "desk", {}), ("complete_step", "desk", {}), ("start_step", "specialist", {}),
              ("propose", "specialist", {}), ("approve", "leader", {})),
    ),
    Scenario(
        "Dương Văn Minh", Channel.DESK, BIRTH, 2,
        _acts(("submit", "desk", {}), ("accept", "desk", {}), ("start_step", "desk", {}),
              ("complete_step", "desk", {}), ("start_step", "specialist", {}), ("propose", "specialist", {}),
              ("approve", "leader", {}), ("return_result", "desk", {"channel": Channel.DESK})),
    ),
    Scenario(
        "Lý Thị Ngọc", Channel.DESK, BIRTH, 3,
        _acts(("submit", "desk", {}), ("accept", "desk", {}), ("start_step", "desk", {}),
              ("complete_step", "desk", {}), ("start_step", "specialist", {}), ("propose", "specialist", {}),
              ("approve", "leader", {}), ("return_result", "desk", {"channel": Channel.DESK}),
              ("close", "desk", {})),
    ),
    # Due soon: received so that the due date falls before the end of the next working day.
    Scenario(
        "Trịnh Văn Phúc", Channel.DESK, DAYS_PROCEDURE, None,
        _acts(("submit", "desk", {}), ("accept", "desk", {}), ("assign", "leader", {"assignee": "specialist"}),
              ("start_step", "desk", {}), ("complete_step", "desk", {}), ("start_step", "specialist", {})),
    ),
    # Late, nobody apologised yet.
    Scenario(
        "Cao Thị Quỳnh", Channel.ONLINE, DAYS_PROCEDURE, 12,
        _acts(("submit", "citizen", {}), ("accept", "desk", {}), ("assign", "leader", {"assignee": "specialist"}),
              ("start_step", "desk", {}), ("complete_step", "desk", {}), ("start_step", "specialist", {})),
    ),
    # Late, with the apology and a new appointment (the new date is filled in when loading).
    Scenario(
        "Mai Văn Sơn", Channel.DESK, DAYS_PROCEDURE, 12,
        _acts(("submit", "desk", {}), ("accept", "desk", {}), ("assign", "leader", {"assignee": "specialist"}),
              ("start_step", "desk", {}), ("complete_step", "desk", {}), ("start_step", "specialist", {}),
              ("apologise", "leader", {"reason": "Phải xác minh thông tin hộ tịch với nơi đăng ký trước đây.",
                                       "new_due_at": "later"})),
    ),
)
# Suspension only where the procedure allows it (``catalog.Procedure.suspension_allowed``).
SUSPENDED = Scenario(
    "Tạ Văn Tùng", Channel.DESK, DAYS_PROCEDURE, 1,
    _acts(("submit", "desk", {}), ("accept", "desk", {}), ("assign", "leader", {"assignee": "specialist"}),
          ("start_step", "desk", {}), ("complete_step", "desk", {}), ("start_step", "specialist", {}),
          ("suspend", "leader", {"reason": "Chờ kết quả xác minh của cơ quan công an."})),
)


def _working_day_back(calendar, day: dt.date, n: int) -> dt.date:
    try:
        while not calendar.is_working_day(day):
            day -= dt.timedelta(days=1)
        while n > 0:
            day -= dt.timedelta(days=1)
            if calendar.is_working_day(day):
                n -= 1
    except ValueError:  # outside the calendar's years
        day -= dt.timedelta(days=n)
    return day


def _working_day_from(day: dt.date) -> dt.date:
    """``day`` or the first working day after it: an appointment is never on a day off."""
    from motcua.workcalendar.services import get_calendar

    calendar = get_calendar()
    try:
        while not calendar.is_working_day(day):
            day += dt.timedelta(days=1)
    except ValueError:  # outside the calendar's years
        pass
    return day


def _received_at(scenario: Scenario, procedure: Procedure, now: dt.datetime, acts: int) -> dt.datetime:
    from motcua.workcalendar.services import get_calendar

    calendar = get_calendar()
    today = timezone.localdate(now)
    if scenario.days_back is not None:
        day = _working_day_back(calendar, today, scenario.days_back)
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(8, 0)))
        # Today's dossiers start early enough for every act to be in the past.
        return min(start, now - STEP * (acts + 1))
    deadlines, soon = CalendarDeadlines(), due_soon_before(now)
    for back in range(0, 15):
        day = _working_day_back(calendar, today, back)
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(8, 0)))
        start = min(start, now - STEP * (acts + 1))
        due = deadlines.due(procedure, start).due_at
        if now < due < soon:
            return start
    return now - STEP * (acts + 1)


def _suspension_allowed(procedure: Procedure) -> bool:
    return bool(getattr(procedure, "suspension_allowed", False))


def _play(scenario: Scenario, procedure: Procedure, agencies, actors: dict, now: dt.datetime) -> Dossier:
    desk_agency, competent = agencies
    start = _received_at(scenario, procedure, now, len(scenario.acts))
    # An apology is given when the lateness shows, so today, just before now.
    moments = [
        now - dt.timedelta(minutes=1) if name == "apologise" else start + STEP * i
        for i, (name, _actor, _details) in enumerate(scenario.acts)
    ]
    dossier = Dossier.objects.create(
        procedure=procedure, receiving_agency=desk_agency, competent_agency=competent,
        applicant=actors["citizen"] if scenario.channel == Channel.ONLINE else None,
        applicant_name=scenario.name, channel=scenario.channel,
    )
    with clock_at(moments):
        for name, actor, details in scenario.acts:
            details = dict(details)
            if details.get("assignee") == "specialist":
                details["assignee"] = actors["specialist"].pk
            if details.get("new_due_at") == "later":
                details["new_due_at"] = _working_day_from(timezone.localdate(now) + dt.timedelta(days=7)).isoformat()
            call: Callable = getattr(workflow, name)
            call(dossier, by=actors[actor], expected_version=dossier.version, **details)
    return dossier


def load_desk_demo(dong_da) -> list[Dossier]:
    """Dossiers in every state for Kim Liên ward; returns the ones created this time."""
    users = get_user_model().objects.in_bulk(list(USERNAMES.values()), field_name="username")
    if len(users) != len(USERNAMES):
        return []  # the demo accounts are made by load_demo first
    actors = {key: users[username] for key, username in USERNAMES.items()}
    ward_code = dong_da.ward_2018(DEMO_WARD_NAME).code
    agencies = (dong_da.ward_desks[ward_code], dong_da.ward_pcs[ward_code])
    procedures = {
        p.code: p
        for p in Procedure.objects.filter(code__in=[BIRTH, DAYS_PROCEDURE], agencies=agencies[1])
    }
    if len(procedures) != 2:
        return []
    existing = set(
        Dossier.objects.filter(
            receiving_agency=agencies[0], applicant_name__in=[s.name for s in (*SCENARIOS, SUSPENDED)]
        ).values_list("applicant_name", flat=True)
    )
    scenarios = list(SCENARIOS)
    if _suspension_allowed(procedures[SUSPENDED.procedure]):
        scenarios.append(SUSPENDED)
    now = timezone.now()
    made = []
    for scenario in scenarios:
        if scenario.name in existing:
            continue
        with transaction.atomic():
            made.append(_play(scenario, procedures[scenario.procedure], agencies, actors, now))
    draft = _draft(actors["citizen"], procedures[BIRTH], agencies[1])
    if draft is not None:
        made.append(draft)
    return made


DRAFT_KEY = "demo-draft-kim-lien"


def _draft(citizen, procedure: Procedure, agency) -> Dossier | None:
    """The demo citizen's online application started and not yet sent: the one state the
    workflow does not make (a draft is the portal's). None when it exists already."""
    from motcua.portal import drafts
    from motcua.portal.models import OnlineApplication

    if OnlineApplication.objects.filter(start_key=DRAFT_KEY, dossier__applicant=citizen).exists():
        return None
    try:
        return drafts.start(citizen, procedure, agency_id=agency.pk, key=DRAFT_KEY).dossier
    except drafts.ApplyError:  # the procedure is not offered online in this catalogue
        return None
