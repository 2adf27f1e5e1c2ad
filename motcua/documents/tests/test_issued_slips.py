"""A slip exists once its act happened: 404 with a Vietnamese message before, the right
receiver on the control sheet, and an apology the late agency signs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.catalog.tests.factories import make_agency
from motcua.documents.handovers import hand_overs
from motcua.documents.render import render_pdf
from motcua.dossiers import workflow
from motcua.dossiers.models import AuditEvent, Channel
from motcua.dossiers.tests.conftest import TO_RECEIVED, TO_SUBMITTED, local, make_official
from motcua.units.models import Membership, Position, Role

from .conftest import pdf_text


def _url(dossier, kind):
    return reverse("documents:dossier", kwargs={"pk": dossier.pk, "kind": kind})


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def submitted(make_dossier, walk, clock):
    clock.set(local(2026, 3, 10, 9, 0))
    return walk(make_dossier(applicant_name="Nguyễn Thị Ánh"), *TO_SUBMITTED)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind, message",
    [
        ("receipt", "Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận hồ sơ và hẹn trả kết quả."),
        ("refusal", "Hồ sơ không bị từ chối nên không có phiếu từ chối tiếp nhận, giải quyết hồ sơ."),
        ("supplement_request", "Hồ sơ chưa từng được yêu cầu bổ sung, hoàn thiện"),
        ("apology", "Cơ quan chưa xin lỗi và hẹn lại ngày trả kết quả cho hồ sơ này"),
        ("control_sheet", "Hồ sơ chưa được tiếp nhận nên chưa có phiếu kiểm soát"),
        ("stop_notice", "Hồ sơ chưa bị rút nên không có thông báo dừng giải quyết hồ sơ."),
    ],
)
def test_slip_of_an_act_that_did_not_happen_is_a_vietnamese_404(client, submitted, desk, kind, message):
    client.force_login(desk)
    response = client.get(_url(submitted, kind))
    assert response.status_code == 404
    assert message in response.content.decode()
    assert not AuditEvent.objects.filter(dossier=submitted, action="read").exists()


@pytest.mark.django_db
def test_refusal_of_a_dossier_waiting_for_a_supplement_is_404_and_its_supplement_request_is_served(
    client, submitted, walk, desk
):
    walk(submitted, ("request_supplement", "desk", {"missing_items": ["Giấy chứng sinh"]}))
    client.force_login(desk)
    assert client.get(_url(submitted, "refusal")).status_code == 404
    assert client.get(_url(submitted, "receipt")).status_code == 404
    response = client.get(_url(submitted, "supplement_request"))
    assert response.status_code == 200
    assert "Giấy chứng sinh" in _flat(pdf_text(response.content))


@pytest.mark.django_db
def test_refused_dossier_serves_its_refusal_with_the_reason(client, submitted, walk, desk):
    walk(submitted, ("refuse", "desk", {"reason": "Không thuộc thẩm quyền của phường"}))
    client.force_login(desk)
    response = client.get(_url(submitted, "refusal"))
    assert response.status_code == 200
    assert "Không thuộc thẩm quyền của phường" in _flat(pdf_text(response.content))


@pytest.mark.django_db
def test_received_dossier_serves_its_receipt_and_control_sheet(client, submitted, walk, desk):
    walk(submitted, ("accept", "desk"))
    client.force_login(desk)
    assert client.get(_url(submitted, "receipt")).status_code == 200
    assert client.get(_url(submitted, "control_sheet")).status_code == 200
    assert client.get(_url(submitted, "apology")).status_code == 404


@pytest.fixture
def same_day(procedure):
    """A procedure resolved at the desk itself (no internal steps)."""
    procedure.workflow_steps.all().delete()
    return procedure


@pytest.mark.django_db
def test_control_sheet_names_the_applicant_as_receiver_of_the_result(
    make_dossier, walk, clock, desk, specialist, leader, same_day
):
    specialist.full_name = "Lê Thị Cúc"
    specialist.save()
    desk.full_name = "Trần Văn Bình"
    desk.save()
    clock.set(local(2026, 3, 10, 9, 0))
    dossier = walk(make_dossier(applicant_name="Nguyễn Thử Nghiệm"), *TO_RECEIVED)
    workflow.assign(dossier, by=leader, expected_version=dossier.version, assignee=specialist)
    walk(dossier, ("resolve", "specialist"), ("return_result", "desk", {"channel": Channel.DESK}))

    last = hand_overs(dossier)[-1]

    assert (last.action, last.handed_by, last.taken_by) == ("Trả kết quả", "Trần Văn Bình", "Nguyễn Thử Nghiệm")
    rows = [_flat(row) for row in pdf_text(render_pdf("control_sheet", dossier), layout=True).splitlines()]
    assert any(row.startswith("Trả kết quả") and "Nguyễn Thử" in row for row in rows)
    assert not any(row.startswith("Trả kết quả") and "Lê Thị" in row for row in rows)


@pytest.mark.django_db
def test_control_sheet_says_nguoi_nop_when_the_applicant_has_no_name(make_dossier, walk, clock, same_day):
    clock.set(local(2026, 3, 10, 9, 0))
    dossier = make_dossier(channel=Channel.DESK, applicant=None, applicant_name="")
    walk(dossier, ("submit", "desk"), ("accept", "desk"), ("resolve", "desk"),
         ("return_result", "desk", {"channel": Channel.DESK}))
    assert hand_overs(dossier)[-1].taken_by == "Người nộp"


@pytest.fixture
def late(make_dossier, walk, clock, procedure):
    """A dossier received at a ward's desk, handled by the ward's People's Committee, late."""
    procedure.agencies.add(competent := make_agency(name="Ủy ban nhân dân phường Kim Liên", code="000.99.35.H26"))
    clock.set(local(2026, 3, 10, 9, 0))
    dossier = make_dossier(applicant_name="Nguyễn Thị Ánh")
    dossier.receiving_agency.name = "Bộ phận một cửa phường Kim Liên"
    dossier.receiving_agency.save()
    walk(dossier, *TO_RECEIVED)
    dossier.competent_agency = competent
    dossier.save(update_fields=["competent_agency"])
    clock.set(local(2026, 3, 16, 9, 0))  # due 13/03: late
    return dossier


