"""Generated dossier history: a realistic year (the 2017 demo) or benchmark volumes.

Generated dossiers are *history*, written straight into the table with ``bulk_create``: they
bypass ``dossiers.workflow`` on purpose (one workflow call per row would take hours at 10 M
rows) and carry **no audit events**. The audit chain is per dossier, so ``motcua audit verify``
has nothing to check for them and stays valid. That is also what tells them apart from real
dossiers: a real dossier always has at least its acceptance event.

Everything else follows the real rules: receipt instants on working days in office hours
(``get_calendar()``), ``due_at`` and ``due_explanation`` from ``deadline_for``, codes
``<agency code>-<yymmdd>-<seq>`` continuing the agencies' ``DailySequence`` (so a code is never
reused, even after ``--replace``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import numpy as np
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.catalog.models import Procedure
from motcua.dossiers.codes import format_code
from motcua.dossiers.models import Channel, DailySequence, Dossier, Status
from motcua.units.models import Agency
from motcua.workcalendar.services import (
    deadline_for,
    ensure_statutory_year,
    get_calendar,
    time_limit_of,
)
from motcua.workdays import TimeLimit

from .volumes import CLOSED_SHARE, DEFAULT_VOLUME, EARLY_SHARE, LATE_SHARE, VOLUMES_2017

BATCH_SIZE = 5_000
OFFICE_MINUTES = 8 * 60  # 08:00–12:00 and 13:00–17:00 (settings.MOTCUA_OFFICE_HOURS default)
FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE_NAMES = ["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Quang", "Thanh"]
GIVEN_NAMES = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Linh", "Nam", "Phương", "Tâm"]


class GenerationRefused(ValueError):
    """The year cannot be generated as asked; ``str()`` is a Vietnamese sentence."""


@dataclass
class GenerationResult:
    year: int
    created: int = 0
    deleted: int = 0
    per_procedure: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Plan:
    procedure: Procedure
    agencies: tuple[Agency, ...]
    volume: int
    limit: TimeLimit


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """[1 January 00:00, next 1 January 00:00) of ``year`` in Hà Nội time."""
    tz = ZoneInfo(settings.TIME_ZONE)
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def dossiers_of_year(year: int):
    start, end = year_bounds(year)
    return Dossier.objects.filter(received_at__gte=start, received_at__lt=end)


def plans_for(year: int) -> list[_Plan]:
    """The procedures offered online (level 3+) during ``year`` with their coded agencies."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    procedures = (
        Procedure.objects.published()
        .filter(online_level_legacy__gte=3, valid_from__lte=end)
        .exclude(valid_to__lt=start)
        .prefetch_related("agencies")
        .order_by("level", "code", "pk")
    )
    plans = []
    for procedure in procedures:
        agencies = tuple(
            sorted((a for a in procedure.agencies.all() if a.code.strip()), key=lambda a: a.code)
        )
        if agencies:
            volume = VOLUMES_2017.get(procedure.code, DEFAULT_VOLUME)
            plans.append(_Plan(procedure, agencies, volume, time_limit_of(procedure)))
    return plans


