"""Document tests reuse the dossier fixtures (a ward, its officials, the real workflow)."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

from motcua.dossiers.tests.conftest import (  # noqa: F401  (fixtures)
    agency,
    citizen,
    clock,
    desk,
    leader,
    make_dossier,
    other_agency,
    procedure,
    specialist,
    walk,
)


def pdf_text(content: bytes, *, layout: bool = False) -> str:
    """The text poppler extracts from a PDF: in drawing order (each block whole), or with
    ``layout`` as laid out on the page (so that a table row stays on one line)."""
    mode = "-layout" if layout else "-raw"
    result = subprocess.run(
        ["pdftotext", mode, "-enc", "UTF-8", "-", "-"],
        input=content, capture_output=True, check=True,
    )
    return result.stdout.decode("utf-8")


def pdf_qr_codes(content: bytes) -> list[str]:
    """Every QR code zbar finds on the PDF's first page rendered at 150 dpi."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-", str(Path(folder) / "page")],
            input=content, check=True,
        )
        page = next(Path(folder).glob("page*.png"))
        result = subprocess.run(["zbarimg", "-q", "--raw", str(page)], capture_output=True)
    return [line for line in result.stdout.decode("utf-8").splitlines() if line]


def read_xlsx(content: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(content)).active
