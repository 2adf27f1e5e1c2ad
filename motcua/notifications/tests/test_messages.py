"""Every message kind: Vietnamese, with the dossier's code and link, no identity number,
SMS within two Unicode segments even with a long public address and a long code."""

from __future__ import annotations

import re

import pytest

from motcua.notifications.messages import (
    MESSAGES,
    OFFICIAL_MESSAGES,
    render,
    sms_segments,
)

from .conftest import IDENTITY_NUMBER

pytestmark = pytest.mark.django_db

PUBLIC_URL = "https://dichvucong.dongda.hanoi.gov.vn"
DETAILS = {
    "reason": f"Giấy tờ của người có số định danh {IDENTITY_NUMBER} không khớp",
    "missing_items": ["Giấy chứng sinh (bản chính)", "Sổ hộ khẩu"],
    "to_agency_name": "Ủy ban nhân dân phường Trung Tự",
    "channel": "desk",
    "new_due_at": "2026-03-20T10:00:00+07:00",
}
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)


@pytest.fixture
def dossier(accepted_dossier, procedure_a, desk_a, settings):
    settings.MOTCUA_PUBLIC_URL = PUBLIC_URL
    dossier = accepted_dossier(procedure_a, desk_a)
    # The longest code the format allows for a 4-part agency code, so the SMS test is honest.
    dossier.code = "000.00.35.H26.12-260310-9999"
    dossier.pk = 123456
    return dossier


@pytest.mark.parametrize("kind", sorted(MESSAGES))
def test_each_applicant_message_is_vietnamese_with_code_and_link_and_no_identity_number(
    dossier, kind
):
    rendered = render(kind, dossier, DETAILS)
    for text in (rendered.subject, rendered.email, rendered.sms):
        assert VIETNAMESE.search(text), text
        assert dossier.code in text
        assert IDENTITY_NUMBER not in text
        assert "Nguyễn Thị Ánh" not in text
    link = f"{PUBLIC_URL}/dich-vu-cong/ho-so/{dossier.pk}/"
    assert link in rendered.email
    assert link in rendered.sms, "the SMS kept its link within two segments"
    assert sms_segments(rendered.sms) <= 2, (len(rendered.sms), rendered.sms)


def test_accept_message_gives_the_due_date_and_asks_for_the_receipt_attachment(dossier):
    rendered = render("accept", dossier)
    assert rendered.attach_receipt
    assert "Hẹn trả kết quả: 17:00 13/03/2026" in rendered.email
    assert not render("refuse", dossier, DETAILS).attach_receipt


def test_apology_message_gives_the_reason_and_new_appointment(dossier):
    rendered = render("apologise", dossier, DETAILS)
    assert "Hẹn trả kết quả mới: 10:00 20/03/2026" in rendered.email
    assert "0012****2345" in rendered.email
    assert "20/03/2026" in rendered.sms


@pytest.mark.parametrize("kind", sorted(OFFICIAL_MESSAGES))
def test_reminders_to_officials_link_to_the_desk_page(dossier, kind):
    rendered = render(kind, dossier)
    assert dossier.code in rendered.subject and dossier.code in rendered.email
    assert f"{PUBLIC_URL}/motcua/ho-so/{dossier.pk}/" in rendered.email
    assert rendered.sms == ""


def test_messages_are_vietnamese_even_when_the_request_was_in_english(dossier):
    from django.utils import translation

    with translation.override("en"):
        rendered = render("accept", dossier)
    assert "đã được tiếp nhận" in rendered.subject


@pytest.mark.parametrize(
    ("text", "segments"),
    [("a" * 160, 1), ("a" * 161, 2), ("ồ" * 70, 1), ("ồ" * 71, 2), ("ồ" * 134, 2), ("ồ" * 135, 3)],
)
def test_sms_segments_follow_gsm_and_unicode_limits(text, segments):
    assert sms_segments(text) == segments


def test_an_overlong_sms_is_cut_to_two_segments(dossier):
    dossier.code = "X" * 120
    assert sms_segments(render("accept", dossier).sms) <= 2
