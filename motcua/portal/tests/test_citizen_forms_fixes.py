"""The citizen's forms: wards listed in Vietnamese alphabetical order, dates of birth (and
other past events) refused in the future, Vietnamese phone numbers checked, and the start page
offering to continue a draft already begun."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.catalog.tests.factories import make_agency, make_unit
from motcua.core.text import vietnamese_sort_key
from motcua.dossiers.models import Dossier, Status
from motcua.portal import schema_form
from motcua.portal.models import OnlineApplication

from .apply_fixtures import *  # noqa: F403 (fixtures)
from .apply_fixtures import VALID_POST, demo_schema, pdf_file

pytestmark = pytest.mark.django_db


def start_url(procedure):
    return reverse("portal:apply_start", kwargs={"code": procedure.code})


def start_draft(client, procedure, wards, token):
    response = client.post(start_url(procedure), {"agency": wards[0].pk, "for": "self", "token": token})
    assert response.status_code == 302
    return Dossier.objects.get(online__start_key=token)


def future(days: int = 30) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


# --- Finding 9: Vietnamese alphabetical order --------------------------------------------------


def test_vietnamese_sort_key_follows_the_vietnamese_alphabet_then_tones():
    names = ["Văn Miếu", "Ô Chợ Dừa", "Ngã Tư Sở", "Phương Liên", "Đống Đa", "Dịch Vọng", "Ơ", "Ân", "ăn", "an"]
    assert sorted(names, key=vietnamese_sort_key) == [
        "an", "ăn", "Ân", "Dịch Vọng", "Đống Đa", "Ngã Tư Sở", "Ô Chợ Dừa", "Ơ", "Phương Liên", "Văn Miếu",
    ]
    tones = ["má", "mạ", "mã", "ma", "mả", "mà"]
    assert sorted(tones, key=vietnamese_sort_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(["Phường 10", "Phường 2", "Phường 1"], key=vietnamese_sort_key) == ["Phường 1", "Phường 2", "Phường 10"]


def test_start_page_lists_receiving_wards_in_vietnamese_alphabetical_order(client, citizen, procedure, wards):
    district = wards[0].unit.parent
    extra = [
        make_agency(name=f"Ủy ban nhân dân phường {name}", unit=make_unit(name=f"Phường {name}", parent=district), code=code)
        for name, code in (("Ô Chợ Dừa", "000.03.35.H26"), ("Văn Miếu", "000.04.35.H26"),
                           ("Ngã Tư Sở", "000.05.35.H26"), ("Đống Đa", "000.06.35.H26"), ("Phương Liên", "000.07.35.H26"))
    ]
    procedure.agencies.add(*extra)
    client.force_login(citizen)
    page = client.get(start_url(procedure)).content.decode()
    shown = re.findall(r'<label for="agency-\d+">Ủy ban nhân dân phường ([^<]+)</label>', page)
    assert shown == ["Đống Đa", "Kim Liên", "Ngã Tư Sở", "Ô Chợ Dừa", "Phương Liên", "Trung Tự", "Văn Miếu"]


# --- Finding 7: future dates and phone numbers -------------------------------------------------


def test_date_of_birth_in_the_future_is_refused_with_a_vietnamese_message(client, citizen, procedure, wards):
    client.force_login(citizen)
    dossier = start_draft(client, procedure, wards, "t-dob")
    values = {**VALID_POST, "child.date_of_birth": future().isoformat(), "_action": "review"}
    response = client.post(reverse("portal:apply_draft", kwargs={"pk": dossier.pk}), values)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="f-child-date_of_birth-errors"' in page
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert f"Ngày này không thể sau ngày hôm nay ({today})" in page
    # The browser's date picker is told the same limit.
    tag = re.search(r'<input type="date" name="child\.date_of_birth"[^>]*>', page).group(0)
    assert f'max="{timezone.localdate().isoformat()}"' in tag
    assert f'value="{future().isoformat()}"' in tag


def test_past_only_dates_in_any_procedure_are_checked_but_planned_dates_are_not():
    schema = demo_schema("2.000635")
    errors = schema_form.validate(schema, {
        "subject_person": {"date_of_birth": future().isoformat()},
        "registration": {"registered_on": future(1).isoformat()},
    })
    assert any("không thể sau ngày hôm nay" in m for m in errors["subject_person.date_of_birth"])
    assert any("không thể sau ngày hôm nay" in m for m in errors["registration.registered_on"])
    today = schema_form.validate(schema, {"subject_person": {"date_of_birth": timezone.localdate().isoformat()}})
    assert "subject_person.date_of_birth" not in today
    # A road works permit plans its dates ahead: those stay allowed.
    works = demo_schema("DD17-GT-02")
    planned = schema_form.validate(works, {"start_date": future().isoformat(), "end_date": future(60).isoformat()})
    assert "start_date" not in planned and "end_date" not in planned


@pytest.mark.parametrize("phone", ["1", "+1+", "12345678901", "0123", "0243851234"])
def test_form_phone_that_is_not_a_vietnamese_number_is_refused(phone):
    errors = schema_form.validate(demo_schema(), {"applicant": {"phone": phone}})
    assert any("Số điện thoại không hợp lệ" in m for m in errors["applicant.phone"])


# A form's phone is for calling back: a landline (11 digits from 02) is as good as a mobile.
@pytest.mark.parametrize(
    "phone", ["0912345678", "091.234.5678", "0912 345 678", "+84912345678", "024 3851 2345", "(0236) 382.1234"]
)
def test_form_phone_with_spaces_or_dots_is_accepted(phone):
    errors = schema_form.validate(demo_schema(), {"applicant": {"phone": phone}})
    assert "applicant.phone" not in errors


def _ready_for_review(client, procedure, wards, token):
    dossier = start_draft(client, procedure, wards, token)
    response = client.post(reverse("portal:apply_draft", kwargs={"pk": dossier.pk}), {**VALID_POST, "_action": "review"})
    assert response.status_code == 302
    birth = procedure.documents.get(name="Giấy chứng sinh")
    client.post(reverse("portal:apply_upload", kwargs={"pk": dossier.pk}), {"document": birth.pk, "files": [pdf_file()]})
    return dossier


@pytest.mark.parametrize("phone", ["1", "+1+", "+84+"])
def test_review_refuses_a_junk_sms_phone_and_submits_nothing(client, citizen, procedure, wards, phone):
    client.force_login(citizen)
    dossier = _ready_for_review(client, procedure, wards, "t-sms")
    response = client.post(
        reverse("portal:apply_review", kwargs={"pk": dossier.pk}),
        {"token": "s-1", "result_channel": "online", "contact_phone": phone, "commitment": "yes"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Số điện thoại nhận tin nhắn: Số điện thoại di động không hợp lệ" in page
    dossier.refresh_from_db()
    assert dossier.status == Status.DRAFT
    assert OnlineApplication.objects.get(dossier=dossier).submit_key is None


def test_review_accepts_a_dotted_sms_phone_and_stores_it_normalised(client, citizen, procedure, wards):
    client.force_login(citizen)
    dossier = _ready_for_review(client, procedure, wards, "t-sms-ok")
    response = client.post(
        reverse("portal:apply_review", kwargs={"pk": dossier.pk}),
        {"token": "s-2", "result_channel": "online", "contact_phone": "091.234.5678", "commitment": "yes"},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED
    assert OnlineApplication.objects.get(dossier=dossier).contact_phone == "0912345678"


# --- Finding 8: continue the draft already begun -----------------------------------------------


def test_start_page_offers_to_continue_the_existing_draft(client, citizen, procedure, wards):
    client.force_login(citizen)
    first = client.get(start_url(procedure)).content.decode()
    assert "Tiếp tục hồ sơ đang soạn" not in first
    assert "Bắt đầu khai hồ sơ" in first
    dossier = start_draft(client, procedure, wards, "t-old")
    page = client.get(start_url(procedure)).content.decode()
    assert "Bạn đang có hồ sơ nháp cho thủ tục này" in page
    assert "Tiếp tục hồ sơ đang soạn" in page
    assert f'href="{reverse("portal:apply_draft", kwargs={"pk": dossier.pk})}"' in page
    assert "Bắt đầu hồ sơ mới" in page


def test_start_page_does_not_offer_submitted_or_other_peoples_drafts(client, citizen, other_citizen, procedure, wards):
    client.force_login(other_citizen)
    start_draft(client, procedure, wards, "t-other")
    client.force_login(citizen)
    submitted = _ready_for_review(client, procedure, wards, "t-mine")
    response = client.post(
        reverse("portal:apply_review", kwargs={"pk": submitted.pk}),
        {"token": "s-3", "result_channel": "online", "commitment": "yes"},
    )
    assert response.status_code == 302
    page = client.get(start_url(procedure)).content.decode()
    assert "Tiếp tục hồ sơ đang soạn" not in page
