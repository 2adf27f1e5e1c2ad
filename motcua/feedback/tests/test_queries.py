"""List pages cost the same number of queries with 2 rows as with 12."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.feedback import handling


def _fill(make_feedback, procedure, desk, count, *, publish=False):
    for _ in range(count):
        feedback = make_feedback(procedure, consent_to_publish=publish)
        if publish:
            handling.answer(
                feedback, text="Trả lời", by=desk, expected_version=feedback.version,
                publish=True, public_question="Câu hỏi đã lược bỏ thông tin cá nhân",
            )


def _count(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit):
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_staff_list_queries_do_not_grow(client, desk_a, make_feedback, procedure_a, specialist_a,
                                        django_assert_max_num_queries):
    client.force_login(desk_a)
    _fill(make_feedback, procedure_a, desk_a, 2)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("feedback:staff_list"))
    _fill(make_feedback, procedure_a, desk_a, 10)
    response = _count(client, reverse("feedback:staff_list"), django_assert_max_num_queries, len(few))
    assert response.content.decode().count("PAKN-") >= 12


def test_public_list_queries_do_not_grow(client, desk_a, make_feedback, procedure_a,
                                         django_assert_max_num_queries):
    _fill(make_feedback, procedure_a, desk_a, 2, publish=True)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("feedback:published"))
    _fill(make_feedback, procedure_a, desk_a, 10, publish=True)
    response = _count(client, reverse("feedback:published"), django_assert_max_num_queries, len(few))
    assert response.content.decode().count("Câu hỏi đã lược bỏ") == 12


def test_my_feedback_queries_do_not_grow(client, citizen, desk_a, make_feedback, procedure_a,
                                         django_assert_max_num_queries):
    client.force_login(citizen)
    for _ in range(2):
        make_feedback(procedure_a, sender=citizen)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("feedback:mine"))
    for _ in range(10):
        make_feedback(procedure_a, sender=citizen)
    response = _count(client, reverse("feedback:mine"), django_assert_max_num_queries, len(few))
    assert response.content.decode().count("PAKN-") == 12
