import pytest
from django.urls import reverse

from motcua.demo.accounts import demo_password

from .conftest import PASSWORD


@pytest.mark.django_db
def test_demo_login_page_lists_the_demo_accounts(client, settings, make_user):
    settings.DEMO_MODE = True
    make_user(username="congdan")
    html = client.get(reverse("accounts:login")).content.decode()
    assert "Tài khoản dùng thử" in html
    assert "<code>congdan</code>" in html
    assert demo_password() in html


@pytest.mark.django_db
def test_login_page_outside_demo_mode_shows_no_demo_accounts(client, settings, make_user):
    settings.DEMO_MODE = False
    make_user(username="congdan")
    html = client.get(reverse("accounts:login")).content.decode()
    assert "Tài khoản dùng thử" not in html
    assert "congdan" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "identifier", ["email", "EMAIL", "identity", "identity-spaced", "username"]
)
def test_citizen_logs_in_with_email_identity_number_or_login_name(client, make_user, identifier):
    user = make_user(email="binh@example.vn", identity_number="001090054321", username="binh")
    typed = {
        "email": "binh@example.vn",
        "EMAIL": "BINH@example.VN",
        "identity": "001090054321",
        "identity-spaced": "001 090 054 321",
        "username": "binh",
    }[identifier]
    response = client.post(reverse("accounts:login"), {"username": typed, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_wrong_password_gives_a_vietnamese_message(client, make_user):
    make_user(email="binh@example.vn")
    response = client.post(
        reverse("accounts:login"), {"username": "binh@example.vn", "password": "sai"}
    )
    assert response.status_code == 200
    assert "Thông tin đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_page_links_to_registration_and_password_reset(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:register") in html
    assert reverse("accounts:password_reset") in html
    assert 'for="id_username"' in html and 'for="id_password"' in html
