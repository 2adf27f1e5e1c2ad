"""What an applicant sent online, readable by a person: the form data labelled with the titles
of the procedure's JSON Schema, and the attached files.

Used on the desk's dossier page and on the applicant's own page
(template ``portal/_online_application.html``). The walk follows the schema the dossier was
filed under (``dossier.procedure`` is the version applied for), so labels are the ones the
applicant saw. Values the schema does not describe are still shown, under their key: an
official must see everything that was sent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from motcua.dossiers.models import Channel
from motcua.portal.models import AttachedDocument, AttachmentPurpose, OnlineApplication

# The file view of the applying helper (owner or an official in scope; others 404).
FILE_URL = "/dich-vu-cong/tep/{pk}/"
MAX_DEPTH = 8  # a hostile or broken schema must not recurse forever


@dataclass
class Entry:
    """One line of the summary: a value, a group of entries, or a repeated group."""

    label: str
    value: str = ""
    children: list[Entry] = field(default_factory=list)
    rows: list[list[Entry]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if self.rows:
            return "rows"
        if self.children:
            return "group"
        return "value"


def _text(value, schema: dict) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if schema.get("format") == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, list):
        return ", ".join(_text(item, {}) for item in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_text(item, {})}" for key, item in value.items()) or "—"
    return str(value)


def _properties(schema: dict) -> dict:
    """Declared properties, with those only conditional branches (if/then) declare."""
    properties = dict(schema.get("properties") or {})
    for branch in schema.get("allOf") or []:
        if isinstance(branch, dict):
            for part in (branch, branch.get("then") or {}, branch.get("else") or {}):
                for name, sub in (part.get("properties") or {}).items():
                    properties.setdefault(name, sub)
    return properties


def _entries(data: dict, schema: dict, depth: int = 0) -> list[Entry]:
    schema = schema if isinstance(schema, dict) else {}
    properties = _properties(schema)
    entries = []
    names = [name for name in properties if name in data]
    names += [name for name in data if name not in properties]
    for name in names:
        entries.append(_entry(data[name], properties.get(name) or {}, str(name), depth))
    return entries


def _entry(value, schema: dict, name: str, depth: int) -> Entry:
    schema = schema if isinstance(schema, dict) else {}
    label = str(schema.get("title") or name)
    if depth >= MAX_DEPTH:
        return Entry(label=label, value=_text(value, {}))
    if isinstance(value, dict):
        children = _entries(value, schema, depth + 1)
        return Entry(label=label, children=children) if children else Entry(label=label, value="—")
    items_schema = schema.get("items") if isinstance(schema.get("items"), dict) else {}
    if isinstance(value, list) and any(isinstance(item, dict) for item in value):
        rows = []
        for item in value:
            if isinstance(item, dict):
                rows.append(_entries(item, items_schema, depth + 1))
            else:
                rows.append([Entry(label=str(items_schema.get("title") or label), value=_text(item, items_schema))])
        return Entry(label=label, rows=rows)
    if isinstance(value, list):
        return Entry(label=label, value=", ".join(_text(item, items_schema) for item in value) or "—")
    return Entry(label=label, value=_text(value, schema))


def form_entries(form_data, schema) -> list[Entry]:
    """The form data as labelled entries, in the schema's order."""
    if not isinstance(form_data, dict):
        return []
    return _entries(form_data, schema if isinstance(schema, dict) else {})


def _attachment(attached: AttachedDocument) -> dict:
    upload = attached.upload
    if attached.label:
        name = attached.label
    elif attached.required_document_id:
        name = attached.required_document.name
    else:
        name = upload.original_name
    return {
        "name": name,
        "purpose": attached.purpose,
        "supplement_round": attached.supplement_round,
        "file_name": upload.original_name,
        "content_type": upload.content_type,
        "size": upload.size,
        "upload_id": upload.pk,
        "url": FILE_URL.format(pk=upload.pk),
    }


def online_summary(dossier) -> dict | None:
    """The online application of ``dossier`` as a dict for ``portal/_online_application.html``,
    or None for a dossier handed in at the desk or by post (three queries at most)."""
    application = (
        OnlineApplication.objects.filter(dossier_id=dossier.pk).select_related("representation").first()
    )
    if application is None:
        return None
    attachments = [
        _attachment(attached)
        for attached in AttachedDocument.objects.filter(application=application)
        .select_related("upload", "required_document")
        .order_by("supplement_round", "required_document__order", "pk")
    ]
    schema = dossier.procedure.form_schema if dossier.procedure_id else {}
    return {
        "title": str((schema or {}).get("title") or _("Tờ khai")),
        "entries": form_entries(application.form_data, schema),
        "on_behalf_name": application.on_behalf_name,
        "contact_email": application.contact_email,
        "contact_phone": application.contact_phone,
        "result_channel": application.result_channel,
        "result_channel_label": str(Channel(application.result_channel).label).lower()
        if application.result_channel in Channel.values else application.result_channel,
        "application_documents": [a for a in attachments if a["purpose"] == AttachmentPurpose.APPLICATION],
        "supplement_documents": [a for a in attachments if a["purpose"] == AttachmentPurpose.SUPPLEMENT],
        "submitted_at": dossier.submitted_at,
    }
