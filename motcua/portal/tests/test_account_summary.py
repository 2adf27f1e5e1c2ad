"""The online application as the desk and the applicant read it: schema titles as labels,
nested groups and repeated rows readable, attachments linked to the checked file view."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string

from motcua.portal.models import AttachedDocument, AttachmentPurpose, OnlineApplication, Upload
from motcua.portal.summary import form_entries, online_summary
from motcua.portal.tests.following_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

SCHEMA = {
    "title": "Tờ khai đăng ký khai sinh",
    "type": "object",
    "properties": {
        "child": {
            "type": "object", "title": "Người được khai sinh",
            "properties": {
                "full_name": {"type": "string", "title": "Họ, chữ đệm và tên"},
                "date_of_birth": {"type": "string", "format": "date", "title": "Ngày, tháng, năm sinh"},
            },
        },
        "father_known": {"type": "boolean", "title": "Xác định được cha"},
        "attachments": {
            "type": "array", "title": "Tài liệu đính kèm",
            "items": {"type": "object", "properties": {"kind": {"type": "string", "title": "Loại giấy tờ"}}},
        },
    },
    "allOf": [{"if": {}, "then": {"properties": {"father": {"type": "object", "title": "Thông tin người cha"}}}}],
}
DATA = {
    "child": {"full_name": "Trần Minh An", "date_of_birth": "2026-02-01"},
    "father_known": False,
    "attachments": [{"kind": "Giấy chứng sinh"}, {"kind": "Giấy tờ tùy thân"}],
    "father": {"full_name": "Trần Văn Bình"},
    "extra_key": "giá trị không có trong biểu mẫu",
}


def flat(entries, depth=0):
    for entry in entries:
        yield depth, entry.label, entry.value
        yield from flat(entry.children, depth + 1)
        for row in entry.rows:
            yield from flat(row, depth + 1)


def test_form_data_is_labelled_with_schema_titles_in_order():
    lines = list(flat(form_entries(DATA, SCHEMA)))
    assert lines == [
        (0, "Người được khai sinh", ""),
        (1, "Họ, chữ đệm và tên", "Trần Minh An"),
        (1, "Ngày, tháng, năm sinh", "01/02/2026"),
        (0, "Xác định được cha", "Không"),
        (0, "Tài liệu đính kèm", ""),
        (1, "Loại giấy tờ", "Giấy chứng sinh"),
        (1, "Loại giấy tờ", "Giấy tờ tùy thân"),
        (0, "Thông tin người cha", ""),
        (1, "full_name", "Trần Văn Bình"),
        (0, "extra_key", "giá trị không có trong biểu mẫu"),
    ]


def test_broken_schema_or_data_never_raises():
    assert form_entries("not a dict", SCHEMA) == []
    assert [e.label for e in form_entries({"a": [1, 2]}, "bad")] == ["a"]
    deep: dict = {}
    node = deep
    for _ in range(20):
        node["x"] = {}
        node = node["x"]
    assert form_entries(deep, {})


def test_summary_is_none_for_a_dossier_handed_in_at_the_desk(online_dossier, procedure_a):
    assert online_summary(online_dossier(procedure_a)) is None


def test_summary_lists_application_and_supplement_files_with_links(received, owner, django_assert_max_num_queries):
    application = OnlineApplication.objects.get(dossier=received)
    received.procedure.form_schema = SCHEMA
    received.procedure.save()
    application.form_data = DATA
    application.save()
    first = Upload.objects.create(owner=owner, file="portal/uploads/a.png", original_name="chung-sinh.png", content_type="image/png", size=10, sha256="a" * 64)
    second = Upload.objects.create(owner=owner, file="portal/uploads/b.png", original_name="bo-sung.png", content_type="image/png", size=10, sha256="b" * 64)
    AttachedDocument.objects.create(application=application, label="Giấy chứng sinh", upload=first)
    AttachedDocument.objects.create(application=application, label="Giấy xác nhận cư trú", upload=second, purpose=AttachmentPurpose.SUPPLEMENT, supplement_round=1)
    with django_assert_max_num_queries(3):
        summary = online_summary(received)
    html = render_to_string("portal/_online_application.html", {"summary": summary})
    assert "Tờ khai đăng ký khai sinh" in html
    assert f'href="/dich-vu-cong/tep/{first.pk}/"' in html and f'href="/dich-vu-cong/tep/{second.pk}/"' in html
    assert "lần bổ sung 1" in html
    assert "Trần Minh An" in html and "01/02/2026" in html


def test_the_desk_page_can_include_it_for_a_paper_dossier_and_shows_nothing():
    assert render_to_string("portal/_online_application.html", {"summary": None}).strip() == ""
