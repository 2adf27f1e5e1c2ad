"""What a dossier must pay: the fees (phí) and charges (lệ phí) of its procedure version.

The catalogue's ``Fee.amount`` is whole đồng; ``0`` means exempt and ``None`` means no amount
is published for online payment (it depends on the case, or is not charged): neither is
collected online. A dossier is charged by the version it was received under
(``dossier.procedure``), never by a later one.
"""

from __future__ import annotations

from dataclasses import dataclass

from motcua.catalog.models import FeeKind, OnlineClass
from motcua.dossiers.models import Dossier, Status


@dataclass(frozen=True)
class FeeLine:
    kind: str
    kind_label: str
    name: str
    # None: not collected online (see ``note``); 0: exempt.
    amount: int | None
    note: str

    @property
    def charged(self) -> bool:
        return bool(self.amount)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "kind_label": self.kind_label, "name": self.name,
                "amount": self.amount}


# Statuses in which a level-4 dossier can be paid: after submission and before its end. A
# draft is not yet an application; a refused, withdrawn or closed dossier owes nothing.
PAYABLE_STATUSES = frozenset({
    Status.SUBMITTED, Status.RECEIVED, Status.IN_PROCESSING, Status.WAITING_SUPPLEMENT,
    Status.SUSPENDED, Status.RESOLVED,
})


def fee_lines(dossier: Dossier) -> list[FeeLine]:
    kinds = dict(FeeKind.choices)
    # ``fees`` may be prefetched by a list page; .all() keeps that cache.
    return [
        FeeLine(
            kind=fee.kind, kind_label=str(kinds.get(fee.kind, fee.kind)), name=fee.name,
            amount=fee.amount, note=fee.note,
        )
        for fee in dossier.procedure.fees.all()
    ]


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
