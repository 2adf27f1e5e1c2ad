"""Browser journeys: a live server on the test database, driven by Debian's Chromium."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django would then refuse ORM
# calls from the test itself (fixtures that create data). The live server runs in its own
# thread, so this only relaxes the check for the test code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture
def demo(transactional_db):
    """The Đống Đa demo loaded into the (transactional) test database."""
    from django.core.management import call_command

    call_command("load_demo", "--no-history", verbosity=0)


def axe_violations(page, tags=("wcag2a", "wcag2aa")) -> list[dict]:
    """Run axe-core on the current page and return its violations (id, impact, nodes)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: tags})", list(tags)
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def assert_no_axe_violations(page):
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


def wait_for_desk_script(page) -> None:
    """Wait until htmx and desk.js have run on a dossier page. Before that, an action button
    submits the no-JavaScript form, whose required "I have checked" box stops the click in the
    browser: on a busy machine a click can come that early and do nothing."""
    page.wait_for_function(
        "() => window.htmx && !document.querySelector('.confirm-box:not([hidden])')"
    )
