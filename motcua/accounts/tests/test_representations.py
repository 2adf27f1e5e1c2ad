import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.accounts.models import Representation, RepresentationKind
from motcua.accounts.prefill import representations_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def person_data(**changes):
    data = {
        "kind": RepresentationKind.PERSON,
        "represented_name": "Nguyễn Văn Con",
        "represented_identity_number": "001 215 067 890",
        "relationship": "Cha của người chưa thành niên",
        "valid_from": "",
        "valid_to": "",
    }
    data.update(changes)
    return data


def make_representation(user, **overrides):
    values = {
        "kind": RepresentationKind.PERSON,
        "represented_name": "Trần Thị Mẹ",
        "represented_identity_number": "001160012345",
        "relationship": "con",
    }
    values.update(overrides)
    return Representation.objects.create(user=user, **values)


@pytest.mark.django_db
def test_user_adds_a_person_with_a_power_of_attorney_and_downloads_it(
    client, make_user, media_root
):
    user = make_user()
    client.force_login(user)
    document = SimpleUploadedFile("giay-uy-quyen.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("accounts:representation_create"), {**person_data(), "document": document}
    )
    assert response.status_code == 302
    representation = Representation.objects.get(user=user)
    assert representation.represented_identity_number == "001215067890"
    assert representation.document.name.endswith(".pdf")
    assert "giay-uy-quyen" not in representation.document.name  # stored under a random name

    download = client.get(reverse("accounts:representation_document", args=[representation.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]


@pytest.mark.django_db
def test_organisation_representation_needs_a_tax_code(client, make_user):
    client.force_login(make_user())
    data = person_data(
        kind=RepresentationKind.ORGANISATION,
        represented_name="Công ty TNHH A",
        represented_identity_number="001215067890",
        relationship="Giám đốc",
    )
    response = client.post(reverse("accounts:representation_create"), data)
    assert response.status_code == 400
    assert "Mã số doanh nghiệp/mã số thuế phải gồm 10 chữ số" in response.content.decode()
    ok = client.post(
        reverse("accounts:representation_create"),
        {**data, "represented_identity_number": "0101234567"},
    )
    assert ok.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"represented_identity_number": "123"}, "Số định danh cá nhân phải gồm đúng 12 chữ số"),
        (
            {"valid_from": "2025-07-01", "valid_to": "2025-06-30"},
            "Ngày hết hiệu lực phải sau hoặc bằng ngày bắt đầu",
        ),
        ({"kind": ""}, "Vui lòng chọn đại diện cho cá nhân hay tổ chức"),
        ({"represented_identity_number": "001090012345"}, "Đây là số định danh của chính bạn"),
    ],
)
def test_invalid_representation_is_explained_in_vietnamese(client, make_user, changes, message):
    client.force_login(make_user(identity_number="001090012345"))
    response = client.post(reverse("accounts:representation_create"), person_data(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Representation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("trang.html", b"<html></html>", "Chỉ nhận tệp PDF, JPG hoặc PNG"),
        (
            "gia-mao.pdf",
            b"<html><script>alert(1)</script></html>",
            "Nội dung tệp không đúng định dạng PDF",
        ),
    ],
)
def test_document_that_is_not_a_pdf_or_image_is_refused(
    client, make_user, media_root, name, content, message
):
    client.force_login(make_user())
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = client.post(
        reverse("accounts:representation_create"), {**person_data(), "document": upload}
    )
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.django_db
def test_too_large_document_is_refused(client, make_user, media_root, settings):
    settings.MOTCUA_REPRESENTATION_MAX_UPLOAD = 1024 * 1024
    client.force_login(make_user())
    upload = SimpleUploadedFile(
        "to.pdf", PDF + b"0" * (1024 * 1024), content_type="application/pdf"
    )
    response = client.post(
        reverse("accounts:representation_create"), {**person_data(), "document": upload}
    )
    assert response.status_code == 400
    assert "Tệp quá lớn: tối đa 1 MB" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "view", ["representation", "representation_edit", "representation_document"]
)
def test_another_users_representation_answers_404(client, make_user, media_root, view):
    owner, other = make_user(), make_user()
    representation = make_representation(owner, document=SimpleUploadedFile("a.pdf", PDF))
    client.force_login(other)
    response = client.get(reverse(f"accounts:{view}", args=[representation.pk]))
    assert response.status_code == 404
    assert "Trần Thị Mẹ" not in response.content.decode()


@pytest.mark.django_db
def test_another_user_cannot_delete_or_edit_my_representation(client, make_user):
    owner, other = make_user(), make_user()
    representation = make_representation(owner)
    client.force_login(other)
    assert (
        client.post(reverse("accounts:representation_delete", args=[representation.pk])).status_code
        == 404
    )
    assert (
        client.post(
            reverse("accounts:representation_edit", args=[representation.pk]),
            person_data(represented_name="Đã Sửa"),
        ).status_code
        == 404
    )
    representation.refresh_from_db()
    assert representation.represented_name == "Trần Thị Mẹ"


@pytest.mark.django_db
def test_owner_edits_and_deletes_a_representation(client, make_user):
    user = make_user()
    representation = make_representation(user)
    client.force_login(user)
    client.post(
        reverse("accounts:representation_edit", args=[representation.pk]),
        person_data(represented_name="Trần Thị Mẹ Đã Sửa", valid_to="2030-12-31"),
    )
    representation.refresh_from_db()
    assert representation.represented_name == "Trần Thị Mẹ Đã Sửa"
    assert representation.valid_to == dt.date(2030, 12, 31)
    detail = client.get(
        reverse("accounts:representation", args=[representation.pk])
    ).content.decode()
    assert "31/12/2030" in detail
    client.post(reverse("accounts:representation_delete", args=[representation.pk]))
    assert not Representation.objects.exists()


@pytest.mark.django_db
def test_anonymous_visitor_cannot_open_representations(client, make_user):
    representation = make_representation(make_user())
    response = client.get(reverse("accounts:representation", args=[representation.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_representations_for_lists_only_my_representations_in_force(make_user):
    user, other = make_user(), make_user()
    today = dt.date(2025, 7, 15)
    current = make_representation(
        user, represented_name="Đang hiệu lực", valid_from=dt.date(2025, 1, 1)
    )
    open_ended = make_representation(user, represented_name="Không thời hạn")
    make_representation(user, represented_name="Hết hạn", valid_to=dt.date(2025, 7, 14))
    make_representation(user, represented_name="Chưa tới", valid_from=dt.date(2025, 7, 16))
    make_representation(other, represented_name="Của người khác")
    assert set(representations_for(user, on=today)) == {current, open_ended}


def test_representations_for_anonymous_user_is_empty():
    from django.contrib.auth.models import AnonymousUser

    assert list(representations_for(AnonymousUser())) == []
