"""The English interface: pages switch language on request, and the catalogue is complete.

The msgids are Vietnamese; ``motcua/locale/en`` holds the English catalogue. These tests read
pages the way a visitor does (browser preference, language cookie, the switch in the header)
and check the .po/.mo pair so that a half-translated or stale catalogue cannot ship.
"""

from __future__ import annotations

import ast
import html
import re
import struct
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.catalog.models import Level
from motcua.catalog.tests.factories import make_birth_registration, make_procedure, make_unit
from motcua.units.models import UnitType

MESSAGES = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def text(response) -> str:
    """The page as a reader sees it: tags dropped, entities decoded, spaces squeezed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def page_language(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


# ---- pages ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_catalogue_home_reads_in_english_when_the_browser_prefers_english(client):
    make_birth_registration()
    make_procedure(level=Level.COMMUNE)

    response = client.get(reverse("catalog:home"), **ENGLISH)

    page = text(response)
    assert page_language(response) == "en"
    assert "Find an administrative procedure" in page
    assert "By level" in page and "By field" in page
    assert "Commune level (2 procedures)" in page
    assert "The catalogue has 2 administrative procedures in force." in page
    assert "Skip to main content" in page and "Log in" in page
    assert "Tra cứu thủ tục hành chính" not in page
    # Data stays as published: field names are Vietnamese proper names.
    assert "Hộ tịch (2 procedures)" in page


@pytest.mark.django_db
@pytest.mark.parametrize("accept_language", [None, "vi", "fr-FR,fr;q=0.9"])
def test_catalogue_home_reads_in_vietnamese_by_default(client, accept_language):
    make_birth_registration()
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}

    response = client.get(reverse("catalog:home"), **headers)

    page = text(response)
    assert page_language(response) == "vi"
    assert "Tra cứu thủ tục hành chính" in page
    assert "Cấp xã (1 thủ tục)" in page
    assert "Find an administrative procedure" not in page


@pytest.mark.django_db
def test_procedure_list_reads_in_english(client):
    make_birth_registration()
    make_procedure(name="Chứng thực bản sao từ bản chính")

    response = client.get(reverse("catalog:list"), **ENGLISH)

    page = text(response)
    assert response.status_code == 200
    assert "List of administrative procedures" in page
    assert "Search and filter" in page and "Keyword or procedure code" in page
    assert "2 procedures found." in page
    assert "Time limit: 3 working day" in page
    assert "Fully online public service" in page
    assert "Danh sách thủ tục hành chính" not in page


@pytest.mark.django_db
def test_procedure_list_in_english_tells_when_nothing_matches(client):
    make_birth_registration()

    page = text(client.get(reverse("catalog:list"), {"q": "zzzz"}, **ENGLISH))

    assert "0 procedures found." in page
    assert "No procedures match. Try a shorter keyword or remove some filters." in page


@pytest.mark.django_db
def test_procedure_list_in_english_does_not_query_more_with_more_procedures(
    client, django_assert_max_num_queries
):
    make_birth_registration()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("catalog:list"), **ENGLISH)
    for _ in range(15):
        make_procedure()

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("catalog:list"), **ENGLISH)

    assert "16 procedures found." in text(response)


@pytest.mark.django_db
def test_login_page_reads_in_english(client):
    response = client.get(reverse("accounts:login"), **ENGLISH)

    page = text(response)
    assert page_language(response) == "en"
    assert "Personal identification number, email or username" in page
    assert "Password" in page
    assert "Forgotten your password?" in page
    assert "Don't have an account? Register an account" in page
    assert "Mật khẩu" not in page


@pytest.mark.django_db
def test_login_error_reads_in_english(client):
    response = client.post(
        reverse("accounts:login"), {"username": "nobody", "password": "wrong"}, **ENGLISH
    )

    page = text(response)
    assert "The login details or password are incorrect." in page
    assert "Thông tin đăng nhập" not in page


@pytest.mark.django_db
def test_units_list_reads_in_english_with_the_language_cookie(client):
    hanoi = make_unit(code="01", name="Thành phố Hà Nội", unit_type=UnitType.PROVINCE)
    make_unit(parent=hanoi, name="Phường Kim Liên")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(reverse("units:list"))

    page = text(response)
    assert page_language(response) == "en"
    assert "Administrative units" in page
    assert "Show as of date" in page
    assert "Thành phố Hà Nội code 01 · 1 subordinate unit" in page
    assert "Đơn vị hành chính" not in page


@pytest.mark.django_db
def test_units_search_reads_in_english(client):
    hanoi = make_unit(code="01", name="Thành phố Hà Nội", unit_type=UnitType.PROVINCE)
    make_unit(parent=hanoi, name="Phường Kim Liên")

    page = text(client.get(reverse("units:list"), {"q": "kim lien"}, **ENGLISH))

    assert "Results for “kim lien” (1)" in page
    assert "Phường Kim Liên" in page


@pytest.mark.django_db
def test_language_switch_turns_the_site_english_and_back(client):
    make_unit(code="01", name="Thành phố Hà Nội", unit_type=UnitType.PROVINCE)
    units = reverse("units:list")

    response = client.post(reverse("set_language"), {"language": "en", "next": units}, follow=True)

    assert response.redirect_chain[-1][0] == units
    assert "Show as of date" in text(response)
    assert "Find an administrative procedure" in text(client.get(reverse("catalog:home")))

    back = client.post(reverse("set_language"), {"language": "vi", "next": units}, follow=True)
    assert "Xem theo ngày" in text(back)


@pytest.mark.django_db
def test_header_language_switch_needs_no_csrf_cookie_and_stays_on_the_site(client):
    make_unit(code="01", name="Thành phố Hà Nội", unit_type=UnitType.PROVINCE)
    units = reverse("units:list")
    home = client.get(reverse("catalog:home"))
    assert "csrftoken" not in home.cookies  # an anonymous page mints no CSRF secret

    response = client.get(reverse("switch_language"), {"language": "en", "next": units}, follow=True)
    assert response.redirect_chain[-1][0] == units
    assert "Show as of date" in text(response)

    from_referer = client.get(
        reverse("switch_language"), {"language": "en"}, HTTP_REFERER=f"http://testserver{units}"
    )
    assert from_referer["Location"] == f"http://testserver{units}"

    elsewhere = client.get(reverse("switch_language"), {"language": "vi", "next": "https://evil.example/"})
    assert elsewhere["Location"] == "/"
    assert "Xem theo ngày" in text(client.get(units))


# ---- the catalogue itself -----------------------------------------------------------------


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgid, msgid_plural, msgstr / msgstr[n], and flags.

    A deliberately small reader (polib is not a dependency): entries are separated by blank
    lines, strings may continue on following quoted lines, obsolete ``#~`` entries are skipped.
    """
    entries, entry, key = [], {"flags": set()}, None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if "msgid" in entry:
                entries.append(entry)
            entry, key = {"flags": set()}, None
        elif line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    header = [e for e in entries if e["msgid"] == ""]
    assert len(header) == 1, "the .po needs exactly one header entry"
    return [e for e in entries if e["msgid"] != ""]


