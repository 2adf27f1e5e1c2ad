"""A small hand-made district for report tests: two wards, three agencies, four procedures.

The dossiers are written straight into the table, as generated history is: reports read
stored facts (receipt, due date, resolution, channel) and need no workflow to produce them.
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
from motcua.units.models import AdministrativeUnit, Agency, Role, UnitType


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