def generate_year(
    year: int,
    *,
    count: int | None = None,
    seed: int = 2017,
    online_share: float = 1.0,
    replace: bool = False,
    batch_size: int = BATCH_SIZE,
) -> GenerationResult:
    """Create one year of resolved dossiers; see the module docstring and docs/reports.md.

    ``count`` scales the per-procedure volumes to that total (benchmarks); ``replace`` first
    deletes the year's generated dossiers (those without audit events). Raises
    ``GenerationRefused`` with a Vietnamese message when the input or the data forbid it.
    """
    if not 0.0 <= online_share <= 1.0:
        raise GenerationRefused(_("Tỷ lệ nộp trực tuyến phải nằm trong khoảng từ 0 đến 1."))
    if count is not None and count < 0:
        raise GenerationRefused(_("Số hồ sơ cần tạo không được là số âm."))
    try:
        ensure_statutory_year(year)
        ensure_statutory_year(year + 1)  # late dossiers of December are resolved in January
    except ValueError as error:
        raise GenerationRefused(str(error)) from None
    plans = plans_for(year)
    if not plans:
        raise GenerationRefused(
            _(
                "Không có thủ tục trực tuyến mức độ 3 trở lên nào có hiệu lực trong năm {year} "
                "và gắn với cơ quan có mã định danh. Hãy nạp dữ liệu minh họa trước (motcua load_demo)."
            ).format(year=year)
        )
    result = GenerationResult(year=year)
    with transaction.atomic():
        existing = dossiers_of_year(year)
        if existing.exists():
            if not replace:
                raise GenerationRefused(
                    _(
                        "Năm {year} đã có hồ sơ. Dùng --replace để xóa hồ sơ đã sinh của năm này "
                        "và sinh lại."
                    ).format(year=year)
                )
            if existing.filter(audit_events__isnull=False).exists():
                raise GenerationRefused(
                    _(
                        "Năm {year} có hồ sơ thật (có nhật ký xử lý); không thể thay thế. "
                        "Chỉ hồ sơ do lệnh này sinh ra mới được xóa."
                    ).format(year=year)
                )
            _total, by_model = Dossier.objects.filter(pk__in=existing.values("pk")).delete()
            result.deleted = by_model.get(Dossier._meta.label, 0)
        _Generator(year, plans, count, seed, online_share, batch_size, result).run()
        # Bulk rows bypass the workflow and its summary hook: recount the year's summaries.
        from .indicators import Period
        from .summaries import rebuild

        rebuild(Period.year(year))
    return result


