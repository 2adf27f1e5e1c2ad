"""Template helpers of the catalogue: time limits, money and online levels as Vietnamese text."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from motcua.catalog.models import OnlineClass, Procedure, TimeLimitUnit

register = template.Library()


def vietnamese_number(value: Decimal | int | float) -> str:
    """5.0 → "5", 0.5 → "0,5", 12000 → "12.000": the way Vietnamese documents write numbers."""
    number = Decimal(str(value)).normalize()
    whole, _sep, fraction = f"{number:f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    grouped = f"{int(whole.lstrip('-') or 0):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


@register.filter
def time_limit_text(procedure: Procedure) -> str:
    """ "3 ngày làm việc", "Trong ngày", or a plain "not set" sentence."""
    if procedure.time_limit_unit == TimeLimitUnit.SAME_DAY:
        return _("Trong ngày")
    if procedure.time_limit_value is None:
        return _("Không quy định")
    return (
        f"{vietnamese_number(procedure.time_limit_value)} {procedure.get_time_limit_unit_display()}"
    )


@register.filter
def budget_text(step) -> str:
    """A workflow step's time budget, e.g. "4 giờ làm việc"."""
    return f"{vietnamese_number(step.budget_value)} {step.get_budget_unit_display()}"


@register.filter
def vnd(amount: int | None) -> str:
    """Whole đồng as "8.000 đồng"; zero is "Không thu" (the wording of published records)."""
    if amount is None:
        return _("Theo từng trường hợp")
    if amount == 0:
        return _("Không thu")
    return _("%(amount)s đồng") % {"amount": vietnamese_number(amount)}


@register.filter
def online_label(procedure: Procedure) -> str:
    """The online-service badge: legacy level and/or the Decree 42/2022 class."""
    parts = []
    if procedure.online_level_legacy:
        parts.append(procedure.get_online_level_legacy_display())
    if procedure.online_class:
        parts.append(procedure.get_online_class_display())
    return " · ".join(str(part) for part in parts) or _("Chưa có dịch vụ công trực tuyến")


@register.filter
def is_online(procedure: Procedure) -> bool:
    """True when the applicant can at least submit online (level 3–4, partly or fully online)."""
    return (procedure.online_level_legacy or 0) >= 3 or procedure.online_class in {
        OnlineClass.PARTIAL,
        OnlineClass.FULL,
    }


@register.simple_tag
def query_with(request, **changes) -> str:
    """The current query string with ``changes`` applied (``None`` removes a key)."""
    query = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def by_vietnamese_name(items):
    """Agencies, units…: in Vietnamese alphabetical order of their ``name`` ("Ô Chợ Dừa" after
    "Ngã Tư Sở", not after "Yên Hòa" as a byte order puts it)."""
    from motcua.core.text import vietnamese_sort_key

    return sorted(items, key=lambda item: (vietnamese_sort_key(item.name), item.pk))
