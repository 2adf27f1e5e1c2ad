"""The officials' API (/api/v1/desk/): scoped queue, dossier, actions, intake, consultations."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.desk.models import DeskIntake, ScannedFile
from motcua.dossiers import workflow
from motcua.dossiers.audit import READ
from motcua.dossiers.models import AuditEvent, Consultation, Dossier
from motcua.dossiers.tests.conftest import make_official

from .conftest import local

QUEUE = "/api/v1/desk/dossiers/"
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


def detail_url(dossier) -> str:
    return f"{QUEUE}{dossier.pk}/"


def act(client, dossier, action, *, version=None, key=None, **data):
    headers = {"Idempotency-Key": key} if key else {}
    return client.post(
        f"{QUEUE}{dossier.pk}/actions/{action}/",
        json.dumps({"expected_version": dossier.version if version is None else version, **data}),
        content_type="application/json", headers=headers,
    )


def codes(response) -> list:
    assert response.status_code == 200, response.content[:300]
    return [row["code"] or row["id"] for row in response.json()["results"]]


@pytest.mark.django_db
def test_desk_officer_of_ward_a_lists_only_ward_a_dossiers_and_gets_404_on_ward_b(
    client, desk_a, desk_b, procedure_a, procedure_b, accepted_dossier
):
    mine = accepted_dossier(procedure_a, desk_a)
    theirs = accepted_dossier(procedure_b, desk_b)
    client.force_login(desk_a)

    assert codes(client.get(QUEUE)) == [mine.code]
    response = client.get(detail_url(theirs))
    assert response.status_code == 404
    assert response.json()["detail"] == "Không có hồ sơ này trong phạm vi bạn được xem."
    assert act(client, theirs, "start_step").status_code == 404
    assert not AuditEvent.objects.filter(dossier=theirs, action=READ).exists()


@pytest.mark.django_db
def test_anonymous_gets_401_and_a_citizen_gets_403_in_vietnamese(client, citizen):
    anonymous = client.get(QUEUE)
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"].startswith("Bearer")
    assert "đăng nhập" in anonymous.json()["detail"]

    client.force_login(citizen)
    response = client.get(QUEUE)
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Chỉ cán bộ, công chức")


@pytest.mark.django_db
def test_accept_through_the_api_gives_a_code_a_due_date_and_an_audit_event(
    client, desk_a, procedure_a, online_dossier, ward_a
):
    dossier = online_dossier(procedure_a)
    client.force_login(desk_a)

    response = act(client, dossier, "accept")

    assert response.status_code == 200, response.content
    body = response.json()
    dossier.refresh_from_db()
    assert body["status"] == "received" and body["code"] == dossier.code
    assert body["code"].startswith(ward_a[0].code) and body["version"] == dossier.version
    assert body["due_at"] is not None
    event = AuditEvent.objects.get(dossier=dossier, action="accept")
    assert event.actor == desk_a and event.details["code"] == dossier.code


@pytest.mark.django_db
def test_stale_version_is_409_with_the_current_state_and_changes_nothing(
    client, desk_a, procedure_a, online_dossier
):
    dossier = online_dossier(procedure_a)
    shown = dossier.version
    workflow.request_supplement(
        dossier, by=desk_a, expected_version=shown, missing_items=["Giấy chứng sinh"]
    )
    client.force_login(desk_a)

    response = act(client, dossier, "accept", version=shown)

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "stale"
    assert body["detail"].startswith("Hồ sơ đã được người khác cập nhật")
    assert body["current"] == {
        "status": "waiting_supplement", "status_label": "Chờ bổ sung hồ sơ", "version": shown + 1,
    }
    dossier.refresh_from_db()
    assert dossier.status == "waiting_supplement" and dossier.code is None
    assert not AuditEvent.objects.filter(dossier=dossier, action="accept").exists()


@pytest.mark.django_db
def test_a_specialist_cannot_approve_the_forged_action_is_403_and_the_leader_can(
    client, desk_a, specialist_a, leader_a, procedure_a, accepted_dossier
):
    dossier = accepted_dossier(procedure_a, desk_a)
    workflow.start_step(dossier, by=specialist_a, expected_version=dossier.version)
    workflow.propose(dossier, by=specialist_a, expected_version=dossier.version)
    client.force_login(specialist_a)
    detail = client.get(detail_url(dossier)).json()
    assert "approve" not in [a["action"] for a in detail["actions"]]

    response = act(client, dossier, "approve")

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert "Vai trò của bạn không được phép" in response.json()["detail"]
    dossier.refresh_from_db()
    assert dossier.status == "in_processing"
    client.force_login(leader_a)
    assert act(client, dossier, "approve").json()["status"] == "resolved"


@pytest.mark.django_db
def test_an_action_not_possible_in_this_status_is_409_and_an_unknown_one_404(
    client, desk_a, procedure_a, accepted_dossier
):
    dossier = accepted_dossier(procedure_a, desk_a)
    client.force_login(desk_a)

    response = act(client, dossier, "accept")
    assert response.status_code == 409
    assert response.json()["code"] == "not_allowed"
    assert "Không thể thực hiện «Tiếp nhận hồ sơ»" in response.json()["detail"]
    assert act(client, dossier, "submit").status_code == 404
    assert act(client, dossier, "khong-co").status_code == 404


@pytest.mark.django_db
def test_double_post_with_the_same_idempotency_key_applies_once(
    client, desk_a, procedure_a, online_dossier
):
    dossier = online_dossier(procedure_a)
    client.force_login(desk_a)

    first = act(client, dossier, "accept", key="nhan-1")
    again = act(client, dossier, "accept", key="nhan-1")

    assert first.status_code == again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert AuditEvent.objects.filter(dossier=dossier, action="accept").count() == 1
    other = act(client, dossier, "start_step", key="nhan-1")
    assert other.status_code == 400 and other.json()["code"] == "idempotency_key_reused"


@pytest.mark.django_db
def test_same_key_and_action_with_another_body_is_refused_not_replayed(
    client, desk_a, procedure_a, online_dossier
):
    dossier = online_dossier(procedure_a)
    client.force_login(desk_a)

    first = act(client, dossier, "refuse", key="tu-choi-1", reason="Không thuộc thẩm quyền")
    other = act(client, dossier, "refuse", key="tu-choi-1", version=dossier.version, reason="Lý do khác")

    assert first.status_code == 200
    assert other.status_code == 400 and other.json()["code"] == "idempotency_key_reused"
    event = AuditEvent.objects.get(dossier=dossier, action="refuse")
    assert event.details["reason"] == "Không thuộc thẩm quyền"
    # The very same request (the same version it was sent with) is still a replay.
    again = act(client, dossier, "refuse", key="tu-choi-1", version=dossier.version, reason="Không thuộc thẩm quyền")
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"


@pytest.mark.django_db
def test_missing_and_malformed_details_are_400_with_vietnamese_messages_per_field(
    client, desk_a, procedure_a, online_dossier
):
    dossier = online_dossier(procedure_a)
    client.force_login(desk_a)

    no_reason = act(client, dossier, "refuse", reason="  ")
    assert no_reason.status_code == 400
    assert no_reason.json()["errors"] == {"reason": ["Vui lòng nhập lý do."]}
    no_items = act(client, dossier, "request_supplement")
    assert list(no_items.json()["errors"]) == ["missing_items"]
    assert no_items.json()["errors"]["missing_items"][0].startswith("Vui lòng liệt kê đầy đủ")
    bad_version = act(client, dossier, "accept", version="mới nhất")
    assert bad_version.status_code == 400
    assert bad_version.json()["errors"]["expected_version"] == ["Cần một số nguyên hợp lệ."]
    dossier.refresh_from_db()
    assert dossier.status == "submitted"


@pytest.mark.django_db
def test_supplement_request_takes_a_list_and_the_page_s_one_item_per_line(
    client, desk_a, procedure_a, online_dossier
):
    client.force_login(desk_a)
    listed = online_dossier(procedure_a)
    lines = online_dossier(procedure_a)

    assert act(client, listed, "request_supplement", missing_items=["Giấy chứng sinh", "Tờ khai"]).status_code == 200
    assert act(client, lines, "request_supplement", missing_items="Giấy chứng sinh\nTờ khai").status_code == 200
    for dossier in (listed, lines):
        event = AuditEvent.objects.get(dossier=dossier, action="request_supplement")
        assert event.details["missing_items"] == ["Giấy chứng sinh", "Tờ khai"]


@pytest.mark.django_db
def test_detail_shows_version_steps_actions_history_and_logs_each_read(
    client, desk_a, leader_a, specialist_a, procedure_a, accepted_dossier
):
    dossier = accepted_dossier(procedure_a, desk_a)
    client.force_login(leader_a)

    body = client.get(detail_url(dossier)).json()
    client.get(detail_url(dossier))

    assert body["version"] == dossier.version and body["status"] == "received"
    assert body["steps"] == [{"order": 1, "name": "Thẩm định hồ sơ", "role": "specialist", "current": False}]
    assign = next(a for a in body["actions"] if a["action"] == "assign")
    assert assign["fields"] == ["assignee"]
    assert assign["url"] == f"{QUEUE}{dossier.pk}/actions/assign/"
    assert {"id": specialist_a.pk, "name": specialist_a.username} in assign["assignees"]
    assert [line["what"] for line in body["history"]][:2] == ["Nộp hồ sơ", "Tiếp nhận hồ sơ"]
    assert body["documents"][0] == {"kind": "receipt", "url": f"{QUEUE}{dossier.pk}/documents/receipt/"}
    assert AuditEvent.objects.filter(dossier=dossier, action=READ, actor=leader_a).count() == 2


@pytest.mark.django_db
def test_queue_filters_by_tab_search_procedure_and_status_with_urgency(
    client, desk_a, procedure_a, online_dossier, accepted_dossier, frozen
):
    late = accepted_dossier(procedure_a, desk_a, received=local(2026, 3, 2, 9, 0), name="Lê Văn Muộn")
    soon = accepted_dossier(procedure_a, desk_a, received=local(2026, 3, 6, 9, 0), name="Phạm Thị Sớm")
    waiting = online_dossier(procedure_a, name="Đỗ Chờ")
    client.force_login(desk_a)

    rows = client.get(QUEUE).json()["results"]
    assert [r["id"] for r in rows] == [late.pk, soon.pk, waiting.pk]
    assert [r["urgency"] and r["urgency"]["state"] for r in rows] == ["late", "due-soon", None]
    assert rows[0]["procedure_code"] == procedure_a.code and rows[0]["version"] == late.version
    assert codes(client.get(QUEUE, {"tab": "qua-han"})) == [late.code]
    assert codes(client.get(QUEUE, {"tab": "cho-tiep-nhan"})) == [waiting.pk]
    assert codes(client.get(QUEUE, {"search": "Sớm"})) == [soon.code]
    assert codes(client.get(QUEUE, {"search": "pham thi som"})) == [soon.code]  # no diacritics
    assert codes(client.get(QUEUE, {"search": "LÊ VĂN"})) == [late.code]
    assert codes(client.get(QUEUE, {"search": "-260302-"})) == [late.code]
    assert codes(client.get(QUEUE, {"status": "submitted"})) == [waiting.pk]
    assert codes(client.get(QUEUE, {"procedure": "khong-co"})) == []
    bad = client.get(QUEUE, {"tab": "khong-co"})
    assert bad.status_code == 400 and "tab" in bad.json()["errors"]


@pytest.mark.django_db
def test_queue_query_count_is_the_same_for_5_and_30_dossiers(
    client, desk_a, procedure_a, accepted_dossier, django_assert_max_num_queries
):
    client.force_login(desk_a)
    for n in range(5):
        accepted_dossier(procedure_a, desk_a, name=f"Người nộp {n}")
    client.get(QUEUE)  # warm the calendar cache of this process
    with django_assert_max_num_queries(15) as few:
        assert len(client.get(QUEUE, {"page_size": 100}).json()["results"]) == 5
    count = len(few.captured_queries)
    for n in range(25):
        accepted_dossier(procedure_a, desk_a, name=f"Người nộp thêm {n}")
    with django_assert_max_num_queries(count):
        response = client.get(QUEUE, {"page_size": 100})
    assert len(response.json()["results"]) == 30


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _intake(client, procedure, key="tiep-nhan-1", **overrides):
    data = {
        "procedure_id": procedure.pk, "applicant_name": "Trần Thị Bích", "channel": "desk",
        "applicant_phone": "0912 345 678",
        "documents": [str(d.pk) for d in procedure.documents.all()], "outcome": "accept",
        "scans": [SimpleUploadedFile("to-khai.pdf", PDF, content_type="application/pdf")],
    }
    data.update(overrides)
    return client.post("/api/v1/desk/intake/", data, headers={"Idempotency-Key": key} if key else {})


@pytest.mark.django_db
def test_walk_in_intake_with_a_scan_is_accepted_once_per_idempotency_key(
    client, desk_a, procedure_a, ward_a, media, frozen
):
    client.force_login(desk_a)
    listed = client.get("/api/v1/desk/procedures/").json()["results"]
    assert [p["id"] for p in listed] == [procedure_a.pk]

    first = _intake(client, procedure_a)
    again = _intake(client, procedure_a)

    assert first.status_code == 201, first.content
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    dossier = Dossier.objects.get()
    assert dossier.status == "received" and dossier.code.startswith(ward_a[1].code)
    assert first["Location"] == detail_url(dossier)
    assert ScannedFile.objects.get().original_name == "to-khai.pdf"
    assert DeskIntake.objects.get().applicant_phone == "0912 345 678"


@pytest.mark.django_db
def test_intake_refuses_a_fake_scan_a_missing_key_and_a_foreign_procedure_per_field(
    client, desk_a, procedure_a, procedure_b, media, frozen
):
    client.force_login(desk_a)
    fake = SimpleUploadedFile("anh.pdf", b"<html>khong phai pdf</html>", content_type="application/pdf")

    bad_scan = _intake(client, procedure_a, scans=[fake])
    assert bad_scan.status_code == 400
    assert "không phải PDF, JPEG hoặc PNG" in bad_scan.json()["errors"]["scans"][0]
    no_reason = _intake(client, procedure_a, key="k2", outcome="refuse")
    assert no_reason.json()["errors"] == {"reason": ["Vui lòng nhập lý do."]}
    foreign = _intake(client, procedure_b, key="k3")
    assert foreign.status_code == 400 and "procedure_id" in foreign.json()["errors"]
    assert _intake(client, procedure_a, key="").json()["code"] == "idempotency_key"
    assert not Dossier.objects.exists()


@pytest.mark.django_db
def test_a_specialist_cannot_receive_a_walk_in_dossier_by_api(client, specialist_a, procedure_a, media, frozen):
    client.force_login(specialist_a)

    response = _intake(client, procedure_a)

    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert not Dossier.objects.exists()


@pytest.fixture
def consulted(procedure_a, desk_a, specialist_a, accepted_dossier):
    """A ward A dossier at a liên thông step (the pages' test fixture, by API)."""
    procedure_a.workflow_steps.update(parallel_group=1)
    dossier = accepted_dossier(procedure_a, desk_a)
    workflow.start_step(dossier, by=specialist_a, expected_version=dossier.version)
    return dossier


@pytest.mark.django_db
def test_handler_asks_by_api_and_the_consulted_ward_lists_reads_and_answers_once(
    client, consulted, specialist_a, desk_a, ward_b
):
    client.force_login(desk_a)
    refused = client.post(
        f"{QUEUE}{consulted.pk}/consultations/",
        {"expected_version": consulted.version, "agencies": [ward_b[0].pk], "question": "Xác nhận cư trú"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    client.force_login(specialist_a)
    asked = client.post(
        f"{QUEUE}{consulted.pk}/consultations/",
        {"expected_version": consulted.version, "agencies": [ward_b[0].pk], "question": "Xác nhận cư trú"},
        content_type="application/json",
    )
    assert asked.status_code == 201, asked.content
    (item,) = asked.json()
    assert item["agency"]["id"] == ward_b[0].pk and item["answered_at"] is None

    answerer = make_official(ward_b[0], "specialist")
    client.force_login(answerer)
    assert [c["id"] for c in client.get("/api/v1/desk/consultations/").json()["results"]] == [item["id"]]
    assert client.get(detail_url(consulted)).status_code == 404
    assert client.get(f"/api/v1/desk/consultations/{item['id']}/").json()["question"] == "Xác nhận cư trú"
    assert AuditEvent.objects.filter(dossier=consulted, action=READ, actor=answerer).count() == 1
    url = f"/api/v1/desk/consultations/{item['id']}/answer/"
    empty = client.post(url, {"answer": " "}, content_type="application/json")
    assert empty.status_code == 400 and empty.json()["errors"]["answer"] == ["Vui lòng nhập ý kiến trả lời."]
    answered = client.post(url, {"answer": "Đúng"}, content_type="application/json")
    assert answered.status_code == 200 and answered.json()["answer"] == "Đúng"
    assert client.post(url, {"answer": "Lần hai"}, content_type="application/json").status_code == 409
    assert Consultation.objects.get().answer == "Đúng"


@pytest.mark.django_db
def test_receipt_slip_downloads_as_pdf_and_is_logged_as_a_read(
    client, desk_a, procedure_a, accepted_dossier
):
    dossier = accepted_dossier(procedure_a, desk_a)
    client.force_login(desk_a)

    response = client.get(f"{QUEUE}{dossier.pk}/documents/receipt/")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.get(dossier=dossier, action=READ).details == {"purpose": "document:receipt"}
    assert client.get(f"{QUEUE}{dossier.pk}/documents/apology/").status_code == 404


@pytest.mark.django_db
def test_schema_lists_the_desk_paths_and_the_integration_bearer_scheme(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()

    for path in (
        "/api/v1/desk/dossiers/", "/api/v1/desk/dossiers/{id}/", "/api/v1/desk/dossiers/{id}/actions/{action}/",
        "/api/v1/desk/intake/", "/api/v1/desk/dossiers/{id}/consultations/",
        "/api/v1/desk/consultations/{id}/answer/",
    ):
        assert path in schema["paths"], path
    scheme = schema["components"]["securitySchemes"]["integrationToken"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    action = schema["paths"]["/api/v1/desk/dossiers/{id}/actions/{action}/"]["post"]
    assert {"integrationToken": []} in action["security"]
    assert {"400", "401", "403", "404", "409"} <= set(action["responses"])
    assert {"integrationToken": []} not in schema["paths"]["/api/v1/my/dossiers/"]["get"]["security"]


def _kinds(client, dossier) -> list[str]:
    response = client.get(detail_url(dossier))
    assert response.status_code == 200, response.content[:300]
    return [link["kind"] for link in response.json()["documents"]]


@pytest.mark.django_db
def test_detail_links_every_slip_whose_act_happened_as_the_page_does(
    client, desk_a, procedure_a, online_dossier, accepted_dossier
):
    submitted = online_dossier(procedure_a)
    supplement = online_dossier(procedure_a)
    workflow.request_supplement(
        supplement, by=desk_a, expected_version=supplement.version, missing_items=["Giấy chứng sinh"]
    )
    refused = online_dossier(procedure_a)
    workflow.refuse(refused, by=desk_a, expected_version=refused.version, reason="Sai thẩm quyền")
    accepted = accepted_dossier(procedure_a, desk_a)
    client.force_login(desk_a)

    assert _kinds(client, submitted) == []
    assert _kinds(client, supplement) == ["supplement_request"]
    assert _kinds(client, refused) == ["refusal"]
    assert _kinds(client, accepted) == ["receipt", "control_sheet"]
    response = client.get(f"{QUEUE}{supplement.pk}/documents/supplement_request/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert client.get(f"{QUEUE}{refused.pk}/documents/refusal/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind, message",
    [
        ("receipt", "Hồ sơ chưa được tiếp nhận nên chưa có giấy tiếp nhận hồ sơ và hẹn trả kết quả."),
        ("refusal", "Hồ sơ không bị từ chối nên không có phiếu từ chối tiếp nhận, giải quyết hồ sơ."),
        ("stop_notice", "Hồ sơ chưa bị rút nên không có thông báo dừng giải quyết hồ sơ."),
        ("control_sheet", "Hồ sơ chưa được tiếp nhận nên chưa có phiếu kiểm soát quá trình giải quyết hồ sơ."),
    ],
)
def test_slip_whose_act_did_not_happen_is_a_404_json_with_the_vietnamese_reason(
    client, desk_a, procedure_a, online_dossier, kind, message
):
    dossier = online_dossier(procedure_a)
    client.force_login(desk_a)

    response = client.get(f"{QUEUE}{dossier.pk}/documents/{kind}/")

    assert response.status_code == 404
    assert response.json() == {"detail": message, "code": "not_issued"}
    assert not AuditEvent.objects.filter(dossier=dossier, action=READ).exists()


@pytest.mark.django_db
def test_schema_offers_every_slip_kind_for_download(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    download = schema["paths"]["/api/v1/desk/dossiers/{id}/documents/{kind}/"]["get"]
    kind = next(p for p in download["parameters"] if p["name"] == "kind")
    assert set(kind["schema"]["enum"]) == {
        "receipt", "supplement_request", "refusal", "apology", "stop_notice", "control_sheet",
    }
    assert "not_issued" in download["responses"]["404"]["description"]
