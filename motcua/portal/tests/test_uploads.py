"""Files are judged by their bytes: PDF with its trailer, real images under a pixel budget."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.portal.models import Upload
from motcua.portal.uploads import check_dossier_total, store_upload, validate_upload

from .apply_fixtures import *  # noqa: F403 (fixtures)
from .apply_fixtures import jpeg_bytes, pdf_bytes, png_bytes
from .bomb import bomb_png


def upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_pdf_jpeg_and_png_are_accepted():
    assert validate_upload(upload("a.pdf", pdf_bytes())) == "application/pdf"
    assert validate_upload(upload("a.jpg", jpeg_bytes(), "image/jpeg")) == "image/jpeg"
    assert validate_upload(upload("a.png", png_bytes(), "image/png")) == "image/png"


def test_renamed_exe_is_refused_whatever_its_name_and_declared_type():
    exe = b"MZ\x90\x00" + b"\x00" * 200 + b"This program cannot be run in DOS mode"
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("giay-chung-sinh.pdf", exe, "application/pdf"))
    assert "không phải PDF, JPEG hoặc PNG" in error.value.messages[0]


def test_pdf_header_without_eof_trailer_is_refused_as_incomplete():
    truncated = pdf_bytes(5000)[:-10]
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("cut.pdf", truncated))
    assert "không phải tệp PDF hoàn chỉnh" in error.value.messages[0]


def test_exe_behind_a_pdf_header_without_trailer_is_refused():
    with pytest.raises(ValidationError):
        validate_upload(upload("x.pdf", b"%PDF-1.4\nMZ" + b"\x00" * 4000))


def test_image_decompression_bomb_is_refused():
    data = bomb_png()
    assert len(data) < 2_000_000
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("bom.png", data, "image/png"))
    assert "kích thước điểm ảnh quá lớn" in error.value.messages[0]


def test_pixel_limit_is_a_setting(settings):
    settings.MOTCUA_MAX_IMAGE_PIXELS = 10
    with pytest.raises(ValidationError):
        validate_upload(upload("a.png", png_bytes(8, 8), "image/png"))


def test_corrupt_image_is_refused():
    broken = png_bytes()[:40] + b"\x00" * 40
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("a.png", broken, "image/png"))
    assert "bị hỏng" in error.value.messages[0]


def test_file_over_ten_megabytes_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_upload(upload("big.pdf", pdf_bytes(10 * 1024 * 1024 + 10)))
    assert "lớn hơn 10 MB" in error.value.messages[0]


def test_empty_file_is_refused():
    with pytest.raises(ValidationError):
        validate_upload(upload("empty.pdf", b""))


def test_dossier_total_over_fifty_megabytes_is_refused():
    check_dossier_total(40 * 1024 * 1024, 10 * 1024 * 1024)
    with pytest.raises(ValidationError) as error:
        check_dossier_total(45 * 1024 * 1024, 6 * 1024 * 1024)
    assert "50 MB" in error.value.messages[0]


@pytest.mark.django_db
def test_same_file_sent_twice_is_stored_once(citizen, media):
    first = store_upload(citizen, upload("giay-chung-sinh-mai.pdf", pdf_bytes()))
    second = store_upload(citizen, upload("b.pdf", pdf_bytes()))
    assert first.pk == second.pk
    assert Upload.objects.count() == 1
    assert default_storage.exists(first.file.name)
    # The applicant's file name (personal data) is not in the stored path.
    assert "mai" not in first.file.name and first.file.name.endswith(".pdf")


@pytest.mark.django_db
def test_refused_file_leaves_nothing_in_storage(citizen, media):
    with pytest.raises(ValidationError):
        store_upload(citizen, upload("x.pdf", b"MZ" + b"\x00" * 100))
    assert Upload.objects.count() == 0
    assert not (media / "portal").exists() or not any((media / "portal").rglob("*.*"))


def test_validate_upload_leaves_the_file_readable_from_the_start():
    file = upload("a.png", png_bytes(), "image/png")
    validate_upload(file)
    assert file.read(8) == b"\x89PNG\r\n\x1a\n"
