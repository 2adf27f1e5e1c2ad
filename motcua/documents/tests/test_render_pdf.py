"""Each slip, rendered to PDF and read back with poppler: what the applicant holds in hand."""

import subprocess

import pytest

from motcua.catalog.models import RequiredDocument
from motcua.documents.render import html_to_pdf, qr_svg_data_uri, render_pdf
from motcua.dossiers.models import Channel
from motcua.dossiers.tests.conftest import TO_RECEIVED, TO_SUBMITTED, local

from .conftest import pdf_qr_codes, pdf_text

HEADING = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@pytest.fixture
def received(make_dossier, walk, clock, procedure, agency):
    RequiredDocument.objects.create(
        procedure=procedure, order=1, name="Tờ khai đăng ký khai sinh", originals=1, copies=0
    )
    RequiredDocument.objects.create(
        procedure=procedure, order=2, name="Giấy chứng sinh", originals=0, copies=2
    )
    unit = agency.unit
    unit.name = "Phường Kim Liên"
    unit.save()
    clock.set(local(2026, 3, 10, 9, 0))
    return walk(make_dossier(applicant_name="Nguyễn Thị Ánh"), *TO_RECEIVED)


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.django_db
def test_receipt_pdf_shows_heading_code_applicant_appointment_and_title(received):
    text = _flat(pdf_text(render_pdf("receipt", received)))
    for line in HEADING:
        assert line in text
    assert received.code in text
    assert "Nguyễn Thị Ánh" in text
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "Thông tư số 03/2025/TT-VPCP" in text
    local_due = received.due_at.astimezone(local(2026, 1, 1).tzinfo)
    assert f"{local_due:%H} giờ {local_due:%M} phút, ngày {local_due:%d/%m/%Y}" in text
    assert "Kim Liên, ngày" in text  # the place is the ward's name without "Phường"


@pytest.mark.django_db
def test_receipt_lists_the_documents_received_with_originals_and_copies(received):
    from motcua.desk.models import DeskIntake

    DeskIntake.objects.create(
        key="k-2", dossier=received,
        documents_received=[
            {"name": "Tờ khai đăng ký khai sinh", "originals": 1, "copies": 0},
            {"name": "Giấy chứng sinh", "originals": 0, "copies": 2},
        ],
    )
    text = pdf_text(render_pdf("receipt", received), layout=True)
    rows = [" ".join(line.split()) for line in text.splitlines()]
    assert any(row.endswith("Tờ khai đăng ký khai sinh 1 0") for row in rows)
    assert any(row.endswith("Giấy chứng sinh 0 2") for row in rows)


@pytest.mark.django_db
def test_receipt_prefers_the_documents_the_dossier_records(received):
    own = [{"name": "Bản sao giấy đăng ký kết hôn", "originals": 0, "copies": 1}]
    text = _flat(pdf_text(render_pdf("receipt", received, extra={"documents": own})))
    assert "Bản sao giấy đăng ký kết hôn" in text
    assert "Giấy chứng sinh" not in text


@pytest.mark.django_db
def test_receipt_qr_code_decodes_to_the_public_tracking_link(received):
    codes = pdf_qr_codes(render_pdf("receipt", received, base_url="https://motcua.example.vn/"))
    assert codes == [
        f"https://motcua.example.vn/tra-cuu/?ma={received.code}&bi-mat={received.lookup_secret}"
    ]


@pytest.mark.django_db
def test_qr_uses_the_configured_public_url_by_default(received, settings):
    settings.MOTCUA_PUBLIC_URL = "https://dichvucong.dongda.example"
    codes = pdf_qr_codes(render_pdf("receipt", received))
    assert codes[0].startswith("https://dichvucong.dongda.example/tra-cuu/?ma=")


def test_qr_of_short_text_is_a_full_qr_code_that_zbar_reads():
    # segno.make would pick a Micro QR for such short data, which zbar and phones cannot read.
    content = html_to_pdf(f'<img src="{qr_svg_data_uri("HS-001")}" style="width:40mm">')
    assert pdf_qr_codes(content) == ["HS-001"]


@pytest.mark.django_db
def test_receipt_embeds_a_times_metric_serif_font(received):
    fonts = subprocess.run(
        ["pdffonts", "-"], input=render_pdf("receipt", received), capture_output=True, check=True
    ).stdout.decode()
    assert "Liberation-Serif" in fonts  # needs fonts-liberation2 installed


