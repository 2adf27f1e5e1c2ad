"""The registry of payment providers, chosen by the ``MOTCUA_PAYMENT_PROVIDER`` setting.

``MOTCUA_PAYMENT_PROVIDERS`` (name → dotted class path) adds gateways without touching this
module; the built-in ``sandbox`` is a fake gateway served by motcua itself for the demo.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from .base import CallbackResult, IpnCode, Outcome, PaymentProvider

__all__ = [
    "CallbackResult", "IpnCode", "Outcome", "PaymentProvider", "UnknownProvider",
    "default_provider_name", "get_provider", "provider_names",
]

BUILTIN = {"sandbox": "motcua.payments.providers.sandbox.SandboxProvider"}
DEFAULT = "sandbox"


class UnknownProvider(LookupError):
    pass


def _registry() -> dict[str, str]:
    return {**BUILTIN, **getattr(settings, "MOTCUA_PAYMENT_PROVIDERS", {})}


def provider_names() -> list[str]:
    return sorted(_registry())


def default_provider_name() -> str:
    return getattr(settings, "MOTCUA_PAYMENT_PROVIDER", DEFAULT) or DEFAULT


def get_provider(name: str | None = None) -> PaymentProvider:
    """The provider ``name`` (the configured one by default); ``UnknownProvider`` otherwise."""
    name = name or default_provider_name()
    path = _registry().get(name)
    if path is None:
        raise UnknownProvider(name)
    provider = import_string(path)()
    provider.name = name
    return provider
