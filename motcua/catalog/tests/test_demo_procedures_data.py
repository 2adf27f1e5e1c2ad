"""The Đống Đa demo catalogue: the 27 procedures the seed article says were online at level 3 in 2017.

These tests read the data file only (no database): they guard what a reviewer of the demo relies on —
the 15 + 12 split, the four areas, a documented source for every value, internal steps that fit
inside the legal time limit, values that fit the catalogue columns, and online forms that work.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

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
    TimeLimitUnit,
    VersionStatus,
    WorkflowStep,
)
from motcua.units.models import Role

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "dong_da_2018_procedures.json"
DATA = json.loads(DATA_FILE.read_text(encoding="utf-8"))
PROCEDURES = DATA["procedures"]
BY_CODE = {p["code"]: p for p in PROCEDURES}
CODES = [p["code"] for p in PROCEDURES]

# The seed reports are for 2017: a version must already be in force on its first day.
START_OF_2017 = dt.date(2017, 1, 1)
# Deadlines in the demo count a working day as eight office hours.
HOURS_PER_WORKING_DAY = Decimal(8)
NATIONAL_CODE = re.compile(r"^\d\.\d{6}$")
INTERNAL_ROLES = {Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER}
# "tư pháp – hộ tịch" in the article covers both civil status and certification.
ARTICLE_AREAS = {
    "tư pháp – hộ tịch": {"ho-tich", "chung-thuc"},
    "giao thông": {"giao-thong"},
    "xây dựng": {"xay-dung"},
    "thông tin và truyền thông": {"thong-tin-truyen-thong"},
}


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _limit_in_hours(time_limit: dict) -> Decimal:
    unit = time_limit["unit"]
    if unit == TimeLimitUnit.SAME_DAY:
        return HOURS_PER_WORKING_DAY
    value = Decimal(time_limit["value"])
    if unit == TimeLimitUnit.WORKING_HOURS:
        return value
    if unit == TimeLimitUnit.WORKING_DAYS:
        return value * HOURS_PER_WORKING_DAY
    raise AssertionError(f"no working-hour equivalent for a limit in {unit}")


def _workflow_hours(steps: list[dict]) -> Decimal:
    """Sequential steps add up; steps sharing a parallel group count once, for the longest."""
    total = Decimal(0)
    groups: dict[int, Decimal] = {}
    for step in steps:
        hours = _limit_in_hours({"unit": step["budget_unit"], "value": step["budget_value"]})
        if step["parallel_group"]:
            groups[step["parallel_group"]] = max(
                groups.get(step["parallel_group"], Decimal(0)), hours
            )
        else:
            total += hours
    return total + sum(groups.values(), Decimal(0))


def _max_length(model, field_name: str) -> int:
    return model._meta.get_field(field_name).max_length


def test_file_is_a_motcua_catalogue_with_exactly_27_procedures():
    assert DATA["format"] == "motcua-catalog"
    assert DATA["version"] == 1
    assert len(PROCEDURES) == 27


def test_article_split_of_15_ward_and_12_district_procedures_holds():
    levels = [p["level"] for p in PROCEDURES]
    assert levels.count(Level.COMMUNE) == 15
    assert levels.count(Level.DISTRICT) == 12


def test_procedure_codes_are_unique():
    assert len(set(CODES)) == len(CODES)


def test_every_field_used_is_declared_and_all_four_article_areas_are_present():
    declared = {f["code"] for f in DATA["fields"]}
    used = {p["field"] for p in PROCEDURES}
    assert used <= declared
    for area, codes in ARTICLE_AREAS.items():
        assert used & codes, f"no procedure in the area «{area}»"


def test_ward_procedures_are_all_justice_and_civil_status():
    ward_fields = {p["field"] for p in PROCEDURES if p["level"] == Level.COMMUNE}
    assert ward_fields <= ARTICLE_AREAS["tư pháp – hộ tịch"]


def test_birth_registration_is_in_the_demo_with_its_national_code():
    birth = BY_CODE["1.001193"]
    assert birth["level"] == Level.COMMUNE
    assert birth["time_limit"]["unit"] == TimeLimitUnit.SAME_DAY
    assert birth["time_limit"]["same_day_cutoff"] == "15:00"


@pytest.mark.parametrize("code", CODES)
def test_procedure_was_online_at_level_3_throughout_2017(code):
    p = BY_CODE[code]
    assert p["online_level_legacy"] == 3
    assert p["channels"]["online"] is True
    assert p["online_class"] == OnlineClass.PARTIAL
    assert p["status"] == VersionStatus.ACTIVE
    assert p["version"] == 1
    assert p["valid_to"] is None
    assert _date(p["valid_from"]) <= START_OF_2017
    published = _date(p["published_on"])
    assert published is None or published <= START_OF_2017


@pytest.mark.parametrize("code", CODES)
def test_procedure_lists_documents_a_time_limit_and_a_numbered_legal_basis(code):
    p = BY_CODE[code]
    assert p["documents"] and all(d["name"].strip() for d in p["documents"])
    limit = p["time_limit"]
    assert limit["unit"] in TimeLimitUnit.values
    if limit["unit"] == TimeLimitUnit.SAME_DAY:
        assert limit["value"] is None and limit["same_day_cutoff"] == "15:00"
    else:
        assert Decimal(limit["value"]) > 0
    assert p["legal_bases"] and all(b["number"].strip() for b in p["legal_bases"])
    assert p["citizen_steps"] and p["workflow_steps"]


@pytest.mark.parametrize("code", CODES)
def test_procedure_says_where_its_data_comes_from(code):
    p = BY_CODE[code]
    assert len(p["source"]) > 100
    if not NATIONAL_CODE.match(code):
        # A reviewer must be told that a code is ours and not the national one.
        assert "mã nội bộ" in p["source"]


@pytest.mark.parametrize("code", CODES)
def test_legal_bases_were_issued_before_the_version_took_effect(code):
    p = BY_CODE[code]
    valid_from = _date(p["valid_from"])
    for basis in p["legal_bases"]:
        issued = _date(basis["issued_on"])
        assert issued is None or issued <= valid_from, basis["number"]


@pytest.mark.parametrize("code", CODES)
def test_internal_steps_fit_inside_the_legal_time_limit(code):
    p = BY_CODE[code]
    assert _workflow_hours(p["workflow_steps"]) <= _limit_in_hours(p["time_limit"])
    assert {s["role"] for s in p["workflow_steps"]} <= INTERNAL_ROLES
    roles = [s["role"] for s in p["workflow_steps"]]
    assert roles[0] == Role.DESK_OFFICER and roles[-1] == Role.DESK_OFFICER
    assert Role.LEADER in roles


@pytest.mark.parametrize("code", CODES)
def test_values_fit_the_catalogue_columns(code):
    p = BY_CODE[code]
    assert p["level"] in Level.values
    assert len(p["code"]) <= _max_length(Procedure, "code")
    for key in ("name", "competent_authority", "implementing_agency", "publishing_decision"):
        assert len(p[key]) <= _max_length(Procedure, key), key
    assert len(p["field"]) <= _max_length(Field, "code")
    if p["time_limit"]["value"] is not None:
        assert Decimal(p["time_limit"]["value"]).as_tuple().exponent >= -1
    for step in p["citizen_steps"]:
        assert 0 < len(step["title"]) <= _max_length(CitizenStep, "title")
    for d in p["documents"]:
        assert len(d["name"]) <= _max_length(RequiredDocument, "name")
        assert len(d["form_template"]) <= _max_length(RequiredDocument, "form_template")
        assert d["originals"] >= 0 and d["copies"] >= 0
    for fee in p["fees"]:
        assert fee["kind"] in FeeKind.values
        assert len(fee["name"]) <= _max_length(Fee, "name")
        assert len(fee["legal_basis"]) <= _max_length(Fee, "legal_basis")
        assert fee["amount"] is None or fee["amount"] >= 0
    for basis in p["legal_bases"]:
        assert len(basis["number"]) <= _max_length(LegalBasis, "number")
        assert len(basis["title"]) <= _max_length(LegalBasis, "title")
        assert len(basis["issuer"]) <= _max_length(LegalBasis, "issuer")
    for step in p["workflow_steps"]:
        assert len(step["name"]) <= _max_length(WorkflowStep, "name")
        assert len(step["agency_kind"]) <= _max_length(WorkflowStep, "agency_kind")
        assert step["budget_unit"] in TimeLimitUnit.values
        assert Decimal(step["budget_value"]).as_tuple().exponent >= -1


@pytest.mark.parametrize("code", CODES)
def test_online_form_is_a_valid_json_schema_with_vietnamese_titles(code):
    schema = BY_CODE[code]["form_schema"]
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object" and schema["required"]
    assert "Mục đích thu thập" in schema["description"]
    for name, prop in schema["properties"].items():
        assert prop.get("title"), f"field {name} has no title for the citizen"


def test_forms_repeat_a_group_wherever_several_items_are_natural():
    def has_array_of_objects(node) -> bool:
        if isinstance(node, dict):
            if node.get("type") == "array" and node.get("items", {}).get("type") == "object":
                return True
            return any(has_array_of_objects(v) for v in node.values())
        return False

    without = [p["code"] for p in PROCEDURES if not has_array_of_objects(p["form_schema"])]
    # Requests about one existing register entry, permit or certificate have nothing to repeat.
    assert set(without) <= {
        "2.000635",
        "2.000908",
        "DD17-XD-05",
        "DD17-XD-06",
        "DD17-TT-03",
        "DD17-TT-04",
    }


# --- The birth registration form, as a parent would fill it -----------------------------------


def _birth_validator() -> Draft202012Validator:
    return Draft202012Validator(BY_CODE["1.001193"]["form_schema"], format_checker=FormatChecker())


def _complete_birth_application() -> dict:
    return {
        "applicant": {
            "full_name": "Nguyễn Thị Hoa",
            "id_number": "001190012345",
            "residence": "Số 5 ngõ 10 phố Kim Liên, phường Kim Liên, quận Đống Đa, Hà Nội",
            "relationship": "Mẹ",
            "phone": "0912345678",
            "email": "hoa@example.vn",
        },
        "child": {
            "full_name": "Nguyễn Minh An",
            "sex": "Nam",
            "date_of_birth": "2017-03-14",
            "place_of_birth": "Bệnh viện Phụ sản Hà Nội, phường Ngọc Khánh, quận Ba Đình, Hà Nội",
            "place_of_birth_kind": "Cơ sở y tế",
            "ethnicity": "Kinh",
            "nationality": "Việt Nam",
            "hometown": "Thành phố Hà Nội",
        },
        "mother": {
            "full_name": "Nguyễn Thị Hoa",
            "date_of_birth": "1990-05-02",
            "id_number": "001190012345",
            "ethnicity": "Kinh",
            "nationality": "Việt Nam",
            "residence": "Phường Kim Liên, quận Đống Đa, Hà Nội",
        },
        "father_known": True,
        "father": {
            "full_name": "Nguyễn Văn Bình",
            "date_of_birth": "1988-11-20",
            "id_number": "001088054321",
            "ethnicity": "Kinh",
            "nationality": "Việt Nam",
            "residence": "Phường Kim Liên, quận Đống Đa, Hà Nội",
        },
        "parents_married": True,
        "marriage_certificate": {
            "number": "12/2015",
            "issued_by": "UBND phường Kim Liên",
            "issued_on": "2015-10-10",
        },
        "copies_requested": 2,
        "attachments": [{"kind": "Giấy chứng sinh", "file_name": "giay-chung-sinh.pdf"}],
        "commitment": True,
    }


def _errors(application: dict) -> list[str]:
    return [error.message for error in _birth_validator().iter_errors(application)]


def test_birth_form_accepts_a_complete_application():
    assert _errors(_complete_birth_application()) == []


def test_birth_form_refuses_an_application_without_the_childs_name():
    application = _complete_birth_application()
    del application["child"]["full_name"]
    assert _errors(application)


def test_birth_form_refuses_a_date_of_birth_that_is_not_a_date():
    application = _complete_birth_application()
    application["child"]["date_of_birth"] = "14/03/2017"
    assert _errors(application)


def test_birth_form_asks_for_the_fathers_details_only_when_the_father_is_known():
    application = _complete_birth_application()
    del application["father"]
    assert _errors(application)
    application["father_known"] = False
    assert _errors(application) == []


def test_birth_form_asks_for_a_witness_or_pledge_when_born_outside_a_health_facility():
    application = _complete_birth_application()
    application["child"]["place_of_birth_kind"] = "Ngoài cơ sở y tế"
    assert _errors(application)
    application["birth_evidence"] = "Giấy cam đoan về việc sinh"
    assert _errors(application) == []


def test_birth_form_needs_the_applicants_pledge():
    application = _complete_birth_application()
    application["commitment"] = False
    assert _errors(application)
