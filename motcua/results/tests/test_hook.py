"""The result is issued automatically when the applicant asked to receive it online."""

import pytest

from motcua.dossiers import hooks
from motcua.dossiers.models import Status
from motcua.dossiers.tests.conftest import TO_PROPOSED, TO_RESOLVED
from motcua.portal.models import OnlineApplication
from motcua.results.issue import current_for, issue_on_resolve
from motcua.results.models import ElectronicResult

from .conftest import pdf_text


def online_dossier(make_dossier, result_channel: str):
    dossier = make_dossier()
    OnlineApplication.objects.create(dossier=dossier, result_channel=result_channel)
    return dossier


def test_hook_is_registered_to_run_inside_the_transition():
    assert issue_on_resolve in hooks.in_transaction


@pytest.mark.django_db
def test_leader_approval_issues_the_result_for_an_online_result_channel(make_dossier, walk, leader):
    dossier = walk(online_dossier(make_dossier, "online"), *TO_RESOLVED)
    result = current_for(dossier)
    assert result is not None
    assert result.issued_by == leader
    assert dossier.code in pdf_text(result.file.open("rb").read())
    dossier.refresh_from_db()
    assert dossier.status == Status.RESOLVED


@pytest.mark.django_db
def test_no_automatic_result_when_the_applicant_collects_it_at_the_desk(make_dossier, walk):
    dossier = walk(online_dossier(make_dossier, "desk"), *TO_RESOLVED)
    assert dossier.status == Status.RESOLVED
    assert not ElectronicResult.objects.exists()


@pytest.mark.django_db
def test_no_automatic_result_before_the_dossier_is_resolved(make_dossier, walk):
    walk(online_dossier(make_dossier, "online"), *TO_PROPOSED)
    assert not ElectronicResult.objects.exists()


@pytest.mark.django_db
def test_a_failing_pdf_does_not_undo_the_leaders_approval(make_dossier, walk, monkeypatch):
    from motcua.results import issue as issuing

    def broken(*args, **kwargs):
        raise OSError("fonts missing")

    monkeypatch.setattr(issuing, "render_result_pdf", broken)
    dossier = walk(online_dossier(make_dossier, "online"), *TO_RESOLVED)
    dossier.refresh_from_db()
    assert dossier.status == Status.RESOLVED
    assert not ElectronicResult.objects.exists()
