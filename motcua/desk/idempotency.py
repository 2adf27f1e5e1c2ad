"""``Idempotency-Key`` for the desk API's writes (the portal API's header, same meaning).

The key is written in the same transaction as the action: if the action is refused nothing
is kept and the key may be used again; if it succeeded, the same key from the same caller
answers with the dossier's current state and nothing is done twice. Two identical requests
racing each other meet at the key's unique constraint: the second waits for the first and
then replays it.

``fingerprint`` identifies a request (caller and body) so that a key sent again with another
request, or by another caller, is refused instead of replaying what the first one made.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction

from .models import ApiRequestKey

MAX_KEY = 64


@dataclass(frozen=True)
class Outcome:
    result: Any = None
    # The earlier request this key belongs to, when nothing was done this time.
    earlier: ApiRequestKey | None = None

    def matches(self, dossier_id: int, action: str, fingerprint: str = "") -> bool:
        """Whether a replay answers this request: same dossier, same action and, when both
        are known, the same request (another body under the same key is a client's mistake)."""
        if self.earlier is None:
            return True
        same_request = not (self.earlier.fingerprint and fingerprint) or self.earlier.fingerprint == fingerprint
        return self.earlier.dossier_id == dossier_id and self.earlier.action == action and same_request


def fingerprint(user, body: Any) -> str:
    """SHA-256 of the caller's id and the canonical JSON of ``body`` (keys sorted, no spaces),
    so that the same request sent again matches whatever its key order."""
    canonical = json.dumps(
        {"caller": user.pk, "body": body}, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def key_from(request) -> str:
    return request.headers.get("Idempotency-Key", "").strip()[:MAX_KEY]


def _earlier(user, key: str) -> ApiRequestKey | None:
    return ApiRequestKey.objects.filter(user_id=user.pk, key=key).first()


def run_once(
    user, key: str, dossier_id: int, action: str, work: Callable[[], Any], fingerprint: str = ""
) -> Outcome:
    """``work()`` once per (user, key); without a key, every time. ``fingerprint`` (of the
    request) is kept with the key so that ``Outcome.matches`` can tell another request."""
    if not key:
        return Outcome(result=work())
    earlier = _earlier(user, key)
    if earlier is not None:
        return Outcome(earlier=earlier)
    try:
        with transaction.atomic():
            ApiRequestKey.objects.create(
                user_id=user.pk, key=key, dossier_id=dossier_id, action=action, fingerprint=fingerprint
            )
            result = work()
    except IntegrityError:
        earlier = _earlier(user, key)
        if earlier is None:
            raise
        return Outcome(earlier=earlier)
    return Outcome(result=result)
