from django import template

from motcua.payments.receipt import format_vnd

register = template.Library()


@register.filter
def vnd(amount) -> str:
    """8000 → "8.000" (đồng, dots between thousands)."""
    try:
        return format_vnd(int(amount))
    except (TypeError, ValueError):
        return ""
