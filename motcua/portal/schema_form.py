"""An HTML form generated from a procedure's JSON Schema (draft 2020-12), and its validation.

The schema subset is the one in ``docs/catalog-format.md``: objects (fieldsets), strings
(text, textarea, date, email, choices), integers and numbers, booleans (checkboxes), arrays of
objects (repeated groups), ``if/then`` in ``allOf`` and ``dependentRequired`` (conditional
fields). Field names in the HTML form are dotted paths (``child.full_name``,
``attachments.0.kind``) so a plain POST without JavaScript carries the whole tree.

Field order: PostgreSQL's jsonb does not keep the order of ``properties``, so the order comes
from ``x-order`` when the schema gives it, else from the ``required`` list (an array keeps its
order), each conditional field right after the field that triggers it, then the optional fields
by name, and a ``const: true`` commitment last.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, FormatChecker

TEXTAREA_FROM = 200  # a string longer than this gets a textarea
RADIO_UP_TO = 4  # enums with at most this many values are radios, longer ones a select
MAX_ROWS = 50  # repeated groups: never render (or accept) more rows than this
ROWS_KEY = "__rows__."  # hidden input carrying the number of rows a repeated group shows


# ---------------------------------------------------------------------------------------------
# Ordering and conditions


def _if_conditions(condition: dict, prefix: str = "") -> list[tuple[str, object]]:
    """(path, const value) pairs an ``if`` schema tests, e.g. [("child.place_of_birth_kind", "…")]."""
    pairs: list[tuple[str, object]] = []
    for name, sub in (condition.get("properties") or {}).items():
        if not isinstance(sub, dict):
            continue
        path = f"{prefix}{name}"
        if "const" in sub:
            pairs.append((path, sub["const"]))
        elif "enum" in sub and len(sub["enum"]) == 1:
            pairs.append((path, sub["enum"][0]))
        elif isinstance(sub.get("properties"), dict):
            pairs.extend(_if_conditions(sub, prefix=f"{path}."))
    return pairs


@dataclass(frozen=True)
class Condition:
    """A field that is required only when ``trigger`` has ``value`` (or is filled, if None)."""

    trigger: str
    value: object = None


def conditions(schema: dict, prefix: str = "") -> dict[str, list[Condition]]:
    """Conditional fields of one object schema: path -> the conditions that make it required."""
    found: dict[str, list[Condition]] = {}
    branches = list(schema.get("allOf") or [])
    if "if" in schema:
        branches.append({"if": schema["if"], "then": schema.get("then", {})})
    for branch in branches:
        if not isinstance(branch, dict) or "if" not in branch:
            continue
        pairs = _if_conditions(branch["if"], prefix)
        if not pairs:
            continue
        trigger, value = pairs[0]
        for name in (branch.get("then") or {}).get("required") or []:
            found.setdefault(f"{prefix}{name}", []).append(Condition(trigger, value))
    for trigger, dependents in (schema.get("dependentRequired") or {}).items():
        for name in dependents:
            found.setdefault(f"{prefix}{name}", []).append(Condition(f"{prefix}{trigger}"))
    return found


def ordered_properties(schema: dict) -> list[str]:
    """The property names of an object schema in display order (see the module docstring)."""
    properties = schema.get("properties") or {}
    explicit = [name for name in schema.get("x-order") or [] if name in properties]
    order: list[str] = list(dict.fromkeys(explicit))
    if not order:
        order = [name for name in dict.fromkeys(schema.get("required") or []) if name in properties]
    local = {path: conds for path, conds in conditions(schema).items() if "." not in path}
    # Each conditional field right after its trigger, when the trigger is already placed.
    for name, conds in sorted(local.items()):
        if name in order or name not in properties:
            continue
        trigger = conds[0].trigger.split(".")[0]
        if trigger in order:
            position = order.index(trigger) + 1
            while position < len(order) and order[position] in local:
                position += 1
            order.insert(position, name)
    order += sorted(name for name in properties if name not in order)
    commitments = [n for n in order if properties[n].get("type") == "boolean" and properties[n].get("const") is True]
    return [n for n in order if n not in commitments] + commitments


# ---------------------------------------------------------------------------------------------
# Reading a POST into data


def _kind(schema: dict) -> str:
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if kind is None:
        kind = "object" if "properties" in schema else "string"
    return kind


def _coerce(schema: dict, raw: str):
    """A typed value from a form string; unparseable input stays a string (validation says so)."""
    kind = _kind(schema)
    if kind == "integer":
        try:
            return int(raw.strip())
        except ValueError:
            return raw
    if kind == "number":
        try:
            number = Decimal(raw.strip().replace(",", "."))
        except InvalidOperation:
            return raw
        if not number.is_finite():
            return raw
        return int(number) if number == number.to_integral_value() else float(number)
    return raw


def row_count(schema: dict, items: list, posted: dict | None, path: str) -> int:
    """How many rows a repeated group shows: what is filled, at least ``minItems`` and one, plus
    one empty row to type into, or the count the form carried (the "add a row" button)."""
    wanted = max(len(items) + 1, int(schema.get("minItems") or 0), 1)
    if posted is not None:
        try:
            wanted = max(len(items), int(posted.get(ROWS_KEY + path, 0)))
        except (TypeError, ValueError):
            pass
        wanted = max(wanted, 1)
    maximum = min(int(schema.get("maxItems") or MAX_ROWS), MAX_ROWS)
    return min(wanted, maximum)


def parse(schema: dict, post, prefix: str = "", *, required: bool = True):
    """The data a POST carries for ``schema`` at ``prefix``, empty values left out.

    ``post`` is a QueryDict (or a dict of strings). An optional object whose fields are all
    empty is left out (so its conditional requirement decides); a required one is kept as ``{}``
    so each missing field gets its own message.
    """
    kind = _kind(schema)
    if kind == "object":
        data: dict = {}
        required_names = set(schema.get("required") or [])
        for name, sub in (schema.get("properties") or {}).items():
            if not isinstance(sub, dict):
                continue
            value = parse(sub, post, f"{prefix}{name}.", required=name in required_names)
            if value is not None:
                data[name] = value
        # An unticked checkbox alone does not make an optional group "filled in".
        if not required and all(value is False for value in data.values()):
            return None
        return data
    path = prefix.rstrip(".")
    if kind == "array":
        items_schema = schema.get("items") or {}
        indices = set()
        for key in post.keys():
            if key.startswith(f"{path}."):
                head = key[len(path) + 1:].split(".", 1)[0]
                if head.isdigit() and int(head) < MAX_ROWS:
                    indices.add(int(head))
        rows = []
        for index in sorted(indices):
            row = parse(items_schema, post, f"{path}.{index}.", required=False)
            if row not in (None, {}, ""):
                rows.append(row)
        return rows or None
    if kind == "boolean":
        # A checkbox: absent means "no". Radios for a boolean send "true"/"false".
        raw = post.get(path)
        return raw is not None and str(raw).lower() in ("on", "true", "1", "yes")
    raw = post.get(path)
    if raw is None:
        return None
    raw = str(raw).replace("\r\n", "\n")
    if not raw.strip():
        return None
    return _coerce(schema, raw.strip() if kind != "string" else raw)


# ---------------------------------------------------------------------------------------------
# Validation with Vietnamese messages


def _type_name(kind) -> str:
    names = {
        "string": _("một đoạn chữ"),
        "integer": _("một số nguyên"),
        "number": _("một số"),
        "boolean": _("có hoặc không"),
        "object": _("một nhóm thông tin"),
        "array": _("một danh sách"),
    }
    if isinstance(kind, list):
        return _(" hoặc ").join(names.get(k, str(k)) for k in kind)
    return names.get(kind, str(kind))


def _format_name(name: str) -> str:
    return {
        "date": _("ngày theo dạng ngày/tháng/năm"),
        "email": _("địa chỉ thư điện tử (ví dụ ten@example.vn)"),
        "date-time": _("ngày giờ"),
        "uri": _("địa chỉ trang web"),
    }.get(name, name)


def message_for(error) -> str:
    """The Vietnamese sentence for one jsonschema error (its kind and limit)."""
    kind = error.validator
    value = error.validator_value
    if kind in ("required", "dependentRequired"):
        return _("Vui lòng nhập thông tin này.")
    if kind == "minLength":
        if value <= 1:
            return _("Vui lòng nhập thông tin này.")
        return _("Cần ít nhất %(n)s ký tự.") % {"n": value}
    if kind == "maxLength":
        return _("Dài quá %(n)s ký tự; vui lòng viết ngắn gọn hơn.") % {"n": value}
    if kind == "pattern":
        return _("Không đúng định dạng; vui lòng kiểm tra lại (xem hướng dẫn bên dưới ô nhập).")
    if kind == "enum":
        return _("Vui lòng chọn một trong các giá trị đã cho.")
    if kind == "const":
        if value is True:
            return _("Vui lòng đánh dấu để xác nhận.")
        return _("Giá trị này phải là «%(v)s».") % {"v": value}
    if kind == "format":
        return _("Vui lòng nhập đúng %(what)s.") % {"what": _format_name(value)}
    if kind == "type":
        return _("Vui lòng nhập %(what)s.") % {"what": _type_name(value)}
    if kind == "minimum":
        return _("Giá trị nhỏ nhất là %(n)s.") % {"n": value}
    if kind == "maximum":
        return _("Giá trị lớn nhất là %(n)s.") % {"n": value}
    if kind == "exclusiveMinimum":
        return _("Giá trị phải lớn hơn %(n)s.") % {"n": value}
    if kind == "exclusiveMaximum":
        return _("Giá trị phải nhỏ hơn %(n)s.") % {"n": value}
    if kind == "minItems":
        return _("Cần ít nhất %(n)s dòng.") % {"n": value}
    if kind == "maxItems":
        return _("Nhiều nhất %(n)s dòng.") % {"n": value}
    if kind == "multipleOf":
        return _("Giá trị phải là bội số của %(n)s.") % {"n": value}
    if kind == "uniqueItems":
        return _("Các dòng không được trùng nhau.")
    if kind == "additionalProperties":
        return _("Có thông tin không thuộc biểu mẫu.")
    return _("Giá trị không hợp lệ.")


def _missing(error) -> list[str]:
    """The property names a required/dependentRequired error is about."""
    instance = error.instance if isinstance(error.instance, dict) else {}
    if error.validator == "required":
        names = [n for n in error.validator_value if n not in instance]
        # jsonschema yields one error per missing name; its message quotes that name.
        matched = [n for n in names if error.message.startswith(repr(n))]
        return matched or names[:1]
    if error.validator == "dependentRequired":
        names = [n for deps in error.validator_value.values() for n in deps if n not in instance]
        matched = [n for n in names if error.message.startswith(repr(n))]
        return matched or names[:1]
    return []


def _validator(schema: dict) -> Draft202012Validator:
    return Draft202012Validator(schema, format_checker=FormatChecker())


# Date fields that record something that already happened. The catalogue's schemas do not mark
# them, so the field name decides; a schema can say so itself with ``"x-past": true`` (or opt
# out with ``false``), for a name not listed here.
PAST_DATE_NAMES = frozenset({
    "date_of_birth", "date_of_death", "issued_on", "registered_on", "signed_on",
    "ngay_sinh", "ngay_chet", "ngay_cap", "ngay_dang_ky", "ngay_ky",
})
# Phone fields: the names prefill fills, and ``"format": "phone"`` / ``"x-phone": true``.
PHONE_NAMES = frozenset({"phone", "so_dien_thoai", "dien_thoai"})


def is_past_date(name: str, schema: dict) -> bool:
    """A date that cannot be after today (a birth, a death, a registration, an issue date)."""
    if not isinstance(schema, dict) or schema.get("format") != "date":
        return False
    if "x-past" in schema:
        return schema["x-past"] is True
    return name in PAST_DATE_NAMES or name.endswith(("_of_birth", "_of_death"))


def is_phone(name: str, schema: dict) -> bool:
    if not isinstance(schema, dict) or _kind(schema) != "string":
        return False
    if "x-phone" in schema:
        return schema["x-phone"] is True
    return schema.get("format") in ("phone", "tel") or name in PHONE_NAMES or name.endswith("_phone")


def _today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


def _extra_errors(schema: dict, data, prefix: str = "", phones: set | None = None) -> dict[str, str]:
    """The checks JSON Schema cannot say: past-only dates and Vietnamese phone numbers.

    Returns one message by field path; adds the paths of the phones filled in to ``phones``."""
    phones = set() if phones is None else phones
    from django.core.exceptions import ValidationError

    from motcua.accounts.validators import clean_contact_phone

    found: dict[str, str] = {}
    kind = _kind(schema)
    if kind == "object" and isinstance(data, dict):
        for name, sub in (schema.get("properties") or {}).items():
            if not isinstance(sub, dict) or name not in data:
                continue
            path = f"{prefix}{name}"
            value = data[name]
            if is_past_date(name, sub) and isinstance(value, str):
                try:
                    day = dt.date.fromisoformat(value)
                except ValueError:
                    continue  # the format check already says so
                today = _today()
                if day > today:
                    found[path] = _("Ngày này không thể sau ngày hôm nay (%(today)s); vui lòng kiểm tra lại.") % {
                        "today": today.strftime("%d/%m/%Y"),
                    }
            elif is_phone(name, sub) and isinstance(value, str) and value.strip():
                phones.add(path)
                try:
                    clean_contact_phone(value)  # a form's phone may be a landline
                except ValidationError as error:
                    found[path] = " ".join(str(m) for m in error.messages)
            else:
                found.update(_extra_errors(sub, value, f"{path}.", phones))
    elif kind == "array" and isinstance(data, list):
        items = schema.get("items") or {}
        if isinstance(items, dict):
            for index, item in enumerate(data):
                found.update(_extra_errors(items, item, f"{prefix}{index}.", phones))
    return found


def validate(schema: dict, data) -> dict[str, list[str]]:
    """Errors of ``data`` against ``schema``, by dotted field path ("" for the whole form)."""
    errors: dict[str, list[str]] = {}
    if not schema:
        return errors
    phones: set[str] = set()
    extra = _extra_errors(schema, data, phones=phones)
    for error in _validator(schema).iter_errors(data):
        base = ".".join(str(part) for part in error.absolute_path)
        if error.validator == "pattern" and base in phones:
            continue  # the phone check above decides: it allows dots and says what is wrong
        targets = [f"{base}.{name}" if base else name for name in _missing(error)] or [base]
        message = message_for(error)
        for target in targets:
            bucket = errors.setdefault(target, [])
            if message not in bucket:
                bucket.append(message)
    for path, message in extra.items():
        bucket = errors.setdefault(path, [])
        if message not in bucket:
            bucket.append(message)
    return errors


# ---------------------------------------------------------------------------------------------
# Prefill


# profile_prefill key -> property names it fills in an "applicant"-like object or at the root.
PREFILL_NAMES = {
    "full_name": ("full_name", "ho_ten"),
    "identity_number": ("id_number", "identity_number", "so_dinh_danh"),
    "address": ("residence", "address", "noi_cu_tru"),
    "phone": ("phone", "so_dien_thoai"),
    "email": ("email",),
    "organisation_name": ("organisation", "organisation_name"),
    "date_of_birth": ("date_of_birth",),
}
PREFILL_OBJECTS = ("applicant", "nguoi_yeu_cau", "nguoi_nop")


def prefill(schema: dict, profile: dict) -> dict:
    """Initial form data from the account's profile: the applicant's own fields only."""
    if not profile or _kind(schema) != "object":
        return {}
    properties = schema.get("properties") or {}
    data: dict = {}
    for holder in PREFILL_OBJECTS:
        sub = properties.get(holder)
        if isinstance(sub, dict) and _kind(sub) == "object":
            filled = _fill(sub, profile)
            if filled:
                data[holder] = filled
    return data


def _fill(schema: dict, profile: dict) -> dict:
    properties = schema.get("properties") or {}
    filled: dict = {}
    for key, names in PREFILL_NAMES.items():
        value = profile.get(key)
        if value in (None, ""):
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        for name in names:
            if name in properties and _kind(properties[name]) == "string":
                filled[name] = str(value)
                break
    return filled


def with_defaults(schema: dict, data: dict) -> dict:
    """``data`` with the schema's ``default`` values for fields not given (first render only)."""
    if _kind(schema) != "object":
        return data
    result = dict(data or {})
    for name, sub in (schema.get("properties") or {}).items():
        if not isinstance(sub, dict):
            continue
        if _kind(sub) == "object":
            inner = with_defaults(sub, result.get(name) or {})
            if inner:
                result[name] = inner
        elif name not in result and "default" in sub:
            result[name] = sub["default"]
    return result


