"""Officials handle the feedback of their units: list, assign, answer on time or late, publish."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.feedback import handling
from motcua.feedback.models import Feedback, State

from .conftest import local

LIST = reverse("feedback:staff_list")


def detail(feedback):
    return reverse("feedback:staff_detail", args=[feedback.pk])


def action(feedback, name):
    return reverse(f"feedback:staff_{name}", args=[feedback.pk])


@pytest.fixture
def in_a(make_feedback, procedure_a):
    return make_feedback(procedure_a)


@pytest.fixture
def in_b(make_feedback, procedure_b):
    return make_feedback(procedure_b, content="Phản ánh về phường Trung Tự, đủ dài.")


def test_ward_official_sees_only_their_wards_feedback(client, desk_a, in_a, in_b):
    client.force_login(desk_a)
    html = client.get(LIST).content.decode()
    assert in_a.number in html and in_b.number not in html
    assert client.get(detail(in_a)).status_code == 200
    assert client.get(detail(in_b)).status_code == 404
    assert client.post(action(in_b, "answer"), {"answer": "x", "version": in_b.version}).status_code == 404
    in_b.refresh_from_db()
    assert in_b.state == State.RECEIVED


def test_district_reform_office_sees_every_ward(client, reform_district, in_a, in_b):
    client.force_login(reform_district)
    html = client.get(LIST).content.decode()
    assert in_a.number in html and in_b.number in html


def test_list_shows_due_dates_with_urgency_words(client, frozen, desk_a, make_feedback, procedure_a):
    frozen.set(local(2026, 2, 12, 10, 0))
    late = make_feedback(procedure_a)
    frozen.set(local(2026, 3, 10, 9, 0))
    fresh = make_feedback(procedure_a)
    client.force_login(desk_a)
    html = client.get(LIST).content.decode()
    assert html.index(late.number) < html.index(fresh.number)  # most urgent first
    assert "urgency late" in html and "Quá hạn" in html
    assert "urgency early" in html


def test_citizen_gets_403_and_anonymous_goes_to_login(client, citizen, in_a):
    assert client.get(LIST).status_code == 302
    assert client.get(detail(in_a)).status_code == 302
    client.force_login(citizen)
    assert client.get(LIST).status_code == 403
    assert client.get(detail(in_a)).status_code == 403
    assert client.post(action(in_a, "answer"), {"answer": "x", "version": 1}).status_code == 403


def test_sender_personal_data_is_shown_to_the_official_in_scope(client, desk_a, in_a):
    client.force_login(desk_a)
    html = client.get(detail(in_a)).content.decode()
    assert "Trần Văn Bình" in html and "0912345678" in html


def test_assign_then_answer_on_time(client, frozen, desk_a, specialist_a, in_a):
    client.force_login(desk_a)
    response = client.post(action(in_a, "assign"), {"assignee": specialist_a.pk, "version": in_a.version})
    assert response.status_code == 302
    in_a.refresh_from_db()
    assert in_a.state == State.ASSIGNED and in_a.assigned_to == specialist_a
    client.force_login(specialist_a)
    frozen.set(local(2026, 3, 12, 15, 0))
    client.post(action(in_a, "answer"), {"answer": "Cơ quan đã chấn chỉnh.", "version": in_a.version})
    in_a.refresh_from_db()
    assert in_a.state == State.ANSWERED
    assert in_a.answered_by == specialist_a and in_a.answered_on_time is True
    client.post(action(in_a, "close"), {"version": in_a.version})
    in_a.refresh_from_db()
    assert in_a.state == State.CLOSED


def test_answer_after_the_due_date_is_recorded_as_late(client, frozen, desk_a, in_a):
    frozen.set(local(2026, 3, 30, 9, 0))
    client.force_login(desk_a)
    client.post(action(in_a, "answer"), {"answer": "Trả lời muộn.", "version": in_a.version})
    in_a.refresh_from_db()
    assert in_a.state == State.ANSWERED and in_a.answered_on_time is False


def test_cannot_assign_to_someone_outside_the_agency(client, desk_a, desk_b, in_a):
    client.force_login(desk_a)
    response = client.post(action(in_a, "assign"), {"assignee": desk_b.pk, "version": in_a.version})
    assert response.status_code == 400
    assert "công chức của cơ quan xử lý" in response.content.decode()


def test_stale_form_does_not_overwrite_a_colleagues_answer(client, desk_a, leader_a, in_a):
    version = in_a.version
    client.force_login(leader_a)
    client.post(action(in_a, "answer"), {"answer": "Trả lời của lãnh đạo.", "version": version})
    client.force_login(desk_a)
    response = client.post(action(in_a, "answer"), {"answer": "Trả lời khác.", "version": version}, follow=True)
    assert "vừa được người khác cập nhật" in response.content.decode()
    in_a.refresh_from_db()
    assert in_a.answer == "Trả lời của lãnh đạo."


def test_empty_answer_is_refused(client, desk_a, in_a):
    client.force_login(desk_a)
    response = client.post(action(in_a, "answer"), {"answer": "", "version": in_a.version})
    assert response.status_code == 400
    assert "Hãy nhập nội dung trả lời." in response.content.decode()


def test_inspector_reads_but_cannot_answer(client, inspector_a, in_a):
    client.force_login(inspector_a)
    page = client.get(detail(in_a))
    assert page.status_code == 200 and "Gửi câu trả lời" not in page.content.decode()
    assert client.post(action(in_a, "answer"), {"answer": "x", "version": in_a.version}).status_code == 404
    in_a.refresh_from_db()
    assert in_a.state == State.RECEIVED


def test_publishing_needs_the_senders_consent(make_feedback, procedure_a, desk_a):
    feedback = make_feedback(procedure_a, consent_to_publish=False)
    with pytest.raises(handling.HandlingError):
        handling.answer(feedback, text="Trả lời", by=desk_a, expected_version=feedback.version,
                        publish=True, public_question="Câu hỏi")
    assert Feedback.objects.get(pk=feedback.pk).state == State.RECEIVED


def test_public_list_shows_published_answers_without_personal_data(
    client, desk_a, make_feedback, procedure_a
):
    consenting = make_feedback(
        procedure_a, consent_to_publish=True, sender_email="binh@example.vn",
        content="Tôi là Trần Văn Bình, CCCD 001099012345, bị yêu cầu nộp thêm giấy tờ.",
    )
    client.force_login(desk_a)
    client.post(action(consenting, "answer"), {
        "answer": "Phường đã nhắc nhở công chức; giấy tờ đó không phải nộp.",
        "publish": "on",
        "public_question": "Công dân bị yêu cầu nộp thêm giấy tờ ngoài danh mục.",
        "version": consenting.version,
    })
    private = make_feedback(procedure_a, consent_to_publish=False)
    handling.answer(private, text="Trả lời riêng", by=desk_a, expected_version=private.version)
    client.logout()
    html = client.get(reverse("feedback:published")).content.decode()
    assert "Công dân bị yêu cầu nộp thêm giấy tờ ngoài danh mục." in html
    assert "Phường đã nhắc nhở công chức" in html
    for personal in ("Trần Văn Bình", "001099012345", "0912345678", "binh@example.vn", consenting.number):
        assert personal not in html
    assert "Trả lời riêng" not in html
