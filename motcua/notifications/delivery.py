"""Sending one ``Notification`` by its channel; the job in ``tasks`` retries what fails."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage

from .contacts import applicant_contact
from .models import Audience, Channel, Notification
from .sms import get_backend


class NoAddress(Exception):
    """The person has no address on this channel any more; retrying will not help."""


def address_of(notification: Notification) -> str:
    """The real address, looked up now (only the masked one is stored)."""
    if notification.audience == Audience.OFFICIAL:
        user = notification.user
        address = (
            (user.email if user else "")
            if notification.channel == Channel.EMAIL
            else (getattr(user, "phone", "") if user else "")
        )
    else:
        contact = applicant_contact(notification.dossier)
        address = contact.email if notification.channel == Channel.EMAIL else contact.phone
    if not address:
        raise NoAddress("no address for this channel")
    return address


def receipt_attachment(dossier) -> tuple[str, bytes, str]:
    from motcua.documents.render import render_pdf
    from motcua.documents.templates_registry import RECEIPT

    name = f"giay-tiep-nhan-{dossier.code or dossier.pk}.pdf"
    return name, render_pdf(RECEIPT, dossier), "application/pdf"


def send(notification: Notification) -> None:
    """Send now; raises on failure (the caller records it and retries)."""
    address = address_of(notification)
    if notification.channel == Channel.SMS:
        get_backend().send(address, notification.body, notification=notification)
        return
    email = EmailMessage(
        subject=notification.subject,
        body=notification.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
    )
    from .messages import MESSAGES

    message = MESSAGES.get(notification.kind)
    if message is not None and message.attach_receipt and notification.dossier_id:
        email.attach(*receipt_attachment(notification.dossier))
    email.send(fail_silently=False)
