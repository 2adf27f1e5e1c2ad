"""Checking a result anyone holds: by code, and by the hash of a file they upload.

The uploaded file is hashed as it streams in (``HashingUploadHandler``) and never written
anywhere, in memory or on disk: Django's default handlers would spool a large upload to a
temporary file. Wrong codes are counted per client address in the cache; past the limit the
address gets 429 for a while, so the 60-bit codes cannot be searched for.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from motcua.core.throttle import AddressCounter

from .models import ElectronicResult, normalize_code

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_MISSES = 10
DEFAULT_WINDOW_SECONDS = 15 * 60
UPLOAD_FIELD = "tep"


def max_upload_bytes() -> int:
    return int(getattr(settings, "MOTCUA_RESULT_VERIFY_MAX_BYTES", MAX_UPLOAD_BYTES))


@dataclass
class HashedUpload:
    """What remains of an uploaded file: its size and SHA-256, not its bytes."""

    name: str
    size: int
    sha256: str


class HashingUploadHandler(FileUploadHandler):
    """Hashes every uploaded file chunk by chunk and keeps only ``HashedUpload``; a file over
    the limit is skipped (``too_large`` says so) while the other fields still parse."""

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = max_upload_bytes()
        self.too_large = False
        self._hasher = None
        self._size = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self._hasher = hashlib.sha256()
        self._size = 0

    def receive_data_chunk(self, raw_data, start):
        self._size += len(raw_data)
        if self._size > self.limit:
            self.too_large = True
            raise SkipFile()
        self._hasher.update(raw_data)
        return None

    def file_complete(self, file_size):
        return HashedUpload(name=self.file_name or "", size=self._size, sha256=self._hasher.hexdigest())


def install_hashing_handler(request) -> HashingUploadHandler:
    """Must run before anything reads ``request.POST`` or ``request.FILES``."""
    handler = HashingUploadHandler(request)
    request.upload_handlers = [handler]
    return handler


def hashes_match(expected: str, actual: str) -> bool:
    return hmac.compare_digest(expected.encode("ascii"), actual.encode("ascii"))


# Throttling of wrong codes.


def _counter(request) -> AddressCounter:
    limit, window = (
        int(getattr(settings, "MOTCUA_RESULT_VERIFY_MAX_MISSES", DEFAULT_MAX_MISSES)),
        int(getattr(settings, "MOTCUA_RESULT_VERIFY_WINDOW", DEFAULT_WINDOW_SECONDS)),
    )
    return AddressCounter(request, "result-verify-misses", limit=limit, window=window)


def is_throttled(request) -> bool:
    return _counter(request).reached()


def count_miss(request) -> None:
    _counter(request).count()


class Lookup:
    """The outcome of looking a code up: ``invalid`` (not a code), ``throttled``, ``missing``, or
    ``result``. Every miss of a well-formed code counts against the client's address."""

    def __init__(self, request, raw_code):
        self.raw = str(raw_code or "")[:64]
        self.code = normalize_code(raw_code)
        self.result: ElectronicResult | None = None
        self.throttled = is_throttled(request)
        if self.throttled or self.code is None:
            return
        self.result = (
            ElectronicResult.objects.select_related(
                "issuing_agency", "dossier", "superseded_by"
            )
            .filter(code=self.code)
            .first()
        )
        if self.result is None:
            count_miss(request)

    @property
    def invalid(self) -> bool:
        return not self.throttled and self.code is None

    @property
    def missing(self) -> bool:
        return not self.throttled and self.code is not None and self.result is None
