"""``{% deadline_preview procedure %}`` on the procedure page."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from .conftest import vn

TEMPLATE = Template("{% load deadlines %}{% deadline_preview procedure %}")


@pytest.mark.django_db
def test_the_preview_says_when_the_result_is_expected_and_explains_why(procedure, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: vn(2026, 2, 13, 14, 20))
    html = TEMPLATE.render(Context({"procedure": procedure}))
    assert "Nếu nộp hồ sơ bây giờ, kết quả dự kiến vào 17:00 thứ Tư, 25/02/2026" in html
    assert "<details>" in html and "<summary>Cách tính ngày hẹn trả</summary>" in html
    assert "<li>Thời hạn: 3 ngày làm việc.</li>" in html


@pytest.mark.django_db
def test_a_procedure_without_a_time_limit_shows_no_preview(procedure, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: vn(2026, 2, 13, 14, 20))
    procedure.time_limit_value = None
    assert TEMPLATE.render(Context({"procedure": procedure})).strip() == ""
