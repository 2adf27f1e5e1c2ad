"""Scans accepted at the desk: PDF, JPEG or PNG, recognised by their first bytes.

The browser's content type and the file name are chosen by the sender, so only the bytes
decide; anything else is refused with a Vietnamese message.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_SCAN_BYTES = 20 * 1024 * 1024

SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


def sniff_content_type(upload) -> str | None:
    """The type the file's magic bytes say, or None; the read position is restored."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def validate_scan(upload) -> str:
    """The content type of an acceptable scan, or ValidationError in Vietnamese."""
    if upload.size > MAX_SCAN_BYTES:
        raise ValidationError(
            _("Tệp «%(name)s» lớn hơn 20 MB; vui lòng quét với độ phân giải thấp hơn."),
            params={"name": upload.name},
        )
    content_type = sniff_content_type(upload)
    if content_type is None:
        raise ValidationError(
            _(
                "Tệp «%(name)s» không phải PDF, JPEG hoặc PNG; chỉ nhận bản quét ở các định dạng này."
            ),
            params={"name": upload.name},
        )
    return content_type
