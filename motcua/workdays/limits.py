"""A procedure's legal time limit: a value and its unit, validated once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from .i18n import _

# The receipt cut-off for same-day procedures when the procedure sets none (RULES.md).
DEFAULT_SAME_DAY_CUTOFF = time(15, 0)
MAX_DAYS = Decimal(365)
MAX_HOURS = Decimal(2920)  # 365 working days of 8 hours


class Unit(StrEnum):
    """The same values as ``catalog.TimeLimitUnit``."""

    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    SAME_DAY = "same_day"
    CALENDAR_DAYS = "calendar_days"


def format_number(value: Decimal) -> str:
    """'3', '0,5' (Vietnamese decimal comma, no trailing zeros)."""
    text = format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))
    return text.replace(".", ",")


@dataclass(frozen=True)
class TimeLimit:
    """``value`` in ``unit``; ``cutoff`` only matters for same-day procedures (default 15:00)."""

    value: Decimal | None
    unit: Unit
    cutoff: time | None = None
    # Derived in __post_init__: int(value) for whole working or calendar days, else None.
    whole_days: int | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        try:
            unit = Unit(self.unit)
        except ValueError:
            raise ValueError(
                _("Đơn vị thời hạn «{unit}» không hợp lệ.").format(unit=self.unit)
            ) from None
        object.__setattr__(self, "unit", unit)
        if self.cutoff is not None and (not isinstance(self.cutoff, time) or self.cutoff.tzinfo):
            raise ValueError(_("Giờ chốt tiếp nhận phải là một giờ trong ngày, ví dụ 15:00."))
        if unit is Unit.SAME_DAY:
            if self.value is not None:
                raise ValueError(_("Thời hạn «trong ngày» không cần số lượng; hãy để trống."))
            return
        value = self._as_decimal(self.value)
        if value < 0:
            raise ValueError(_("Thời hạn giải quyết không được là số âm."))
        limit = MAX_HOURS if unit is Unit.WORKING_HOURS else MAX_DAYS
        if value > limit:
            raise ValueError(
                _("Thời hạn {value} {unit} quá dài: tối đa {limit} {unit}.").format(
                    value=format_number(value), unit=unit_label(unit), limit=format_number(limit)
                )
            )
        if unit is Unit.CALENDAR_DAYS and value != value.to_integral_value():
            raise ValueError(_("Thời hạn tính theo ngày phải là số nguyên."))
        object.__setattr__(self, "value", value)
        if unit is not Unit.WORKING_HOURS and value == value.to_integral_value():
            object.__setattr__(self, "whole_days", int(value))

    @staticmethod
    def _as_decimal(value: object) -> Decimal:
        if value is None:
            raise ValueError(_("Chưa nhập thời hạn giải quyết."))
        if isinstance(value, bool):
            raise ValueError(_("Thời hạn giải quyết phải là một số."))
        try:
            # str() first so that 0.1 (float) becomes Decimal("0.1"), not its binary expansion.
            number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
        except (InvalidOperation, TypeError, ValueError):
            raise ValueError(_("Thời hạn giải quyết phải là một số.")) from None
        if not number.is_finite():
            raise ValueError(_("Thời hạn giải quyết phải là một số hữu hạn."))
        return number

    @property
    def effective_cutoff(self) -> time:
        return self.cutoff or DEFAULT_SAME_DAY_CUTOFF

    def __str__(self) -> str:
        if self.unit is Unit.SAME_DAY:
            return unit_label(self.unit)
        return f"{format_number(self.value)} {unit_label(self.unit)}"


def unit_label(unit: Unit) -> str:
    return {
        Unit.WORKING_DAYS: _("ngày làm việc"),
        Unit.WORKING_HOURS: _("giờ làm việc"),
        Unit.SAME_DAY: _("trong ngày"),
        Unit.CALENDAR_DAYS: _("ngày"),
    }[unit]
