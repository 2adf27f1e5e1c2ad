"""Downloading documents: officials of the dossier's units only, bad dates answered in Vietnamese."""

import pytest
from django.urls import reverse

from motcua.dossiers.models import AuditEvent
from motcua.dossiers.tests.conftest import TO_RECEIVED, local, make_official
from motcua.units.models import Role

from .conftest import pdf_text, read_xlsx


@pytest.fixture
def received(make_dossier, walk, clock):
    clock.set(local(2026, 3, 10, 9, 0))
    return walk(make_dossier(applicant_name="Nguyễn Thị Ánh"), *TO_RECEIVED)


def receipt_url(dossier):
    return reverse("documents:dossier", kwargs={"pk": dossier.pk, "kind": "receipt"})


def register_url(agency, fmt="xlsx", **query):
    url = reverse("documents:register", kwargs={"agency_pk": agency.pk, "fmt": fmt})
    params = {"tu": "2026-03-01", "den": "2026-03-31", **query}
    return url + "?" + "&".join(f"{key}={value}" for key, value in params.items())


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login(client, received):
    response = client.get(receipt_url(received))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.django_db
def test_desk_officer_downloads_the_receipt_and_the_read_is_logged(client, received, desk):
    client.force_login(desk)
    response = client.get(receipt_url(received))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert received.code in pdf_text(response.content)
    read = AuditEvent.objects.filter(dossier=received, action="read").get()
    assert read.actor == desk
    assert read.details == {"purpose": "document:receipt"}


@pytest.mark.django_db
def test_official_of_another_ward_gets_404_for_the_dossier(client, received, other_agency):
    stranger = make_official(other_agency, Role.DESK_OFFICER)
    client.force_login(stranger)
    assert client.get(receipt_url(received)).status_code == 404
    assert not AuditEvent.objects.filter(dossier=received, action="read").exists()


@pytest.mark.django_db
def test_official_of_another_ward_gets_404_for_the_register(client, agency, other_agency):
    stranger = make_official(other_agency, Role.DESK_OFFICER)
    client.force_login(stranger)
    assert client.get(register_url(agency)).status_code == 404


@pytest.mark.django_db
def test_citizen_cannot_download_documents_even_of_their_own_dossier(client, received, citizen):
    client.force_login(citizen)
    assert client.get(receipt_url(received)).status_code == 403


@pytest.mark.django_db
def test_absurd_ids_are_404_not_500(client, desk):
    client.force_login(desk)
    huge = "9" * 25
    assert client.get(f"/van-ban/ho-so/{huge}/receipt.pdf").status_code == 404
    assert client.get(f"/van-ban/so-theo-doi/{huge}.xlsx?tu=2026-03-01&den=2026-03-31").status_code == 404


@pytest.mark.django_db
def test_unknown_document_kind_is_404(client, received, desk):
    client.force_login(desk)
    url = reverse("documents:dossier", kwargs={"pk": received.pk, "kind": "hoa-don"})
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_stop_notice_for_a_2018_era_dossier_is_a_vietnamese_400(client, make_dossier, walk, clock, desk):
    clock.set(local(2025, 6, 30, 9, 0))
    dossier = walk(make_dossier(), *TO_RECEIVED)
    client.force_login(desk)
    url = reverse("documents:dossier", kwargs={"pk": dossier.pk, "kind": "stop_notice"})
    response = client.get(url)
    assert response.status_code == 400
    assert "không có trong bộ biểu mẫu" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, message",
    [
        ({"tu": "31/03/2026"}, "«Từ ngày» không phải là một ngày hợp lệ"),
        ({"den": ""}, "Thiếu «Đến ngày»"),
        ({"tu": "2026-04-01"}, "«Từ ngày» phải trước hoặc bằng «Đến ngày»"),
        ({"tu": "2024-01-01"}, "tối đa một năm"),
        ({"den": "2026-02-30"}, "«Đến ngày» không phải là một ngày hợp lệ"),
    ],
)
def test_bad_register_dates_get_a_vietnamese_400_page(client, agency, desk, query, message):
    client.force_login(desk)
    response = client.get(register_url(agency, **query))
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.django_db
def test_desk_officer_downloads_the_register_as_excel_and_pdf(client, received, agency, desk):
    client.force_login(desk)
    xlsx = client.get(register_url(agency))
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"].endswith('.xlsx"')
    assert [row[1] for row in read_xlsx(xlsx.content).iter_rows(min_row=7, values_only=True)] == [received.code]
    pdf = client.get(register_url(agency, fmt="pdf"))
    assert pdf.status_code == 200
    assert received.code in pdf_text(pdf.content)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_register_queries_do_not_grow_with_the_number_of_dossiers(
    client, agency, desk, make_dossier, walk, clock, django_assert_max_num_queries, fmt
):
    client.force_login(desk)
    clock.set(local(2026, 3, 10, 9, 0))
    walk(make_dossier(), *TO_RECEIVED)
    with django_assert_max_num_queries(12) as one:
        assert client.get(register_url(agency, fmt=fmt)).status_code == 200
    for _ in range(5):
        walk(make_dossier(), *TO_RECEIVED)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(register_url(agency, fmt=fmt)).status_code == 200


@pytest.mark.django_db
def test_control_sheet_queries_do_not_grow_with_the_number_of_hand_overs(
    client, received, desk, walk, django_assert_max_num_queries
):
    client.force_login(desk)
    url = reverse("documents:dossier", kwargs={"pk": received.pk, "kind": "control_sheet"})
    with django_assert_max_num_queries(25) as short:
        assert client.get(url).status_code == 200
    walk(received, ("start_step", "specialist"), ("complete_step", "specialist"),
         ("start_step", "specialist"), ("propose", "specialist"))
    with django_assert_max_num_queries(len(short.captured_queries)):
        assert client.get(url).status_code == 200
