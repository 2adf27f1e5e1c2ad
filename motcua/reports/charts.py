"""Charts as inline SVG built on the server: no JavaScript library, no CDN, readable in print.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by ``<desc>``;
the page always shows the same figures in a data table next to it (screen readers and
people who prefer numbers read that). Colours come with text labels, never alone.
Sizes are in the viewBox, so a chart shrinks to a 360-px phone.
"""

from __future__ import annotations

import itertools
import math

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BLUE, RED, INK, GRID = "#0b4f9c", "#a50e0e", "#1c1c1c", "#d6d6d6"
_ids = itertools.count(1)


def _nice_max(value: float) -> float:
    """A round upper bound for the axis: 1, 2, 5 × a power of ten."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _number(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".") if float(value).is_integer() else f"{value:,.1f}"


def _open(title: str, description: str, width: int, height: int) -> tuple[list[str], str]:
    n = next(_ids)
    title_id, desc_id = f"chart-{n}-title", f"chart-{n}-desc"
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
    ]
    return parts, title_id


def columns(
    items: list[tuple[str, float, float | None]],
    *,
    title: str,
    description: str,
    series: tuple[str, str] = ("", ""),
) -> SafeString:
    """Vertical bars over time: ``(label, value, second value or None)``; the second value
    (e.g. late dossiers) is drawn as a darker bar inside the first."""
    width, height, left, bottom, top = 640, 260, 48, 36, 24
    parts, _ = _open(title, description, width, height)
    top_value = _nice_max(max((v for _, v, _ in items), default=0))
    plot_h = height - bottom - top
    plot_w = width - left - 8
    for fraction in (0, 0.5, 1):
        y = top + plot_h * (1 - fraction)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 8}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="{INK}">'
            f"{_number(top_value * fraction)}</text>"
        )
    slot = plot_w / max(len(items), 1)
    bar = max(slot * 0.7, 1)
    for i, (label, value, inner) in enumerate(items):
        x = left + i * slot + (slot - bar) / 2
        h = plot_h * value / top_value
        parts.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{BLUE}"/>'
        )
        if inner:
            hi = plot_h * inner / top_value
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - hi:.1f}" width="{bar:.1f}" height="{hi:.1f}" fill="{RED}"/>'
            )
        if len(items) <= 13 or i % max(len(items) // 12, 1) == 0:
            parts.append(
                f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
                f'font-size="11" fill="{INK}">{escape(label)}</text>'
            )
    if series[0]:
        parts.append(f'<rect x="{left}" y="4" width="10" height="10" fill="{BLUE}"/>')
        parts.append(
            f'<text x="{left + 14}" y="13" font-size="11" fill="{INK}">{escape(series[0])}</text>'
        )
    if series[1]:
        parts.append(f'<rect x="{left + 200}" y="4" width="10" height="10" fill="{RED}"/>')
        parts.append(
            f'<text x="{left + 214}" y="13" font-size="11" fill="{INK}">{escape(series[1])}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 -- every text above is escaped


def bars(
    items: list[tuple[str, float]],
    *,
    title: str,
    description: str,
    colour: str = BLUE,
    limit: int = 25,
) -> SafeString:
    """Horizontal bars, one per unit, largest first (the ``limit`` largest)."""
    items = items[:limit]
    row, label_w, width = 22, 190, 640
    height = max(len(items), 1) * row + 12
    parts, _ = _open(title, description, width, height)
    top_value = max((v for _, v in items), default=0) or 1
    plot_w = width - label_w - 70
    for i, (label, value) in enumerate(items):
        y = 6 + i * row
        w = plot_w * value / top_value
        short = label if len(label) <= 30 else label[:29] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end" font-size="12" fill="{INK}">{escape(short)}</text>'
        )
        parts.append(
            f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="{row - 6}" fill="{colour}"/>'
        )
        parts.append(
            f'<text x="{label_w + w + 4:.1f}" y="{y + 14}" font-size="12" fill="{INK}">{_number(value)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 -- every text above is escaped
