"""QR codes for printed documents, as SVG data URIs WeasyPrint embeds as vector images."""

from __future__ import annotations

import segno


def qr_svg_data_uri(url: str, *, scale: int = 4) -> str:
    # make_qr, never make(): segno.make picks a Micro QR for short data, which phones and zbar
    # cannot read. Level M survives a smudged paper slip.
    return segno.make_qr(url, error="m").svg_data_uri(scale=scale, border=2)