@pytest.mark.django_db
def test_receipt_is_dated_the_day_of_receipt(received, clock):
    text = _flat(pdf_text(render_pdf("receipt", received)))
    assert "ngày 10 tháng 03 năm 2026" in text


@pytest.mark.django_db
def test_supplement_request_lists_every_missing_item(make_dossier, walk, clock):
    clock.set(local(2026, 3, 10, 9, 0))
    dossier = walk(
        make_dossier(applicant_name="Trần Văn Đức"), *TO_SUBMITTED,
        ("request_supplement", "desk", {"missing_items": ["Giấy chứng sinh", "Bản sao CCCD của mẹ"]}),
    )
    text = _flat(pdf_text(render_pdf("supplement_request", dossier)))
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Trần Văn Đức" in text
    assert "Bản sao CCCD của mẹ" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text


@pytest.mark.django_db
def test_refusal_states_the_reason(received, walk, clock):
    dossier = walk(
        received, ("start_step", "specialist"),
    )
    text = _flat(pdf_text(render_pdf("refusal", dossier, extra={"reason": "Hồ sơ không thuộc thẩm quyền"})))
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ" in text
    assert "Hồ sơ không thuộc thẩm quyền" in text
    assert dossier.code in text


@pytest.mark.django_db
def test_apology_gives_the_new_appointment(received):
    new_due = local(2026, 3, 20, 16, 30)
    text = _flat(pdf_text(render_pdf("apology", received, extra={"new_due_at": new_due, "reason": "Chờ xác minh"})))
    assert "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT" in text
    assert "16 giờ 30 phút, ngày 20/03/2026" in text
    assert "Nguyễn Thị Ánh" in text


@pytest.mark.django_db
def test_stop_notice_renders_for_a_2025_dossier(received):
    text = _flat(pdf_text(render_pdf("stop_notice", received, extra={"reason": "Người nộp rút hồ sơ"})))
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text
    assert received.code in text


@pytest.mark.django_db
def test_dossier_received_on_30_june_2025_prints_the_2018_receipt(make_dossier, walk, clock):
    clock.set(local(2025, 6, 30, 9, 0))
    dossier = walk(make_dossier(channel=Channel.DESK), *TO_RECEIVED)
    text = _flat(pdf_text(render_pdf("receipt", dossier)))
    assert "Mẫu số 01 (Thông tư số 01/2018/TT-VPCP)" in text
    apology = _flat(pdf_text(render_pdf("apology", dossier)))
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in apology


@pytest.mark.django_db
def test_dossier_received_on_1_july_2025_prints_the_2025_receipt(make_dossier, walk, clock):
    clock.set(local(2025, 7, 1, 9, 0))
    dossier = walk(make_dossier(channel=Channel.DESK), *TO_RECEIVED)
    text = _flat(pdf_text(render_pdf("receipt", dossier)))
    assert "Mẫu số 01 (Thông tư số 03/2025/TT-VPCP)" in text


@pytest.mark.parametrize(
    "unit_name, place",
    [("Phường Kim Liên", "Kim Liên"), ("Quận Đống Đa", "Đống Đa"), ("Phường 12", "Phường 12"),
     ("Thị trấn Phố Lu", "Phố Lu")],
)
def test_date_line_place_is_the_unit_name_without_its_designation(unit_name, place):
    from types import SimpleNamespace

    from motcua.documents.context import place_name

    agency = SimpleNamespace(unit_id=1, unit=SimpleNamespace(name=unit_name), name="")
    assert place_name(agency) == place


@pytest.mark.django_db
def test_receipt_lists_what_the_desk_recorded_at_receipt(received):
    from motcua.desk.models import DeskIntake

    DeskIntake.objects.create(
        key="k-1", dossier=received,
        documents_received=[{"name": "Tờ khai đăng ký khai sinh", "originals": 1, "copies": 1}],
    )
    rows = [" ".join(line.split()) for line in pdf_text(render_pdf("receipt", received), layout=True).splitlines()]
    assert any(row.endswith("Tờ khai đăng ký khai sinh 1 1") for row in rows)
    assert not any("Giấy chứng sinh" in row for row in rows)
