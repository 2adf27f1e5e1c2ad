"""Online payment of fees and charges (level-4 services): see docs/payments.md."""


def status_for(dossier) -> dict:
    """{required, amount_due, paid, paid_amount, reference, refund_due, status, label, url,
    receipt_url} for the applicant's pages.

    Imported lazily: this package is loaded before the app registry is ready.
    """
    from .services import status_for as _status_for

    return _status_for(dossier)


def prefetch_for_status(queryset):
    from .services import prefetch_for_status as _prefetch

    return _prefetch(queryset)
