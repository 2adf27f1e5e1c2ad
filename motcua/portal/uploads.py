"""Files an applicant sends: checked by their content, stored through Django's storage API.

``validate_upload`` decides from the bytes (never the name or the browser's content type);
``store_upload`` saves a checked file as an ``Upload`` of its owner, reusing an identical file
the same owner already sent (same SHA-256), so a retry or a double click stores nothing twice.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.desk.uploads import sniff_content_type

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def validate_upload(upload) -> str:
    """The content type of an acceptable file (PDF, JPEG, PNG), or ValidationError in Vietnamese."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Tệp «%(name)s» lớn hơn %(limit)s MB; vui lòng gửi tệp nhỏ hơn (quét ở độ phân giải thấp hơn)."),
            params={"name": upload.name, "limit": MAX_UPLOAD_BYTES // (1024 * 1024)},
        )
    content_type = sniff_content_type(upload)
    if content_type is None:
        raise ValidationError(
            _("Tệp «%(name)s» không phải PDF, JPEG hoặc PNG; vui lòng gửi tệp ở một trong các định dạng này."),
            params={"name": upload.name},
        )
    return content_type


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def store_upload(owner, upload):
    """Validate ``upload`` and save it as ``owner``'s ``Upload`` (or return the identical one)."""
    from motcua.portal.models import Upload

    content_type = validate_upload(upload)
    sha256 = _sha256(upload)
    existing = Upload.objects.filter(owner=owner, sha256=sha256).first()
    if existing is not None:
        return existing
    record = Upload(
        owner=owner, original_name=(upload.name or "tep")[:255], content_type=content_type,
        size=upload.size, sha256=sha256,
    )
    record.file.save(record.original_name, upload, save=False)
    record.save()
    return record
