"""'Hồ sơ của tôi' and the dossier page: only the applicant sees them, in plain Vietnamese."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.dossiers import workflow
from motcua.dossiers.models import Status
from motcua.portal.tests.following_fixtures import *  # noqa: F403
from motcua.portal.tests.following_fixtures import APPLICANT_NAME

pytestmark = pytest.mark.django_db

LIST = "/dich-vu-cong/ho-so/"


def detail_url(dossier) -> str:
    return f"/dich-vu-cong/ho-so/{dossier.pk}/"


def test_my_dossiers_address_is_the_named_route():
    assert reverse("portal:my_dossiers") == LIST


def test_anonymous_visitor_is_sent_to_login_from_my_dossiers(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_my_dossiers_lists_own_dossiers_with_code_status_and_due_date(client, owner, received, online_dossier, procedure_a):
    pending = online_dossier(procedure_a)
    client.force_login(owner)
    html = client.get(LIST).content.decode()
    assert received.code in html
    assert "chưa có mã" in html  # the submitted one, not accepted yet
    assert "Đã tiếp nhận" in html and "Đã nộp, chờ tiếp nhận" in html
    assert received.procedure.name in html
    # Due date in Hà Nội time, dd/mm/yyyy HH:MM.
    from django.utils import timezone

    assert timezone.localtime(received.due_at).strftime("%d/%m/%Y %H:%M") in html
    assert f"/dich-vu-cong/ho-so/{pending.pk}/" in html


def test_my_dossiers_are_newest_first(client, owner, online_dossier, procedure_a, frozen):
    from motcua.desk.tests.conftest import NOW

    first = online_dossier(procedure_a)
    frozen.set(NOW.replace(hour=10))
    second = online_dossier(procedure_a)
    client.force_login(owner)
    html = client.get(LIST).content.decode()
    assert html.index(f"/ho-so/{second.pk}/") < html.index(f"/ho-so/{first.pk}/")


def test_another_citizens_dossiers_are_not_listed(client, other_citizen, received):
    client.force_login(other_citizen)
    html = client.get(LIST).content.decode()
    assert received.code not in html
    assert "Bạn chưa có hồ sơ nào" in html


def test_draft_tab_shows_only_drafts_linking_to_the_draft_page(client, owner, received, draft_dossier):
    draft = draft_dossier()
    client.force_login(owner)
    html = client.get(LIST, {"tab": "nhap"}).content.decode()
    assert f"/dich-vu-cong/ho-so-nhap/{draft.pk}/" in html
    assert received.code not in html
    submitted = client.get(LIST, {"tab": "da-nop"}).content.decode()
    assert received.code in submitted
    assert f"/ho-so-nhap/{draft.pk}/" not in submitted


def test_my_dossiers_list_query_count_does_not_grow_with_dossiers(
    client, owner, online_dossier, procedure_a, django_assert_max_num_queries
):
    online_dossier(procedure_a)
    client.force_login(owner)
    client.get(LIST)  # warm caches (content types, translations)
    with django_assert_max_num_queries(8) as few:
        client.get(LIST)
    for _ in range(25):
        online_dossier(procedure_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert response.status_code == 200
    assert "Trang 1/2" in response.content.decode()


def test_dossier_page_is_not_found_for_another_citizen_and_for_officials(client, other_citizen, desk_a, received):
    for user in (other_citizen, desk_a):
        client.force_login(user)
        assert client.get(detail_url(received)).status_code == 404


def test_dossier_page_sends_anonymous_visitor_to_login(client, received):
    response = client.get(detail_url(received))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_dossier_page_shows_status_agencies_due_date_and_history(client, owner, received):
    from django.utils import timezone

    client.force_login(owner)
    html = client.get(detail_url(received)).content.decode()
    due = timezone.localtime(received.due_at).strftime("%d/%m/%Y %H:%M")
    assert received.code in html
    assert received.receiving_agency.name in html and received.competent_agency.name in html
    assert "Bộ phận một cửa đã tiếp nhận hồ sơ." in html
    assert f"Hẹn trả kết quả: {due}." in html
    assert received.due_explanation.splitlines()[0][:30] in html
    assert f"/dich-vu-cong/ho-so/{received.pk}/giay-tiep-nhan.pdf" in html
    assert f'href="/dich-vu-cong/ho-so/{received.pk}/rut/"' in html


def test_dossier_page_offers_no_receipt_before_acceptance(client, owner, online_dossier, procedure_a):
    dossier = online_dossier(procedure_a)
    client.force_login(owner)
    html = client.get(detail_url(dossier)).content.decode()
    assert "giay-tiep-nhan.pdf" not in html
    assert "chưa có mã" in html
    assert client.get(f"/dich-vu-cong/ho-so/{dossier.pk}/giay-tiep-nhan.pdf").status_code == 404


def test_dossier_page_shows_the_form_the_applicant_sent(client, owner, received):
    client.force_login(owner)
    html = client.get(detail_url(received)).content.decode()
    assert APPLICANT_NAME in html  # the applicant's own form, on their own page


def test_supplement_button_appears_only_while_waiting_for_it(client, owner, waiting_supplement):
    client.force_login(owner)
    html = client.get(detail_url(waiting_supplement)).content.decode()
    assert f"/dich-vu-cong/ho-so/{waiting_supplement.pk}/bo-sung/" in html
    assert "phieu-yeu-cau-bo-sung.pdf" in html


def test_receipt_pdf_is_served_to_the_owner_only(client, owner, other_citizen, desk_a, received):
    url = f"/dich-vu-cong/ho-so/{received.pk}/giay-tiep-nhan.pdf"
    assert client.get(url).status_code == 302
    for user in (other_citizen, desk_a):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(owner)
    response = client.get(url, {"tai-ve": "1"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment;")
    assert received.code in response["Content-Disposition"]


def test_unknown_document_and_refusal_before_refusal_are_not_found(client, owner, received):
    client.force_login(owner)
    assert client.get(f"/dich-vu-cong/ho-so/{received.pk}/khac.pdf").status_code == 404
    assert client.get(f"/dich-vu-cong/ho-so/{received.pk}/phieu-tu-choi.pdf").status_code == 404


def test_refused_dossier_offers_the_refusal_notice(client, owner, online_dossier, procedure_a, desk_a):
    dossier = online_dossier(procedure_a)
    workflow.refuse(dossier, by=desk_a, expected_version=dossier.version, reason="Không thuộc thẩm quyền")
    assert dossier.status == Status.REFUSED
    client.force_login(owner)
    html = client.get(detail_url(dossier)).content.decode()
    assert "phieu-tu-choi.pdf" in html
    assert "Lý do: Không thuộc thẩm quyền." in html
