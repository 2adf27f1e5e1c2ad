"""SMS backends (the log one, the HTTP one against a local fake gateway) and delivery retries."""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail

from motcua.dossiers import workflow
from motcua.notifications import tasks
from motcua.notifications.models import Channel, DeliveryStatus, Notification
from motcua.notifications.sms import HttpSmsBackend, LogSmsBackend, SmsError, get_backend

pytestmark = pytest.mark.django_db


class FakeGateway:
    """A real HTTP server on 127.0.0.1 that records requests and answers with ``status``."""

    def __init__(self):
        self.requests: list[dict] = []
        self.status = 200
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "json": json.loads(body)}
                )
                self.send_response(gateway.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"ok": true}')

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway(settings):
    fake = FakeGateway()
    settings.MOTCUA_SMS_BACKEND = "motcua.notifications.sms.HttpSmsBackend"
    settings.MOTCUA_SMS_URL = fake.url
    settings.MOTCUA_SMS_TOKEN = "test-token-123"
    yield fake
    fake.close()


def test_log_backend_is_the_default_and_masks_the_number(caplog):
    assert isinstance(get_backend(), LogSmsBackend)
    with caplog.at_level(logging.INFO, logger="motcua.notifications.sms"):
        LogSmsBackend().send("0912345678", "Hồ sơ ABC đã tiếp nhận.")
    assert "091****678" in caplog.text and "0912345678" not in caplog.text
    row = Notification.objects.get(channel=Channel.SMS)
    assert row.recipient == "091****678" and row.status == DeliveryStatus.SENT
    assert row.body == "Hồ sơ ABC đã tiếp nhận."


def test_http_backend_posts_json_with_the_token_to_the_gateway(gateway):
    HttpSmsBackend().send("0912345678", "Hồ sơ ABC đã tiếp nhận.")
    (request,) = gateway.requests
    assert request["path"] == "/sms/send"
    assert request["headers"]["Authorization"] == "Bearer test-token-123"
    assert request["json"]["to"] == "0912345678"
    assert request["json"]["text"] == "Hồ sơ ABC đã tiếp nhận."
    assert request["json"]["sender"] == "MOTCUA"


def test_http_backend_reports_a_refusal_of_the_gateway(gateway):
    gateway.status = 503
    with pytest.raises(SmsError, match="503"):
        HttpSmsBackend().send("0912345678", "x")


def test_http_backend_reports_an_unreachable_gateway(settings):
    with pytest.raises(SmsError, match="unreachable"):
        HttpSmsBackend(url="http://127.0.0.1:9/", token="t", timeout=2).send("0912345678", "x")


def test_accepting_a_dossier_texts_through_the_configured_gateway(
    gateway, online_dossier, procedure_a, desk_a, run_jobs
):
    dossier = online_dossier(procedure_a)
    with run_jobs():
        workflow.accept(dossier, by=desk_a, expected_version=dossier.version)
    (request,) = gateway.requests
    assert dossier.code in request["json"]["text"]
    row = Notification.objects.get(dossier=dossier, channel=Channel.SMS)
    assert request["json"]["reference"] == f"motcua-{row.pk}"
    assert row.status == DeliveryStatus.SENT


class Flaky:
    """An SMS backend that fails ``failures`` times, then works."""

    failures = 0
    calls = 0

    def send(self, phone, text, *, notification=None):
        Flaky.calls += 1
        if Flaky.calls <= Flaky.failures:
            raise SmsError("gateway answered HTTP 502")


@pytest.fixture
def flaky(settings):
    settings.MOTCUA_SMS_BACKEND = f"{__name__}.Flaky"
    Flaky.calls = 0
    return Flaky


def test_a_failed_sms_is_retried_until_it_goes_through(
    flaky, online_dossier, procedure_a, desk_a, run_jobs
):
    flaky.failures = 2
    dossier = online_dossier(procedure_a)
    with run_jobs():
        workflow.accept(dossier, by=desk_a, expected_version=dossier.version)
    row = Notification.objects.get(dossier=dossier, kind="accept", channel=Channel.SMS)
    assert row.status == DeliveryStatus.SENT
    assert row.attempts == 3 and flaky.calls == 3
    assert row.error == ""


def test_delivery_gives_up_after_five_attempts_and_records_the_error(
    flaky, online_dossier, procedure_a, desk_a, run_jobs
):
    flaky.failures = 100
    dossier = online_dossier(procedure_a)
    with run_jobs():
        workflow.accept(dossier, by=desk_a, expected_version=dossier.version)
    row = Notification.objects.get(dossier=dossier, kind="accept", channel=Channel.SMS)
    assert row.status == DeliveryStatus.FAILED
    assert row.attempts == tasks.MAX_ATTEMPTS == 5 and flaky.calls == 5
    assert "502" in row.error
    # The e-mail of the same transition is not held back by the failing SMS.
    assert (
        Notification.objects.get(dossier=dossier, kind="accept", channel=Channel.EMAIL).status
        == DeliveryStatus.SENT
    )


def test_retries_wait_longer_each_time():
    assert [tasks.backoff(n) for n in range(1, 6)] == [30, 60, 120, 240, 480]
    assert tasks.backoff(20) == 3600


def test_the_worker_schedules_a_retry_with_backoff_when_not_eager(
    flaky, online_dossier, procedure_a, desk_a, monkeypatch
):
    """Outside eager mode a failure asks Celery for a retry after the backoff delay."""
    flaky.failures = 1
    dossier = online_dossier(procedure_a)
    row = Notification.objects.create(
        dossier=dossier,
        user=dossier.applicant,
        kind="accept",
        channel=Channel.SMS,
        recipient="091****678",
        body="x",
    )
    calls = []

    def fake_retry(*, exc, countdown):
        calls.append((type(exc).__name__, countdown))
        return RuntimeError("retry scheduled")

    monkeypatch.setattr(tasks.deliver, "retry", fake_retry)
    with pytest.raises(RuntimeError, match="retry scheduled"):
        tasks.deliver.run(row.pk)
    row.refresh_from_db()
    assert calls == [("SmsError", 30)]
    assert row.status == DeliveryStatus.QUEUED and row.attempts == 1


def test_a_broken_mail_server_is_retried_too(
    settings, online_dossier, procedure_a, desk_a, run_jobs, monkeypatch
):
    from django.core.mail.backends.locmem import EmailBackend

    sent = {"n": 0}
    original = EmailBackend.send_messages

    def once_broken(self, messages):
        sent["n"] += 1
        if sent["n"] == 1:
            raise OSError("connection refused")
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", once_broken)
    dossier = online_dossier(procedure_a)
    with run_jobs():
        workflow.refuse(dossier, by=desk_a, expected_version=dossier.version, reason="Thiếu")
    row = Notification.objects.get(dossier=dossier, kind="refuse", channel=Channel.EMAIL)
    assert row.status == DeliveryStatus.SENT and row.attempts == 2
    assert len(mail.outbox) == 1
