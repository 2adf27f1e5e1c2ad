"""Dossier codes: ``<receiving agency code>-<yymmdd>-<daily sequence>``, never repeated.

``000.31.35.H26-230512-0004`` is the fourth dossier accepted on 12 May 2023 by the agency
with electronic code ``000.31.35.H26`` (QCVN 102:2016). The sequence lives in a
``DailySequence`` row per agency code and day, incremented inside the caller's transaction:

- PostgreSQL: the row lock taken by ``UPDATE … SET last = last + 1`` (the same lock as
  ``SELECT … FOR UPDATE``) makes concurrent transactions, on any number of app servers, wait
  for each other; a new day's row is created in a savepoint, and a concurrent creator that
  loses the race increments the row the winner made.
- SQLite: one writer at a time (``transaction_mode = IMMEDIATE`` in settings).

The unique constraint on ``Dossier.code`` is the last line of defence. If the transaction
rolls back, so does the increment: numbers are only used by accepted dossiers.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import DailySequence, Dossier
from motcua.units.models import Agency

SEQUENCE_DIGITS = 4  # more than 9,999 dossiers a day simply gives a longer number


class MissingAgencyCode(ValueError):
    def __init__(self, agency: Agency):
        self.agency = agency
        super().__init__(
            _(
                "Cơ quan «%(agency)s» chưa có mã định danh điện tử nên chưa cấp được mã hồ sơ. "
                "Quản trị viên cần nhập mã cơ quan trước khi tiếp nhận."
            )
            % {"agency": agency.name}
        )


def format_code(agency_code: str, on_date: dt.date, number: int) -> str:
    return f"{agency_code}-{on_date:%y%m%d}-{number:0{SEQUENCE_DIGITS}d}"


def next_number(agency_code: str, on_date: dt.date) -> int:
    """The next sequence number for ``agency_code`` on ``on_date``, reserved in this transaction."""
    with transaction.atomic():
        rows = DailySequence.objects.filter(agency_code=agency_code, day=on_date)
        # UPDATE … SET last = last + 1 locks the row until the transaction ends, like
        # SELECT … FOR UPDATE, and a waiting transaction then increments the committed value.
        if rows.update(last=F("last") + 1) == 0:
            try:
                with transaction.atomic():
                    DailySequence.objects.create(agency_code=agency_code, day=on_date, last=1)
                return 1
            except IntegrityError:
                # Another transaction created the day's row first; it has committed by now.
                rows.update(last=F("last") + 1)
        return rows.values_list("last", flat=True).get()


def next_code(agency: Agency, on_date: dt.date) -> str:
    """The next dossier code of ``agency`` for ``on_date`` (its local date of acceptance)."""
    agency_code = (agency.code or "").strip()
    if not agency_code:
        raise MissingAgencyCode(agency)
    return format_code(agency_code, on_date, next_number(agency_code, on_date))


def find_by_code_and_secret(code: str, secret: str) -> Dossier | None:
    """The dossier an applicant without an account looks up from the receipt, or None.

    The secret is compared in constant time; a wrong secret and an unknown code look the same.
    """
    dossier = Dossier.objects.filter(code=(code or "").strip()).first()
    if dossier is None or not dossier.lookup_secret_matches(secret):
        return None
    return dossier
