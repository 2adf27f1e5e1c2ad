"""A desk officer on a phone receives a walk-in birth registration, finds it in the queue, and
finds it again by the applicant's name typed without diacritics."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from e2e.conftest import assert_no_axe_violations
from motcua.demo.accounts import demo_password

PHONE = {"width": 360, "height": 740}
CODE = re.compile(r"[0-9A-Z.]+-\d{6}-\d{4}")


def _login(page: Page, base: str, next_path: str) -> None:
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.get_by_label(re.compile("tên đăng nhập", re.I)).fill("motcua.kimlien")
    page.get_by_label(re.compile("^Mật khẩu", re.I)).fill(demo_password())
    page.locator("main form").first.get_by_role("button", name="Đăng nhập").click()


def test_desk_officer_receives_walk_in_birth_registration_and_finds_it_in_the_queue(
    page: Page, live_server, demo
):
    page.set_viewport_size(PHONE)
    _login(page, live_server.url, "/motcua/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hồ sơ cần xử lý")
    assert_no_axe_violations(page)

    page.get_by_role("link", name=re.compile("Tiếp nhận hồ sơ trực tiếp")).click()
    birth = page.locator("option", has_text=re.compile(r"^1\.001193 · ")).first
    page.get_by_label("Thủ tục hành chính").select_option(value=birth.get_attribute("value"))
    page.get_by_role("button", name="Tiếp tục").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "đăng ký khai sinh", ignore_case=True
    )
    assert_no_axe_violations(page)

    page.get_by_label("Họ và tên người nộp").fill("Phạm Thị Hoa")
    page.get_by_label("Số điện thoại").fill("0987654321")
    for box in page.locator("input[name=documents]").all():
        box.check()
    page.get_by_label(re.compile("^Tôi đã kiểm tra thành phần hồ sơ")).check()
    page.get_by_role("button", name="Ghi nhận hồ sơ").click()

    code = page.locator(".dossier-code")
    expect(code).to_have_text(CODE)
    expect(page.locator(".dossier-status")).to_have_text("Đã tiếp nhận")
    expect(page.locator(".dossier-due")).to_contain_text(re.compile(r"\d{2}/\d{2}/\d{4}"))
    dossier_code = code.inner_text().strip()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(page)

    page.get_by_role("link", name="Quay lại danh sách hồ sơ").click()
    row = page.locator("table.queue tr", has_text=dossier_code)
    expect(row).to_contain_text("Phạm Thị Hoa")
    expect(row.locator(".urgency")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(page)

    # The citizen comes back with only a name: "/" goes to the search box, typed without
    # diacritics, and the dossier is there (open or not).
    page.locator("body").press("/")
    expect(page.get_by_label("Tìm hồ sơ")).to_be_focused()
    page.keyboard.type("pham thi hoa")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=2)).to_contain_text("Kết quả tìm kiếm")
    found = page.locator("table.queue tbody tr")
    expect(found).to_have_count(1)
    expect(found).to_contain_text(dossier_code)
    expect(page.get_by_label("Tìm hồ sơ")).to_have_value("pham thi hoa")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_axe_violations(page)
