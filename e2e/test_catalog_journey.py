"""A citizen on a phone finds a procedure without typing diacritics, reads it and prints it."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from e2e.conftest import assert_no_axe_violations

PHONE = {"width": 360, "height": 740}


def test_citizen_finds_birth_registration_without_diacritics_and_prints_it(page: Page, live_server, demo):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_no_axe_violations(page)

    search = page.get_by_role("searchbox").first
    search.fill("dang ky khai sinh")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"q=dang"))
    first_result = page.locator("main").get_by_role("link", name=re.compile("khai sinh", re.I)).first
    expect(first_result).to_contain_text("Đăng ký khai sinh", ignore_case=True)
    assert_no_axe_violations(page)

    first_result.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("khai sinh", ignore_case=True)
    expect(page.locator("main")).to_contain_text("1.001193")
    expect(page.locator("main")).to_contain_text("Thành phần hồ sơ")
    expect(page.locator("main")).to_contain_text("Căn cứ pháp lý")
    # The page fits a 360-px phone: nothing forces sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(page)

    page.get_by_role("link", name=re.compile("Bản in", re.I)).click()
    expect(page.locator("body")).to_contain_text("1.001193")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000


def test_uppercase_query_with_diacritics_finds_the_same_procedure(page: Page, live_server, demo):
    page.goto(live_server.url + "/thu-tuc/?q=%C4%90%C4%82NG+K%C3%9D+khai+sinh")
    expect(page.locator("main")).to_contain_text("Đăng ký khai sinh", ignore_case=True)


def test_ward_page_shows_what_the_2018_ward_became(page: Page, live_server, demo):
    page.goto(live_server.url + "/units/?on=2018-06-01&q=kim+lien")
    page.locator("main").get_by_role("link", name=re.compile("Kim Liên")).first.click()
    main = page.locator("main")
    expect(main).to_contain_text("Kim Liên")
    expect(main).to_contain_text("2025")
    assert_no_axe_violations(page)
