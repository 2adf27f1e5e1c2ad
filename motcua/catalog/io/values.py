"""Reading one cell or JSON value into a Python value, and writing it back canonically.

Both formats go through these functions, so a value means the same in JSON and in Excel and
a round trip gives back exactly what was exported. Parsers raise ``Invalid`` with a Vietnamese
description of the problem; the caller adds where it happened.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from motcua.core.text import fold

if TYPE_CHECKING:
    from .columns import Column

# Tab and newline are ordinary in long texts; every other control character is rejected
# because PostgreSQL refuses NUL and Excel refuses the rest.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_CODE_SEPARATORS = re.compile(r"[\n;,]+")
_TRUE_WORDS = {"true", "co", "x", "1", "yes", "dung"}
_FALSE_WORDS = {"false", "khong", "0", "no", "sai", ""}


class Invalid(Exception):
    """A value that cannot be used; ``str(exc)`` says why, in Vietnamese."""


def shown(value: Any) -> str:
    """A value as the user typed it, short enough for a message."""
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= 60 else f"'{value[:57]}…'"
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "…"


def canonical_text(text: str) -> str:
    """One newline convention everywhere: Excel's XML turns \\r\\n into \\n anyway."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def form_schema_problem(value: Any) -> str | None:
    """Why ``value`` cannot be a procedure's online form schema, or None if it can.

    An empty object means "no online form"; anything else must describe an object, since the
    portal renders it as one form.
    """
    if not isinstance(value, dict):
        return _('biểu mẫu điện tử phải là một đối tượng JSON, ví dụ {"type": "object"}')
    if not value:
        return None
    if value.get("type") != "object":
        return _('biểu mẫu điện tử phải có "type": "object"')
    if "properties" in value and not isinstance(value["properties"], dict):
        return _('mục "properties" của biểu mẫu điện tử phải là một đối tượng JSON')
    return None


# --- parsers: raw value (JSON value or Excel cell) -> Python value --------------------------


def parse(column: Column, raw: Any) -> Any:
    return _PARSERS[column.kind](column, raw)


def _text(column: Column, raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise Invalid(_("cần một đoạn văn bản, không phải %(value)s") % {"value": shown(raw)})
    if isinstance(raw, float):
        # Excel turns a typed "2014" into a number; give it back as the text it was.
        if not raw.is_integer():
            raise Invalid(_("cần một đoạn văn bản; hãy định dạng ô là Văn bản (Text)"))
        raw = int(raw)
    text = canonical_text(str(raw))
    if column.kind == "code":
        text = text.strip()
    bad = _CONTROL.search(text)
    if bad:
        raise Invalid(
            _("có ký tự điều khiển không hợp lệ (U+%(code)04X); hãy xóa ký tự này")
            % {"code": ord(bad.group())}
        )
    limit = column.max_length
    if limit is not None and len(text) > limit:
        raise Invalid(
            _("dài %(length)d ký tự, vượt quá giới hạn %(limit)d ký tự")
            % {"length": len(text), "limit": limit}
        )
    return text


def _integer(column: Column, raw: Any) -> int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    value: int | None = None
    if isinstance(raw, bool):
        value = None
    elif isinstance(raw, int):
        value = raw
    elif isinstance(raw, float) and raw.is_integer():
        value = int(raw)
    elif isinstance(raw, str) and re.fullmatch(r"\s*\d{1,12}\s*", raw):
        value = int(raw)
    if value is None or not (column.minimum <= value <= column.maximum):
        raise Invalid(
            _("giá trị %(value)s không hợp lệ; cần một số nguyên từ %(min)d đến %(max)d")
            % {"value": shown(raw), "min": column.minimum, "max": column.maximum}
        )
    return value


def _decimal(column: Column, raw: Any) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    problem = Invalid(
        _(
            "giá trị %(value)s không hợp lệ; cần một số không âm, nhỏ hơn %(max)s, "
            "tối đa một chữ số thập phân (ví dụ 1, 0.5 hoặc 4,5)"
        )
        % {"value": shown(raw), "max": "100000"}
    )
    if isinstance(raw, bool):
        raise problem
    try:
        if isinstance(raw, int):
            value = Decimal(raw)
        elif isinstance(raw, float):
            value = Decimal(repr(raw))
        elif isinstance(raw, str) and len(raw) <= 20:
            # Vietnamese writes a decimal comma: "0,5" means 0.5.
            value = Decimal(raw.strip().replace(",", "."))
        else:
            raise problem
    except InvalidOperation:
        raise problem from None
    if not value.is_finite() or value < 0 or value >= 100000:
        raise problem
    value = value.normalize()
    if value.as_tuple().exponent < -1:
        raise problem
    return value


def _boolean(column: Column, raw: Any) -> bool:
    if raw is None:
        return False
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        word = fold(raw)
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    raise Invalid(
        _('giá trị %(value)s không hợp lệ; ghi "có" hoặc "không" (true/false)')
        % {"value": shown(raw)}
    )


def _date(column: Column, raw: Any) -> dt.date | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, dt.datetime):
        if raw.time() == dt.time(0, 0):
            return raw.date()
    elif isinstance(raw, dt.date):
        return raw
    elif isinstance(raw, str):
        text = raw.strip()
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
    raise Invalid(
        _(
            "ngày %(value)s không hợp lệ; viết theo dạng năm-tháng-ngày (2017-03-20) hoặc ngày/tháng/năm (20/03/2017)"
        )
        % {"value": shown(raw)}
    )


