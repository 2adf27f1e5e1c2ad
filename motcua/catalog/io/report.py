"""What an import tells its user: what it created or updated, and every problem found."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

# An import with thousands of bad rows is one mistake repeated: show enough to find it.
MAX_ERRORS = 500


@dataclass(frozen=True)
class RowError:
    """One problem, located as precisely as the file allows.

    ``sheet`` is the Excel sheet name, or the JSON path of the object
    (``procedures[2].documents[0]``); ``row`` is the Excel row number, or the 1-based position
    of the object in its JSON list; both are empty for a problem with the whole file.
    ``message`` is a complete Vietnamese sentence that repeats the location.
    """

    sheet: str
    row: int | None
    column: str
    message: str


@dataclass(frozen=True)
class ImportedRow:
    """A field or a procedure version the import creates or updates."""

    kind: str  # "field" or "procedure"
    key: str
    name: str

    @property
    def kind_label(self) -> str:
        return _("Lĩnh vực") if self.kind == "field" else _("Thủ tục")


@dataclass
class ImportReport:
    created: list[ImportedRow] = field(default_factory=list)
    updated: list[ImportedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False
    omitted_errors: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    def add_error(self, error: RowError) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(error)
        else:
            self.omitted_errors += 1

    def file_error(self, message: str) -> ImportReport:
        """Record a problem with the whole file (not JSON, not xlsx, too big…)."""
        self.add_error(RowError(sheet="", row=None, column="", message=message))
        return self

    def summary(self) -> str:
        if self.errors:
            count = len(self.errors) + self.omitted_errors
            return _(
                "Tệp có %(count)d lỗi; chưa ghi dữ liệu nào. Hãy sửa các lỗi rồi nhập lại."
            ) % {"count": count}
        numbers = {"created": len(self.created), "updated": len(self.updated)}
        if self.dry_run:
            return (
                _(
                    "Kiểm tra xong, chưa ghi gì: sẽ thêm mới %(created)d và cập nhật %(updated)d bản ghi."
                )
                % numbers
            )
        return (
            _("Đã nhập danh mục: thêm mới %(created)d và cập nhật %(updated)d bản ghi.") % numbers
        )
