"""Internal handling in a real browser: a walk-in dossier received, assigned by the leader (in
place, after a confirmation, with one reassignment undone), routed through two steps, proposed,
approved and returned; an online dossier sent back for a supplement; a late dossier apologised
for, with its slip."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import assert_no_axe_violations, wait_for_desk_script
from motcua.demo.accounts import demo_password


@pytest.fixture
def desk_demo(demo):
    from motcua.desk.demo import load_desk_demo
    from motcua.units.demo import load_dong_da

    load_desk_demo(load_dong_da())  # idempotent: a no-op once load_demo calls it itself


def _login(page: Page, base: str, username: str, next_path: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.get_by_label(re.compile("tên đăng nhập", re.I)).fill(username)
    page.get_by_label(re.compile("^Mật khẩu", re.I)).fill(demo_password())
    page.locator("main form").first.get_by_role("button", name="Đăng nhập").click()


def _do(page: Page, button: str) -> None:
    """Click an action's button, accept the confirmation, wait for the panel to say it is done."""
    wait_for_desk_script(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.locator(".desk-notice.success")).to_have_text(f"Đã thực hiện: {button}.")


def test_walk_in_dossier_is_assigned_routed_approved_and_returned(page: Page, live_server, desk_demo):
    base = live_server.url
    _login(page, base, "motcua.kimlien", "/motcua/tiep-nhan/")
    birth = page.locator("option", has_text=re.compile(r"^1\.001193 · ")).first
    page.get_by_label("Thủ tục hành chính").select_option(value=birth.get_attribute("value"))
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_label("Họ và tên người nộp").fill("Phạm Thị Hoa")
    for box in page.locator("input[name=documents]").all():
        box.check()
    page.get_by_label(re.compile("^Tôi đã kiểm tra thành phần hồ sơ")).check()
    page.get_by_role("button", name="Ghi nhận hồ sơ").click()
    expect(page.locator(".dossier-status")).to_have_text("Đã tiếp nhận")
    detail = page.url.replace(base, "")

    _login(page, base, "lanhdao.kimlien", detail)
    code = page.locator(".dossier-code").inner_text().strip()
    # In place: the panel is swapped, the page is not reloaded (the marker survives).
    page.evaluate("window.stillTheSamePage = true")
    questions = []

    def confirm(dialog):
        questions.append(dialog.message)
        dialog.accept()

    wait_for_desk_script(page)

    page.once("dialog", confirm)
    page.get_by_label("Giao cho cán bộ").select_option(label="Lê Thị Cúc")
    page.get_by_role("button", name="Giao xử lý", exact=True).click()
    expect(page.locator(".dossier-assignee")).to_have_text("Lê Thị Cúc")
    expect(page.locator(".desk-notice.success")).to_have_text("Đã thực hiện: Giao xử lý.")
    expect(page.locator("#desk-notices")).to_be_focused()
    assert questions == [f"Giao xử lý hồ sơ {code} cho cán bộ đã chọn?"]
    assert page.url == base + detail and page.evaluate("window.stillTheSamePage") is True
    expect(page.get_by_role("button", name="Hoàn tác")).to_have_count(0)  # nobody before
    assert_no_axe_violations(page)

    # A reassignment by mistake, undone at once: the dossier goes back to Lê Thị Cúc.
    other = page.get_by_label("Giao cho cán bộ").locator("option").first.inner_text().strip()
    page.get_by_label("Giao cho cán bộ").select_option(index=0)
    wait_for_desk_script(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Giao xử lý", exact=True).click()
    expect(page.locator(".dossier-assignee")).to_have_text(other)
    undo = page.get_by_role("button", name="Hoàn tác")
    expect(undo).to_be_visible()
    assert_no_axe_violations(page)
    wait_for_desk_script(page)
    page.once("dialog", confirm)
    undo.click()
    expect(page.locator(".desk-notice.success")).to_have_text("Đã hoàn tác: Giao xử lý.")
    expect(page.locator(".dossier-assignee")).to_have_text("Lê Thị Cúc")
    assert questions[-1] == f"Hoàn tác «Giao xử lý» với hồ sơ {code}?"
    assert page.evaluate("window.stillTheSamePage") is True

    _login(page, base, "motcua.kimlien", detail)  # step 1 belongs to the desk
    _do(page, "Bắt đầu xử lý bước")
    _do(page, "Hoàn thành bước, chuyển bước sau")

    _login(page, base, "chuyenvien.kimlien", "/motcua/?tab=duoc-giao")
    expect(page.get_by_role("heading", level=2)).to_contain_text("Được giao cho tôi")
    assert_no_axe_violations(page)
    page.goto(base + detail)
    _do(page, "Bắt đầu xử lý bước")
    _do(page, "Trình lãnh đạo phê duyệt")

    _login(page, base, "lanhdao.kimlien", detail)
    _do(page, "Phê duyệt kết quả")
    expect(page.locator(".dossier-status")).to_have_text("Đã có kết quả")

    _login(page, base, "motcua.kimlien", detail)
    page.get_by_label("Hình thức trả kết quả").select_option(label="Trực tiếp")
    _do(page, "Trả kết quả")
    expect(page.locator(".dossier-status")).to_have_text("Đã trả kết quả")
    expect(page.locator(".history")).to_contain_text("Giao xử lý")
    assert_no_axe_violations(page)


def test_online_dossier_is_sent_back_for_a_supplement(page: Page, live_server, desk_demo):
    base = live_server.url
    _login(page, base, "motcua.kimlien", "/motcua/?tab=cho-tiep-nhan")
    page.get_by_role("link", name=re.compile("Hồ sơ số")).first.click()
    page.locator("textarea[name=missing_items]").fill("Bản sao Giấy chứng sinh\nCCCD của người yêu cầu")
    _do(page, "Yêu cầu bổ sung, hoàn thiện hồ sơ")
    expect(page.locator(".dossier-status")).to_have_text("Chờ bổ sung hồ sơ")
    assert_no_axe_violations(page)


def test_late_dossier_gets_an_apology_and_its_slip(page: Page, live_server, desk_demo):
    base = live_server.url
    _login(page, base, "lanhdao.kimlien", "/motcua/?tab=qua-han-chua-xin-loi")
    assert_no_axe_violations(page)
    page.locator("table.queue tr", has_text="Cao Thị Quỳnh").get_by_role("link").click()
    expect(page.locator(".late-warning")).to_contain_text("quá hạn")
    assert_no_axe_violations(page)
    apology = "Xin lỗi và hẹn lại ngày trả kết quả"
    reason = "Phải xác minh thông tin với nơi đăng ký trước đây."
    # A date in the past is refused in place (400): the message is read out, the reason kept.
    past = (dt.date.today() - dt.timedelta(days=1)).isoformat() + "T16:00"
    page.get_by_label("Ngày, giờ hẹn trả kết quả mới").fill(past)
    page.locator("form", has=page.get_by_role("button", name=apology)).get_by_label("Lý do").fill(reason)
    wait_for_desk_script(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=apology, exact=True).click()
    expect(page.locator(".desk-notice.error")).to_contain_text("phải sau thời điểm hiện tại")
    expect(page.locator("#desk-notices[role=alert]")).to_be_focused()
    expect(page.locator("form", has=page.get_by_role("button", name=apology)).get_by_label("Lý do")).to_have_value(reason)

    # The new appointment must be a working day (weekends, holidays refused): the first after 10 days.
    from motcua.workcalendar.services import get_calendar

    calendar, day = get_calendar(), dt.date.today() + dt.timedelta(days=10)
    while not calendar.is_working_day(day):
        day += dt.timedelta(days=1)
    new_due = day.isoformat() + "T16:00"
    page.get_by_label("Ngày, giờ hẹn trả kết quả mới").fill(new_due)
    _do(page, apology)
    slip = page.get_by_role("link", name=re.compile("Phiếu xin lỗi"))
    response = page.request.get(base + slip.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert_no_axe_violations(page)
