"""The leader's dashboard, its drill-down lists, the overdue list and the public statistics."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers.models import Channel, Status
from motcua.dossiers.tests.conftest import local, make_user
from motcua.units.models import Membership, Role

from .conftest import history

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("reports:dashboard")
DOSSIERS = reverse("reports:dossiers")
OVERDUE = reverse("reports:overdue")
OFFICIAL_PAGES = [
    DASHBOARD,
    DOSSIERS,
    OVERDUE,
    reverse("reports:export_xlsx"),
    reverse("reports:export_pdf"),
]


def get(client, user, url, **params):
    if user is not None:
        client.force_login(user)
    return client.get(url, params)


@pytest.mark.parametrize("url", OFFICIAL_PAGES)
def test_anonymous_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("url", OFFICIAL_PAGES)
def test_citizen_even_owner_of_a_dossier_is_refused(client, year_2017, url):
    owner = make_user("congdan")
    year_2017.ward_1_pc.competent_dossiers.update(applicant=owner)
    assert get(client, owner, url, ky="2017").status_code == 403


def test_district_leader_sees_figures_of_every_ward_with_charts(client, year_2017, district_leader):
    response = get(client, district_leader, DASHBOARD, ky="2017")
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.counts.received, report.counts.late, report.counts.online) == (6, 1, 4)
    text = response.content.decode()
    assert text.count('<svg class="chart" role="img"') >= 2
    assert "<title id=" in text and "<desc id=" in text
    assert {u["unit"] for u in report.units} == {"Phường Một", "Phường Hai", "Quận Thử"}
    # Each figure links to the dossiers behind it, with the same filters.
    assert f'href="{DOSSIERS}?ky=2017&amp;chi-so=late"' in text


def test_ward_leader_sees_only_the_wards_figures(client, year_2017, ward_leader):
    report = get(client, ward_leader, DASHBOARD, ky="2017").context["report"]
    assert report.counts.received == 3
    assert [u["unit"] for u in report.units] == ["Phường Một"]


def test_ward_leader_cannot_filter_on_another_ward(client, year_2017, ward_leader):
    response = get(client, ward_leader, DASHBOARD, ky="2017", **{"don-vi": year_2017.ward_2.pk})
    assert response.status_code == 200
    assert "don-vi" in response.context["form"].errors
    assert response.context["report"].counts.received == 3  # still only ward 1


def test_district_leader_filters_on_one_ward(client, year_2017, district_leader):
    response = get(client, district_leader, DASHBOARD, ky="2017", **{"don-vi": year_2017.ward_2.pk})
    assert response.context["report"].counts.received == 2


def test_drill_down_lists_the_late_dossiers_in_scope(
    client, year_2017, district_leader, ward_leader
):
    response = get(client, district_leader, DOSSIERS, ky="2017", **{"chi-so": "late"})
    assert response.status_code == 200
    [late] = response.context["page"].object_list
    assert late.competent_agency == year_2017.ward_2_pc
    assert "Hồ sơ giải quyết quá hạn" in response.content.decode()
    # The ward 1 leader does not see ward 2's late dossier.
    response = get(client, ward_leader, DOSSIERS, ky="2017", **{"chi-so": "late"})
    assert list(response.context["page"].object_list) == []


def test_unknown_indicator_is_not_found(client, district_leader):
    assert get(client, district_leader, DOSSIERS, **{"chi-so": "drop table"}).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"ky": "2017-13"},
        {"ky": "abc"},
        {"tu": "2017-05-01", "den": "2017-01-01"},
        {"tu": "x"},
        {"cap": "galaxy"},
        {"linh-vuc": "999999"},
        {"don-vi": "-1"},
        {"page": "zzz"},
    ],
)
def test_bad_filters_give_a_message_not_an_error(client, year_2017, district_leader, params):
    for url in (DASHBOARD, DOSSIERS, OVERDUE):
        response = get(client, district_leader, url, **params)
        assert response.status_code == 200, url


def test_bad_period_is_explained_in_vietnamese(client, district_leader):
    text = get(client, district_leader, DASHBOARD, ky="2017-13").content.decode()
    assert "Kỳ báo cáo không hợp lệ" in text


def test_any_date_range_is_a_period(client, year_2017, district_leader):
    response = get(client, district_leader, DASHBOARD, tu="2017-03-01", den="2017-03-31")
    assert response.context["report"].counts.received == 3


def test_overdue_list_shows_open_dossiers_past_due_most_overdue_first(
    client, district, district_leader
):
    now = timezone.now()
    older = history(
        district.ward_procedure,
        district.ward_1_pc,
        now - dt.timedelta(days=30),
        due=now - dt.timedelta(days=20),
    )
    newer = history(
        district.ward_procedure,
        district.ward_2_pc,
        now - dt.timedelta(days=10),
        due=now - dt.timedelta(days=2),
    )
    history(
        district.ward_procedure,
        district.ward_2_pc,
        now - dt.timedelta(days=1),
        due=now + dt.timedelta(days=2),
    )
    paused = history(
        district.ward_procedure,
        district.ward_2_pc,
        now - dt.timedelta(days=10),
        due=now - dt.timedelta(days=3),
    )
    paused.status = Status.WAITING_SUPPLEMENT
    paused.save(update_fields=["status"])
    response = get(client, district_leader, OVERDUE)
    assert [d for d, _days in response.context["rows"]] == [older, newer]
    assert all(days >= 1 for _d, days in response.context["rows"])


def test_public_statistics_need_no_login_and_show_no_personal_data(client, year_2017):
    response = client.get(reverse("reports:public"), {"ky": "2017"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Nguyễn Văn An" not in text
    assert response.context["counts"].received == 6
    assert "Phường Một" in text and '<svg class="chart"' in text


def test_public_statistics_ignore_a_bad_period(client, year_2017):
    assert client.get(reverse("reports:public"), {"ky": "'; --"}).status_code == 200


def _add_dossiers(district, n):
    for i in range(n):
        received = local(2017, 4, 3, 8) + dt.timedelta(minutes=i)
        history(
            district.ward_procedure,
            district.ward_2_pc if i % 2 else district.ward_1_pc,
            received,
            due=local(2017, 4, 6, 17),
            resolved=local(2017, 4, 7, 9),
            channel=Channel.DESK,
        )


@pytest.mark.parametrize("summaries", [False, True], ids=["dossiers", "summaries"])
@pytest.mark.parametrize(
    "url, params",
    [(DASHBOARD, {"ky": "2017"}), (DOSSIERS, {"ky": "2017", "chi-so": "late"}), (OVERDUE, {})],
)
def test_query_count_does_not_grow_with_dossiers(
    client, district, district_leader, django_assert_max_num_queries, url, params, summaries,
    settings,
):
    from motcua.reports.summaries import rebuild

    settings.REPORTS_USE_SUMMARIES = summaries
    _add_dossiers(district, 2)
    now = timezone.now()
    history(
        district.ward_procedure,
        district.ward_1_pc,
        now - dt.timedelta(days=9),
        due=now - dt.timedelta(days=1),
    )
    client.force_login(district_leader)
    rebuild()
    with django_assert_max_num_queries(60) as small:
        client.get(url, params)
    _add_dossiers(district, 60)
    for _ in range(60):
        history(
            district.ward_procedure,
            district.ward_1_pc,
            now - dt.timedelta(days=9),
            due=now - dt.timedelta(days=1),
        )
    rebuild()
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url, params)
    assert response.status_code == 200


def test_province_administrator_sees_everything(client, year_2017):
    admin = make_user("admin")
    Membership.objects.create(user=admin, agency=year_2017.district_pc, role=Role.ADMINISTRATOR)
    assert get(client, admin, DASHBOARD, ky="2017").context["report"].counts.received == 6
