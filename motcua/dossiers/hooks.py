"""Hook lists called by ``dossiers.workflow`` after each transition: plain lists, no signals.

- ``in_transaction``: called inside the transition's transaction, after the status write and
  the audit event. What must commit together with the transition goes here (the desk's
  processing control sheet…); an exception rolls the whole transition back.
- ``on_transition``: called after the transaction commits (``transaction.on_commit``), never
  for a transition that rolled back. Notifications (e-mail, SMS, portal) go here; they should
  enqueue a background job rather than do slow work inline.

Each hook receives one ``TransitionRecord``. Register at app start-up (``AppConfig.ready``)::

    from motcua.dossiers import hooks
    hooks.on_transition.append(send_notifications)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class TransitionRecord:
    dossier: Any  # the Dossier as it is after the transition
    action: str
    from_status: str
    to_status: str
    by: Any  # the acting user
    event: Any  # the AuditEvent written
    details: dict = field(default_factory=dict)


Hook = Callable[[TransitionRecord], None]

in_transaction: list[Hook] = []
on_transition: list[Hook] = []