def _time(column: Column, raw: Any) -> dt.time | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, dt.datetime):
        raw = raw.time()
    if isinstance(raw, dt.time) and raw.second == 0 and raw.microsecond == 0:
        return raw.replace(tzinfo=None)
    if isinstance(raw, str):
        match = _HHMM.match(raw.strip())
        if match:
            return dt.time(int(match.group(1)), int(match.group(2)))
    raise Invalid(
        _("giờ %(value)s không hợp lệ; viết theo dạng giờ:phút, ví dụ 15:00")
        % {"value": shown(raw)}
    )


def _choice(column: Column, raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, str):
        if raw == "" and column.blank_choice:
            return ""
        wanted = fold(raw)
        for value, label in column.choices.choices:
            # Accept the code ("commune") or the Vietnamese label ("Cấp xã"), without marks too.
            if raw == value or wanted in (fold(value), fold(str(label))):
                return value
    options = ", ".join(f"{value} ({label})" for value, label in column.choices.choices)
    if column.blank_choice:
        options += _(", hoặc để trống")
    raise Invalid(
        _("giá trị %(value)s không hợp lệ; chọn một trong: %(options)s")
        % {"value": shown(raw), "options": options}
    )


def _json_object(column: Column, raw: Any) -> dict:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return {}
    value = raw
    if isinstance(raw, str):
        try:
            value = json.loads(raw)
        except (ValueError, RecursionError):
            raise Invalid(_("không phải là JSON hợp lệ")) from None
    problem = form_schema_problem(value)
    if problem:
        raise Invalid(problem)
    return value


def _codes(column: Column, raw: Any) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        items = _CODE_SEPARATORS.split(raw)
    elif isinstance(raw, list) and all(isinstance(item, str) for item in raw):
        items = raw
    else:
        raise Invalid(
            _("cần một danh sách mã (chuỗi ký tự), không phải %(value)s") % {"value": shown(raw)}
        )
    codes = [item.strip() for item in items if item.strip()]
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            raise Invalid(_("mã %(code)s bị lặp lại") % {"code": shown(code)})
        if len(code) > column.max_length:
            raise Invalid(
                _("mã %(code)s dài quá %(limit)d ký tự")
                % {"code": shown(code), "limit": column.max_length}
            )
        seen.add(code)
    return codes


_PARSERS = {
    "text": _text,
    "code": _text,
    "int": _integer,
    "decimal": _decimal,
    "bool": _boolean,
    "date": _date,
    "time": _time,
    "choice": _choice,
    "json": _json_object,
    "codes": _codes,
}


# --- dumpers: Python value -> the canonical JSON value --------------------------------------


def dump(column: Column, value: Any) -> Any:
    kind = column.kind
    if kind in ("text", "code"):
        return _CONTROL.sub("", canonical_text(value or ""))
    if kind == "choice":
        return value or ""
    if value is None:
        return None
    if kind == "decimal":
        return decimal_text(Decimal(value))
    if kind == "date":
        return value.isoformat()
    if kind == "time":
        return value.strftime("%H:%M")
    if kind == "json":
        # PostgreSQL's jsonb keeps keys in its own order, SQLite in the written one: sort them
        # so that an export does not depend on the database.
        return json.loads(json.dumps(value, sort_keys=True))
    return value


def decimal_text(value: Decimal) -> str:
    """``Decimal("1.0")`` → ``"1"``, ``Decimal("0.50")`` → ``"0.5"``: one spelling per number."""
    return format(value.normalize(), "f")
