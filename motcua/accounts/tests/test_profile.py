import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import AccountType, Representation, RepresentationKind
from motcua.accounts.prefill import profile_prefill


def profile_data(user, **changes):
    data = {
        "full_name": user.full_name,
        "identity_number": user.identity_number,
        "date_of_birth": user.date_of_birth.isoformat() if user.date_of_birth else "",
        "phone": user.phone,
        "email": user.email,
        "address": user.address,
        "organisation_name": user.organisation_name,
        "tax_code": user.tax_code,
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login_for_the_profile(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert "next=" in response.url


@pytest.mark.django_db
def test_user_edits_phone_and_address(client, make_user):
    user = make_user()
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"),
        profile_data(user, phone="098 765 4321", address="Số 9 Kim Liên"),
        follow=True,
    )
    assert "Đã lưu thông tin tài khoản" in response.content.decode()
    user.refresh_from_db()
    assert user.phone == "0987654321"
    assert user.address == "Số 9 Kim Liên"
    assert user.can_submit_dossiers


@pytest.mark.django_db
def test_invalid_phone_on_profile_is_explained_and_not_saved(client, make_user):
    user = make_user()
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), profile_data(user, phone="12345"))
    assert response.status_code == 400
    assert "Số điện thoại di động không hợp lệ" in response.content.decode()
    user.refresh_from_db()
    assert user.phone == "0912345678"


@pytest.mark.django_db
def test_changing_email_needs_a_new_verification(
    client, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    user = make_user(verified=True)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:profile"), profile_data(user, email="moi@example.vn"))
    user.refresh_from_db()
    assert user.email == "moi@example.vn"
    assert user.email_verified_at is None
    assert not user.can_submit_dossiers
    assert [m.to for m in mailoutbox] == [["moi@example.vn"]]


@pytest.mark.django_db
def test_profile_refuses_an_email_used_by_another_account(client, make_user):
    make_user(email="da.co@example.vn")
    user = make_user()
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"), profile_data(user, email="DA.CO@example.vn")
    )
    assert response.status_code == 400
    assert "Địa chỉ e-mail này đã được dùng cho một tài khoản khác" in response.content.decode()


@pytest.mark.django_db
def test_profile_refuses_an_identity_number_of_another_account(client, make_user):
    make_user(identity_number="001090099999")
    user = make_user()
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"), profile_data(user, identity_number="001090099999")
    )
    assert response.status_code == 400
    assert (
        "Số định danh cá nhân này đã được dùng cho một tài khoản khác" in response.content.decode()
    )


@pytest.mark.django_db
def test_data_vouched_for_by_e_id_cannot_be_changed_on_the_profile(client, make_user):
    user = make_user(identity_verified_at=timezone.now(), full_name="Nguyễn Thị Ánh")
    client.force_login(user)
    client.post(
        reverse("accounts:profile"),
        profile_data(user, full_name="Tên Khác", identity_number="001090011111"),
    )
    user.refresh_from_db()
    assert user.full_name == "Nguyễn Thị Ánh"
    assert user.identity_number != "001090011111"


@pytest.mark.django_db
def test_organisation_profile_edits_tax_code_and_validates_it(client, make_user):
    user = make_user(
        account_type=AccountType.ORGANISATION,
        organisation_name="Công ty A",
        tax_code="0101234567",
        identity_number="",
    )
    client.force_login(user)
    bad = client.post(reverse("accounts:profile"), profile_data(user, tax_code="123"))
    assert "Mã số doanh nghiệp/mã số thuế phải gồm 10 chữ số" in bad.content.decode()
    client.post(reverse("accounts:profile"), profile_data(user, tax_code="0101234567-002"))
    user.refresh_from_db()
    assert user.tax_code == "0101234567-002"


@pytest.mark.django_db
def test_profile_prefill_gives_the_form_data_of_the_account(make_user):
    user = make_user(
        full_name="Nguyễn Thị Ánh",
        identity_number="001190012345",
        date_of_birth=dt.date(1990, 5, 12),
        phone="0912345678",
        email="anh@example.vn",
        address="Kim Liên",
    )
    assert profile_prefill(user) == {
        "full_name": "Nguyễn Thị Ánh",
        "identity_number": "001190012345",
        "date_of_birth": dt.date(1990, 5, 12),
        "phone": "0912345678",
        "email": "anh@example.vn",
        "address": "Kim Liên",
        "account_type": "citizen",
        "organisation_name": "",
        "tax_code": "",
    }


def test_profile_prefill_of_anonymous_user_is_empty():
    from django.contrib.auth.models import AnonymousUser

    assert profile_prefill(AnonymousUser()) == {}


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 25])
def test_profile_page_query_count_does_not_grow_with_representations(
    client, make_user, django_assert_max_num_queries, rows
):
    user = make_user()
    Representation.objects.bulk_create(
        Representation(
            user=user,
            kind=RepresentationKind.PERSON,
            represented_name=f"Người {i}",
            represented_identity_number="001215067890",
            relationship="con",
        )
        for i in range(rows)
    )
    client.force_login(user)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("accounts:profile"))
    assert response.content.decode().count("0012****7890") == rows


@pytest.mark.django_db
def test_citizen_cannot_erase_the_identity_number(client, make_user):
    user = make_user(identity_number="001090012345")
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), profile_data(user, identity_number=""))
    assert response.status_code == 400
    assert "Không thể xóa số định danh cá nhân" in response.content.decode()
    user.refresh_from_db()
    assert user.identity_number == "001090012345"


@pytest.mark.django_db
def test_official_without_identity_number_can_save_the_profile(client, make_user):
    user = make_user(identity_number="", date_of_birth=None)
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), profile_data(user, phone="0987654321"))
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.phone == "0987654321"
