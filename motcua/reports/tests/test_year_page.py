"""The yearly report page: officials only, each sees their own units."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from motcua.catalog.tests.factories import make_procedure
from motcua.dossiers.models import Channel
from motcua.dossiers.tests.conftest import local, make_user

from .conftest import history

pytestmark = pytest.mark.django_db
URL = reverse("reports:year", kwargs={"year": 2017})


def page(client, user, url=URL):
    client.force_login(user)
    return client.get(url)


def test_district_leader_sees_the_whole_district(client, year_2017, district_leader):
    response = page(client, district_leader)
    assert response.status_code == 200
    text = response.content.decode()
    assert "2 thủ tục trực tuyến mức độ 3 (1 cấp phường, 1 cấp quận)" in text
    assert response.context["summary"].received == 6
    assert "DD17-XD-01" in text


def test_ward_leader_sees_only_the_wards_dossiers(client, year_2017, ward_leader):
    response = page(client, ward_leader)
    text = response.content.decode()
    assert "1 thủ tục trực tuyến mức độ 3 (1 cấp phường, 0 cấp quận)" in text
    assert response.context["summary"].received == 3
    assert "DD17-XD-01" not in text


def test_all_online_year_shows_one_hundred_percent(client, district, district_leader):
    for day in (2, 3):
        history(
            district.district_procedure, district.district_pc, local(2017, 5, day, 9),
            due=local(2017, 5, 25, 17), channel=Channel.ONLINE,
        )
    assert "100% hồ sơ nộp trực tuyến" in page(client, district_leader).content.decode()


def test_citizen_is_refused(client, year_2017):
    assert page(client, make_user("congdan")).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_absurd_year_is_not_found(client, district_leader):
    assert page(client, district_leader, "/bao-cao/nam/99999/").status_code == 404


def test_page_has_headings_and_vietnamese_lang(client, year_2017, district_leader):
    text = page(client, district_leader).content.decode()
    assert '<html lang="vi">' in text
    assert "<h1>" in text and 'scope="col"' in text


def test_query_count_does_not_grow_with_dossiers_or_procedures(
    client, district, district_leader, django_assert_max_num_queries
):
    def add(n: int) -> None:
        for i in range(n):
            history(
                district.ward_procedure, district.ward_2_pc,
                local(2017, 4, 3, 8) + dt.timedelta(minutes=i), due=local(2017, 4, 6, 17),
                resolved=local(2017, 4, 4, 9),
            )

    add(1)
    client.force_login(district_leader)
    with django_assert_max_num_queries(15) as small:
        client.get(URL)
    add(40)
    for n in range(5):  # more procedures offered, each with a dossier
        procedure = make_procedure(
            code=f"9.10000{n}", agencies=[district.ward_2_pc], online_level_legacy=3
        )
        history(procedure, district.ward_2_pc, local(2017, 4, 5, 9), due=local(2017, 4, 7, 17))
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(URL)
    assert response.context["summary"].received == 46
    assert response.context["offer"].commune == 6
