"""In Chromium: a citizen sends feedback and rates a dossier, an official answers; axe-core
finds nothing on any of these pages, and they fit a 360-px screen."""

from __future__ import annotations

import os
import re

import pytest

from e2e.conftest import assert_no_axe_violations
from motcua.feedback.models import Feedback, Rating

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-2026"


def login(page, base, user):
    user.set_password(PASSWORD)
    user.save()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()


def fits_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"page is {width}px wide"


def test_feedback_and_rating_journey_passes_axe_on_a_phone(
    browser, live_server, resolved_dossier, citizen, desk_a, procedure_a
):
    dossier = resolved_dossier()
    base = live_server.url
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()

    page.goto(f"{base}/phan-anh/gui/")
    assert_no_axe_violations(page)
    fits_phone(page)
    page.select_option("select[name=procedure]", str(procedure_a.pk))
    page.fill("textarea[name=content]", "Bộ phận một cửa yêu cầu giấy tờ ngoài danh mục.")
    page.fill("input[name=sender_name]", "Trần Văn Bình")
    page.fill("input[name=sender_phone]", "0912345678")
    page.check("input[name=consent_to_publish]")
    page.locator("main form button[type=submit]").click()
    assert "Đã gửi phản ánh" in page.content()
    assert_no_axe_violations(page)
    feedback = Feedback.objects.get()
    page.locator("a", has_text="Xem tình trạng phản ánh").click()
    assert feedback.number in page.content()
    assert_no_axe_violations(page)
    fits_phone(page)

    login(page, base, desk_a)
    page.goto(f"{base}/phan-anh/xu-ly/")
    assert_no_axe_violations(page)
    page.locator("a", has_text=feedback.number).click()
    assert_no_axe_violations(page)
    fits_phone(page)
    page.fill("textarea[name=answer]", "Phường đã chấn chỉnh; giấy tờ đó không phải nộp.")
    page.check("input[name=publish]")
    page.fill("textarea[name=public_question]", "Công dân bị yêu cầu nộp giấy tờ ngoài danh mục.")
    page.locator("button", has_text="Gửi câu trả lời").click()
    assert re.search("Đã lưu câu trả lời", page.content())
    page.goto(f"{base}/phan-anh/")
    assert "Công dân bị yêu cầu nộp giấy tờ ngoài danh mục." in page.content()
    assert_no_axe_violations(page)

    context.clear_cookies()
    login(page, base, citizen)
    page.goto(f"{base}/phan-anh/danh-gia/{dossier.pk}/")
    assert_no_axe_violations(page)
    fits_phone(page)
    for name, value in (("access", 5), ("procedure", 4), ("officials", 5), ("result", 4), ("handling", 3)):
        page.check(f"input[name={name}][value='{value}']")
    page.locator("button", has_text="Gửi đánh giá").click()
    assert "Cảm ơn bạn đã đánh giá" in page.content()
    assert_no_axe_violations(page)
    assert Rating.objects.get(dossier=dossier).handling == 3
    page.goto(f"{base}/phan-anh/cua-toi/")
    assert_no_axe_violations(page)
    context.close()
