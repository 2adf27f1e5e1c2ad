"""A district leader opens the report dashboard, reads the charts, and drills down to dossiers."""

from __future__ import annotations

import re

from django.core.management import call_command
from playwright.sync_api import Page, expect

from e2e.conftest import assert_no_axe_violations
from motcua.demo.accounts import demo_password

PHONE = {"width": 360, "height": 740}


def _login(page: Page, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.get_by_label(re.compile("tên đăng nhập", re.I)).fill(username)
    page.get_by_label(re.compile("^Mật khẩu", re.I)).fill(demo_password())
    page.locator("main form").first.get_by_role("button", name="Đăng nhập").click()


def test_district_leader_reads_the_2017_dashboard_and_opens_the_late_dossiers(
    page: Page, live_server, demo
):
    call_command("generate_dossiers", year=2017, count=400, verbosity=0)
    _login(page, live_server.url, "lanhdao.dongda", "/bao-cao/?ky=2017")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Báo cáo tình hình giải quyết thủ tục hành chính"
    )
    charts = page.locator("svg.chart[role=img]")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 2
    expect(charts.first.locator("title")).to_contain_text("Hồ sơ tiếp nhận theo tháng")
    expect(page.get_by_role("table", name="Số liệu của biểu đồ theo tháng")).to_be_visible()
    assert_no_axe_violations(page)

    # The filters are a plain GET form: choose desk dossiers only, then back to all channels.
    page.get_by_label("Hình thức nộp").select_option("online")
    page.get_by_role("button", name="Xem báo cáo").click()
    expect(page).to_have_url(re.compile(r"kenh=online"))

    late = page.locator(".figure", has_text="Quá hạn").first.get_by_role("link")
    count = int(late.inner_text().replace(".", "").replace(",", ""))
    late.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hồ sơ giải quyết quá hạn")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"({count} hồ sơ)")
    if count:
        expect(page.locator("table.report-dossiers tbody tr").first).to_be_visible()
    assert_no_axe_violations(page)

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/bao-cao/?ky=2017")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.goto(f"{live_server.url}/bao-cao/qua-han/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hồ sơ đang quá hạn")
    assert_no_axe_violations(page)
