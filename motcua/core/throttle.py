"""Counting what one client address does in a window of time, in the cache.

Used where anonymous visitors can guess (the public lookup, the electronic result
verification) or flood (feedback): only what the caller chooses to count is counted, so a
citizen re-scanning their own QR code is never slowed down. The address is hashed with the
secret key: cache keys end up in the cache server's logs and monitoring, and an IP address is
personal data. Behind a reverse proxy, ``REMOTE_ADDR`` must be the client's (docs/operations.md).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache


class AddressCounter:
    """A counter per client address and ``name``, living ``window`` seconds from its first count."""

    def __init__(self, request, name: str, *, limit: int, window: int):
        address = request.META.get("REMOTE_ADDR") or "unknown"
        digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
        self.key = f"motcua:throttle:{name}:{digest}"
        self.limit = limit
        self.window = window

    def reached(self) -> bool:
        """Whether the limit is reached already (nothing is counted)."""
        return (cache.get(self.key) or 0) >= self.limit

    def count(self) -> int:
        """Count one more event and return the count in the current window."""
        if cache.add(self.key, 1, timeout=self.window):
            return 1
        try:
            return cache.incr(self.key)
        except ValueError:  # expired between add and incr: a new window starts
            cache.add(self.key, 1, timeout=self.window)
            return 1
