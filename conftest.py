"""Test configuration shared by every app: Debian's Chromium for Playwright, never a download."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings as hypothesis_settings

# Property tests check behaviour, not speed (speed lives in `make bench`): no per-example
# deadline, so a busy CI machine cannot turn a slow example into a failure.
hypothesis_settings.register_profile("motcua", deadline=None, print_blob=True)
hypothesis_settings.load_profile("motcua")

CHROMIUM = os.environ.get("MOTCUA_CHROMIUM", "/usr/bin/chromium")
# Flags that keep Chromium off the (closed) network and quiet in a container running as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"BROWSER TESTS CANNOT RUN: no Chromium at {CHROMIUM}. "
            "Install Debian's browser (apt-get install chromium) or set MOTCUA_CHROMIUM.",
            pytrace=False,
        )
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


def _flushes_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Put back the data that migrations seed after a test that flushed the database.

    Transactional tests (browser journeys, race tests) end with a flush that empties every
    table, including the working-day calendar the migrations seeded; later tests in the same
    process would then count deadlines on a calendar without Tết. This runs after every
    fixture of such a test is torn down, so after the flush, and re-runs the calendar seed.
    """
    yield
    # After the last test the session's fixtures are gone too, test database included.
    if nextitem is None or not _flushes_database(item):
        return
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        from motcua.workcalendar.models import CalendarEntry, CalendarRevision, CalendarYear
        from motcua.workcalendar.seed import seed_calendar

        if not CalendarYear.objects.filter(year=2018).exists():
            seed_calendar(CalendarEntry, CalendarYear, CalendarRevision)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache. Tests roll their rows back, so ids and counters
    (the desk's queue stamps, dossier codes) repeat from one test to the next; a page kept by
    an earlier test could otherwise answer for different rows. Production never rewinds."""
    from django.core.cache import caches

    for kept in caches.all(initialized_only=False):
        kept.clear()
    yield
