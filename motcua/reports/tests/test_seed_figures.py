"""The seed's figures on the real demo data path: load_demo, then the 2017 generator."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_2017(db):
    call_command("load_demo", "--no-history", verbosity=0)
    # The same command load_demo runs, at a smaller volume to keep the test quick.
    call_command("generate_dossiers", year=2017, count=1500, verbosity=0)


def test_dong_da_2017_report_shows_27_online_procedures_and_all_dossiers_online(
    client, demo_2017, settings
):
    client.force_login(get_user_model().objects.get(username="lanhdao.dongda"))
    for use_summaries in (False, True):
        settings.REPORTS_USE_SUMMARIES = use_summaries
        response = client.get(reverse("reports:dashboard"), {"ky": "2017"})
        report = response.context["report"]
        online = {row["level"]: row["level3"] + row["level4"] for row in report.offer}
        assert online == {"district": 12, "commune": 15}
        assert report.offer_totals["level3"] + report.offer_totals["level4"] == 27
        assert report.counts.received == 1500
        assert report.counts.online_percent == 100
        text = response.content.decode()
        assert "100%" in text


def test_kim_lien_leader_sees_only_the_ward(client, demo_2017):
    client.force_login(get_user_model().objects.get(username="lanhdao.kimlien"))
    report = client.get(reverse("reports:dashboard"), {"ky": "2017"}).context["report"]
    assert [row["level"] for row in report.offer] == ["commune"]
    [ward] = report.units
    assert "Kim Liên" in ward["unit"] and 0 < ward["received"] == report.counts.received < 1500
