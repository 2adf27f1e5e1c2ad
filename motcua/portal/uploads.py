"""Files an applicant sends: checked by their content, stored through Django's storage API.

``validate_upload`` decides from the bytes (never the name or the browser's content type):
the magic bytes must say PDF, JPEG or PNG; a PDF must also end with the ``%%EOF`` trailer (a
truncated or disguised file does not); an image must open and verify with Pillow and stay
under a pixel budget, so a small "decompression bomb" that would expand to gigabytes in memory
is refused before anything decodes it. ``store_upload`` saves a checked file as an ``Upload``
of its owner, reusing an identical file the same owner already sent (same SHA-256), so a retry
or a double click stores nothing twice.

Limits: ``MOTCUA_MAX_UPLOAD_BYTES`` per file (10 MB), ``MOTCUA_MAX_DOSSIER_BYTES`` per dossier
(50 MB, see ``check_dossier_total``), ``MOTCUA_MAX_IMAGE_PIXELS`` per image (40 megapixels).
"""

from __future__ import annotations

import hashlib
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from motcua.desk.uploads import sniff_content_type

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_DOSSIER_BYTES = 50 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # a 300-dpi A3 scan is about 17 megapixels
PDF_TRAILER_WINDOW = 2048  # %%EOF may be followed by a little whitespace or a stray line
MB = 1024 * 1024


def max_upload_bytes() -> int:
    return int(getattr(settings, "MOTCUA_MAX_UPLOAD_BYTES", MAX_UPLOAD_BYTES))


def max_dossier_bytes() -> int:
    return int(getattr(settings, "MOTCUA_MAX_DOSSIER_BYTES", MAX_DOSSIER_BYTES))


def max_image_pixels() -> int:
    return int(getattr(settings, "MOTCUA_MAX_IMAGE_PIXELS", MAX_IMAGE_PIXELS))


def _name(upload) -> str:
    # Only the last part of the name, shortened: it is shown back to the person.
    name = str(getattr(upload, "name", "") or "tep").replace("\\", "/").rsplit("/", 1)[-1]
    return name[:120]


def _not_a_pdf(upload) -> ValidationError:
    return ValidationError(
        _("Tệp «%(name)s» không phải tệp PDF hoàn chỉnh (có thể bị hỏng hoặc tải lên chưa hết); vui lòng lưu lại tệp và gửi lại."),
        params={"name": _name(upload)}, code="bad_pdf",
    )


def _check_pdf(upload) -> None:
    size = upload.size
    upload.seek(max(0, size - PDF_TRAILER_WINDOW))
    tail = upload.read(PDF_TRAILER_WINDOW)
    upload.seek(0)
    if b"%%EOF" not in tail:
        raise _not_a_pdf(upload)


def _check_image(upload) -> None:
    from PIL import Image

    bad = ValidationError(
        _("Ảnh «%(name)s» bị hỏng hoặc không đọc được; vui lòng chụp hoặc quét lại."),
        params={"name": _name(upload)}, code="bad_image",
    )
    too_big = ValidationError(
        _("Ảnh «%(name)s» có kích thước điểm ảnh quá lớn; vui lòng chụp hoặc quét ở độ phân giải thấp hơn."),
        params={"name": _name(upload)}, code="image_too_large",
    )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice it; make every bomb an error.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                if width * height > max_image_pixels():
                    raise too_big
                image.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_big from None
    except Exception:  # Pillow raises many kinds (OSError, SyntaxError, struct.error…)
        raise bad from None
    finally:
        upload.seek(0)


def validate_upload(upload) -> str:
    """The content type of an acceptable file (PDF, JPEG, PNG), or ValidationError in Vietnamese."""
    limit = max_upload_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("Tệp «%(name)s» lớn hơn %(limit)s MB; vui lòng gửi tệp nhỏ hơn (quét ở độ phân giải thấp hơn)."),
            params={"name": _name(upload), "limit": limit // MB}, code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(
            _("Tệp «%(name)s» rỗng; vui lòng chọn lại tệp."), params={"name": _name(upload)},
            code="empty",
        )
    content_type = sniff_content_type(upload)
    if content_type is None:
        raise ValidationError(
            _("Tệp «%(name)s» không phải PDF, JPEG hoặc PNG; vui lòng gửi tệp ở một trong các định dạng này."),
            params={"name": _name(upload)}, code="bad_type",
        )
    if content_type == "application/pdf":
        _check_pdf(upload)
    else:
        _check_image(upload)
    upload.seek(0)
    return content_type


def check_dossier_total(current_bytes: int, adding_bytes: int) -> None:
    """ValidationError when attaching ``adding_bytes`` would pass the per-dossier limit."""
    limit = max_dossier_bytes()
    if current_bytes + adding_bytes > limit:
        raise ValidationError(
            _("Tổng dung lượng các tệp của một hồ sơ không được vượt quá %(limit)s MB; hồ sơ đã có %(used)s MB. Vui lòng gửi tệp nhỏ hơn hoặc bỏ bớt tệp không cần thiết."),
            params={"limit": limit // MB, "used": round(current_bytes / MB, 1)},
            code="dossier_too_large",
        )


def _sha256(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def store_upload(owner, upload):
    """Validate ``upload`` and save it as ``owner``'s ``Upload`` (or return the identical one).

    The file is written to storage before the row is committed; if the row cannot be saved the
    file is deleted again, so storage never holds a file that no row points to for long and no
    row ever points to a missing file.
    """
    with transaction.atomic():
        uploads, _new = store_uploads(owner, [upload])
    return uploads[0]


def store_uploads(owner, files) -> tuple[list, list]:
    """``store_upload`` for several files in one go (the one-request submission API): every
    file checked first, identical files found with one query, new rows inserted with one.

    Returns (uploads in the order of ``files``, the new ones). Must run inside the caller's
    transaction; if it rolls back, the caller deletes the new ones' files (their rows are gone).
    """
    from motcua.portal.models import Upload

    checked = [(upload, validate_upload(upload), _sha256(upload)) for upload in files]
    existing = {
        row.sha256: row
        for row in Upload.objects.filter(owner=owner, sha256__in={sha for _u, _t, sha in checked})
    }
    result, new = [], []
    for upload, content_type, sha256 in checked:
        record = existing.get(sha256)
        if record is None:
            record = Upload(
                owner=owner, original_name=_name(upload)[:255], content_type=content_type,
                size=upload.size, sha256=sha256,
            )
            record.file.save(record.original_name, upload, save=False)
            existing[sha256] = record
            new.append(record)
        result.append(record)
    try:
        Upload.objects.bulk_create(new)
    except Exception:
        for record in new:
            record.file.storage.delete(record.file.name)
        raise
    return result, new
