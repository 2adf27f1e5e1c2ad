"""An uploaded catalogue kept between the admin's preview and the user's confirmation.

The file goes to the default storage (local disk or S3, so it works with several servers) and
the session remembers its name and checksum: only the user who uploaded it can confirm it,
and a changed file is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

FOLDER = "catalog-imports"
SESSION_KEY = "catalog_import_pending"
MAX_AGE = dt.timedelta(days=1)


def stash(request, data: bytes) -> str:
    """Keep ``data`` for this session; returns the token the confirmation form posts back."""
    discard(request)
    _purge_stale()
    token = uuid.uuid4().hex
    name = default_storage.save(f"{FOLDER}/{token}.upload", ContentFile(data))
    request.session[SESSION_KEY] = {
        "token": token,
        "name": name,
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    return token


def take(request, token: str) -> bytes | None:
    """The stashed bytes if ``token`` is this session's pending upload; the stash is emptied."""
    pending = request.session.get(SESSION_KEY)
    if not pending or not token or pending.get("token") != token:
        return None
    try:
        with default_storage.open(pending["name"], "rb") as handle:
            data = handle.read()
    except OSError:
        data = None
    discard(request)
    if data is None or hashlib.sha256(data).hexdigest() != pending["sha256"]:
        return None
    return data


def discard(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        try:
            default_storage.delete(pending["name"])
        except OSError:
            pass


def _purge_stale() -> None:
    """Previews nobody confirmed: removed after a day, by the next upload."""
    try:
        _dirs, names = default_storage.listdir(FOLDER)
    except (OSError, NotImplementedError):
        return
    limit = timezone.now() - MAX_AGE
    for name in names:
        path = f"{FOLDER}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
        except (OSError, NotImplementedError):
            continue
