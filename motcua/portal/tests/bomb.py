"""A decompression bomb for upload tests (kept apart so several test modules can share it)."""

from __future__ import annotations

import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile


def bomb_png(width: int = 30000, height: int = 30000) -> bytes:
    """A PNG announcing 900 megapixels in a few kilobytes (zeros compress to almost nothing)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    data = zlib.compress((b"\x00" * (width + 1)) * 64, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def bomb_file() -> SimpleUploadedFile:
    return SimpleUploadedFile("anh-chup.png", bomb_png(), content_type="image/png")
