"""Internal handling on the desk pages: assignment, the "assigned to me" and "late without
apology" tabs, the apology with its slip, consultations, and two officials acting at once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.dossiers import consultations, workflow
from motcua.dossiers.models import Consultation
from motcua.dossiers.tests.conftest import make_official

from .conftest import local

QUEUE = reverse("desk:queue")


def _act(client, dossier, action, **data):
    return client.post(
        reverse("desk:act", args=[dossier.pk, action]), {"expected_version": dossier.version, **data}
    )


@pytest.mark.django_db
def test_leader_assigns_from_the_page_and_the_specialist_finds_it_in_their_tab(
    client, leader_a, specialist_a, desk_a, procedure_a, accepted_dossier
):
    dossier = accepted_dossier(procedure_a, desk_a)
    client.force_login(leader_a)
    page = client.get(reverse("desk:detail", args=[dossier.pk])).content.decode()
    assert 'name="assignee"' in page

    assert _act(client, dossier, "assign", assignee=specialist_a.pk).status_code == 302
    dossier.refresh_from_db()
    assert dossier.assignee_id == specialist_a.pk

    client.force_login(specialist_a)
    rows = client.get(QUEUE, {"tab": "duoc-giao"}).context["rows"]
    assert [d.pk for d, _u in rows] == [dossier.pk]
    client.force_login(desk_a)
    assert client.get(QUEUE, {"tab": "duoc-giao"}).context["rows"] == []


@pytest.mark.django_db
def test_specialist_sees_no_assign_form_and_a_forged_one_is_refused_in_vietnamese(
    client, specialist_a, desk_a, procedure_a, accepted_dossier
):
    dossier = accepted_dossier(procedure_a, desk_a)
    client.force_login(specialist_a)
    assert 'name="assignee"' not in client.get(reverse("desk:detail", args=[dossier.pk])).content.decode()

    response = _act(client, dossier, "assign", assignee=specialist_a.pk)
    page = client.get(response["Location"]).content.decode()
    assert "Vai trò của bạn không được phép" in page
    dossier.refresh_from_db()
    assert dossier.assignee_id is None


@pytest.mark.django_db
def test_forged_start_by_another_specialist_is_refused_on_the_page(
    client, leader_a, specialist_a, desk_a, procedure_a, accepted_dossier, ward_a
):
    dossier = accepted_dossier(procedure_a, desk_a)
    workflow.assign(dossier, by=leader_a, expected_version=dossier.version, assignee=specialist_a.pk)
    colleague = make_official(ward_a[0], "specialist")
    client.force_login(colleague)

    page = client.get(_act(client, dossier, "start_step")["Location"]).content.decode()
    assert "chỉ người được giao hoặc lãnh đạo" in page


@pytest.mark.django_db
def test_late_dossier_shows_a_warning_and_the_leader_apologises_then_prints_the_slip(
    client, leader_a, desk_a, procedure_a, accepted_dossier, frozen
):
    late = accepted_dossier(procedure_a, desk_a, received=local(2026, 3, 2, 9, 0))  # due Thu 5
    client.force_login(leader_a)
    assert [d.pk for d, _u in client.get(QUEUE, {"tab": "qua-han-chua-xin-loi"}).context["rows"]] == [late.pk]
    page = client.get(reverse("desk:detail", args=[late.pk])).content.decode()
    assert "Hồ sơ đã quá hạn trả kết quả." in page and 'name="new_due_at"' in page

    response = _act(
        client, late, "apologise", reason="Chờ xác minh", new_due_at="2026-03-13T16:00", confirmed="1"
    )
    assert response.status_code == 302
    late.refresh_from_db()
    assert late.new_due_at == local(2026, 3, 13, 16, 0)
    assert client.get(QUEUE, {"tab": "qua-han-chua-xin-loi"}).context["rows"] == []
    page = client.get(reverse("desk:detail", args=[late.pk])).content.decode()
    assert f"/van-ban/ho-so/{late.pk}/apology.pdf" in page
    slip = client.get(f"/van-ban/ho-so/{late.pk}/apology.pdf")
    assert slip.status_code == 200 and slip["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_apology_with_a_date_before_the_due_date_is_refused_with_a_message(
    client, leader_a, desk_a, procedure_a, accepted_dossier, frozen
):
    late = accepted_dossier(procedure_a, desk_a, received=local(2026, 3, 2, 9, 0))
    client.force_login(leader_a)
    page = client.get(
        _act(client, late, "apologise", reason="Trễ", new_due_at="2026-03-04", confirmed="1")["Location"]
    ).content.decode()
    assert "phải sau thời điểm hiện tại" in page
    late.refresh_from_db()
    assert late.apologised_at is None


@pytest.mark.django_db
def test_two_leaders_assign_at_once_the_second_sees_the_current_state(
    client, leader_a, specialist_a, desk_a, procedure_a, accepted_dossier, ward_a
):
    dossier = accepted_dossier(procedure_a, desk_a)
    shown_version = dossier.version
    other_leader = make_official(ward_a[0], "leader")
    workflow.assign(dossier, by=other_leader, expected_version=shown_version, assignee=specialist_a.pk)
    client.force_login(leader_a)

    response = client.post(
        reverse("desk:act", args=[dossier.pk, "assign"]),
        {"expected_version": shown_version, "assignee": other_leader.pk},
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Hồ sơ đã được người khác cập nhật" in page
    assert 'class="dossier-assignee">' + specialist_a.username in page


@pytest.fixture
def consulted(procedure_a, desk_a, specialist_a, accepted_dossier, ward_b):
    """A ward A dossier at a liên thông step, with ward B's People's Committee consulted."""
    procedure_a.workflow_steps.update(parallel_group=1)
    dossier = accepted_dossier(procedure_a, desk_a)
    workflow.start_step(dossier, by=specialist_a, expected_version=dossier.version)
    return dossier


@pytest.mark.django_db
def test_handler_asks_for_an_opinion_from_the_page_and_the_consulted_ward_answers(
    client, consulted, specialist_a, ward_b, district
):
    client.force_login(specialist_a)
    page = client.get(reverse("desk:detail", args=[consulted.pk])).content.decode()
    assert 'name="agencies"' in page
    response = client.post(
        reverse("desk:consult", args=[consulted.pk]),
        {"expected_version": consulted.version, "agencies": [ward_b[0].pk], "question": "Xác nhận cư trú"},
    )
    assert response.status_code == 302
    (asked,) = Consultation.objects.filter(dossier=consulted)
    # Its one step is the last: moving on is a proposal to the leader, blocked while unanswered.
    page = client.get(
        _act(client, consulted, "propose")["Location"]
    ).content.decode()
    assert "chưa trả lời" in page

    answerer = make_official(ward_b[0], "specialist")
    client.force_login(answerer)
    listed = client.get(QUEUE, {"tab": "xin-y-kien"}).context["consultations"]
    assert [c.pk for c, _u in listed] == [asked.pk]
    assert client.get(reverse("desk:detail", args=[consulted.pk])).status_code == 404  # not their ward
    assert client.post(reverse("desk:consultation", args=[asked.pk]), {"answer": "Đúng"}).status_code == 302
    asked.refresh_from_db()
    assert asked.answer == "Đúng" and asked.answered_by == answerer


@pytest.mark.django_db
def test_empty_answer_is_a_400_with_a_message(client, consulted, specialist_a, ward_b):
    (asked,) = consultations.request(
        consulted, by=specialist_a, expected_version=consulted.version, agencies=[ward_b[0]], question="?"
    )
    client.force_login(make_official(ward_b[0], "leader"))
    response = client.post(reverse("desk:consultation", args=[asked.pk]), {"answer": "  "})
    assert response.status_code == 400
    assert "Vui lòng nhập ý kiến trả lời" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("tab", ["duoc-giao", "qua-han-chua-xin-loi", "xin-y-kien", ""])
def test_new_tabs_use_a_constant_number_of_queries(
    client, tab, leader_a, specialist_a, desk_a, procedure_a, accepted_dossier, ward_a,
    django_assert_max_num_queries, frozen,
):
    def add(n):
        for i in range(n):
            dossier = accepted_dossier(procedure_a, desk_a, received=local(2026, 3, 2, 9, i))
            workflow.assign(dossier, by=leader_a, expected_version=dossier.version, assignee=specialist_a.pk)
            Consultation.objects.create(
                dossier=dossier, agency=ward_a[0], question="?", requested_by=leader_a,
                requested_at=dossier.received_at,
            )

    client.force_login(specialist_a)
    add(2)
    with django_assert_max_num_queries(20) as few:
        client.get(QUEUE, {"tab": tab})
    add(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(QUEUE, {"tab": tab})
    assert response.status_code == 200