# ---------------------------------------------------------------------------------------------
# Rendering: a tree of nodes the templates walk


@dataclass
class Node:
    kind: str  # text, textarea, number, date, email, select, radio, checkbox, object, array
    path: str
    label: str = ""
    help: str = ""
    value: object = ""
    required: bool = False
    errors: list[str] = field(default_factory=list)
    attrs: dict = field(default_factory=dict)
    options: list = field(default_factory=list)  # (value, label, selected)
    children: list = field(default_factory=list)  # object: nodes; array: rows (list of nodes)
    condition: str = ""  # hint shown when the field is required only in some cases
    show_when: str = ""  # data attributes for the tiny JS that hides it otherwise
    show_value: str = ""
    rows: int = 0
    can_remove: bool = False

    @property
    def id(self) -> str:
        return "f-" + self.path.replace(".", "-")

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)

    @property
    def html_attrs(self):
        """The browser-side checks (required, maxlength, pattern, min…) as HTML attributes."""
        from django.utils.html import format_html_join
        from django.utils.safestring import mark_safe

        flags = [name for name, value in self.attrs.items() if value is True]
        pairs = [(name, value) for name, value in self.attrs.items() if value is not True]
        flag_html = mark_safe("".join(f" {name}" for name in flags if name.isalpha()))
        return flag_html + format_html_join("", ' {}="{}"', pairs)


