import re

import pytest
from django.urls import reverse

from .conftest import PASSWORD


@pytest.mark.django_db
def test_password_reset_sends_a_vietnamese_email_whose_link_sets_a_new_password(
    client, make_user, mailoutbox
):
    user = make_user(email="cuc@example.vn")
    response = client.post(reverse("accounts:password_reset"), {"email": "CUC@example.vn"})
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["cuc@example.vn"]
    assert message.subject == "Đặt lại mật khẩu tài khoản dịch vụ công"
    assert "Kính gửi" in message.body
    path = re.search(r"http://testserver(/accounts/password/reset/\S+/\S+/)", message.body).group(1)

    form_page = client.get(path, follow=True)
    assert "Đặt mật khẩu mới" in form_page.content.decode()
    new_password = "Van-Mieu-1070!"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.url == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(new_password)
    assert not user.check_password(PASSWORD)


@pytest.mark.django_db
def test_password_reset_for_unknown_email_sends_nothing_and_reveals_nothing(client, mailoutbox):
    response = client.post(
        reverse("accounts:password_reset"), {"email": "khongco@example.vn"}, follow=True
    )
    assert "Nếu địa chỉ e-mail bạn nhập thuộc về một tài khoản" in response.content.decode()
    assert mailoutbox == []


@pytest.mark.django_db
def test_used_reset_link_is_refused_in_vietnamese(client, make_user, mailoutbox):
    make_user(email="cuc@example.vn")
    client.post(reverse("accounts:password_reset"), {"email": "cuc@example.vn"})
    path = re.search(
        r"http://testserver(/accounts/password/reset/\S+/\S+/)", mailoutbox[0].body
    ).group(1)
    page = client.get(path, follow=True)
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "Van-Mieu-1070!", "new_password2": "Van-Mieu-1070!"},
    )
    client.logout()
    again = client.get(path, follow=True)
    assert "Đường dẫn đặt lại mật khẩu không hợp lệ" in again.content.decode()


@pytest.mark.django_db
def test_password_change_with_wrong_current_password_is_refused_in_vietnamese(client, make_user):
    client.force_login(make_user())
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "sai",
            "new_password1": "Van-Mieu-1070!",
            "new_password2": "Van-Mieu-1070!",
        },
    )
    assert response.status_code == 200
    assert "Mật khẩu hiện tại không đúng" in response.content.decode()
