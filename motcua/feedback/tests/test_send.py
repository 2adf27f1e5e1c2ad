"""Sending feedback from the portal, its number and deadline, and following it."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from motcua.feedback.handling import answer_due, receive
from motcua.feedback.models import Feedback, State

from .conftest import local

SEND = reverse("feedback:send")
LOOKUP = reverse("feedback:lookup")


def form_data(of, **overrides):
    data = {
        "procedure": str(of.pk),
        "content": "Bộ phận một cửa yêu cầu bản sao chứng thực không có trong danh mục giấy tờ.",
        "sender_name": "Trần Văn Bình",
        "sender_phone": "0912 345 678",
    }
    data.update(overrides)
    return data


def test_anonymous_sender_gets_a_number_and_secret_and_can_follow_it(client, frozen, procedure_a, ward_a):
    page = client.get(SEND)
    assert page.status_code == 200
    assert "Mục đích thu thập thông tin cá nhân" in page.content.decode()
    response = client.post(SEND, form_data(procedure_a))
    assert response.status_code == 302 and response["Location"] == reverse("feedback:sent")
    # The secret is never in a URL that the server chose.
    feedback = Feedback.objects.get()
    assert feedback.secret not in response["Location"]
    receipt = client.get(response["Location"]).content.decode()
    assert feedback.number in receipt and feedback.secret in receipt
    assert feedback.number.startswith("PAKN-260310-")
    assert feedback.agency == ward_a[0] and feedback.unit == ward_a[0].unit
    assert feedback.sender_phone == "0912345678" and feedback.sender is None
    assert feedback.state == State.RECEIVED
    # The receipt is shown once; a reload goes to the lookup form.
    assert client.get(reverse("feedback:sent")).status_code == 302

    status = client.get(LOOKUP, {"so": feedback.number, "bi-mat": feedback.secret})
    assert status.status_code == 200
    html = status.content.decode()
    assert "Đã tiếp nhận" in html and "Cơ quan chưa trả lời" in html
    assert "Trần Văn Bình" not in html and "0912345678" not in html


def test_numbers_follow_each_other_within_a_day(frozen, procedure_a):
    first = receive(procedure=procedure_a, content="Nội dung thứ nhất đủ dài", sender_name="A", sender_phone="0912345678")
    second = receive(procedure=procedure_a, content="Nội dung thứ hai đủ dài", sender_name="B", sender_phone="0912345678")
    assert (first.number, second.number) == ("PAKN-260310-0001", "PAKN-260310-0002")
    assert first.secret != second.secret


def test_feedback_without_phone_or_email_is_refused(client, frozen, procedure_a):
    response = client.post(SEND, form_data(procedure_a, sender_phone=""))
    assert response.status_code == 400
    assert "Hãy nhập số điện thoại hoặc thư điện tử" in response.content.decode()
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"procedure": "999999"}, "không có trong danh mục"),
        ({"procedure": "abc"}, "không có trong danh mục"),
        ({"content": ""}, "Hãy nhập nội dung phản ánh"),
        ({"sender_phone": "12345"}, "Số điện thoại di động không hợp lệ"),
        ({"sender_email": "không-phải-email", "sender_phone": ""}, "thư điện tử không hợp lệ"),
        ({"sender_name": ""}, "Hãy nhập họ và tên"),
        ({"content": "x" * 5001}, "tối đa"),
    ],
)
def test_bad_feedback_input_gets_a_vietnamese_message_and_nothing_is_saved(
    client, frozen, procedure_a, overrides, message
):
    response = client.post(SEND, form_data(procedure_a, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Feedback.objects.exists()


def test_agency_that_does_not_handle_the_procedure_is_refused(
    client, frozen, procedure_a, procedure_b, ward_b
):
    response = client.post(SEND, form_data(procedure_a, agency=str(ward_b[0].pk)))
    assert response.status_code == 400
    assert "không thực hiện thủ tục này" in response.content.decode()


def test_known_dossier_code_routes_to_its_competent_agency(
    client, frozen, accepted_dossier, procedure_a, desk_a, ward_a
):
    dossier = accepted_dossier(procedure_a, desk_a)
    client.post(SEND, form_data(procedure_a, dossier_code=dossier.code))
    feedback = Feedback.objects.get()
    assert feedback.dossier == dossier and feedback.agency == dossier.competent_agency


def test_logged_in_sender_finds_the_feedback_in_their_list(client, citizen, other_citizen, frozen, procedure_a):
    citizen.full_name = "Nguyễn Thị Ánh"
    citizen.email = "anh@example.vn"
    citizen.save()
    client.force_login(citizen)
    assert 'value="Nguyễn Thị Ánh"' in client.get(SEND).content.decode()
    client.post(SEND, form_data(procedure_a, sender_name="Nguyễn Thị Ánh"))
    feedback = Feedback.objects.get()
    assert feedback.sender == citizen
    mine = client.get(reverse("feedback:mine"))
    assert feedback.number in mine.content.decode()
    client.force_login(other_citizen)
    assert feedback.number not in client.get(reverse("feedback:mine")).content.decode()


def test_my_feedback_needs_login(client):
    response = client.get(reverse("feedback:mine"))
    assert response.status_code == 302 and "/accounts/" in response["Location"]


@override_settings(MOTCUA_FEEDBACK_PER_IP_PER_HOUR=2)
def test_one_address_cannot_flood_the_form(client, frozen, procedure_a):
    codes = [client.post(SEND, form_data(procedure_a)).status_code for _ in range(3)]
    assert codes == [302, 302, 429]
    assert Feedback.objects.count() == 2
    other = client.post(SEND, form_data(procedure_a), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_wrong_secret_or_number_shows_the_same_message(client, make_feedback, procedure_a):
    feedback = make_feedback(procedure_a)
    wrong_secret = client.get(LOOKUP, {"so": feedback.number, "bi-mat": "sai-ma"})
    unknown = client.get(LOOKUP, {"so": "PAKN-000000-0000", "bi-mat": feedback.secret})
    assert wrong_secret.status_code == unknown.status_code == 404
    assert feedback.content not in wrong_secret.content.decode()
    assert "Không tìm thấy phản ánh" in unknown.content.decode()
    assert client.get(LOOKUP).status_code == 200


def test_answer_is_due_ten_working_days_later_skipping_tet(db):
    # Thu 12 Feb 2026: Fri 13 counts, Tết closes 14–22 Feb, then 23 Feb … 5 Mar are days 2–10.
    due_at, explanation, _revision = answer_due(local(2026, 2, 12, 10, 0))
    assert due_at == local(2026, 3, 5, 17, 0)
    assert "Tết" in explanation


def test_feedback_received_before_tet_gets_the_tet_deadline(frozen, procedure_a):
    frozen.set(local(2026, 2, 12, 10, 0))
    feedback = receive(procedure=procedure_a, content="Nội dung đủ dài để gửi", sender_name="A", sender_phone="0912345678")
    assert feedback.due_at == local(2026, 3, 5, 17, 0)
    assert feedback.calendar_revision is not None