def _label(schema: dict, name: str) -> str:
    return str(schema.get("title") or name.replace("_", " ").capitalize())


def _display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _schema_at(schema: dict, path: str) -> dict | None:
    current = schema
    for part in path.split("."):
        if _kind(current) == "array":
            current = current.get("items") or {}
            if part.isdigit():
                continue
        current = (current.get("properties") or {}).get(part)
        if not isinstance(current, dict):
            return None
    return current


def _value_label(schema: dict, value) -> str:
    if value is True:
        return _("Có")
    if value is False:
        return _("Không")
    return str(value)


def _condition_text(root: dict, cond: Condition) -> str:
    trigger_schema = _schema_at(root, cond.trigger) or {}
    trigger = _label(trigger_schema, cond.trigger.rsplit(".", 1)[-1])
    if cond.value is None:
        return _("Bắt buộc khi đã nhập «%(field)s».") % {"field": trigger}
    return _("Bắt buộc khi «%(field)s» là «%(value)s».") % {
        "field": trigger, "value": _value_label(trigger_schema, cond.value),
    }


def build(schema: dict, data: dict, errors: dict[str, list[str]], posted=None) -> list[Node]:
    """The nodes of the whole form (the root object's fields)."""
    if _kind(schema) != "object":
        return []
    conds = _all_conditions(schema)
    return _object_children(schema, data or {}, errors, "", conds, schema, posted)


