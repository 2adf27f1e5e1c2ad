"""The register page: from the work queue to the dossier register of a desk in scope."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.documents.tests.conftest import pdf_text, read_xlsx

PAGE = "/motcua/so-theo-doi/"


def _query(agency, fmt="pdf", **values):
    return {"co-quan": agency.pk, "tu": "2026-03-01", "den": "2026-03-31", "dinh-dang": fmt, **values}


@pytest.mark.django_db
def test_work_queue_toolbar_links_to_the_register_page(client, desk_a):
    client.force_login(desk_a)
    html = client.get(reverse("desk:queue")).content.decode()
    assert f'href="{reverse("desk:register")}"' in html
    assert "Sổ theo dõi hồ sơ" in html


@pytest.mark.django_db
def test_register_page_offers_the_desk_in_scope_with_this_month_by_default(client, desk_a, ward_a, ward_b, frozen):
    client.force_login(desk_a)
    response = client.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<option value="{ward_a[1].pk}" selected>Bộ phận một cửa phường Kim Liên</option>' in html
    assert "phường Trung Tự" not in html  # another ward's desk is outside the scope
    assert 'name="tu" value="2026-03-01"' in html and 'name="den" value="2026-03-31"' in html
    assert 'value="pdf"' in html and 'value="xlsx"' in html


@pytest.mark.django_db
def test_district_leader_is_offered_the_desks_of_every_ward(client, district_leader, ward_a, ward_b):
    client.force_login(district_leader)
    html = client.get(PAGE).content.decode()
    assert "Bộ phận một cửa phường Kim Liên" in html and "Bộ phận một cửa phường Trung Tự" in html


@pytest.mark.django_db
def test_agency_that_received_online_dossiers_is_offered_too(client, desk_a, ward_a, procedure_a, accepted_dossier):
    accepted_dossier(procedure_a, desk_a)  # an online dossier is received by the People's Committee
    client.force_login(desk_a)
    html = client.get(PAGE).content.decode()
    assert f'<option value="{ward_a[0].pk}">Ủy ban nhân dân phường Kim Liên</option>' in html


@pytest.mark.django_db
def test_pdf_button_leads_to_the_register_pdf_of_the_chosen_desk_and_period(
    client, desk_a, ward_a, procedure_a, accepted_dossier
):
    dossier = accepted_dossier(procedure_a, desk_a)
    client.force_login(desk_a)
    response = client.get(PAGE, _query(ward_a[0]))
    assert response.status_code == 302
    url = reverse("documents:register", kwargs={"agency_pk": ward_a[0].pk, "fmt": "pdf"})
    assert response["Location"] == f"{url}?tu=2026-03-01&den=2026-03-31"
    pdf = client.get(response["Location"])
    assert pdf.status_code == 200
    assert dossier.code in pdf_text(pdf.content)


@pytest.mark.django_db
def test_excel_button_leads_to_the_register_workbook(client, desk_a, ward_a, procedure_a, accepted_dossier):
    dossier = accepted_dossier(procedure_a, desk_a)
    client.force_login(desk_a)
    response = client.get(PAGE, _query(ward_a[0], "xlsx"), follow=True)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    codes = [row[1] for row in read_xlsx(response.content).iter_rows(min_row=7, values_only=True)]
    assert codes == [dossier.code]


@pytest.mark.django_db
def test_forged_agency_id_of_another_ward_gives_404(client, desk_a, ward_a, ward_b):
    client.force_login(desk_a)
    assert client.get(PAGE, _query(ward_b[1])).status_code == 404
    assert client.get(PAGE, _query(ward_a[1], **{"co-quan": "99999999999999999999"})).status_code == 404
    assert client.get(PAGE, _query(ward_a[1], **{"co-quan": "abc"})).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "values, message",
    [
        ({"tu": "31/03/2026"}, "«Từ ngày» không phải là một ngày hợp lệ"),
        ({"den": ""}, "Thiếu «Đến ngày»"),
        ({"tu": "2026-04-01"}, "«Từ ngày» phải trước hoặc bằng «Đến ngày»"),
    ],
)
def test_bad_period_shows_the_form_again_with_a_vietnamese_message(client, desk_a, ward_a, values, message):
    client.force_login(desk_a)
    response = client.get(PAGE, _query(ward_a[1], **values))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'<option value="{ward_a[1].pk}" selected>' in html  # the choice is kept


@pytest.mark.django_db
def test_citizen_gets_403_and_anonymous_goes_to_login(client, citizen):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/login" in response["Location"]
    client.force_login(citizen)
    assert client.get(PAGE).status_code == 403
