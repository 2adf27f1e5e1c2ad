"""The public lookup page, kept rendered in the cache per dossier code and language.

The lookup (what a receipt's QR code opens) is the busiest public page and is asked again and
again for the same dossier. Its HTML for an anonymous visitor depends only on the dossier's
public facts and the language, so it is kept for ``PAGE_TTL`` seconds with a hash of the
secret it was rendered for: a hit answers without the database and without the template
engine; a wrong secret never matches and takes the normal, throttled path.

Freshness: every transition of a dossier deletes its pages (``forget``, a ``dossiers.hooks``
``on_transition`` hook). With a shared cache (Redis, production) a change shows at once; with
the per-process default cache (demo, one machine) another worker may show the old status for
at most ``PAGE_TTL`` seconds.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache

PAGE_TTL = 60


def _key(code: str, language: str) -> str:
    # A hash, not the code: cache keys end up in monitoring tools. Upper case: the lookup
    # accepts the code in any case, and ``forget`` must reach the page whatever was typed.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{code.upper()}".encode()).hexdigest()[:32]
    return f"portal:lookup-page:{language}:{digest}"


def _secret_digest(secret: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{secret}".encode()).hexdigest()


def cacheable(request) -> bool:
    """Only the anonymous page without pending messages is the same for everyone."""
    return not request.user.is_authenticated and "messages" not in request.COOKIES


def get(code: str, secret: str, language: str) -> bytes | None:
    entry = cache.get(_key(code, language))
    if not entry:
        return None
    digest, content = entry
    if not hmac.compare_digest(digest, _secret_digest(secret)):
        return None
    return content


def put(code: str, secret: str, language: str, content: bytes) -> None:
    cache.set(_key(code, language), (_secret_digest(secret), content), PAGE_TTL)


def forget(record) -> None:
    """``dossiers.hooks.on_transition``: the dossier changed, its public pages are stale."""
    code = getattr(record.dossier, "code", None)
    if code:
        cache.delete_many([_key(code, language) for language, _name in settings.LANGUAGES])
