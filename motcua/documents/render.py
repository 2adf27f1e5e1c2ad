"""Official documents as bytes: A4 PDFs from Django templates (WeasyPrint) and the Excel register.

The templates are HTML with print CSS (``documents/pdf/base.html``); WeasyPrint is imported
lazily because loading it and its fonts takes about a second, which pages that never print
should not pay.
"""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone

from motcua.dossiers.models import Dossier

from . import register
from .context import date_line, dossier_context, moment_text, place_name
from .qr import qr_svg_data_uri
from .templates_registry import REGISTER, form_for

__all__ = ["render_pdf", "render_register_pdf", "render_register_xlsx", "qr_svg_data_uri", "html_to_pdf"]


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf()


def render_html(kind: str, dossier: Dossier, *, base_url=None, extra=None) -> str:
    form, context = dossier_context(kind, dossier, base_url=base_url, extra=extra)
    return render_to_string(form.template, context)


def render_pdf(kind: str, dossier: Dossier, *, base_url=None, extra=None) -> bytes:
    """The PDF of form ``kind`` for ``dossier``, from the set in force when it was received.

    ``extra`` overrides or adds context: ``documents`` (the dossier's own list), ``officer``,
    ``reason``, ``missing_items``, ``new_due_at`` (apology), ``issued_on``.
    Raises ``templates_registry.UnknownForm`` for a kind the set does not have.
    """
    return html_to_pdf(render_html(kind, dossier, base_url=base_url, extra=extra))


def _register_form(date_to: dt.date):
    return form_for(REGISTER, date_to)


def render_register_pdf(agency, date_from: dt.date, date_to: dt.date) -> bytes:
    """The register of ``agency``'s desk for dossiers received from ``date_from`` to ``date_to``."""
    form = _register_form(date_to)
    rows = register.register_rows(agency, date_from, date_to)
    html = render_to_string(
        form.template,
        {
            "form": form, "agency": agency,
            "parent_agency_name": agency.parent.name if agency.parent_id else "",
            "date_line": date_line(place_name(agency), timezone.localdate()),
            "date_from": date_from, "date_to": date_to,
            "rows": [
                {
                    "row": row, "received": moment_text(row.received_at),
                    "due": moment_text(row.due_at), "returned": moment_text(row.returned_at),
                }
                for row in rows
            ],
        },
    )
    return html_to_pdf(html)


def render_register_xlsx(agency, date_from: dt.date, date_to: dt.date) -> bytes:
    form = _register_form(date_to)
    return register.register_xlsx(agency, date_from, date_to, title=str(form.title))
