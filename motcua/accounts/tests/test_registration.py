import re

import pytest
from django.urls import reverse

from motcua.accounts.models import AccountType, User

from .conftest import PASSWORD, identity_for

CITIZEN = {
    "full_name": "Nguyễn Thị Ánh",
    "identity_number": "001 190 012 345",
    "date_of_birth": "12/05/1990",
    "phone": "+84 912 345 678",
    "email": "anh.nguyen@example.vn",
    "address": "Số 1 ngõ 2 Kim Liên, Đống Đa, Hà Nội",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "consent": "on",
}
ORGANISATION = {
    "organisation_name": "Công ty TNHH Kim Liên",
    "tax_code": "0101234567",
    "address": "Số 5 Phạm Ngọc Thạch, Đống Đa, Hà Nội",
    "full_name": "Trần Văn Bình",
    "identity_number": "",
    "phone": "0987654321",
    "email": "lienhe@kimlien.example.vn",
    "password1": PASSWORD,
    "password2": PASSWORD,
    "consent": "on",
}


def verification_link(message) -> str:
    return re.search(r"https?://\S+/accounts/verify/\S+/", message.body).group(0)


@pytest.mark.django_db
def test_citizen_registers_gets_email_and_verifies_then_can_submit(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:register_citizen"), CITIZEN)
    assert response.status_code == 302
    user = User.objects.get(email="anh.nguyen@example.vn")
    assert user.identity_number == "001190012345"
    assert user.phone == "0912345678"
    assert user.account_type == AccountType.CITIZEN
    assert not user.can_submit_dossiers

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["anh.nguyen@example.vn"]
    assert "Xác minh" in mailoutbox[0].subject

    profile = client.get(reverse("accounts:profile"))  # logged in straight away
    assert "Tài khoản chưa được xác minh" in profile.content.decode()

    page = client.get(verification_link(mailoutbox[0]).split("testserver", 1)[1])
    assert page.status_code == 200
    assert "đã được xác minh" in page.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert user.can_submit_dossiers
    assert (
        "Tài khoản chưa được xác minh"
        not in client.get(reverse("accounts:profile")).content.decode()
    )


@pytest.mark.django_db
def test_organisation_registers_with_tax_code_and_representative(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:register_organisation"), ORGANISATION)
    assert response.status_code == 302
    user = User.objects.get(email="lienhe@kimlien.example.vn")
    assert user.account_type == AccountType.ORGANISATION
    assert user.organisation_name == "Công ty TNHH Kim Liên"
    assert user.tax_code == "0101234567"
    assert user.full_name == "Trần Văn Bình"
    assert user.identity_number == ""
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_two_organisations_without_representative_number_can_both_register(client):
    client.post(reverse("accounts:register_organisation"), ORGANISATION)
    client.logout()
    other = {**ORGANISATION, "email": "khac@example.vn", "tax_code": "0107654321"}
    assert client.post(reverse("accounts:register_organisation"), other).status_code == 302
    assert User.objects.filter(account_type=AccountType.ORGANISATION).count() == 2


@pytest.mark.django_db
def test_registration_pages_state_the_purpose_and_label_every_field(client):
    for name in ("accounts:register_citizen", "accounts:register_organisation"):
        html = client.get(reverse(name)).content.decode()
        assert "Mục đích thu thập" in html
        for field in ("full_name", "phone", "email", "password1", "password2", "consent"):
            assert f'for="id_{field}"' in html


@pytest.mark.django_db
def test_duplicate_identity_number_gets_a_vietnamese_message(client, make_user):
    make_user(identity_number="001190012345")
    response = client.post(reverse("accounts:register_citizen"), CITIZEN)
    assert response.status_code == 400
    assert (
        "Số định danh cá nhân này đã được dùng cho một tài khoản khác" in response.content.decode()
    )
    assert not User.objects.filter(email="anh.nguyen@example.vn").exists()


@pytest.mark.django_db
def test_duplicate_email_in_other_case_gets_a_vietnamese_message(client, make_user):
    make_user(email="Anh.Nguyen@Example.vn")
    response = client.post(reverse("accounts:register_citizen"), CITIZEN)
    assert response.status_code == 400
    assert "Địa chỉ e-mail này đã được dùng cho một tài khoản khác" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("identity_number", "12345", "Số định danh cá nhân phải gồm đúng 12 chữ số"),
        ("identity_number", "001085012345", "không khớp với năm sinh 1990"),
        ("phone", "0212345678", "Số điện thoại di động không hợp lệ"),
        ("date_of_birth", "31/02/1990", "Ngày không hợp lệ"),
        ("password2", "khac-hoan-toan", "Hai lần nhập mật khẩu không giống nhau"),
        ("consent", "", "Bạn cần đồng ý với việc xử lý dữ liệu cá nhân"),
    ],
)
def test_invalid_citizen_registration_shows_the_problem_in_vietnamese(
    client, field, value, message
):
    response = client.post(reverse("accounts:register_citizen"), {**CITIZEN, field: value})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Thông tin chưa hợp lệ" in html
    assert not User.objects.exists()


@pytest.mark.django_db
def test_invalid_tax_code_shows_a_vietnamese_message(client):
    response = client.post(
        reverse("accounts:register_organisation"), {**ORGANISATION, "tax_code": "12345"}
    )
    assert response.status_code == 400
    assert "Mã số doanh nghiệp/mã số thuế phải gồm 10 chữ số" in response.content.decode()


@pytest.mark.django_db
def test_garbage_input_never_causes_a_server_error(client):
    junk = {key: "\x00" * 3 + "ü" * 400 for key in CITIZEN}
    assert client.post(reverse("accounts:register_citizen"), junk).status_code == 400
    assert client.post(reverse("accounts:register_organisation"), junk).status_code == 400


@pytest.mark.django_db
def test_unverified_user_can_ask_for_the_link_again(
    client, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    user = make_user(verified=False)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:resend_verification"), follow=True)
    assert "Đã gửi lại thư xác minh" in response.content.decode()
    assert [m.to for m in mailoutbox] == [[user.email]]


@pytest.mark.django_db
def test_logged_in_user_is_sent_from_registration_to_profile(client, make_user):
    client.force_login(make_user())
    assert client.get(reverse("accounts:register_citizen")).url == reverse("accounts:profile")


def test_identity_helper_makes_numbers_that_validate():
    from motcua.accounts.validators import clean_identity_number

    number = identity_for(1990)
    assert clean_identity_number(number) == number
