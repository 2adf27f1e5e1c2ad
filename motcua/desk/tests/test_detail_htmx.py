"""The dossier page's actions in place (htmx), their confirmation, and undo where the law allows."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from motcua.dossiers import workflow
from motcua.dossiers.models import AuditEvent
from motcua.dossiers.tests.conftest import make_official

from .conftest import NOW

HTMX = {"HX-Request": "true"}


def _detail(dossier):
    return reverse("desk:detail", args=[dossier.pk])


def _act(dossier, action):
    return reverse("desk:act", args=[dossier.pk, action])


def _undo(dossier):
    return reverse("desk:undo", args=[dossier.pk])


def _changes(dossier) -> int:
    return AuditEvent.objects.filter(dossier=dossier).exclude(action="read").count()


def _state(dossier):
    dossier.refresh_from_db()
    return dossier.status, dossier.version, dossier.assignee_id, _changes(dossier)


def _offered_event(html: str) -> int | None:
    match = re.search(r'name="event" value="(\d+)"', html)
    return int(match.group(1)) if match else None


# -- in place ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_action_in_place_answers_the_panel_with_the_new_state(
    client, desk_a, procedure_a, online_dossier
):
    dossier = online_dossier(procedure_a)
    client.force_login(desk_a)

    response = client.post(
        _act(dossier, "accept"), {"expected_version": dossier.version, "confirmed": "1"},
        headers=HTMX,
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<div id=\"dossier-panel\"") and "<html" not in html
    dossier.refresh_from_db()
    assert dossier.status == "received"
    assert '<dd class="dossier-status">Đã tiếp nhận</dd>' in html
    assert f"Hồ sơ {dossier.code}</h1>" in html
    assert "Đã thực hiện: Tiếp nhận hồ sơ." in html and 'role="status"' in html
    # The panel shows the dossier, like the page after the redirect: a logged read.
    assert AuditEvent.objects.filter(dossier=dossier, action="read", actor=desk_a).count() == 1


@pytest.mark.django_db
def test_stale_version_in_place_is_a_409_panel_with_the_current_state(
    client, desk_a, procedure_a, online_dossier
):
    dossier = online_dossier(procedure_a)
    seen = dossier.version
    workflow.accept(dossier, by=desk_a, expected_version=seen)  # another tab was faster
    before = _state(dossier)
    client.force_login(desk_a)

    response = client.post(
        _act(dossier, "refuse"),
        {"expected_version": seen, "reason": "Hồ sơ giả mạo", "confirmed": "1"},
        headers=HTMX,
    )

    assert response.status_code == 409
    html = response.content.decode()
    assert "<html" not in html and 'role="alert"' in html
    assert "Hồ sơ đã được người khác cập nhật" in html
    assert '<dd class="dossier-status">Đã tiếp nhận</dd>' in html
    assert _state(dossier) == before


@pytest.mark.django_db
def test_refused_action_in_place_says_why_and_keeps_what_was_typed(
    client, leader_a, desk_a, procedure_a, accepted_dossier
):
    from .conftest import local

    late = accepted_dossier(procedure_a, desk_a, received=local(2026, 3, 2, 9, 0))
    before = _state(late)
    client.force_login(leader_a)

    response = client.post(
        _act(late, "apologise"),
        {"expected_version": late.version, "confirmed": "1", "reason": "Chờ xác minh nơi cư trú",
         "new_due_at": "2026-03-04"},
        headers=HTMX,
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "phải sau thời điểm hiện tại" in html and 'role="alert"' in html
    assert ">Chờ xác minh nơi cư trú</textarea>" in html
    assert _state(late) == before


@pytest.mark.django_db
def test_action_the_role_may_not_take_is_a_409_panel_in_vietnamese(
    client, specialist_a, procedure_a, online_dossier
):
    dossier = online_dossier(procedure_a)
    before = _state(dossier)
    client.force_login(specialist_a)

    response = client.post(
        _act(dossier, "accept"), {"expected_version": dossier.version, "confirmed": "1"},
        headers=HTMX,
    )

    assert response.status_code == 409
    assert "Vai trò của bạn không được phép" in response.content.decode()
    assert _state(dossier) == before


@pytest.mark.django_db
def test_in_place_post_passes_csrf_with_the_token_the_form_carries(
    desk_a, procedure_a, online_dossier
):
    dossier = online_dossier(procedure_a)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(desk_a)
    page = browser.get(_detail(dossier)).content.decode()
    accept = re.escape(_act(dossier, "accept"))
    form = re.search(rf'<form[^>]*hx-post="{accept}".*?</form>', page, re.S)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.group(0)).group(1)

    refused = browser.post(
        _act(dossier, "accept"), {"expected_version": dossier.version, "confirmed": "1"},
        headers=HTMX,
    )
    assert refused.status_code == 403
    done = browser.post(
        _act(dossier, "accept"),
        {"csrfmiddlewaretoken": token, "expected_version": dossier.version, "confirmed": "1"},
        headers=HTMX,
    )
    assert done.status_code == 200
    dossier.refresh_from_db()
    assert dossier.status == "received"


# -- confirmation ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_action_form_asks_first_naming_the_dossier_and_irreversible_ones_need_the_box(
    client, leader_a, desk_a, procedure_a, accepted_dossier, online_dossier
):
    submitted = online_dossier(procedure_a)
    client.force_login(desk_a)
    page = client.get(_detail(submitted)).content.decode()
    forms = re.findall(r'<form[^>]*class="action-form".*?</form>', page, re.S)
    assert len(forms) == 5  # accept, supplement, refuse, redirect, withdraw: all irreversible
    for form in forms:
        assert re.search(rf'hx-confirm="[^"]*hồ sơ số {submitted.pk}\b[^"]*\?', form)  # names it
        assert "hx-vals='{\"confirmed\": \"1\"}'" in form
        assert re.search(r'<input type="checkbox" id="confirm-\w+" name="confirmed" value="1" required>', form)
        assert "Tôi đã kiểm tra và xác nhận thao tác này</label>" in form
    refuse = f'hx-confirm="Từ chối hồ sơ số {submitted.pk}? Người nộp sẽ nhận thông báo từ chối."'
    assert refuse in page

    accepted = accepted_dossier(procedure_a, desk_a)
    client.force_login(leader_a)
    page = client.get(_detail(accepted)).content.decode()
    assign = re.search(r'<form[^>]*/thao-tac/assign/.*?</form>', page, re.S).group(0)
    assert f'hx-confirm="Giao xử lý hồ sơ {accepted.code} cho cán bộ đã chọn?"' in assign
    assert 'name="confirmed"' not in assign  # an assignment can be undone


@pytest.mark.django_db
def test_irreversible_action_without_the_box_changes_nothing_and_says_so(
    client, desk_a, procedure_a, online_dossier
):
    dossier = online_dossier(procedure_a)
    before = _state(dossier)
    client.force_login(desk_a)

    response = client.post(
        _act(dossier, "refuse"), {"expected_version": dossier.version, "reason": "Giấy tờ giả"}
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Vui lòng đánh dấu ô «Tôi đã kiểm tra và xác nhận thao tác này»" in html
    assert "hồ sơ chưa thay đổi" in html
    assert ">Giấy tờ giả</textarea>" in html  # the reason typed is still there
    assert _state(dossier) == before

    response = client.post(
        _act(dossier, "refuse"),
        {"expected_version": dossier.version, "reason": "Giấy tờ giả", "confirmed": "1"},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == "refused"


@pytest.mark.django_db
def test_an_undoable_action_needs_no_box(
    client, leader_a, specialist_a, desk_a, procedure_a, accepted_dossier
):
    dossier = accepted_dossier(procedure_a, desk_a)
    client.force_login(leader_a)
    response = client.post(
        _act(dossier, "assign"), {"expected_version": dossier.version, "assignee": specialist_a.pk}
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.assignee_id == specialist_a.pk


# -- undo -----------------------------------------------------------------------------------------


@pytest.fixture
def reassigned(client, leader_a, specialist_a, desk_a, procedure_a, accepted_dossier, ward_a):
    """A dossier assigned to ``specialist_a``, then reassigned from the page by ``leader_a`` to
    a colleague; returns (dossier, colleague, the page html after the reassignment)."""
    dossier = accepted_dossier(procedure_a, desk_a)
    workflow.assign(dossier, by=leader_a, expected_version=dossier.version, assignee=specialist_a.pk)
    colleague = make_official(ward_a[0], "specialist")
    client.force_login(leader_a)
    response = client.post(
        _act(dossier, "assign"),
        {"expected_version": dossier.version, "assignee": colleague.pk},
        follow=True,
    )
    dossier.refresh_from_db()
    assert dossier.assignee_id == colleague.pk
    return dossier, colleague, response.content.decode()


@pytest.mark.django_db
def test_undo_of_a_reassignment_gives_the_dossier_back_and_is_audited(
    client, reassigned, leader_a, specialist_a
):
    dossier, colleague, page = reassigned
    assert "Bạn có thể hoàn tác «Giao xử lý» đến 09:10." in page
    event = _offered_event(page)
    assert AuditEvent.objects.get(pk=event).details["assignee_to"] == colleague.pk

    response = client.post(_undo(dossier), {"event": event, "expected_version": dossier.version},
                           headers=HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Đã hoàn tác: Giao xử lý." in html
    dossier.refresh_from_db()
    assert dossier.assignee_id == specialist_a.pk
    undo = AuditEvent.objects.filter(dossier=dossier).exclude(action="read").order_by("-seq").first()
    assert undo.action == "assign" and undo.actor == leader_a
    assert (undo.details["assignee_from"], undo.details["assignee_to"]) == (colleague.pk, specialist_a.pk)
    assert undo.details["note"].startswith("Hoàn tác thao tác «Giao xử lý» lúc 09:00:00 10/03/2026")
    assert f'value="{event}"' not in html  # the undone action is not offered again


@pytest.mark.django_db
def test_undo_without_javascript_redirects_to_the_page_with_the_notice(
    client, reassigned, specialist_a
):
    dossier, _colleague, page = reassigned
    response = client.post(
        _undo(dossier), {"event": _offered_event(page), "expected_version": dossier.version},
        follow=True,
    )
    assert response.redirect_chain == [(_detail(dossier), 302)]
    assert "Đã hoàn tác: Giao xử lý." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.assignee_id == specialist_a.pk


@pytest.mark.django_db
def test_undo_is_refused_once_the_dossier_changed_since(client, reassigned, desk_a):
    dossier, colleague, page = reassigned
    event = _offered_event(page)
    workflow.start_step(dossier, by=colleague, expected_version=dossier.version)
    before = _state(dossier)

    response = client.post(_undo(dossier), {"event": event, "expected_version": before[1]},
                           headers=HTMX)

    assert response.status_code == 409
    assert "Hồ sơ đã thay đổi sau thao tác «Giao xử lý»; không thể hoàn tác." in response.content.decode()
    assert _state(dossier) == before
    assert _offered_event(client.get(_detail(dossier)).content.decode()) is None


@pytest.mark.django_db
def test_undo_with_an_old_version_is_refused(client, reassigned):
    dossier, _colleague, page = reassigned
    before = _state(dossier)
    response = client.post(_undo(dossier), {"event": _offered_event(page), "expected_version": before[1] - 1})
    assert response.status_code == 302
    assert "không thể hoàn tác" in client.get(_detail(dossier)).content.decode()
    assert _state(dossier) == before


@pytest.mark.django_db
def test_undo_is_only_for_the_official_who_acted(client, reassigned, ward_a):
    dossier, _colleague, page = reassigned
    event = _offered_event(page)
    before = _state(dossier)
    other_leader = make_official(ward_a[0], "leader")
    client.force_login(other_leader)
    assert _offered_event(client.get(_detail(dossier)).content.decode()) is None

    response = client.post(_undo(dossier), {"event": event, "expected_version": before[1]},
                           headers=HTMX)

    assert response.status_code == 409
    assert "Chỉ cán bộ đã thực hiện «Giao xử lý» mới được hoàn tác" in response.content.decode()
    assert _state(dossier) == before


@pytest.mark.django_db
def test_undo_is_offered_for_ten_minutes_and_refused_after(client, reassigned, frozen, specialist_a):
    dossier, _colleague, page = reassigned
    event = _offered_event(page)
    before = _state(dossier)

    frozen.set(NOW + dt.timedelta(minutes=9, seconds=59))
    assert _offered_event(client.get(_detail(dossier)).content.decode()) == event
    frozen.set(NOW + dt.timedelta(minutes=10, seconds=1))
    assert _offered_event(client.get(_detail(dossier)).content.decode()) is None

    response = client.post(_undo(dossier), {"event": event, "expected_version": before[1]},
                           headers=HTMX)

    assert response.status_code == 409
    assert "Đã quá 10 phút kể từ khi thực hiện «Giao xử lý»" in response.content.decode()
    assert _state(dossier) == before


@pytest.mark.django_db
def test_first_assignment_and_acceptance_are_not_offered_for_undo_and_a_forged_undo_is_refused(
    client, leader_a, specialist_a, desk_a, procedure_a, accepted_dossier
):
    dossier = accepted_dossier(procedure_a, desk_a)
    client.force_login(desk_a)
    assert _offered_event(client.get(_detail(dossier)).content.decode()) is None  # acceptance
    client.force_login(leader_a)
    page = client.post(
        _act(dossier, "assign"), {"expected_version": dossier.version, "assignee": specialist_a.pk},
        follow=True,
    ).content.decode()
    assert "Đã thực hiện: Giao xử lý." in page and _offered_event(page) is None
    first = AuditEvent.objects.get(dossier=dossier, action="assign")
    before = _state(dossier)

    response = client.post(_undo(dossier), {"event": first.pk, "expected_version": before[1]},
                           headers=HTMX)

    assert response.status_code == 409
    assert "chưa được giao cho ai" in response.content.decode()
    assert _state(dossier) == before


@pytest.mark.django_db
def test_garbled_undo_form_is_a_400_with_a_message(client, reassigned):
    dossier, _colleague, _page = reassigned
    before = _state(dossier)
    response = client.post(_undo(dossier), {"event": "x", "expected_version": "1"}, headers=HTMX)
    assert response.status_code == 400
    assert "Biểu mẫu hoàn tác không hợp lệ" in response.content.decode()
    assert client.get(_undo(dossier)).status_code == 405
    assert _state(dossier) == before


@pytest.mark.django_db
def test_undo_of_a_suspension_resumes_handling(
    client, leader_a, specialist_a, desk_a, procedure_a, accepted_dossier
):
    procedure_a.suspension_allowed = True
    procedure_a.save(update_fields=["suspension_allowed"])
    dossier = accepted_dossier(procedure_a, desk_a)
    workflow.start_step(dossier, by=specialist_a, expected_version=dossier.version)
    client.force_login(leader_a)
    page = client.post(
        _act(dossier, "suspend"), {"expected_version": dossier.version, "reason": "Chờ xác minh"},
        headers=HTMX,
    ).content.decode()
    dossier.refresh_from_db()
    assert dossier.status == "suspended"
    assert "Bạn có thể hoàn tác «Tạm dừng giải quyết»" in page

    response = client.post(
        _undo(dossier), {"event": _offered_event(page), "expected_version": dossier.version},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert "Đã hoàn tác: Tạm dừng giải quyết." in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == "in_processing" and dossier.suspended_at is None
    resume = AuditEvent.objects.filter(dossier=dossier, action="resume").get()
    assert resume.actor == leader_a and "Hoàn tác" in resume.details["note"]
