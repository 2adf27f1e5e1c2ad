"""What a dossier must pay: the fees (phí) and charges (lệ phí) of its procedure version.

The catalogue's ``Fee.amount`` is whole đồng; ``0`` means exempt and ``None`` means no amount
is published for online payment (it depends on the case, or is not charged): neither is
collected online. A dossier is charged by the version it was received under
(``dossier.procedure``), never by a later one.

A fee published per copy is charged once per copy asked for. The catalogue says so in words,
as the published records do: the fee's name or note gives the amount "…đồng/bản" or "mỗi bản"
(2.000635: "8.000 đồng/bản"). The number of copies is the online form's copies field: the
top-level integer property ``copies`` ("Số bản sao", 2.000635 and 2.000908), else a top-level
integer property titled "Số bản sao…". Without a form, or without a value, one copy (the
field's default when it has one).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist

from motcua.catalog.models import FeeKind, OnlineClass
from motcua.dossiers.models import Dossier, Status

# "8.000 đồng/bản", "đồng / bản sao", "đồng/01 bản", "mỗi bản": the amount is per copy.
PER_COPY = re.compile(r"/\s*(?:0?1\s*)?bản\b|\bmỗi\s+bản\b", re.IGNORECASE)
COPIES_FIELD = "copies"
COPIES_TITLE = "số bản sao"
# A form without a maximum must not turn a typing slip into an amount no gateway takes.
MAX_COPIES = 1000


@dataclass(frozen=True)
class FeeLine:
    kind: str
    kind_label: str
    name: str
    # What this line costs: the unit amount times the copies for a per-copy fee.
    # None: not collected online (see ``note``); 0: exempt.
    amount: int | None
    note: str
    unit_amount: int | None = None
    quantity: int = 1
    per_copy: bool = False

    @property
    def charged(self) -> bool:
        return bool(self.amount)

    def as_dict(self) -> dict:
        # Copied into ``Payment.lines``: the receipt shows "2 bản × 8.000 đồng" from it.
        return {"kind": self.kind, "kind_label": self.kind_label, "name": self.name,
                "amount": self.amount, "unit_amount": self.unit_amount,
                "quantity": self.quantity, "per_copy": self.per_copy}


def _text(value) -> str:
    return unicodedata.normalize("NFC", str(value or "")).strip()


def is_per_copy(fee) -> bool:
    """Whether the catalogue states ``fee``'s amount per copy (in its name or its note)."""
    return bool(PER_COPY.search(_text(fee.name)) or PER_COPY.search(_text(fee.note)))


def _integer(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def copies_field(schema) -> tuple[str, dict] | None:
    """The form's copies field: (property name, its schema), or None."""
    properties = schema.get("properties") if isinstance(schema, dict) else None
    if not isinstance(properties, dict):
        return None

    def integer(spec) -> bool:
        return isinstance(spec, dict) and spec.get("type") == "integer"

    if integer(properties.get(COPIES_FIELD)):
        return COPIES_FIELD, properties[COPIES_FIELD]
    for name, spec in properties.items():
        if integer(spec) and _text(spec.get("title")).lower().startswith(COPIES_TITLE):
            return name, spec
    return None


def copies_requested(schema, form_data) -> int:
    """How many copies the form asks for (1 when the form has no copies field)."""
    field = copies_field(schema)
    if field is None:
        return 1
    name, spec = field
    value = _integer(form_data.get(name)) if isinstance(form_data, dict) else None
    if value is None:
        value = _integer(spec.get("default"))
    if value is None:
        value = 1
    maximum = _integer(spec.get("maximum"))
    upper = maximum if maximum is not None and 0 <= maximum <= MAX_COPIES else MAX_COPIES
    return max(0, min(value, upper))


def lines_for(procedure, form_data) -> list[FeeLine]:
    """The fee lines of ``procedure`` for an application whose form holds ``form_data``."""
    kinds = dict(FeeKind.choices)
    quantity = None
    lines = []
    # ``fees`` may be prefetched by a list page; .all() keeps that cache.
    for fee in procedure.fees.all():
        per_copy = is_per_copy(fee)
        count = 1
        if per_copy:
            if quantity is None:
                quantity = copies_requested(procedure.form_schema or {}, form_data)
            count = quantity
        lines.append(FeeLine(
            kind=fee.kind, kind_label=str(kinds.get(fee.kind, fee.kind)), name=fee.name,
            amount=fee.amount * count if fee.amount is not None else None, note=fee.note,
            unit_amount=fee.amount, quantity=count, per_copy=per_copy,
        ))
    return lines


def form_data_of(dossier: Dossier) -> dict:
    """The dossier's online form (``portal.OnlineApplication``), or {} for a paper dossier."""
    try:
        return dossier.online.form_data or {}
    except ObjectDoesNotExist:
        return {}


# Statuses in which a level-4 dossier can be paid: after submission and before its end. A
# draft is not yet an application; a refused, withdrawn or closed dossier owes nothing.
PAYABLE_STATUSES = frozenset({
    Status.SUBMITTED, Status.RECEIVED, Status.IN_PROCESSING, Status.WAITING_SUPPLEMENT,
    Status.SUSPENDED, Status.RESOLVED,
})


# Dossiers that ended without being handled (refused, withdrawn): they owe nothing, so a fee
# already paid online is owed back. The agency that collected it refunds it under the fee
# rules; there is no refund through the gateway (docs/payments.md).
REFUND_STATUSES = frozenset({Status.REFUSED, Status.WITHDRAWN})


def fee_lines(dossier: Dossier) -> list[FeeLine]:
    return lines_for(dossier.procedure, form_data_of(dossier))


def amount_due(dossier: Dossier) -> int:
    """The total in đồng the procedure charges this dossier online (0: nothing to pay)."""
    return sum(line.amount for line in fee_lines(dossier) if line.amount)


def pays_online(dossier: Dossier) -> bool:
    """Whether the procedure version is a full online service (level 4): fees paid online."""
    procedure = dossier.procedure
    return procedure.online_class == OnlineClass.FULL or (procedure.online_level_legacy or 0) >= 4


def payment_required(dossier: Dossier) -> bool:
    """A level-4 dossier with something to pay asks for an online payment."""
    return pays_online(dossier) and amount_due(dossier) > 0


def payable_now(dossier: Dossier) -> bool:
    return payment_required(dossier) and dossier.status in PAYABLE_STATUSES
