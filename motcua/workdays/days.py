"""Kinds of days, the special days a calendar is built from, and Vietnamese day formatting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from .i18n import _


class DayKind(StrEnum):
    WORKING = "working"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    DAY_OFF_IN_LIEU = "day_off_in_lieu"
    SWAP_DAY_OFF = "swap_day_off"
    MAKEUP_WORKING_DAY = "makeup_working_day"

    @property
    def is_working(self) -> bool:
        return self in _WORKING_KINDS

    @property
    def label(self) -> str:
        """The kind in Vietnamese, used when a special day has no name."""
        return {
            DayKind.WORKING: _("Ngày làm việc"),
            DayKind.WEEKEND: _("Ngày nghỉ hằng tuần"),
            DayKind.HOLIDAY: _("Ngày nghỉ lễ, Tết"),
            DayKind.DAY_OFF_IN_LIEU: _("Ngày nghỉ bù"),
            DayKind.SWAP_DAY_OFF: _("Ngày nghỉ do hoán đổi ngày làm việc"),
            DayKind.MAKEUP_WORKING_DAY: _("Ngày làm việc bù"),
        }[self]


_WORKING_KINDS = frozenset({DayKind.WORKING, DayKind.MAKEUP_WORKING_DAY})


@dataclass(frozen=True)
class SpecialDay:
    """A day that differs from the ordinary week, e.g. (2026-02-17, HOLIDAY, "Tết Nguyên đán")."""

    day: date
    kind: DayKind
    name: str = ""

    def __post_init__(self) -> None:
        if isinstance(self.day, datetime) or not isinstance(self.day, date):
            raise ValueError(
                _("Ngày đặc biệt phải là một ngày (date), không phải {value!r}.").format(
                    value=self.day
                )
            )
        try:
            object.__setattr__(self, "kind", DayKind(self.kind))
        except ValueError:
            raise ValueError(_("Loại ngày «{kind}» không hợp lệ.").format(kind=self.kind)) from None

    @property
    def label(self) -> str:
        return self.name or self.kind.label


def weekday_name(d: date, *, capital: bool = False) -> str:
    """'thứ Hai' … 'thứ Bảy', 'Chủ nhật' ('Thứ Hai' … when it starts a phrase)."""
    weekday = d.weekday()
    if weekday == 6:
        return _("Chủ nhật")
    names = (_("Thứ Hai"), _("Thứ Ba"), _("Thứ Tư"), _("Thứ Năm"), _("Thứ Sáu"), _("Thứ Bảy"))
    name = names[weekday]
    # Vietnamese writes "thứ Hai" inside a sentence; other languages keep their own casing
    # ("Monday"), so only the untranslated Vietnamese form is lowered.
    if capital or not name.startswith("Thứ "):
        return name
    return name[:1].lower() + name[1:]


def format_day(d: date) -> str:
    """'13/02/2026' (the Vietnamese day/month/year order)."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_moment(moment: datetime) -> str:
    """'14:20 thứ Sáu 13/02/2026' for a local (calendar time zone) datetime."""
    return f"{moment.hour:02d}:{moment.minute:02d} {weekday_name(moment)} {format_day(moment)}"
