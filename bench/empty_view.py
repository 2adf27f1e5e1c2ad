"""The baseline of the desk-queue benchmark: a view that does nothing.

It answers from the same gunicorn workers, middleware stack and session cookie as the work
queue, so the queue's latency minus this one is what the queue itself costs (query, template).
It never touches the session or the database: middleware loads both lazily.
"""

from __future__ import annotations

from django.http import HttpResponse


def empty(request):
    return HttpResponse(b"", content_type="text/plain")
