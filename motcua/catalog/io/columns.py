"""The catalogue file format, column by column: one table drives JSON, Excel and validation.

A column's ``key`` is its JSON name; a dot means nesting (``time_limit.unit`` is
``{"time_limit": {"unit": …}}``). ``header`` is the Excel column title: a format, not prose,
so it is marked with ``gettext_noop`` and the importer accepts the Vietnamese title, its
translation, or the key itself. ``attr`` is the model attribute; columns without one
(field, units, agencies, replaces) are resolved by the importer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from motcua.catalog.models import FeeKind, Level, OnlineClass, TimeLimitUnit, VersionStatus
from motcua.units.models import Role

# Free-text fields have no length in the database; a cell longer than this is a paste error.
TEXT_MAX_LENGTH = 8000
SMALL_INT_MAX = 32767


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str  # text, code, int, decimal, bool, date, time, choice, json, codes
    attr: str | None = None
    required: bool = False
    default: Any = None  # the value when the key (or the Excel column) is absent
    max_length: int | None = TEXT_MAX_LENGTH
    minimum: int = 0
    maximum: int = SMALL_INT_MAX
    choices: type[models.Choices] | None = None
    blank_choice: bool = False
    width: int = 18

    @property
    def title(self) -> str:
        """The header in the active language."""
        return gettext(self.header)

    def absent_value(self) -> Any:
        if self.default is not None:
            return self.default
        return {"text": "", "code": "", "choice": "", "bool": False, "json": {}, "codes": []}.get(
            self.kind
        )


def _text(key, header, max_length=TEXT_MAX_LENGTH, *, attr=None, required=False, width=40):
    return Column(
        key, header, "text", attr=attr or key, required=required, max_length=max_length, width=width
    )


FIELD_COLUMNS = (
    Column("code", N_("Mã lĩnh vực"), "code", attr="code", required=True, max_length=40, width=16),
    _text("name", N_("Tên lĩnh vực"), 200, required=True),
)

PROCEDURE_COLUMNS = (
    Column("code", N_("Mã thủ tục"), "code", attr="code", required=True, max_length=40, width=14),
    Column(
        "version",
        N_("Phiên bản"),
        "int",
        attr="version",
        required=True,
        minimum=1,
        maximum=2147483647,
        width=10,
    ),
    _text("name", N_("Tên thủ tục"), 500, required=True, width=50),
    Column("field", N_("Mã lĩnh vực"), "code", required=True, max_length=40, width=14),
    Column(
        "level", N_("Cấp thực hiện"), "choice", attr="level", required=True, choices=Level, width=12
    ),
    Column("publishing_unit.code", N_("Mã địa phương công bố"), "code", max_length=10, width=12),
    Column("publishing_unit.on", N_("Ngày áp dụng mã địa phương"), "date", width=14),
    _text(
        "competent_authority", N_("Cơ quan có thẩm quyền quyết định"), 300, required=True, width=30
    ),
    _text("implementing_agency", N_("Cơ quan trực tiếp thực hiện"), 300, width=30),
    Column("agencies", N_("Mã cơ quan tiếp nhận, giải quyết"), "codes", max_length=40, width=20),
    _text("subjects", N_("Đối tượng thực hiện")),
    Column(
        "channels.desk", N_("Nộp trực tiếp"), "bool", attr="channel_desk", default=True, width=10
    ),
    Column(
        "channels.post",
        N_("Nộp qua bưu chính"),
        "bool",
        attr="channel_post",
        default=True,
        width=10,
    ),
    Column(
        "channels.online",
        N_("Nộp trực tuyến"),
        "bool",
        attr="channel_online",
        default=False,
        width=10,
    ),
    _text("conditions", N_("Yêu cầu, điều kiện")),
    Column(
        "time_limit.value", N_("Thời hạn giải quyết"), "decimal", attr="time_limit_value", width=10
    ),
    Column(
        "time_limit.unit",
        N_("Đơn vị thời hạn"),
        "choice",
        attr="time_limit_unit",
        required=True,
        default=TimeLimitUnit.WORKING_DAYS.value,
        choices=TimeLimitUnit,
        width=14,
    ),
    Column(
        "time_limit.same_day_cutoff",
        N_("Giờ tiếp nhận cuối trong ngày"),
        "time",
        attr="same_day_cutoff",
        width=10,
    ),
    _text("time_limit.note", N_("Ghi chú thời hạn"), attr="time_limit_note"),
    Column(
        "time_limit.suspension_allowed",
        N_("Cho phép tạm dừng giải quyết"),
        "bool",
        attr="suspension_allowed",
        default=False,
        width=10,
    ),
    _text("result", N_("Kết quả thực hiện")),
    _text("fee_note", N_("Ghi chú phí, lệ phí")),
    Column(
        "online_level_legacy",
        N_("Mức độ DVCTT (NĐ 43/2011)"),
        "int",
        attr="online_level_legacy",
        minimum=1,
        maximum=4,
        width=10,
    ),
    Column(
        "online_class",
        N_("Loại DVCTT (NĐ 42/2022)"),
        "choice",
        attr="online_class",
        choices=OnlineClass,
        blank_choice=True,
        width=12,
    ),
    _text("publishing_decision", N_("Quyết định công bố"), 300, width=30),
    Column("published_on", N_("Ngày công bố"), "date", attr="published_on", width=12),
    Column("valid_from", N_("Hiệu lực từ"), "date", attr="valid_from", width=12),
    Column("valid_to", N_("Hiệu lực đến"), "date", attr="valid_to", width=12),
    Column(
        "status",
        N_("Trạng thái"),
        "choice",
        attr="status",
        required=True,
        default=VersionStatus.ACTIVE.value,
        choices=VersionStatus,
        width=12,
    ),
    Column("replaces.code", N_("Thay thế thủ tục mã"), "code", max_length=40, width=14),
    Column(
        "replaces.version", N_("Thay thế phiên bản"), "int", minimum=1, maximum=2147483647, width=10
    ),
    _text("change_note", N_("Nội dung thay đổi")),
    Column(
        "form_schema", N_("Biểu mẫu điện tử (JSON Schema)"), "json", attr="form_schema", width=40
    ),
    _text("source", N_("Nguồn dữ liệu")),
)

# In Excel a child row names its procedure with these columns; in JSON it sits inside it.
CHILD_KEY_COLUMNS = (
    Column("procedure.code", N_("Mã thủ tục"), "code", required=True, max_length=40, width=14),
    Column(
        "procedure.publishing_unit", N_("Mã địa phương công bố"), "code", max_length=10, width=12
    ),
    Column(
        "procedure.version",
        N_("Phiên bản"),
        "int",
        required=True,
        minimum=1,
        maximum=2147483647,
        width=10,
    ),
    Column("order", N_("Thứ tự"), "int", required=True, minimum=1, width=8),
)


@dataclass(frozen=True)
class ChildTable:
    key: str  # the JSON list and the Procedure related name
    sheet: str  # the Excel sheet name
    label: str  # "thành phần hồ sơ thứ 2": what one row is called in messages
    columns: tuple[Column, ...]
    ordered: bool = True  # False: the model has no ``order``; rows keep insertion (id) order


CHILD_TABLES = (
    ChildTable(
        "citizen_steps",
        N_("Trình tự"),
        N_("bước thực hiện"),
        (
            _text("title", N_("Bước"), 300, required=True),
            _text("description", N_("Nội dung"), width=60),
        ),
    ),
    ChildTable(
        "documents",
        N_("Thành phần hồ sơ"),
        N_("thành phần hồ sơ"),
        (
            _text("name", N_("Tên giấy tờ"), 500, required=True, width=50),
            Column("originals", N_("Số bản chính"), "int", attr="originals", default=0, width=10),
            Column("copies", N_("Số bản sao"), "int", attr="copies", default=0, width=10),
            Column("mandatory", N_("Bắt buộc"), "bool", attr="mandatory", default=True, width=10),
            _text("note", N_("Ghi chú")),
            _text("form_template", N_("Mẫu đơn, tờ khai"), 300, width=30),
        ),
    ),
    ChildTable(
        "fees",
        N_("Phí lệ phí"),
        N_("khoản phí, lệ phí"),
        (
            Column(
                "kind", N_("Loại"), "choice", attr="kind", required=True, choices=FeeKind, width=10
            ),
            _text("name", N_("Tên khoản thu"), 300, required=True),
            Column(
                "amount", N_("Mức thu (đồng)"), "int", attr="amount", maximum=2147483647, width=14
            ),
            _text("note", N_("Ghi chú")),
            _text("legal_basis", N_("Căn cứ thu"), 300, width=30),
        ),
        ordered=False,
    ),
    ChildTable(
        "legal_bases",
        N_("Căn cứ pháp lý"),
        N_("căn cứ pháp lý"),
        (
            _text("number", N_("Số, ký hiệu"), 100, required=True, width=22),
            _text("title", N_("Trích yếu"), 500, required=True, width=50),
            Column("issued_on", N_("Ngày ban hành"), "date", attr="issued_on", width=12),
            _text("issuer", N_("Cơ quan ban hành"), 200, width=24),
        ),
    ),
    ChildTable(
        "workflow_steps",
        N_("Quy trình nội bộ"),
        N_("bước xử lý nội bộ"),
        (
            _text("name", N_("Tên bước"), 300, required=True),
            Column(
                "role",
                N_("Vai trò thực hiện"),
                "choice",
                attr="role",
                required=True,
                choices=Role,
                width=16,
            ),
            _text("agency_kind", N_("Cơ quan thực hiện"), 200, width=30),
            Column(
                "budget_value",
                N_("Thời gian"),
                "decimal",
                attr="budget_value",
                required=True,
                width=10,
            ),
            Column(
                "budget_unit",
                N_("Đơn vị thời gian"),
                "choice",
                attr="budget_unit",
                required=True,
                default=TimeLimitUnit.WORKING_HOURS.value,
                choices=TimeLimitUnit,
                width=14,
            ),
            Column(
                "parallel_group",
                N_("Nhóm song song"),
                "int",
                attr="parallel_group",
                default=0,
                width=10,
            ),
        ),
    ),
)

FIELDS_SHEET = N_("Lĩnh vực")
PROCEDURES_SHEET = N_("Thủ tục")
# Nested JSON objects of a procedure that may be null as a whole.
NULLABLE_OBJECTS = ("publishing_unit", "replaces")
