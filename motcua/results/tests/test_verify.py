"""The public verification page: anyone checks a code, and a file against the original."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.results.issue import issue_result, revoke_result


def verify_url(code):
    return reverse("results:verify_code", kwargs={"code": code})


def original_bytes(result) -> bytes:
    with result.file.open("rb") as handle:
        return handle.read()


def upload(content: bytes, name="ket-qua.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def media_files(root) -> list:
    return sorted(path for path in root.rglob("*") if path.is_file())


@pytest.mark.django_db
def test_code_page_shows_title_agency_date_dossier_status_and_hash(client, issued, resolved):
    response = client.get(verify_url(issued.code))
    assert response.status_code == 200
    page = response.content.decode()
    for fact in (
        issued.title, "Ủy ban nhân dân phường Kim Liên", resolved.code, issued.sha256,
        "Còn hiệu lực", issued.printed_code, "125/GCN",
    ):
        assert fact in page


@pytest.mark.django_db
def test_public_page_shows_no_applicant_name(client, issued):
    page = client.get(verify_url(issued.code)).content.decode()
    assert "Nguyễn Thị Ánh" not in page


@pytest.mark.django_db
def test_code_typed_in_lowercase_with_dashes_is_found(client, issued):
    response = client.get(verify_url(issued.printed_code.lower()))
    assert response.status_code == 200
    assert issued.sha256 in response.content.decode()


@pytest.mark.django_db
def test_form_without_javascript_goes_to_the_code_page(client, issued):
    form = client.get(reverse("results:verify"))
    assert form.status_code == 200
    assert 'name="ma"' in form.content.decode()
    response = client.get(reverse("results:verify"), {"ma": issued.printed_code})
    assert response.status_code == 302
    assert response["Location"] == verify_url(issued.code)


@pytest.mark.django_db
def test_unknown_code_answers_404_with_a_message(client, issued):
    response = client.get(verify_url("ABCD-EFGH-2345"))
    assert response.status_code == 404
    assert "Không tìm thấy kết quả điện tử" in response.content.decode()


@pytest.mark.django_db
def test_malformed_code_answers_400_with_a_message(client):
    response = client.get(reverse("results:verify"), {"ma": "xyz"})
    assert response.status_code == 400
    assert "12 chữ và số" in response.content.decode()


@pytest.mark.django_db
def test_uploading_the_original_file_matches(client, issued):
    response = client.post(verify_url(issued.code), {"tep": upload(original_bytes(issued))})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tệp khớp với bản gốc" in page
    assert "KHÔNG khớp" not in page


@pytest.mark.django_db
def test_a_file_with_one_byte_changed_shows_tampering(client, issued):
    content = bytearray(original_bytes(issued))
    content[len(content) // 2] ^= 0x01
    response = client.post(verify_url(issued.code), {"tep": upload(bytes(content))})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tệp KHÔNG khớp — có thể đã bị sửa đổi" in page
    assert "Tệp khớp với bản gốc" not in page


@pytest.mark.django_db
def test_code_and_file_together_from_the_first_form(client, issued):
    response = client.post(
        reverse("results:verify"), {"ma": issued.printed_code, "tep": upload(original_bytes(issued))}
    )
    assert response.status_code == 200
    assert "Tệp khớp với bản gốc" in response.content.decode()


@pytest.mark.django_db
def test_uploaded_file_is_never_stored(client, issued, media):
    before = media_files(media)
    client.post(verify_url(issued.code), {"tep": upload(b"%PDF-1.7 something else")})
    assert media_files(media) == before


@pytest.mark.django_db
def test_file_over_the_limit_is_refused_with_a_message(client, issued, settings):
    settings.MOTCUA_RESULT_VERIFY_MAX_BYTES = 1024
    response = client.post(verify_url(issued.code), {"tep": upload(b"x" * 5000)})
    assert response.status_code == 400
    assert "Tệp lớn hơn" in response.content.decode()


@pytest.mark.django_db
def test_code_page_without_a_file_asks_for_one(client, issued):
    response = client.post(verify_url(issued.code), {})
    assert response.status_code == 400
    assert "Vui lòng chọn tệp" in response.content.decode()


@pytest.mark.django_db
def test_superseded_result_says_it_is_no_longer_valid(client, issued, resolved, leader):
    issue_result(resolved, leader)
    page = client.get(verify_url(issued.code)).content.decode()
    assert "đã được thay thế" in page


@pytest.mark.django_db
def test_revoked_result_says_so(client, issued, leader):
    revoke_result(issued, leader, reason="Sai ngày sinh")
    page = client.get(verify_url(issued.code)).content.decode()
    assert "thu hồi" in page
    assert "Sai ngày sinh" not in page  # the reason may hold personal data


@pytest.mark.django_db
def test_too_many_wrong_codes_from_one_address_get_429_even_for_a_real_code(client, issued, settings):
    settings.MOTCUA_RESULT_VERIFY_MAX_MISSES = 3
    for guess in ("AAAA-AAAA-AAAA", "BBBB-BBBB-BBBB", "CCCC-CCCC-CCCC"):
        assert client.get(verify_url(guess)).status_code == 404
    response = client.get(verify_url(issued.code))
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()
    other_address = client.get(verify_url(issued.code), REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 200


@pytest.mark.django_db
def test_correct_codes_are_not_counted_against_the_address(client, issued, settings):
    settings.MOTCUA_RESULT_VERIFY_MAX_MISSES = 2
    for _ in range(5):
        assert client.get(verify_url(issued.code)).status_code == 200


@pytest.mark.django_db
def test_post_without_csrf_token_is_refused(issued):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(verify_url(issued.code), {"tep": upload(original_bytes(issued))})
    assert response.status_code == 403
