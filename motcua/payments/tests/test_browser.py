"""The payment journey in Debian's Chromium on a 360-px phone, axe-core clean on each page."""

from __future__ import annotations

import os
import re

import pytest

from e2e.conftest import assert_no_axe_violations

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
PHONE = {"width": 360, "height": 740}
PASSWORD = "thanh-toan-2025"


def fits_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.django_db(transaction=True)
def test_citizen_pays_a_level4_fee_on_a_phone_and_gets_the_receipt(live_server, page, citizen, submitted):
    from playwright.sync_api import expect

    citizen.set_password(PASSWORD)
    citizen.save()
    page.set_viewport_size(PHONE)
    target = f"/thanh-toan/ho-so/{submitted.pk}/"
    page.goto(f"{live_server.url}/accounts/login/?next={target}")
    page.get_by_label(re.compile("tên đăng nhập", re.I)).fill(citizen.username)
    page.get_by_label(re.compile("^Mật khẩu", re.I)).fill(PASSWORD)
    page.locator("main form").first.get_by_role("button", name="Đăng nhập").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thanh toán phí, lệ phí")
    expect(page.locator(".pay-total")).to_have_text("8.000 đồng")
    assert_no_axe_violations(page)
    assert fits_phone(page)

    page.get_by_role("button", name="Thanh toán trực tuyến").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cổng thanh toán thử nghiệm")
    assert_no_axe_violations(page)
    assert fits_phone(page)

    page.get_by_role("button", name="Thất bại").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thanh toán chưa thành công")
    assert_no_axe_violations(page)
    assert fits_phone(page)

    page.get_by_role("button", name="Thanh toán lại").click()
    page.get_by_role("button", name="Thanh toán thành công").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thanh toán thành công")
    assert_no_axe_violations(page)
    assert fits_phone(page)

    href = page.get_by_role("link", name=re.compile("biên lai")).get_attribute("href")
    receipt = page.request.get(f"{live_server.url}{href}")  # the browser's session cookie
    assert receipt.ok and receipt.headers["content-type"] == "application/pdf"
