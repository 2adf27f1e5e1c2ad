import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.models import AccountType, Representation, RepresentationKind


@pytest.mark.django_db
def test_admin_filters_users_by_account_type(admin_client, make_user):
    make_user(full_name="Công dân Một")
    make_user(
        full_name="Người đại diện Hai",
        account_type=AccountType.ORGANISATION,
        organisation_name="Công ty Hai",
        tax_code="0101234567",
    )
    html = admin_client.get(
        reverse("admin:accounts_user_changelist"), {"account_type__exact": "organisation"}
    ).content.decode()
    assert "Người đại diện Hai" in html
    assert "Công dân Một" not in html


@pytest.mark.django_db
def test_admin_filters_users_by_verification(admin_client, make_user):
    make_user(full_name="Đã Xác Minh", verified=True)
    make_user(full_name="Chưa Xác Minh", verified=False)
    make_user(full_name="Qua Định Danh", verified=False, identity_verified_at=timezone.now())
    unverified = admin_client.get(
        reverse("admin:accounts_user_changelist"), {"verified": "no"}
    ).content.decode()
    verified = admin_client.get(
        reverse("admin:accounts_user_changelist"), {"verified": "yes"}
    ).content.decode()
    assert (
        "Chưa Xác Minh" in unverified
        and "Đã Xác Minh" not in unverified
        and "Qua Định Danh" not in unverified
    )
    assert (
        "Đã Xác Minh" in verified
        and "Qua Định Danh" in verified
        and "Chưa Xác Minh" not in verified
    )


@pytest.mark.django_db
def test_admin_finds_a_user_by_exact_identity_number(admin_client, make_user):
    make_user(full_name="Hoàng Thu Hà", identity_number="001185054321")
    make_user(full_name="Người Khác")
    html = admin_client.get(
        reverse("admin:accounts_user_changelist"), {"q": "001185054321"}
    ).content.decode()
    assert "Hoàng Thu Hà" in html and "Người Khác" not in html


@pytest.mark.django_db
def test_admin_action_marks_email_verified(admin_client, make_user):
    user = make_user(verified=False)
    admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "mark_email_verified", "_selected_action": [user.pk]},
    )
    user.refresh_from_db()
    assert user.can_submit_dossiers


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [2, 20])
def test_admin_user_list_query_count_does_not_grow_with_rows(
    admin_client, make_user, django_assert_max_num_queries, rows
):
    for _ in range(rows):
        make_user()
    with django_assert_max_num_queries(10):
        assert admin_client.get(reverse("admin:accounts_user_changelist")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [2, 20])
def test_admin_representation_list_query_count_does_not_grow_with_rows(
    admin_client, make_user, django_assert_max_num_queries, rows
):
    for i in range(rows):
        Representation.objects.create(
            user=make_user(),
            kind=RepresentationKind.PERSON,
            represented_name=f"Người {i}",
            represented_identity_number="001215067890",
            relationship="con",
        )
    with django_assert_max_num_queries(10):
        assert (
            admin_client.get(reverse("admin:accounts_representation_changelist")).status_code == 200
        )
