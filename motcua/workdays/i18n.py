"""Translation hook for the Django-free deadline engine.

The engine must not import Django, yet every text a person reads goes through gettext. The
source strings are Vietnamese and are marked with ``_()`` so that ``makemessages`` extracts
them; by default they are returned unchanged. The Django side installs its own translator
once (``set_translator(django.utils.translation.gettext)``) to serve other languages.
"""

from __future__ import annotations

from collections.abc import Callable

_translator: Callable[[str], str] = str


def set_translator(translate: Callable[[str], str] | None) -> None:
    """Route every engine message through ``translate`` (``None`` restores the identity)."""
    global _translator
    _translator = translate or str


def _(message: str) -> str:
    return _translator(message)
