"""Background job: settle the pending payments whose gateway window has closed."""

from __future__ import annotations

from motcua.celery import app


@app.task(name="motcua.payments.settle_overdue")
def settle_overdue() -> int:
    from .services import settle_overdue_payments

    return settle_overdue_payments()
