"""Withdrawing a dossier: a confirmation page, an optional reason, a clear answer when the
dossier changed meanwhile."""

from __future__ import annotations

import pytest

from motcua.dossiers import workflow
from motcua.dossiers.models import Status
from motcua.portal.tests.following_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def url(dossier) -> str:
    return f"/dich-vu-cong/ho-so/{dossier.pk}/rut/"


def test_withdraw_asks_for_confirmation_first(client, owner, received):
    client.force_login(owner)
    response = client.get(url(received))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Xác nhận rút hồ sơ" in html
    assert f'name="expected_version" value="{received.version}"' in html
    received.refresh_from_db()
    assert received.status == Status.RECEIVED


def test_confirming_withdraws_with_the_reason_in_the_history(client, owner, received):
    client.force_login(owner)
    response = client.post(url(received), {"expected_version": received.version, "reason": "Nộp nhầm thủ tục"})
    assert response.status_code == 302
    received.refresh_from_db()
    assert received.status == Status.WITHDRAWN
    page = client.get(response["Location"]).content.decode()
    assert "Đã rút hồ sơ." in page
    assert "Hồ sơ đã được rút theo đề nghị của bạn. Lý do: Nộp nhầm thủ tục." in page
    assert "/rut/" not in page  # no second withdraw button


def test_a_stale_page_gets_a_clear_message_with_the_current_state(client, owner, received, specialist_a):
    client.force_login(owner)
    seen = received.version
    workflow.start_step(received, by=specialist_a, expected_version=received.version)
    response = client.post(url(received), {"expected_version": seen, "reason": ""})
    assert response.status_code == 409
    html = response.content.decode()
    assert "đã được người khác cập nhật" in html
    assert "Đang xử lý" in html
    assert f'name="expected_version" value="{received.version}"' in html
    received.refresh_from_db()
    assert received.status == Status.IN_PROCESSING


def test_withdraw_is_refused_politely_once_the_dossier_is_final(client, owner, online_dossier, procedure_a, desk_a):
    dossier = online_dossier(procedure_a)
    workflow.refuse(dossier, by=desk_a, expected_version=dossier.version, reason="Thiếu thẩm quyền")
    client.force_login(owner)
    response = client.post(url(dossier), {"expected_version": dossier.version}, follow=True)
    assert "Không thể rút hồ sơ ở trạng thái «Từ chối»." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.REFUSED


def test_a_missing_version_is_a_bad_request_not_a_crash(client, owner, received):
    client.force_login(owner)
    response = client.post(url(received), {"expected_version": "abc"})
    assert response.status_code == 400
    received.refresh_from_db()
    assert received.status == Status.RECEIVED


def test_withdraw_is_not_found_for_others_and_asks_anonymous_to_log_in(client, other_citizen, desk_a, received):
    assert client.get(url(received)).status_code == 302
    for user in (other_citizen, desk_a):
        client.force_login(user)
        assert client.get(url(received)).status_code == 404
        assert client.post(url(received), {"expected_version": received.version}).status_code == 404
    received.refresh_from_db()
    assert received.status == Status.RECEIVED
