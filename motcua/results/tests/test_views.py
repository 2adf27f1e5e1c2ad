"""Issuing from the result page and downloading the PDF: who may, and what a double click does."""

import hashlib

import pytest
from django.urls import reverse

from motcua.dossiers.models import AuditEvent
from motcua.dossiers.tests.conftest import TO_PROPOSED, make_official, make_user
from motcua.results.issue import issue_result
from motcua.results.models import ElectronicResult
from motcua.units.models import Role

from .conftest import pdf_text


def issue_url(dossier):
    return reverse("results:issue", kwargs={"pk": dossier.pk})


def download_url(dossier):
    return reverse("results:download", kwargs={"pk": dossier.pk})


def post_issue(client, dossier, expected=0, **fields):
    return client.post(issue_url(dossier), {"expected_sequence": expected, "title": "Giấy chứng nhận", **fields})


# Issuing.


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login_and_nothing_is_issued(client, resolved):
    response = post_issue(client, resolved)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert not ElectronicResult.objects.exists()


@pytest.mark.django_db
def test_citizen_even_the_owner_cannot_issue(client, resolved, citizen):
    client.force_login(citizen)
    assert post_issue(client, resolved).status_code == 403
    client.force_login(make_user("other"))
    assert post_issue(client, resolved).status_code == 403
    assert not ElectronicResult.objects.exists()


@pytest.mark.django_db
def test_official_of_another_ward_gets_404(client, resolved, other_agency):
    client.force_login(make_official(other_agency, Role.LEADER))
    assert client.get(issue_url(resolved)).status_code == 404
    assert post_issue(client, resolved).status_code == 404
    assert not ElectronicResult.objects.exists()


@pytest.mark.django_db
def test_desk_officer_sees_the_page_without_the_button_and_cannot_issue(client, resolved, desk):
    client.force_login(desk)
    page = client.get(issue_url(resolved))
    assert page.status_code == 200
    assert "Xác nhận phát hành" not in page.content.decode()
    assert post_issue(client, resolved).status_code == 403
    assert not ElectronicResult.objects.exists()


@pytest.mark.django_db
def test_specialist_confirms_and_the_result_is_issued_with_a_message(client, resolved, specialist):
    client.force_login(specialist)
    page = client.get(issue_url(resolved))
    assert "Xác nhận phát hành" in page.content.decode()
    assert not ElectronicResult.objects.exists()  # GET never issues
    response = post_issue(client, resolved, number="12/GCN")
    assert response.status_code == 302
    result = ElectronicResult.objects.get()
    assert result.issued_by == specialist and result.number == "12/GCN"
    page = client.get(response["Location"])
    assert result.printed_code in page.content.decode()


@pytest.mark.django_db
def test_double_click_on_confirm_issues_once(client, resolved, leader):
    client.force_login(leader)
    assert post_issue(client, resolved, expected=0).status_code == 302
    second = post_issue(client, resolved, expected=0)
    assert second.status_code == 302
    assert ElectronicResult.objects.filter(dossier=resolved).count() == 1
    page = client.get(second["Location"])
    assert "vừa được phát hành" in page.content.decode()


@pytest.mark.django_db
def test_reissue_from_the_page_supersedes_the_current_result(client, issued, resolved, leader):
    client.force_login(leader)
    assert post_issue(client, resolved, expected=1).status_code == 302
    assert ElectronicResult.objects.filter(dossier=resolved).count() == 2
    issued.refresh_from_db()
    assert issued.superseded_by is not None


@pytest.mark.django_db
def test_forged_sequence_never_issues(client, resolved, leader):
    client.force_login(leader)
    response = post_issue(client, resolved, expected="abc")
    assert response.status_code == 302
    assert not ElectronicResult.objects.exists()


@pytest.mark.django_db
def test_dossier_not_resolved_answers_400_with_a_message(client, make_dossier, walk, leader):
    dossier = walk(make_dossier(), *TO_PROPOSED)
    client.force_login(leader)
    response = post_issue(client, dossier)
    assert response.status_code == 400
    assert "Đã có kết quả" in response.content.decode()
    assert not ElectronicResult.objects.exists()


@pytest.mark.django_db
def test_issue_page_query_count_does_not_grow_with_reissues(
    client, resolved, leader, django_assert_max_num_queries
):
    client.force_login(leader)
    issue_result(resolved, leader)
    with django_assert_max_num_queries(30) as one:
        client.get(issue_url(resolved))
    for _ in range(3):
        issue_result(resolved, leader)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(issue_url(resolved))
    assert page.content.decode().count("<tr><td>") == 4


# Downloading.


@pytest.mark.django_db
def test_anonymous_download_goes_to_login(client, issued, resolved):
    response = client.get(download_url(resolved))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.django_db
def test_owner_downloads_the_exact_issued_pdf(client, issued, resolved, citizen):
    client.force_login(citizen)
    response = client.get(download_url(resolved))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == issued.sha256
    assert "Nguyễn Thị Ánh" not in response["Content-Disposition"]


@pytest.mark.django_db
def test_other_citizen_gets_404(client, issued, resolved):
    client.force_login(make_user("stranger"))
    assert client.get(download_url(resolved)).status_code == 404


@pytest.mark.django_db
def test_official_of_the_ward_downloads_and_the_read_is_logged(client, issued, resolved, desk):
    client.force_login(desk)
    response = client.get(download_url(resolved))
    assert response.status_code == 200
    assert resolved.code in pdf_text(b"".join(response.streaming_content))
    read = AuditEvent.objects.filter(dossier=resolved, action="read").get()
    assert read.actor == desk and read.details == {"purpose": "electronic_result"}


@pytest.mark.django_db
def test_official_of_another_ward_cannot_download(client, issued, resolved, other_agency):
    client.force_login(make_official(other_agency, Role.LEADER))
    assert client.get(download_url(resolved)).status_code == 404


@pytest.mark.django_db
def test_no_result_yet_answers_404(client, resolved, citizen):
    client.force_login(citizen)
    assert client.get(download_url(resolved)).status_code == 404


@pytest.mark.django_db
def test_unknown_dossier_answers_404(client, citizen):
    client.force_login(citizen)
    assert client.get("/ket-qua-dien-tu/ho-so/999999/").status_code == 404
