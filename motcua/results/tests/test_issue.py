"""Issuing the electronic result: the PDF the applicant holds, its code, hash and QR code."""

import hashlib

import pytest

from motcua.dossiers.models import Status
from motcua.dossiers.tests.conftest import TO_PROPOSED
from motcua.results.issue import (
    AlreadyIssued,
    ResultError,
    current_for,
    issue_result,
    revoke_result,
)
from motcua.results.models import (
    CODE_ALPHABET,
    ElectronicResult,
    ImmutableResult,
    ResultStatus,
    normalize_code,
)

from .conftest import pdf_qr_codes, pdf_text

HEADING = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def _flat(text: str) -> str:
    return " ".join(text.split())


def stored_bytes(result: ElectronicResult) -> bytes:
    with result.file.open("rb") as handle:
        return handle.read()


def media_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.mark.django_db
def test_result_pdf_shows_heading_agency_title_applicant_code_and_signature(issued, resolved):
    text = _flat(pdf_text(stored_bytes(issued)))
    for line in HEADING:
        assert line in text
    assert "ỦY BAN NHÂN DÂN PHƯỜNG KIM LIÊN" in text.upper()
    assert "GIẤY CHỨNG NHẬN ĐĂNG KÝ HỘ KINH DOANH" in text
    assert "Số: 125/GCN" in text
    assert "Nguyễn Thị Ánh" in text
    assert resolved.code in text
    assert "ĐÃ KÝ ĐIỆN TỬ" in text
    assert "Kim Liên, ngày" in text
    assert f"Mã xác minh: {issued.printed_code}" in text


@pytest.mark.django_db
def test_result_qr_code_opens_the_public_verification_page(resolved, leader, settings):
    settings.MOTCUA_PUBLIC_URL = "https://dichvucong.dongda.example/"
    result = issue_result(resolved, leader)
    assert pdf_qr_codes(stored_bytes(result)) == [
        f"https://dichvucong.dongda.example/ket-qua-dien-tu/xac-minh/{result.code}/"
    ]


@pytest.mark.django_db
def test_stored_hash_is_the_sha256_of_the_exact_bytes_issued(issued):
    content = stored_bytes(issued)
    assert issued.sha256 == hashlib.sha256(content).hexdigest()
    assert issued.size == len(content)
    assert content.startswith(b"%PDF")


@pytest.mark.django_db
def test_code_is_twelve_unambiguous_characters_and_typed_lowercase_with_dashes_finds_it(issued):
    assert len(issued.code) == 12
    assert set(issued.code) <= set(CODE_ALPHABET)
    assert not set(issued.code) & set("ILOU")
    typed = "-".join(issued.code[i:i + 4] for i in (0, 4, 8)).lower()
    assert normalize_code(typed) == issued.code
    assert normalize_code("O0O0-I1L1-2345") == "00001111" + "2345"
    assert normalize_code("short") is None
    assert normalize_code("ABCD-EFGH-234U") is None


@pytest.mark.django_db
def test_title_defaults_to_the_procedure_result_and_agency_is_the_competent_one(issued, resolved):
    assert issued.title == "Giấy chứng nhận đăng ký hộ kinh doanh"
    assert issued.issuing_agency_id == resolved.competent_agency_id
    assert issued.sequence == 1


@pytest.mark.django_db
def test_issuing_does_not_change_the_dossier_status(issued, resolved):
    resolved.refresh_from_db()
    assert resolved.status == Status.RESOLVED


@pytest.mark.django_db
def test_reissue_supersedes_the_previous_result_which_is_kept(issued, resolved, leader):
    second = issue_result(resolved, leader, title="Giấy chứng nhận (cấp lại do sai sót)")
    issued.refresh_from_db()
    assert issued.status == ResultStatus.SUPERSEDED
    assert issued.superseded_by == second
    assert second.sequence == 2 and second.status == ResultStatus.VALID
    assert current_for(resolved) == second
    assert ElectronicResult.objects.filter(dossier=resolved).count() == 2


