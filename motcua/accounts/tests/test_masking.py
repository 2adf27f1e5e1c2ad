import pytest
from django.urls import reverse

from motcua.accounts.masking import mask_identity


@pytest.mark.parametrize(
    ("number", "masked"),
    [
        ("001203012345", "0012****2345"),
        ("0101234567", "0101**4567"),
        ("0101234567-001", "0101******-001"),
        ("123456789", "*******89"),
        ("12", "**"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_identity_keeps_at_most_the_ends(number, masked):
    assert mask_identity(number) == masked


def test_mask_of_a_twelve_digit_number_hides_the_middle_four():
    masked = mask_identity("001090012345")
    assert masked == "0010****2345"
    assert "9001" not in masked


@pytest.mark.django_db
def test_profile_summary_and_representation_list_show_only_masked_numbers(client, make_user):
    from motcua.accounts.models import Representation, RepresentationKind

    user = make_user(identity_number="001090012345")
    Representation.objects.create(
        user=user,
        kind=RepresentationKind.PERSON,
        represented_name="Nguyễn Văn Con",
        represented_identity_number="001215067890",
        relationship="cha",
    )
    client.force_login(user)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "0012****7890" in html
    assert "001215067890" not in html
    assert "0010****2345" in html


@pytest.mark.django_db
def test_admin_user_list_masks_identity_numbers(admin_client, make_user):
    make_user(identity_number="001090012345", full_name="Lê Thị Cúc")
    html = admin_client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "Lê Thị Cúc" in html
    assert "0010****2345" in html
    assert "001090012345" not in html


@pytest.mark.django_db
def test_admin_representation_list_masks_identity_numbers(admin_client, make_user):
    from motcua.accounts.models import Representation, RepresentationKind

    Representation.objects.create(
        user=make_user(),
        kind=RepresentationKind.PERSON,
        represented_name="Phạm Minh Đức",
        represented_identity_number="001215067890",
        relationship="con",
    )
    html = admin_client.get(reverse("admin:accounts_representation_changelist")).content.decode()
    assert "Phạm Minh Đức" in html
    assert "0012****7890" in html
    assert "001215067890" not in html
