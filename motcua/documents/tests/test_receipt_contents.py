"""The receipt (Mẫu 01) lists what was actually handed over, and fits on one A4 page."""

from __future__ import annotations

import subprocess

import pytest
from django.core.files.base import ContentFile

from motcua.catalog.models import RequiredDocument
from motcua.desk.models import DeskIntake
from motcua.documents.render import render_pdf
from motcua.dossiers.models import Channel
from motcua.dossiers.tests.conftest import TO_RECEIVED, local
from motcua.portal.models import AttachedDocument, OnlineApplication, Upload

from .conftest import pdf_text

# The documents of 1.004772 and 1.001193 in the Đống Đa catalogue: long names that wrap.
LONG_NAMES = [
    "Tờ khai đăng ký khai sinh theo mẫu",
    "Bản sao hồ sơ, giấy tờ cá nhân có thông tin về khai sinh",
    "Văn bản cam đoan về việc chưa đăng ký khai sinh",
    "Hộ chiếu, Chứng minh nhân dân, thẻ Căn cước công dân hoặc giấy tờ có ảnh còn giá trị của người yêu cầu",
    "Sổ hộ khẩu hoặc sổ tạm trú (để xác định thẩm quyền đăng ký)",
    "Giấy chứng nhận kết hôn của cha, mẹ",
    "Văn bản ủy quyền (nếu nộp thay)",
    "Giấy chứng sinh hoặc văn bản của người làm chứng xác nhận về việc sinh",
]


def _rows(content: bytes) -> list[str]:
    return [" ".join(line.split()) for line in pdf_text(content, layout=True).splitlines()]


def _pages(content: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True).stdout.decode()
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


@pytest.fixture
def catalogue(procedure):
    for order, name in enumerate(LONG_NAMES[:5], start=1):
        RequiredDocument.objects.create(procedure=procedure, order=order, name=name, originals=1, copies=0)
    return procedure


@pytest.fixture
def walk_in(make_dossier, walk, clock, catalogue):
    """A dossier received at the desk; each test records what the officer ticked."""

    def make(ticked: list[dict]):
        clock.set(local(2026, 3, 10, 9, 0))
        dossier = make_dossier(channel=Channel.DESK, applicant=None, applicant_name="Hà Không Giấy")
        DeskIntake.objects.create(key=f"k-{dossier.pk}", dossier=dossier, documents_received=ticked)
        return walk(dossier, ("submit", "desk"), ("accept", "desk"))

    return make


def _upload(owner, name: str) -> Upload:
    upload = Upload(owner=owner, original_name=name, content_type="application/pdf", size=4, sha256="0" * 64)
    upload.file.save("x.pdf", ContentFile(b"%PDF"), save=False)
    upload.save()
    return upload


@pytest.mark.django_db
def test_receipt_of_a_walk_in_dossier_with_nothing_ticked_lists_no_document(walk_in):
    rows = _rows(render_pdf("receipt", walk_in([])))
    assert "Không có giấy tờ nào được ghi nhận." in rows
    assert not any("Tờ khai đăng ký khai sinh" in row for row in rows)


@pytest.mark.django_db
def test_receipt_of_a_walk_in_dossier_lists_only_the_ticked_document(walk_in):
    dossier = walk_in([{"name": "Văn bản cam đoan về việc chưa đăng ký khai sinh", "originals": 1, "copies": 0}])
    rows = _rows(render_pdf("receipt", dossier))
    assert any(row.endswith("Văn bản cam đoan về việc chưa đăng ký khai sinh 1 0") for row in rows)
    assert not any("Tờ khai đăng ký khai sinh theo mẫu" in row for row in rows)


@pytest.mark.django_db
def test_receipt_of_an_online_dossier_lists_the_uploaded_documents_as_copies(
    make_dossier, walk, clock, catalogue, citizen
):
    clock.set(local(2026, 3, 10, 9, 0))
    dossier = make_dossier(channel=Channel.ONLINE)
    application = OnlineApplication.objects.create(dossier=dossier)
    first, fourth = catalogue.documents.order_by("order")[0], catalogue.documents.order_by("order")[3]
    for required, file_name in ((first, "to-khai.pdf"), (fourth, "cccd-truoc.pdf"), (fourth, "cccd-sau.pdf")):
        AttachedDocument.objects.create(
            application=application, required_document=required, upload=_upload(citizen, file_name)
        )
    walk(dossier, *TO_RECEIVED)

    rows = _rows(render_pdf("receipt", dossier))

    assert any(row.endswith("Tờ khai đăng ký khai sinh theo mẫu 0 1") for row in rows)
    assert sum("Hộ chiếu, Chứng minh nhân dân" in row for row in rows) == 1  # two files, one document
    assert not any("Văn bản cam đoan" in row or "Sổ hộ khẩu" in row for row in rows)


@pytest.mark.django_db
def test_receipt_of_an_online_dossier_without_uploads_lists_no_document(make_dossier, walk, clock, catalogue):
    clock.set(local(2026, 3, 10, 9, 0))
    dossier = walk(make_dossier(channel=Channel.ONLINE), *TO_RECEIVED)
    rows = _rows(render_pdf("receipt", dossier))
    assert "Không có giấy tờ nào được ghi nhận." in rows


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 8])
def test_receipt_with_up_to_eight_documents_fits_on_one_a4_page_with_its_qr_and_lookup_code(walk_in, count):
    dossier = walk_in([{"name": name, "originals": 1, "copies": 1} for name in LONG_NAMES[:count]])
    content = render_pdf("receipt", dossier)
    assert _pages(content) == 1
    text = pdf_text(content)
    assert f"Mã tra cứu: {dossier.lookup_secret}" in text
    assert "NGƯỜI TIẾP NHẬN" in text


@pytest.mark.django_db
def test_signature_block_moves_whole_to_the_next_page_when_the_list_is_long(walk_in, desk):
    desk.full_name = "Trần Văn Bình"
    desk.save()
    names = [f"{name} ({n})" for n in range(2) for name in LONG_NAMES]
    content = render_pdf("receipt", walk_in([{"name": name, "originals": 1, "copies": 0} for name in names]))
    pages = pdf_text(content).split("\f")
    with_signature = [page for page in pages if "NGƯỜI TIẾP NHẬN" in page]
    assert len(with_signature) == 1
    page = with_signature[0]
    assert "Trần Văn Bình" in page and "Mã tra cứu: " in page and "Quét mã để tra cứu" in page