def _apologise(dossier, by):
    workflow.apologise(
        dossier, by=by, expected_version=dossier.version, reason="Chờ xác minh hộ tịch",
        new_due_at="2026-03-18T16:30",
    )
    return _flat(pdf_text(render_pdf("apology", dossier)))


@pytest.mark.django_db
def test_apology_is_signed_by_the_head_of_the_late_agency_not_the_receiving_officer(late):
    head = make_official(late.competent_agency, Role.LEADER)
    head.full_name = "Phạm Minh Đức"
    head.save()
    Membership.objects.filter(user=head).update(position=Position.HEAD, title="Chủ tịch")

    text = _apologise(late, head)

    assert "NGƯỜI TIẾP NHẬN" not in text
    assert "CHỦ TỊCH (Ký, ghi rõ họ tên và đóng dấu)" in text
    assert "Phạm Minh Đức" in text
    assert "Kính gửi: Nguyễn Thị Ánh" in text
    # Issued under the heading of the agency that is late, which apologises in its own name.
    assert "ỦY BAN NHÂN DÂN PHƯỜNG KIM LIÊN" in text.upper().split("CỘNG HÒA")[0]
    assert "Ủy ban nhân dân phường Kim Liên xin lỗi ông/bà" in text
    assert "Bộ phận một cửa" not in text


@pytest.mark.django_db
def test_apology_by_a_deputy_is_signed_on_behalf_of_the_head(late):
    deputy = make_official(late.competent_agency, Role.LEADER)
    Membership.objects.filter(user=deputy).update(position=Position.DEPUTY, title="Phó Chủ tịch")
    text = _apologise(late, deputy)
    assert "KT. THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ PHÓ CHỦ TỊCH" in text


@pytest.mark.django_db
def test_apology_drawn_up_by_the_assigned_specialist_leaves_the_signature_to_the_head(late, leader):
    specialist = make_official(late.competent_agency, Role.SPECIALIST)
    specialist.full_name = "Lê Thị Cúc"
    specialist.save()
    Membership.objects.create(user=leader, agency=late.competent_agency, role=Role.LEADER)
    workflow.assign(late, by=leader, expected_version=late.version, assignee=specialist)

    text = _apologise(late, specialist)

    assert "NGƯỜI TIẾP NHẬN" not in text
    assert "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ (Ký, ghi rõ họ tên và đóng dấu)" in text
    assert "Người lập: Lê Thị Cúc" in text
