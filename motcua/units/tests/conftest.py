"""Fixtures of the units tests: the Đống Đa demo and officials posted in it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.units.demo import load_dong_da
from motcua.units.models import Membership

DAY_2018 = dt.date(2018, 5, 12)


@pytest.fixture
def dong_da(db):
    return load_dong_da()


@pytest.fixture
def official(django_user_model):
    """``official("name", (agency, role), ...)``: a user with one membership per pair."""

    def make(username: str, *posts, **user_fields):
        # No password: hashing one costs ~0.5 s and these tests never log in.
        user = django_user_model.objects.create_user(
            username=username, password=None, **user_fields
        )
        for agency, role, *validity in posts:
            valid_from, valid_to = (validity + [None, None])[:2]
            Membership.objects.create(
                user=user, agency=agency, role=role, valid_from=valid_from, valid_to=valid_to
            )
        return user

    return make


def count_queries(func) -> int:
    with CaptureQueriesContext(connection) as context:
        func()
    return len(context.captured_queries)
