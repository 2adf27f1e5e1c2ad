"""Corrections of what a dossier says about its applicant, outside the workflow, on the record.

A desk officer may mistype a name that the receipt then prints; an administrator corrects it
in the admin. The correction is not a transition (the status, the clock and the code do not
move), but it changes what the slips and the register show, so it is written like one: under
the dossier's row lock, with an audit event ``correct`` holding the old and the new value.

Only the applicant's name can be corrected. The procedure, the agencies, the applicant's
account and the channel decide the deadline, who sees the dossier and the reports' figures:
changing them would need a new deadline and a hand-over, which no admin form can give.
"""

from __future__ import annotations

from django.db import transaction

from motcua.dossiers import audit
from motcua.dossiers.models import Dossier

CORRECT = "correct"
CORRECTABLE = ("applicant_name",)


def correct(dossier: Dossier, *, by, **values) -> bool:
    """Set the correctable fields given in ``values``; True when something changed."""
    unknown = set(values) - set(CORRECTABLE)
    if unknown:
        raise ValueError(f"not correctable: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        current = Dossier.objects.select_for_update().get(pk=dossier.pk)
        changes = {
            name: (getattr(current, name), value)
            for name, value in values.items()
            if getattr(current, name) != value
        }
        if not changes:
            return False
        Dossier.objects.filter(pk=current.pk).update(**{n: new for n, (_old, new) in changes.items()})
        audit.append(
            current, action=CORRECT, by=by, from_status=current.status, to_status=current.status,
            details={"corrected": {n: {"from": old, "to": new} for n, (old, new) in changes.items()}},
        )
    for name, (_old, new) in changes.items():
        setattr(dossier, name, new)
    return True
