"""Getting the bytes of an uploaded or named file safely, and telling JSON from xlsx.

The format is decided by the content, never by the file name: a renamed .exe or an old .xls
gets a clear message instead of a parser's traceback, and an xlsx (a zip) is measured before
it is opened, so a zip bomb is refused before it can fill the memory.
"""

from __future__ import annotations

import os
import zipfile
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_XLSX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_ZIP_ENTRIES = 1000


class FileProblem(Exception):
    """The file cannot be read as a catalogue; ``str(exc)`` is the Vietnamese reason."""


def read_bytes(source: Any) -> bytes:
    """Bytes of ``source``: bytes, a path (str or PathLike), or a file object (binary or text)."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    elif isinstance(source, str | os.PathLike):
        try:
            with open(source, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise FileProblem(
                _("Không đọc được tệp %(name)s: %(reason)s.")
                % {
                    "name": os.fspath(source),
                    "reason": exc.strerror or exc,
                }
            ) from None
    elif hasattr(source, "read"):
        if hasattr(source, "seek"):
            try:
                source.seek(0)
            except (OSError, ValueError):
                pass
        data = source.read(MAX_FILE_BYTES + 1)
        if isinstance(data, str):
            data = data.encode("utf-8")
    else:
        raise FileProblem(_("Không đọc được dữ liệu tải lên."))
    if len(data) > MAX_FILE_BYTES:
        raise FileProblem(
            _("Tệp lớn hơn %(mb)d MB; hãy chia danh mục thành nhiều tệp nhỏ hơn.")
            % {
                "mb": MAX_FILE_BYTES // (1024 * 1024),
            }
        )
    if not data.strip():
        raise FileProblem(_("Tệp rỗng, không có dữ liệu nào để nhập."))
    return data


def detect_format(data: bytes) -> str:
    """``"json"`` or ``"xlsx"``, or FileProblem saying what the file is instead."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:8]
    if head.startswith((b"{", b"[")):
        return "json"
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF"):
        raise FileProblem(
            _(
                "Tệp này là một chương trình máy tính, không phải tệp danh mục JSON hay Excel (.xlsx)."
            )
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem(
            _(
                "Đây là tệp Excel 97-2003 (.xls) hoặc tệp có mật khẩu; hãy mở bằng Excel và lưu lại "
                "dưới dạng Sổ làm việc Excel (.xlsx), không đặt mật khẩu."
            )
        )
    raise FileProblem(
        _("Không nhận ra định dạng tệp; chỉ nhận tệp JSON hoặc Excel (.xlsx) do motcua xuất ra.")
    )


def open_xlsx_zip(data: bytes) -> BytesIO:
    """The xlsx bytes as a stream, after checking the zip is an xlsx and not a zip bomb."""
    stream = BytesIO(data)
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise FileProblem(_("Tệp bị hỏng hoặc không phải là tệp Excel (.xlsx) hợp lệ.")) from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise FileProblem(
            _(
                "Tệp Excel chứa quá nhiều thành phần (%(count)d); tệp này không phải danh mục do motcua xuất ra."
            )
            % {
                "count": len(entries),
            }
        )
    # zipfile never inflates a member past its declared size, so the declared sizes bound memory.
    total = sum(entry.file_size for entry in entries)
    if total > MAX_XLSX_UNCOMPRESSED_BYTES:
        raise FileProblem(
            _(
                "Tệp Excel khi giải nén lớn hơn %(mb)d MB; hãy chia danh mục thành nhiều tệp nhỏ hơn."
            )
            % {"mb": MAX_XLSX_UNCOMPRESSED_BYTES // (1024 * 1024)}
        )
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise FileProblem(_("Tệp nén này không phải là tệp Excel (.xlsx)."))
    stream.seek(0)
    return stream