def _all_conditions(schema: dict, prefix: str = "") -> dict[str, list[Condition]]:
    found = conditions(schema, prefix)
    for name, sub in (schema.get("properties") or {}).items():
        if isinstance(sub, dict) and _kind(sub) == "object":
            for path, conds in _all_conditions(sub, f"{prefix}{name}.").items():
                found.setdefault(path, []).extend(conds)
    return found


def _object_children(schema, data, errors, prefix, conds, root, posted) -> list[Node]:
    properties = schema.get("properties") or {}
    required = set(schema.get("required") or [])
    nodes = []
    for name in ordered_properties(schema):
        sub = properties[name]
        if not isinstance(sub, dict):
            continue
        value = data.get(name) if isinstance(data, dict) else None
        node = _node(sub, name, value, errors, f"{prefix}{name}", name in required, conds, root, posted)
        nodes.append(node)
    return nodes


def _node(schema, name, value, errors, path, required, conds, root, posted) -> Node:
    kind = _kind(schema)
    node = Node(
        kind="text", path=path, label=_label(schema, name), help=str(schema.get("description") or ""),
        required=required, errors=list(errors.get(path, [])),
    )
    path_conds = conds.get(path) or []
    if path_conds:
        node.condition = " ".join(_condition_text(root, c) for c in path_conds)
        node.show_when = path_conds[0].trigger
        node.show_value = "" if path_conds[0].value is None else _display(path_conds[0].value)
    if kind == "object":
        node.kind = "object"
        node.children = _object_children(schema, value if isinstance(value, dict) else {}, errors, f"{path}.", conds, root, posted)
        # A nested field inside a conditional group is required only when the group is.
        if path_conds or not required:
            for child in node.children:
                child.attrs.pop("required", None)
        return node
    if kind == "array":
        node.kind = "array"
        items = value if isinstance(value, list) else []
        item_schema = schema.get("items") or {}
        node.rows = row_count(schema, items, posted, path)
        minimum = int(schema.get("minItems") or 0)
        for index in range(node.rows):
            item = items[index] if index < len(items) else {}
            if _kind(item_schema) == "object":
                row = _object_children(item_schema, item if isinstance(item, dict) else {}, errors, f"{path}.{index}.", conds, root, posted)
                for child in row:
                    child.attrs.pop("required", None)  # empty rows are dropped, never required
            else:
                row = [_node(item_schema, str(index + 1), item, errors, f"{path}.{index}", False, conds, root, posted)]
            node.children.append(row)
        node.can_remove = node.rows > max(minimum, 1)
        return node
    node.value = _display(value)
    if kind == "boolean":
        node.kind = "checkbox"
        node.value = value is True
        if schema.get("const") is True and required and not path_conds:
            node.attrs["required"] = True
        return node
    if "enum" in schema:
        choices = list(schema["enum"])
        node.kind = "radio" if len(choices) <= RADIO_UP_TO else "select"
        node.options = [(_display(c), _value_label(schema, c), _display(c) == node.value) for c in choices]
    elif kind in ("integer", "number"):
        node.kind = "number"
        node.attrs["inputmode"] = "numeric" if kind == "integer" else "decimal"
        node.attrs["step"] = "1" if kind == "integer" else "any"
        for key, attr in (("minimum", "min"), ("maximum", "max")):
            if key in schema:
                node.attrs[attr] = schema[key]
        if "exclusiveMinimum" in schema and kind == "integer":
            node.attrs["min"] = int(schema["exclusiveMinimum"]) + 1
    elif schema.get("format") == "date":
        node.kind = "date"
        if is_past_date(name, schema):
            node.attrs["max"] = _today().isoformat()
    elif schema.get("format") == "email":
        node.kind = "email"
        node.attrs["autocomplete"] = "email"
    elif int(schema.get("maxLength") or 0) > TEXTAREA_FROM:
        node.kind = "textarea"
    if kind == "string":
        if "maxLength" in schema:
            node.attrs["maxlength"] = schema["maxLength"]
        if is_phone(name, schema):
            # Dots and spaces are fine ("091.234.5678"); the server checks the number itself.
            node.attrs.update(inputmode="tel", autocomplete="tel")
        elif "pattern" in schema and node.kind in ("text", "email"):
            node.attrs["pattern"] = schema["pattern"].removeprefix("^").removesuffix("$")
    if required and not path_conds:
        node.attrs["required"] = True
    return node


