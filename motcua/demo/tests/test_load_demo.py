"""``motcua load_demo``: what a newcomer sees after ``make demo``, and that a second run adds nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from motcua.catalog.models import Level, Procedure
from motcua.demo.accounts import DEMO_ACCOUNTS, demo_password
from motcua.units.models import AdministrativeUnit, Membership, Role, UnitType


@pytest.mark.django_db
def test_demo_loads_21_wards_27_procedures_and_one_account_per_role_twice_without_duplicates(capsys):
    call_command("load_demo", "--no-history")
    first = capsys.readouterr().out
    call_command("load_demo", "--no-history", verbosity=0)

    assert "21 phường" in first and "27 thủ tục" in first and demo_password() in first
    district = AdministrativeUnit.objects.get(name="Quận Đống Đa")
    wards_2018 = AdministrativeUnit.objects.valid_on(dt.date(2018, 1, 1)).filter(
        parent=district, unit_type=UnitType.COMMUNE
    )
    assert wards_2018.count() == 21
    procedures = Procedure.objects.filter(online_level_legacy=3)
    assert procedures.count() == 27
    assert procedures.filter(level=Level.COMMUNE).count() == 15
    assert procedures.filter(level=Level.DISTRICT).count() == 12
    assert all(p.agencies.exists() for p in procedures)

    users = get_user_model().objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS])
    assert users.count() == len(DEMO_ACCOUNTS)
    assert {m.role for m in Membership.objects.filter(user__in=users)} == set(Role) - {Role.CITIZEN}
    assert Membership.objects.filter(user__in=users).count() == len(DEMO_ACCOUNTS) - 1
    assert all(u.check_password(demo_password()) and u.can_submit_dossiers for u in users)


@pytest.mark.django_db
def test_login_page_lists_demo_accounts_only_in_demo_mode(client, settings):
    call_command("load_demo", "--no-history", verbosity=0)
    settings.DEMO_MODE = True
    page = client.get("/accounts/login/").content.decode()
    assert "motcua.kimlien" in page and demo_password() in page
    settings.DEMO_MODE = False
    page = client.get("/accounts/login/").content.decode()
    assert "motcua.kimlien" not in page and demo_password() not in page