@pytest.mark.django_db
def test_double_click_with_the_same_form_issues_once(resolved, leader, media):
    first = issue_result(resolved, leader, expected_sequence=0)
    with pytest.raises(AlreadyIssued) as caught:
        issue_result(resolved, leader, expected_sequence=0)
    assert caught.value.result == first
    assert ElectronicResult.objects.filter(dossier=resolved).count() == 1
    assert len(media_files(media)) == 1


@pytest.mark.django_db
def test_a_concurrent_issue_that_loses_the_race_leaves_no_file(resolved, leader, media, monkeypatch):
    from motcua.results import issue as issuing

    winner = {}
    real_render = issuing.render_result_pdf

    def render_while_another_official_issues(*args, **kwargs):
        content = real_render(*args, **kwargs)
        if not winner:
            monkeypatch.setattr(issuing, "render_result_pdf", real_render)
            winner["result"] = issue_result(resolved, leader)
        return content

    monkeypatch.setattr(issuing, "render_result_pdf", render_while_another_official_issues)
    with pytest.raises(AlreadyIssued) as caught:
        issue_result(resolved, leader)
    assert caught.value.result == winner["result"]
    assert ElectronicResult.objects.filter(dossier=resolved).count() == 1
    assert [path.name for path in media_files(media)] == [winner["result"].file.name.rsplit("/", 1)[-1]]


@pytest.mark.django_db
def test_dossier_not_yet_resolved_gets_no_result_and_no_file(make_dossier, walk, leader, media):
    dossier = walk(make_dossier(), *TO_PROPOSED)
    with pytest.raises(ResultError) as caught:
        issue_result(dossier, leader)
    assert "Đã có kết quả" in str(caught.value)
    assert not ElectronicResult.objects.exists()
    assert media_files(media) == []


@pytest.mark.django_db
def test_a_failed_write_removes_the_stored_file(resolved, leader, media, monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ElectronicResult, "save", broken_save)
    with pytest.raises(RuntimeError):
        issue_result(resolved, leader)
    assert media_files(media) == []


@pytest.mark.django_db
def test_issued_result_cannot_be_edited_or_deleted(issued):
    issued.title = "Sửa lại"
    with pytest.raises(ImmutableResult):
        issued.save()
    with pytest.raises(ImmutableResult):
        issued.save(update_fields=["title"])
    with pytest.raises(ImmutableResult):
        issued.delete()
    issued.refresh_from_db()
    assert issued.title == "Giấy chứng nhận đăng ký hộ kinh doanh"


@pytest.mark.django_db
def test_revoked_result_is_no_longer_current_and_needs_a_reason(issued, resolved, leader):
    with pytest.raises(ResultError):
        revoke_result(issued, leader, reason="  ")
    revoked = revoke_result(issued, leader, reason="Ghi sai ngày sinh")
    assert revoked.status == ResultStatus.REVOKED
    assert current_for(resolved) is None
    again = issue_result(resolved, leader)
    revoked.refresh_from_db()
    assert again.sequence == 2
    assert revoked.status == ResultStatus.REVOKED  # a revoked result stays revoked
    assert current_for(resolved) == again


@pytest.mark.django_db
def test_citizen_cannot_revoke_a_result(issued, citizen):
    with pytest.raises(ResultError):
        revoke_result(issued, citizen, reason="Tôi không đồng ý")
    issued.refresh_from_db()
    assert issued.status == ResultStatus.VALID


@pytest.mark.django_db
def test_body_context_adds_paragraphs_to_the_document(resolved, leader):
    result = issue_result(
        resolved, leader, body_context={"paragraphs": ["Ngành nghề kinh doanh: bán lẻ tạp hóa."]}
    )
    assert "Ngành nghề kinh doanh: bán lẻ tạp hóa." in _flat(pdf_text(stored_bytes(result)))
