"""Tags for the admin templates of the working calendar."""

from django import template

from motcua.workcalendar.services import unconfirmed_year_message, unconfirmed_years

register = template.Library()


@register.simple_tag
def unconfirmed_calendar_warnings() -> list[str]:
    """One warning per year from the current one on whose calendar nobody confirmed."""
    return [unconfirmed_year_message(year) for year in unconfirmed_years()]
