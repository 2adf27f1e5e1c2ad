"""SMS behind one interface: ``get_backend().send(phone, text)``.

The backend is chosen by ``settings.MOTCUA_SMS_BACKEND`` (a dotted path). Vietnamese gateways
(Viettel, VNPT, FPT…) each have their own API; a deployment writes a small subclass of
``HttpSmsBackend`` or a backend of its own, nothing else changes. ``send`` raises ``SmsError``
when the message was not accepted, so the delivery job can retry it.
"""

from __future__ import annotations

import logging

import requests
from django.conf import settings
from django.utils.module_loading import import_string

from .contacts import mask_phone

logger = logging.getLogger("motcua.notifications.sms")

DEFAULT_BACKEND = "motcua.notifications.sms.LogSmsBackend"


class SmsError(Exception):
    """The gateway refused or could not be reached; the message may be retried."""


class BaseSmsBackend:
    def send(self, phone: str, text: str, *, notification=None) -> None:
        raise NotImplementedError


class LogSmsBackend(BaseSmsBackend):
    """The demo's SMS: written to the log (number masked) and to the notifications table.

    Called by the delivery job the row already exists and the job marks it sent; called on its
    own (``notification=None``) it records a row so that every SMS is in the table.
    """

    def send(self, phone: str, text: str, *, notification=None) -> None:
        logger.info("SMS to %s: %s", mask_phone(phone), text)
        if notification is None:
            from django.utils import timezone

            from .models import Channel, DeliveryStatus, Notification

            Notification.objects.create(
                kind="sms",
                channel=Channel.SMS,
                recipient=mask_phone(phone),
                body=text,
                status=DeliveryStatus.SENT,
                attempts=1,
                sent_at=timezone.now(),
            )


class HttpSmsBackend(BaseSmsBackend):
    """Posts ``{"to", "text", "sender", "reference"}`` as JSON to ``MOTCUA_SMS_URL`` with
    ``Authorization: Bearer MOTCUA_SMS_TOKEN``; any answer but 2xx is a failure."""

    def __init__(
        self, url: str | None = None, token: str | None = None, timeout: float | None = None
    ):
        self.url = url if url is not None else getattr(settings, "MOTCUA_SMS_URL", "")
        self.token = token if token is not None else getattr(settings, "MOTCUA_SMS_TOKEN", "")
        self.timeout = timeout or getattr(settings, "MOTCUA_SMS_TIMEOUT", 10)
        self.sender = getattr(settings, "MOTCUA_SMS_SENDER", "MOTCUA")

    def payload(self, phone: str, text: str, notification=None) -> dict:
        return {
            "to": phone,
            "text": text,
            "sender": self.sender,
            "reference": f"motcua-{notification.pk}" if notification is not None else "",
        }

    def send(self, phone: str, text: str, *, notification=None) -> None:
        if not self.url:
            raise SmsError("MOTCUA_SMS_URL is not set")
        try:
            response = requests.post(
                self.url,
                json=self.payload(phone, text, notification),
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            # The exception text may hold the URL, never the number or the text.
            raise SmsError(f"gateway unreachable: {type(error).__name__}") from error
        if not 200 <= response.status_code < 300:
            raise SmsError(f"gateway answered HTTP {response.status_code}")
        logger.info("SMS to %s accepted by the gateway", mask_phone(phone))


def get_backend() -> BaseSmsBackend:
    path = getattr(settings, "MOTCUA_SMS_BACKEND", "") or DEFAULT_BACKEND
    return import_string(path)()
