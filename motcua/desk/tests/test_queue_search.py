"""Finding a dossier from the queue page: by code or applicant, with or without diacritics."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.dossiers import workflow
from motcua.dossiers.models import Dossier, Status

from .conftest import local

QUEUE = reverse("desk:queue")


def _found(response) -> list[str]:
    """The applicants' names in the result table, in order."""
    html = response.content.decode()
    table = html.split('<table class="queue">', 1)[1] if '<table class="queue">' in html else ""
    return [cell.split("</td>", 1)[0] for cell in table.split('data-label="Người nộp">')[1:]]


@pytest.mark.django_db
def test_name_typed_without_diacritics_finds_open_and_finished_dossiers_latest_first(
    client, desk_a, procedure_a, accepted_dossier, online_dossier, frozen
):
    frozen.set(local(2026, 3, 2, 9, 0))
    older = online_dossier(procedure_a, name="Nguyễn Văn An")
    # A finished dossier is still found: the citizen may come back about it.
    workflow.refuse(older, by=desk_a, expected_version=older.version, reason="Không thuộc thẩm quyền")
    newer = accepted_dossier(procedure_a, desk_a, received=local(2026, 3, 9, 9, 0), name="NGUYỄN VĂN AN")
    online_dossier(procedure_a, name="Trần Văn Anh")
    client.force_login(desk_a)

    response = client.get(QUEUE, {"q": "nguyen van an"})

    assert response.status_code == 200
    assert _found(response) == ["NGUYỄN VĂN AN", "Nguyễn Văn An"]
    html = response.content.decode()
    assert f'href="{reverse("desk:detail", args=[newer.pk])}"' in html
    assert 'value="nguyen van an"' in html  # the box keeps what was typed


@pytest.mark.django_db
def test_part_of_a_code_finds_its_dossier(client, desk_a, procedure_a, accepted_dossier):
    dossier = accepted_dossier(procedure_a, desk_a, received=local(2026, 3, 2, 9, 0), name="Lê Thị Mã")
    accepted_dossier(procedure_a, desk_a, received=local(2026, 3, 9, 9, 0), name="Khác")
    client.force_login(desk_a)

    assert _found(client.get(QUEUE, {"q": dossier.code[-11:]})) == ["Lê Thị Mã"]


@pytest.mark.django_db
def test_search_never_shows_another_wards_dossiers_or_drafts(
    client, desk_a, desk_b, procedure_a, procedure_b, accepted_dossier, citizen
):
    accepted_dossier(procedure_b, desk_b, name="Phạm Văn Bình")
    Dossier.objects.create(
        procedure=procedure_a, receiving_agency=procedure_a.agencies.first(),
        competent_agency=procedure_a.agencies.first(), applicant=citizen,
        applicant_name="Phạm Văn Bình", status=Status.DRAFT,
    )
    mine = accepted_dossier(procedure_a, desk_a, name="Phạm Văn Bình")
    client.force_login(desk_a)

    response = client.get(QUEUE, {"q": "pham van binh"})

    assert _found(response) == ["Phạm Văn Bình"]
    assert f'href="{reverse("desk:detail", args=[mine.pk])}"' in response.content.decode()


@pytest.mark.django_db
def test_pages_of_results_keep_the_query(client, desk_a, procedure_a, accepted_dossier):
    for n in range(27):
        accepted_dossier(procedure_a, desk_a, name=f"Hoàng Văn {n}")
    client.force_login(desk_a)

    first = client.get(QUEUE, {"q": "hoang van"})
    assert len(_found(first)) == 25
    assert 'href="?q=hoang+van&amp;page=2"' in first.content.decode()
    assert len(_found(client.get(QUEUE, {"q": "hoang van", "page": 2}))) == 2


@pytest.mark.django_db
def test_too_long_or_empty_query(client, desk_a, procedure_a, accepted_dossier):
    accepted_dossier(procedure_a, desk_a, name="Vũ Thị Dài")
    client.force_login(desk_a)

    too_long = client.get(QUEUE, {"q": "a" * 101})
    assert too_long.status_code == 400
    assert "Từ khóa tìm kiếm dài quá 100 ký tự." in too_long.content.decode()
    assert _found(too_long) == []
    assert _found(client.get(QUEUE, {"q": "%%% *** ((("})) == []  # no letter: nothing, no error
    assert _found(client.get(QUEUE, {"q": "   "})) == ["Vũ Thị Dài"]  # blank: the queue itself


@pytest.mark.django_db
def test_finished_dossier_found_says_whether_it_was_resolved_in_time_not_that_it_is_late(
    client, desk_a, procedure_a, accepted_dossier, frozen
):
    dossier = accepted_dossier(procedure_a, desk_a, received=local(2026, 3, 2, 9, 0), name="Kiều Văn Xong")
    dossier.refresh_from_db()
    # Resolved and returned two days before its due date (set directly: only the row is tested).
    Dossier.objects.filter(pk=dossier.pk).update(
        status=Status.RESULT_RETURNED, resolved_at=local(2026, 3, 3, 10, 0),
        returned_at=local(2026, 3, 3, 11, 0),
    )
    client.force_login(desk_a)

    html = client.get(QUEUE, {"q": "kieu van xong"}).content.decode()

    assert '<span class="urgency resolved-on-time">Giải quyết đúng hạn</span>' in html
    assert "Quá hạn" not in html.split("<tbody>", 1)[1]
