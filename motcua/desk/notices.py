"""One-time notices for the desk pages ("Đã thực hiện…", "Hồ sơ đã được người khác cập nhật…").

Kept in the session rather than ``django.contrib.messages`` because base.html renders messages
as ``<li role="status">``, which axe-core reports as a broken list; the desk pages render
these in a live region of their own. Switch back once base.html is fixed.
"""

from __future__ import annotations

SESSION_KEY = "desk_notices"
SUCCESS, INFO, ERROR = "success", "info", "error"


def add(request, level: str, text) -> None:
    notices = request.session.get(SESSION_KEY, [])
    notices.append({"level": level, "text": str(text)})
    request.session[SESSION_KEY] = notices


def pop(request) -> list[dict]:
    return request.session.pop(SESSION_KEY, [])
