"""Who handles which feedback, and the per-address limit on sending it.

Officials see the feedback of the agencies and units ``units.scoping.visibility`` grants
them (a reform office or a district leader: its whole unit tree; a ward officer: the ward).
Feedback with no competent agency is routed by the unit that published the procedure.
Anything outside the scope answers 404. Inspectors read; the other official roles answer.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from motcua.core.throttle import AddressCounter
from motcua.desk.access import official_required
from motcua.units.models import Membership, Role
from motcua.units.scoping import Visibility

from .models import Feedback

HANDLER_ROLES = frozenset(
    {Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER, Role.REFORM_OFFICE, Role.ADMINISTRATOR}
)


def visible_feedback(seen: Visibility, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Feedback.objects.all() if queryset is None else queryset
    if seen.everything:
        return queryset
    return queryset.filter(
        Q(agency_id__in=seen.agency_ids) | Q(agency__isnull=True, unit_id__in=seen.unit_ids)
    )


def can_handle(user) -> bool:
    """Officials who may assign and answer (inspectors only read)."""
    if user.is_superuser:
        return True
    return (
        Membership.objects.valid_on(timezone.localdate())
        .filter(user_id=user.pk, role__in=HANDLER_ROLES)
        .exists()
    )


def possible_assignees(feedback: Feedback) -> QuerySet:
    """Officials of the agencies of the feedback's unit (a ward's People's Committee and its
    one-stop desk) who may answer it."""
    memberships = Membership.objects.valid_on(timezone.localdate()).filter(role__in=HANDLER_ROLES)
    if feedback.unit_id:
        memberships = memberships.filter(agency__unit_id=feedback.unit_id)
    elif feedback.agency_id:
        memberships = memberships.filter(agency_id=feedback.agency_id)
    else:
        memberships = memberships.none()
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=memberships.values("user_id"))
        .order_by("full_name", "username")
    )


# Staff pages admit whom the desk admits (anonymous → login; no unit → 403): the same guard.
staff_required = official_required


def allow_submission(request, bucket: str = "send") -> bool:
    """Count one submission from the request's address; False once over the hourly limit."""
    limit = int(getattr(settings, "MOTCUA_FEEDBACK_PER_IP_PER_HOUR", 5))
    return AddressCounter(request, f"feedback-{bucket}", limit=limit, window=3600).count() <= limit