# ---------------------------------------------------------------------------------------------
# Review: the entered data as label/value lines


@dataclass
class Line:
    label: str
    value: str = ""
    depth: int = 0
    heading: bool = False


def summary(schema: dict, data, depth: int = 0) -> list[Line]:
    """Everything entered, in the form's order, for the review page (empty fields left out)."""
    lines: list[Line] = []
    if _kind(schema) != "object" or not isinstance(data, dict):
        return lines
    properties = schema.get("properties") or {}
    for name in ordered_properties(schema):
        sub = properties[name]
        if name not in data:
            continue
        value = data[name]
        label = _label(sub, name)
        kind = _kind(sub)
        if kind == "object":
            inner = summary(sub, value, depth + 1)
            if inner:
                lines.append(Line(label, depth=depth, heading=True))
                lines += inner
        elif kind == "array" and isinstance(value, list):
            lines.append(Line(label, depth=depth, heading=True))
            item_schema = sub.get("items") or {}
            for index, item in enumerate(value, 1):
                if _kind(item_schema) == "object":
                    lines.append(Line(f"{_label(item_schema, name)} {index}", depth=depth + 1, heading=True))
                    lines += summary(item_schema, item, depth + 2)
                else:
                    lines.append(Line(str(index), _value_label(item_schema, item), depth=depth + 1))
        else:
            text = _value_label(sub, value)
            if sub.get("format") == "date" and isinstance(value, str):
                try:
                    text = dt.date.fromisoformat(value).strftime("%d/%m/%Y")
                except ValueError:
                    pass
            lines.append(Line(label, text, depth=depth))
    return lines
