"""The work queue: who may open it, what it lists, in which order, with which urgency."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from motcua.dossiers import workflow

from .conftest import local

QUEUE = reverse("desk:queue")


def _rows(response) -> list[str]:
    return [dossier.code or str(dossier.pk) for dossier, _urgency in response.context["rows"]]


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(QUEUE)
    assert response.status_code == 302
    assert "/accounts/login" in response["Location"]


@pytest.mark.django_db
def test_citizen_gets_403_on_the_queue(client, citizen):
    client.force_login(citizen)
    response = client.get(QUEUE)
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


@pytest.mark.django_db
def test_queue_puts_overdue_first_then_by_due_date_with_colour_and_text(
    client, desk_a, procedure_a, accepted_dossier, frozen
):
    # Three working days each; "now" is Tue 10 March 2026 09:00.
    early = accepted_dossier(procedure_a, desk_a, received=local(2026, 3, 10, 8, 30))  # due Fri 13
    on_time = accepted_dossier(procedure_a, desk_a, received=local(2026, 3, 9, 9, 0))  # due Thu 12
    due_soon = accepted_dossier(procedure_a, desk_a, received=local(2026, 3, 6, 9, 0))  # due Wed 11
    late = accepted_dossier(procedure_a, desk_a, received=local(2026, 3, 2, 9, 0))  # due Thu 5
    client.force_login(desk_a)

    response = client.get(QUEUE)

    assert _rows(response) == [late.code, due_soon.code, on_time.code, early.code]
    states = [urgency.css for _d, urgency in response.context["rows"]]
    assert states == ["late", "due-soon", "on-time", "early"]
    html = response.content.decode()
    assert '<span class="urgency late">Quá hạn</span>' in html
    assert '<span class="urgency due-soon">Sắp đến hạn</span>' in html
    assert '<span class="urgency early">Còn nhiều thời gian</span>' in html


@pytest.mark.django_db
def test_overdue_and_due_soon_tabs_show_only_their_dossiers(
    client, desk_a, procedure_a, accepted_dossier, online_dossier, frozen
):
    accepted_dossier(procedure_a, desk_a, received=local(2026, 3, 10, 8, 30))
    due_soon = accepted_dossier(procedure_a, desk_a, received=local(2026, 3, 6, 9, 0))
    late = accepted_dossier(procedure_a, desk_a, received=local(2026, 3, 2, 9, 0))
    waiting = online_dossier(procedure_a, name="Chờ Tiếp Nhận")
    client.force_login(desk_a)

    assert _rows(client.get(QUEUE, {"tab": "qua-han"})) == [late.code]
    assert _rows(client.get(QUEUE, {"tab": "sap-den-han"})) == [due_soon.code]
    assert _rows(client.get(QUEUE, {"tab": "cho-tiep-nhan"})) == [str(waiting.pk)]
    assert len(_rows(client.get(QUEUE, {"tab": "dang-xu-ly"}))) == 3


@pytest.mark.django_db
def test_waiting_supplement_tab_lists_the_dossier_asked_for_more(
    client, desk_a, procedure_a, online_dossier
):
    dossier = online_dossier(procedure_a)
    workflow.request_supplement(
        dossier, by=desk_a, expected_version=dossier.version, missing_items=["Giấy chứng sinh"]
    )
    client.force_login(desk_a)
    assert _rows(client.get(QUEUE, {"tab": "cho-bo-sung"})) == [str(dossier.pk)]
    assert _rows(client.get(QUEUE, {"tab": "cho-tiep-nhan"})) == []


@pytest.mark.django_db
def test_queue_does_not_list_dossiers_of_another_ward(
    client, desk_a, desk_b, procedure_a, procedure_b, accepted_dossier
):
    mine = accepted_dossier(procedure_a, desk_a)
    accepted_dossier(procedure_b, desk_b)
    client.force_login(desk_a)
    assert _rows(client.get(QUEUE)) == [mine.code]


@pytest.mark.django_db
def test_unknown_tab_and_page_show_the_first_page_instead_of_an_error(
    client, desk_a, procedure_a, online_dossier
):
    online_dossier(procedure_a)
    client.force_login(desk_a)
    response = client.get(QUEUE, {"tab": "<script>", "page": "abc"})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 1


@pytest.mark.django_db
def test_queue_shows_25_rows_a_page_and_the_next_page_link(
    client, desk_a, procedure_a, online_dossier
):
    for n in range(27):
        online_dossier(procedure_a, name=f"Người nộp {n}")
    client.force_login(desk_a)
    first = client.get(QUEUE)
    assert len(first.context["rows"]) == 25
    assert 'rel="next"' in first.content.decode()
    assert len(client.get(QUEUE, {"page": 2}).context["rows"]) == 2


@pytest.mark.django_db
def test_queue_query_count_does_not_grow_with_the_number_of_dossiers(
    client, desk_a, procedure_a, online_dossier, accepted_dossier, django_assert_max_num_queries
):
    client.force_login(desk_a)
    accepted_dossier(procedure_a, desk_a)
    online_dossier(procedure_a)
    client.get(QUEUE)  # warm the calendar cache of this process
    cache.clear()  # measure the table being built, not read from the cache
    with django_assert_max_num_queries(12) as few:
        client.get(QUEUE)
    count = len(few)  # read now: later requests reset Django's query log
    for n in range(20):
        accepted_dossier(procedure_a, desk_a, name=f"Người nộp {n}")
    cache.clear()
    with django_assert_max_num_queries(count):
        response = client.get(QUEUE)
    assert len(response.context["rows"]) == 22


@pytest.mark.django_db
def test_row_shows_local_times_and_links_to_the_dossier(
    client, desk_a, leader_a, procedure_a, accepted_dossier, frozen
):
    # Received 08:30 in Hà Nội is 01:30 UTC: the row must show the local time. Overdue, so the
    # leader may apologise with a new appointment.
    dossier = accepted_dossier(procedure_a, desk_a, received=local(2026, 3, 2, 8, 30))
    dossier.refresh_from_db()
    workflow.apologise(
        dossier, by=leader_a, expected_version=dossier.version, reason="Cần xác minh thêm",
        new_due_at=local(2026, 3, 20, 16, 0),
    )
    client.force_login(desk_a)

    html = client.get(QUEUE).content.decode()

    row = html.split(f'href="{reverse("desk:detail", args=[dossier.pk])}"', 1)[1].split("</tr>")[0]
    assert "02/03/2026 08:30" in row
    assert dossier.due_at.astimezone(local(2026, 1, 1, 0, 0).tzinfo).strftime("%d/%m/%Y %H:%M") in row
    assert "Đã xin lỗi, hẹn lại 20/03/2026 16:00" in row
