"""The citizen's journey: start, fill in, attach, review, submit, and the confirmation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.dossiers.models import Channel, Dossier, Status
from motcua.portal.models import AttachedDocument, OnlineApplication

from .apply_fixtures import *  # noqa: F403 (fixtures)
from .apply_fixtures import VALID_POST, pdf_file

pytestmark = pytest.mark.django_db


def start_url(procedure):
    return reverse("portal:apply_start", kwargs={"code": procedure.code})


def start_draft(client, procedure, wards, token="tok-1", **extra):
    response = client.post(start_url(procedure), {"agency": wards[0].pk, "for": "self", "token": token, **extra})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Dossier.objects.get(online__start_key=token)


def test_anonymous_visitor_is_sent_to_login_and_back(client, procedure):
    response = client.get(start_url(procedure))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert "next=/dich-vu-cong/nop/1.001193/" in response.url


def test_citizen_chooses_among_the_wards_that_receive_the_procedure(client, citizen, procedure, wards):
    client.force_login(citizen)
    page = client.get(start_url(procedure)).content.decode()
    assert "Ủy ban nhân dân phường Kim Liên" in page
    assert "Ủy ban nhân dân phường Trung Tự" in page
    assert "Bản thân tôi" in page


def test_starting_creates_an_online_draft_and_opens_its_form(client, citizen, procedure, wards):
    client.force_login(citizen)
    response = client.post(start_url(procedure), {"agency": wards[1].pk, "for": "self", "token": "t"})
    dossier = Dossier.objects.get()
    assert response.url == reverse("portal:apply_draft", kwargs={"pk": dossier.pk})
    assert dossier.status == Status.DRAFT
    assert dossier.channel == Channel.ONLINE
    assert dossier.applicant == citizen
    assert dossier.receiving_agency == wards[1] == dossier.competent_agency


def test_double_click_on_start_makes_one_draft(client, citizen, procedure, wards):
    client.force_login(citizen)
    first = client.post(start_url(procedure), {"agency": wards[0].pk, "for": "self", "token": "same"})
    second = client.post(start_url(procedure), {"agency": wards[0].pk, "for": "self", "token": "same"})
    assert first.url == second.url
    assert Dossier.objects.count() == 1


def test_missing_agency_choice_gets_a_message(client, citizen, procedure):
    client.force_login(citizen)
    response = client.post(start_url(procedure), {"for": "self", "token": "x"})
    assert response.status_code == 400
    assert "Vui lòng chọn cơ quan tiếp nhận" in response.content.decode()
    assert not Dossier.objects.exists()


def test_procedure_not_offered_online_shows_a_clear_message(client, citizen, procedure, wards):
    procedure.channel_online = False
    procedure.save()
    client.force_login(citizen)
    page = client.get(start_url(procedure)).content.decode()
    assert "không nhận hồ sơ trực tuyến" in page
    response = client.post(start_url(procedure), {"agency": wards[0].pk, "for": "self", "token": "x"})
    assert "không nhận hồ sơ trực tuyến" in response.content.decode()
    assert not Dossier.objects.exists()


def test_unknown_procedure_code_is_404(client, citizen):
    client.force_login(citizen)
    assert client.get("/dich-vu-cong/nop/9.999999/").status_code == 404


def test_form_is_prefilled_from_the_profile_on_first_render(client, citizen, procedure, wards):
    client.force_login(citizen)
    dossier = start_draft(client, procedure, wards)
    page = client.get(reverse("portal:apply_draft", kwargs={"pk": dossier.pk})).content.decode()
    assert f'value="{citizen.full_name}"' in page
    assert f'value="{citizen.identity_number}"' in page
    assert 'value="Kinh"' in page  # the schema's default


def test_full_journey_ends_with_a_submitted_online_dossier(client, citizen, procedure, wards):
    client.force_login(citizen)
    dossier = start_draft(client, procedure, wards)
    draft_url = reverse("portal:apply_draft", kwargs={"pk": dossier.pk})
    response = client.post(draft_url, {**VALID_POST, "_action": "review"})
    assert response.status_code == 302, response.content.decode()[:3000]
    birth = procedure.documents.get(name="Giấy chứng sinh")
    client.post(reverse("portal:apply_upload", kwargs={"pk": dossier.pk}), {"document": birth.pk, "files": [pdf_file()]})
    assert AttachedDocument.objects.filter(application__dossier=dossier, required_document=birth).exists()
    review = client.get(reverse("portal:apply_review", kwargs={"pk": dossier.pk})).content.decode()
    assert "Trần Minh An" in review
    assert "01/03/2026" in review
    assert "giay-chung-sinh.pdf" in review
    response = client.post(
        reverse("portal:apply_review", kwargs={"pk": dossier.pk}),
        {"token": "submit-1", "result_channel": "online", "contact_email": "mai@example.vn",
         "contact_phone": "0912 345 678", "commitment": "yes"},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED
    assert dossier.submitted_at is not None
    online = OnlineApplication.objects.get(dossier=dossier)
    assert online.result_channel == "online"
    assert online.contact_phone == "0912345678"
    done = client.get(response.url).content.decode()
    assert "Đã nộp hồ sơ" in done
    assert f"/dich-vu-cong/ho-so/{dossier.pk}/" in done


def test_applying_for_someone_else_records_the_representation(client, citizen, procedure, wards):
    from motcua.accounts.models import Representation

    represented = Representation.objects.create(
        user=citizen, kind="person", represented_name="Trần Văn Bố", represented_identity_number="001060000001",
        relationship="Con đẻ",
    )
    client.force_login(citizen)
    assert "Trần Văn Bố" in client.get(start_url(procedure)).content.decode()
    start_draft(client, procedure, wards, token="rep", **{"for": represented.pk})
    online = OnlineApplication.objects.get()
    assert online.representation == represented
    assert online.on_behalf_name == "Trần Văn Bố"


def test_someone_elses_representation_cannot_be_used(client, citizen, other_citizen, procedure, wards):
    from motcua.accounts.models import Representation

    theirs = Representation.objects.create(
        user=other_citizen, kind="person", represented_name="Người lạ", represented_identity_number="001060000002",
        relationship="Con đẻ",
    )
    client.force_login(citizen)
    response = client.post(start_url(procedure), {"agency": wards[0].pk, "for": theirs.pk, "token": "x"})
    assert response.status_code == 400
    assert not Dossier.objects.exists()


def test_every_demo_procedure_form_renders_without_javascript(client, citizen, wards, media):
    import json

    from motcua.catalog.tests.factories import make_procedure

    from .apply_fixtures import DATA

    raw = json.loads(DATA.read_text(encoding="utf-8"))
    client.force_login(citizen)
    for n, record in enumerate(raw["procedures"] if isinstance(raw, dict) else raw):
        procedure = make_procedure(code=f"X.{n}", channel_online=True, form_schema=record["form_schema"], agencies=[wards[0]])
        response = client.post(start_url(procedure), {"for": "self", "token": f"all-{n}"})
        page = client.get(response.url)
        assert page.status_code == 200, record["code"]
        assert 'name="_action" value="save"' in page.content.decode()
        review = client.post(response.url, {"_action": "review"})
        assert review.status_code == 400, record["code"]  # an empty form is never complete
        assert "errorlist" in review.content.decode()


def test_huge_post_through_the_middleware_stack_gets_the_413_page(client, citizen, settings):
    settings.MIDDLEWARE = ["motcua.portal.middleware.RequestSizeGuardMiddleware", *settings.MIDDLEWARE]
    client.force_login(citizen)
    response = client.post("/dich-vu-cong/ho-so-nhap/1/tep/", data=b"", content_type="multipart/form-data; boundary=x",
                           CONTENT_LENGTH=str(200 * 1024 * 1024))
    assert response.status_code == 413
    assert "Dữ liệu gửi lên quá lớn" in response.content.decode()