class _Generator:
    def __init__(self, year, plans, count, seed, online_share, batch_size, result):
        self.year = year
        self.plans = plans
        self.rng = np.random.default_rng(seed)
        self.online_share = online_share
        self.batch_size = batch_size
        self.result = result
        self.calendar = get_calendar()
        self.tz = self.calendar.tz
        volumes = np.array([plan.volume for plan in plans], dtype=float)
        if count is None:
            self.volumes = volumes.astype(int)
        else:
            self.volumes = self.rng.multinomial(count, volumes / volumes.sum())
        self.days = [
            dt.date(year, 1, 1) + dt.timedelta(days=n)
            for n in range((dt.date(year + 1, 1, 1) - dt.date(year, 1, 1)).days)
            if self.calendar.is_working_day(dt.date(year, 1, 1) + dt.timedelta(days=n))
        ]
        start, end = self.days[0], self.days[-1]
        self.sequences = dict(
            ((row[0], row[1]), row[2])
            for row in DailySequence.objects.filter(day__gte=start, day__lte=end).values_list(
                "agency_code", "day", "last"
            )
        )
        self.touched: set[tuple[str, dt.date]] = set()
        # Procedures with the same time limit share their due dates and explanations (the
        # explanation is most of the cost); emptied every day, as the receipt day is in the key.
        self.due_cache: dict[tuple[TimeLimit, dt.datetime], object] = {}

    def run(self) -> None:
        # Rows per (procedure, day): receipts spread evenly over the year's working days.
        per_day = np.stack(
            [self.rng.multinomial(int(v), [1 / len(self.days)] * len(self.days)) for v in self.volumes]
        )
        buffer: list[Dossier] = []
        for day_index, day in enumerate(self.days):
            self.due_cache.clear()
            buffer.extend(self._day(day, per_day[:, day_index]))
            if len(buffer) >= self.batch_size:
                self._flush(buffer)
                buffer = []
        self._flush(buffer)
        self._save_sequences()

    def _flush(self, rows: list[Dossier]) -> None:
        if rows:
            Dossier.objects.bulk_create(rows, batch_size=self.batch_size)
            self.result.created += len(rows)

    def _day(self, day: dt.date, counts) -> list[Dossier]:
        drafts = []  # (agency code, received_at, plan)
        for plan, n in zip(self.plans, counts, strict=True):
            if not n:
                continue
            agencies = self.rng.integers(0, len(plan.agencies), n)
            minutes = self.rng.integers(0, OFFICE_MINUTES, n)
            for agency_index, minute in zip(agencies, minutes, strict=True):
                drafts.append((plan.agencies[agency_index], self._receipt(day, int(minute)), plan))
        drafts.sort(key=lambda d: (d[0].code, d[1]))
        return [self._dossier(agency, received_at, plan) for agency, received_at, plan in drafts]

    def _receipt(self, day: dt.date, minute: int) -> dt.datetime:
        # 240 morning minutes from 08:00, then the afternoon from 13:00.
        hour_minutes = 8 * 60 + minute if minute < 240 else 13 * 60 + minute - 240
        return dt.datetime.combine(day, dt.time(hour_minutes // 60, hour_minutes % 60), tzinfo=self.tz)

    def _due(self, plan: _Plan, received_at: dt.datetime):
        key = (plan.limit, received_at)
        due = self.due_cache.get(key)
        if due is None:
            due = deadline_for(plan.procedure, received_at, calendar=self.calendar)
            self.due_cache[key] = due
        return due

    def _dossier(self, agency: Agency, received_at: dt.datetime, plan: _Plan) -> Dossier:
        rng = self.rng
        code_key = (agency.code, received_at.date())
        number = self.sequences.get(code_key, 0) + 1
        self.sequences[code_key] = number
        self.touched.add(code_key)
        due = self._due(plan, received_at)
        resolved_at = self._resolution(due.effective_receipt, due.due_at)
        returned_at = self.calendar.add_office_time(
            resolved_at, dt.timedelta(minutes=int(rng.integers(5, 600)))
        )
        online = rng.random() < self.online_share
        submitted_at = (
            received_at - dt.timedelta(minutes=int(rng.integers(5, 16 * 60))) if online else received_at
        )
        code = plan.procedure.code
        self.result.per_procedure[code] = self.result.per_procedure.get(code, 0) + 1
        return Dossier(
            code=format_code(agency.code, received_at.date(), number),
            procedure=plan.procedure,
            receiving_agency=agency,
            competent_agency=agency,
            applicant_name=self._name(),
            channel=Channel.ONLINE if online else Channel.DESK,
            status=Status.CLOSED if rng.random() < CLOSED_SHARE else Status.RESULT_RETURNED,
            submitted_at=submitted_at,
            received_at=received_at,
            clock_started_at=received_at,
            due_at=due.due_at,
            due_explanation=due.explanation,
            calendar_revision=self.calendar.revision,
            resolved_at=resolved_at,
            returned_at=returned_at,
        )

    def _resolution(self, start: dt.datetime, due_at: dt.datetime) -> dt.datetime:
        """Early (before the due day), on the due day, or late (1–5 working days after)."""
        draw = self.rng.random()
        calendar = self.calendar
        if draw < LATE_SHARE:
            late_day = calendar.add_working_days(due_at.astimezone(self.tz).date(), int(self.rng.integers(1, 6)))
            return self._receipt(late_day, int(self.rng.integers(0, OFFICE_MINUTES)))
        span = calendar.working_time_between(start, due_at)
        if draw < LATE_SHARE + EARLY_SHARE:
            fraction = self.rng.uniform(0.1, 0.7)
        else:
            fraction = self.rng.uniform(0.9, 1.0)
        resolved = calendar.add_office_time(start, span * fraction)
        return min(resolved, due_at)

    def _name(self) -> str:
        rng = self.rng
        return " ".join(
            (
                FAMILY_NAMES[int(rng.integers(len(FAMILY_NAMES)))],
                MIDDLE_NAMES[int(rng.integers(len(MIDDLE_NAMES)))],
                GIVEN_NAMES[int(rng.integers(len(GIVEN_NAMES)))],
            )
        )

    def _save_sequences(self) -> None:
        rows = [
            DailySequence(agency_code=code, day=day, last=self.sequences[(code, day)])
            for code, day in sorted(self.touched)
        ]
        DailySequence.objects.bulk_create(
            rows,
            batch_size=self.batch_size,
            update_conflicts=True,
            unique_fields=["agency_code", "day"],
            update_fields=["last"],
        )

