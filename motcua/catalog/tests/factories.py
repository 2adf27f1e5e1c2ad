"""Small factories for catalogue tests: real rows through ``save()``, no demo loader needed."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from motcua.catalog.models import (
    CitizenStep,
    Fee,
    FeeKind,
    Field,
    LegalBasis,
    Level,
    OnlineClass,
    Procedure,
    RequiredDocument,
    VersionStatus,
    WorkflowStep,
)
from motcua.units.models import AdministrativeUnit, Agency, AgencyKind, Role, UnitType

_sequence = itertools.count(1)


def make_unit(**overrides) -> AdministrativeUnit:
    n = next(_sequence)
    values = {"code": f"{n:05d}", "name": f"Phường Thử {n}", "unit_type": UnitType.COMMUNE}
    values.update(overrides)
    return AdministrativeUnit.objects.create(**values)


def make_agency(**overrides) -> Agency:
    values = {"name": "Ủy ban nhân dân phường Kim Liên", "kind": AgencyKind.PEOPLES_COMMITTEE}
    values.update(overrides)
    if "unit" not in values:
        values["unit"] = make_unit()
    return Agency.objects.create(**values)


def make_field(code: str | None = None, name: str | None = None) -> Field:
    n = next(_sequence)
    return Field.objects.create(code=code or f"field-{n}", name=name or f"Lĩnh vực {n}")


def get_field(code: str, name: str) -> Field:
    return Field.objects.get_or_create(code=code, defaults={"name": name})[0]


def make_procedure(**overrides) -> Procedure:
    """One active procedure version; unspecified parts get plausible values."""
    n = next(_sequence)
    agencies = overrides.pop("agencies", ())
    values = {
        "code": f"9.{n:06d}",
        "name": f"Thủ tục thử số {n}",
        "level": Level.COMMUNE,
        "competent_authority": "Ủy ban nhân dân cấp xã",
        "time_limit_value": Decimal("3"),
        "status": VersionStatus.ACTIVE,
    }
    values.update(overrides)
    if "field" not in values:
        values["field"] = get_field("ho-tich", "Hộ tịch")
    procedure = Procedure.objects.create(**values)
    if agencies:
        procedure.agencies.set(agencies)
    return procedure


def make_birth_registration(**overrides) -> Procedure:
    """ "Đăng ký khai sinh" (1.001193) with every part the detail page shows."""
    values = {
        "code": "1.001193",
        "name": "Đăng ký khai sinh",
        "field": get_field("ho-tich", "Hộ tịch"),
        "level": Level.COMMUNE,
        "competent_authority": "Ủy ban nhân dân cấp xã",
        "implementing_agency": "Công chức tư pháp - hộ tịch",
        "subjects": "Công dân Việt Nam",
        "channel_online": True,
        "conditions": "Không có",
        "time_limit_value": Decimal("1"),
        "time_limit_note": "Trường hợp nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo.",
        "result": "Giấy khai sinh (bản chính)",
        "online_level_legacy": 4,
        "online_class": OnlineClass.FULL,
        "publishing_decision": "Quyết định số 1234/QĐ-UBND",
        "published_on": dt.date(2023, 3, 1),
        "valid_from": dt.date(2023, 3, 1),
        "version": 2,
        "form_schema": {"type": "object", "title": "Tờ khai đăng ký khai sinh"},
    }
    values.update(overrides)
    procedure = make_procedure(**values)
    CitizenStep.objects.create(
        procedure=procedure,
        order=1,
        title="Nộp hồ sơ",
        description="Người yêu cầu nộp hồ sơ tại Bộ phận một cửa.",
    )
    CitizenStep.objects.create(
        procedure=procedure, order=2, title="Nhận kết quả", description="Nhận Giấy khai sinh."
    )
    RequiredDocument.objects.create(
        procedure=procedure,
        order=1,
        name="Tờ khai đăng ký khai sinh",
        originals=1,
        form_template="Mẫu tờ khai theo Thông tư 04/2020/TT-BTP",
    )
    RequiredDocument.objects.create(
        procedure=procedure, order=2, name="Giấy chứng sinh", originals=1, copies=0
    )
    Fee.objects.create(
        procedure=procedure,
        kind=FeeKind.CHARGE,
        name="Lệ phí đăng ký khai sinh",
        amount=0,
        note="Miễn lệ phí",
    )
    Fee.objects.create(
        procedure=procedure, kind=FeeKind.FEE, name="Phí cấp bản sao trích lục", amount=8000
    )
    LegalBasis.objects.create(
        procedure=procedure,
        order=1,
        number="60/2014/QH13",
        title="Luật Hộ tịch",
        issued_on=dt.date(2014, 11, 20),
        issuer="Quốc hội",
    )
    WorkflowStep.objects.create(
        procedure=procedure,
        order=1,
        name="Tiếp nhận hồ sơ",
        role=Role.DESK_OFFICER,
        budget_value=Decimal("2"),
    )
    WorkflowStep.objects.create(
        procedure=procedure,
        order=2,
        name="Ký giấy khai sinh",
        role=Role.LEADER,
        budget_value=Decimal("4"),
    )
    return procedure
