"""A small hand-made district for report tests: two wards, three agencies, four procedures.

The dossiers are written straight into the table, as generated history is: reports read
stored facts (receipt, due date, resolution, channel) and need no workflow to produce them.
Like a bulk import, such writes bypass the workflow hook that keeps the summary tables, so
the report tests read the dossiers (``REPORTS_USE_SUMMARIES`` off: the reference
definitions); ``test_summaries`` rebuilds the summaries and compares every figure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from motcua.catalog.models import Level, TimeLimitUnit, VersionStatus
from motcua.catalog.tests.factories import make_agency, make_procedure, make_unit
from motcua.dossiers.models import Channel, Dossier, Status
from motcua.dossiers.tests.conftest import local, make_official
from motcua.units.models import (
    AdministrativeUnit,
    Agency,
    ChangeKind,
    Role,
    UnitChange,
    UnitChangeLink,
    UnitType,
)
from motcua.workcalendar.services import ensure_statutory_year


@dataclass
class District:
    district: AdministrativeUnit
    ward_1: AdministrativeUnit
    ward_2: AdministrativeUnit
    district_pc: Agency
    ward_1_pc: Agency
    ward_2_pc: Agency
    ward_procedure: object
    district_procedure: object


def history(procedure, agency, received, *, due, resolved=None, channel=Channel.ONLINE) -> Dossier:
    return Dossier.objects.create(
        procedure=procedure, receiving_agency=agency, competent_agency=agency,
        applicant_name="Nguyễn Văn An", channel=channel,
        status=Status.CLOSED if resolved else Status.IN_PROCESSING,
        submitted_at=received, received_at=received, clock_started_at=received,
        due_at=due, resolved_at=resolved, returned_at=resolved,
    )


@pytest.fixture(autouse=True)
def figures_from_dossiers(settings):
    settings.REPORTS_USE_SUMMARIES = False


@pytest.fixture
def district(db) -> District:
    district = make_unit(code="006", name="Quận Thử", unit_type=UnitType.DISTRICT)
    ward_1 = make_unit(code="00901", name="Phường Một", parent=district)
    ward_2 = make_unit(code="00902", name="Phường Hai", parent=district)
    district_pc = make_agency(name="Ủy ban nhân dân quận Thử", code="000.00.06.H26", unit=district)
    ward_1_pc = make_agency(name="Ủy ban nhân dân phường Một", code="000.21.06.H26", unit=ward_1)
    ward_2_pc = make_agency(name="Ủy ban nhân dân phường Hai", code="000.22.06.H26", unit=ward_2)
    online = {"online_level_legacy": 3, "channel_online": True, "valid_from": dt.date(2016, 1, 1)}
    ward_procedure = make_procedure(
        code="1.001193", name="Đăng ký khai sinh", agencies=[ward_1_pc, ward_2_pc],
        time_limit_value=Decimal("3"), time_limit_unit=TimeLimitUnit.WORKING_DAYS, **online,
    )
    district_procedure = make_procedure(
        code="DD17-XD-01", name="Cấp giấy phép xây dựng", level=Level.DISTRICT,
        agencies=[district_pc], time_limit_value=Decimal("15"),
        time_limit_unit=TimeLimitUnit.WORKING_DAYS, **online,
    )
    # Not counted in 2017: level 2 only; in force from 2018; abolished at the end of 2016.
    make_procedure(code="9.000002", agencies=[ward_1_pc], online_level_legacy=2)
    make_procedure(
        code="9.000003", agencies=[ward_1_pc], online_level_legacy=3, valid_from=dt.date(2018, 1, 1)
    )
    make_procedure(
        code="9.000004", agencies=[district_pc], level=Level.DISTRICT, online_level_legacy=4,
        valid_from=dt.date(2015, 1, 1), valid_to=dt.date(2016, 12, 31),
        status=VersionStatus.ABOLISHED,
    )
    return District(
        district, ward_1, ward_2, district_pc, ward_1_pc, ward_2_pc, ward_procedure,
        district_procedure,
    )


@pytest.fixture
def year_2017(district) -> District:
    """Eight dossiers, six received in 2017; the tests work the expected figures out by hand."""
    d = district
    due = local(2017, 3, 3, 17, 0)
    # Ward 1: early (online), on time at 06:30 on the due day (desk), open since 31 Dec 23:30.
    history(d.ward_procedure, d.ward_1_pc, local(2017, 3, 1, 9), due=due, resolved=local(2017, 3, 2, 10))
    history(
        d.ward_procedure, d.ward_1_pc, local(2017, 3, 1, 10), due=due,
        resolved=local(2017, 3, 3, 6, 30), channel=Channel.DESK,
    )
    history(
        d.ward_procedure, d.ward_1_pc, local(2017, 12, 31, 23, 30), due=local(2018, 1, 5, 17),
        channel=Channel.DESK,
    )
    # Ward 2: late (online), open (online).
    history(d.ward_procedure, d.ward_2_pc, local(2017, 3, 1, 11), due=due, resolved=local(2017, 3, 6, 9))
    history(d.ward_procedure, d.ward_2_pc, local(2017, 6, 1, 9), due=local(2017, 6, 6, 17))
    # District: early (online); outside 2017 on both sides.
    history(
        d.district_procedure, d.district_pc, local(2017, 5, 2, 9), due=local(2017, 5, 23, 17),
        resolved=local(2017, 5, 10, 15),
    )
    history(
        d.district_procedure, d.district_pc, local(2018, 1, 5, 9), due=local(2018, 1, 26, 17),
        resolved=local(2018, 1, 10, 9),
    )
    history(
        d.ward_procedure, d.ward_2_pc, local(2016, 12, 31, 23, 30), due=local(2017, 1, 5, 17),
        resolved=local(2017, 1, 4, 9),
    )
    return d


@pytest.fixture
def district_leader(district):
    return make_official(district.district_pc, Role.LEADER)


@pytest.fixture
def ward_leader(district):
    return make_official(district.ward_1_pc, Role.LEADER)


@pytest.fixture
def calendar_2017(db):
    ensure_statutory_year(2017)
    ensure_statutory_year(2018)


@pytest.fixture
def cases(district, calendar_2017):
    """Five 2017 dossiers of ward 1, each a case the handling time must get right."""
    d = district
    # Received on Wednesday 25 Jan 2017 16:00, the eve of Tết (26 Jan–1 Feb off), resolved
    # Thursday 2 Feb 10:00: 1 h + 2 h of office time = 0.375 working day, not 8 days.
    history(
        d.ward_procedure,
        d.ward_1_pc,
        local(2017, 1, 25, 16),
        due=local(2017, 2, 3, 17),
        resolved=local(2017, 2, 2, 10),
    )
    # Received 1 Mar 09:00, supplement asked; the complete dossier came back Monday 6 Mar
    # 09:00 (the clock starts again) and was resolved Tuesday 7 Mar 09:00: 7 h + 1 h = 1 day.
    supplement = history(
        d.ward_procedure,
        d.ward_1_pc,
        local(2017, 3, 1, 9),
        due=local(2017, 3, 9, 9),
        resolved=local(2017, 3, 7, 9),
        channel=Channel.DESK,
    )
    supplement.clock_started_at = local(2017, 3, 6, 9)
    supplement.save(update_fields=["clock_started_at"])
    # Wednesday 1 Mar 09:00 → Friday 3 Mar 09:00 is 16 h, of which 4 h suspended: 1.5 days.
    suspended = history(
        d.ward_procedure,
        d.ward_1_pc,
        local(2017, 3, 1, 9, 30),
        due=local(2017, 3, 3, 8),
        resolved=local(2017, 3, 3, 9),
    )
    suspended.clock_started_at = local(2017, 3, 1, 9)
    suspended.suspended_working_time = dt.timedelta(hours=4)
    suspended.save(update_fields=["clock_started_at", "suspended_working_time"])
    # Refused in April; open since May (due in June: waiting and overdue at the end of 2017).
    refused = history(
        d.ward_procedure, d.ward_1_pc, local(2017, 4, 3, 9), due=local(2017, 4, 6, 17)
    )
    refused.status = Status.REFUSED
    refused.save(update_fields=["status"])
    history(
        d.ward_procedure,
        d.ward_1_pc,
        local(2017, 5, 2, 9),
        due=local(2017, 6, 1, 17),
        channel=Channel.DESK,
    )
    return d


@pytest.fixture
def merged(district, calendar_2017):
    """Wards 1 and 2 merged on 1 July 2025 into the new ward "Phường Mới"."""
    d = district
    for ward in (d.ward_1, d.ward_2):
        ward.valid_to = dt.date(2025, 6, 30)
        ward.save()
    new_ward = make_unit(
        code="00903", name="Phường Mới", unit_type=UnitType.COMMUNE, valid_from=dt.date(2025, 7, 1)
    )
    new_pc = make_agency(name="Ủy ban nhân dân phường Mới", code="000.23.06.H26", unit=new_ward)
    change = UnitChange.objects.create(
        kind=ChangeKind.MERGE, effective_date=dt.date(2025, 7, 1), legal_basis="Nghị quyết thử"
    )
    for ward in (d.ward_1, d.ward_2):
        UnitChangeLink.objects.create(change=change, predecessor=ward, successor=new_ward)
    history(
        d.ward_procedure,
        d.ward_1_pc,
        local(2017, 3, 1, 9),
        due=local(2017, 3, 3, 17),
        resolved=local(2017, 3, 2, 9),
    )
    history(
        d.ward_procedure,
        d.ward_2_pc,
        local(2017, 3, 1, 9),
        due=local(2017, 3, 3, 17),
        resolved=local(2017, 3, 6, 9),
    )
    history(
        d.ward_procedure,
        d.ward_2_pc,
        local(2017, 4, 3, 9),
        due=local(2017, 4, 5, 17),
        resolved=local(2017, 4, 4, 9),
    )
    return d, new_ward, new_pc
