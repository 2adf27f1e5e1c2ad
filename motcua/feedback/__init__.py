"""Ratings (SIPAS) and feedback (phản ánh, kiến nghị); see docs/feedback.md.

``feedback.rating_for(dossier)`` and ``feedback.can_rate(dossier, user)`` are the entry points
other apps (the account page, the desk) use; they import the models lazily so that importing
this package never needs the app registry.
"""


def rating_for(dossier):
    """The dossier's rating, or None."""
    from .ratings import rating_for as _rating_for

    return _rating_for(dossier)


def can_rate(dossier, user) -> bool:
    """True when ``user`` (the applicant) may rate ``dossier`` now."""
    from .ratings import can_rate as _can_rate

    return _can_rate(dossier, user)
