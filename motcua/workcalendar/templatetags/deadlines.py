"""``{% deadline_preview procedure %}``: the due date if a dossier were received now."""

from django import template
from django.utils import timezone

from motcua.workcalendar.formatting import due_phrase
from motcua.workcalendar.services import deadline_for

register = template.Library()


@register.inclusion_tag("workcalendar/deadline_preview.html")
def deadline_preview(procedure):
    """Nothing is shown when the procedure has no usable time limit or the date is off the calendar."""
    try:
        due = deadline_for(procedure, timezone.now())
    except ValueError:  # includes OutOfCalendarRange
        return {"due_phrase": ""}
    return {"due_phrase": due_phrase(due.due_at), "explanation_lines": due.explanation.splitlines()}