def translations(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*[sdrfxX]|\{\w*(?:![rsa])?\}")


@pytest.fixture(scope="module")
def po_entries() -> list[dict]:
    return read_po(MESSAGES / "django.po")


def test_english_catalogue_has_no_untranslated_or_fuzzy_entries(po_entries):
    assert len(po_entries) > 500  # the whole interface, not a stub
    fuzzy = [e["msgid"] for e in po_entries if "fuzzy" in e["flags"]]
    untranslated = [e["msgid"] for e in po_entries if not all(translations(e))]
    assert fuzzy == []
    assert untranslated == []


def test_english_catalogue_has_both_plural_forms(po_entries):
    plurals = [e for e in po_entries if "msgid_plural" in e]
    assert plurals, "the templates use {% plural %}: those entries must be in the catalogue"
    for entry in plurals:
        assert {"msgstr[0]", "msgstr[1]"} <= entry.keys(), entry["msgid"]


def test_english_translations_keep_every_placeholder(po_entries):
    """A lost or renamed %(name)s would raise or show a hole in the English page."""
    broken = []
    for entry in po_entries:
        sources = [entry["msgid"], entry.get("msgid_plural", entry["msgid"])]
        for index, target in enumerate(translations(entry)):
            source = sources[min(index, 1)]
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(target)):
                broken.append((source, target))
    assert broken == []


def test_compiled_english_catalogue_is_up_to_date_with_the_po(po_entries):
    """The demo runs without gettext tools, so the committed .mo must hold every entry."""
    data = (MESSAGES / "django.mo").read_bytes()
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    count = struct.unpack(order + "I", data[8:12])[0]
    assert count == len(po_entries) + 1  # + the header entry
