"""Importing calendar entries from CSV and JSON: every row checked, all or nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from motcua.workcalendar.importer import ImportFailed, import_entries, read_entries
from motcua.workcalendar.models import (
    CalendarEntry,
    CalendarRevision,
    CalendarYear,
    EntryKind,
    Origin,
)


def errors_of(content: str | bytes, filename: str) -> list[str]:
    data = content.encode("utf-8") if isinstance(content, str) else content
    with pytest.raises(ImportFailed) as failure:
        read_entries(data, filename)
    return failure.value.errors


def test_every_bad_row_is_reported_with_its_line_number_in_vietnamese():
    errors = errors_of(
        "day,kind,name\n"
        "31/02/2027,holiday,Ngày không có\n"
        "2027-03-01,ngay-gi-do,Loại lạ\n"
        "2027-03-02,holiday,\n"
        "2027-03-03,makeup_working_day,Làm bù ngày thường\n"
        "2027-03-06,swap_day_off,Nghỉ hoán đổi thứ Bảy\n",
        "lich.csv",
    )
    assert errors == [
        "Dòng 2: ngày «31/02/2027» không hợp lệ (viết YYYY-MM-DD hoặc DD/MM/YYYY).",
        "Dòng 3: loại ngày «ngay-gi-do» không hợp lệ (holiday, day_off_in_lieu, swap_day_off, makeup_working_day).",
        "Dòng 4: thiếu tên ngày.",
        "Dòng 5: ngày làm việc bù phải là thứ Bảy hoặc Chủ nhật; ngày thường vốn đã là ngày làm việc.",
        "Dòng 6: ngày nghỉ bù hoặc nghỉ hoán đổi phải là ngày thường (thứ Hai đến thứ Sáu).",
    ]


def test_a_day_twice_in_the_file_is_refused():
    errors = errors_of("day,kind,name\n2027-03-01,holiday,A\n01/03/2027,holiday,B\n", "lich.csv")
    assert errors == ["Dòng 3: ngày 01/03/2027 đã có ở Dòng 2."]


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        ("", "lich.csv", "Dòng tiêu đề thiếu cột"),
        ("day,kind,name\n", "lich.csv", "Tệp không có ngày nào để nhập."),
        ("ngay;loai\n1;2\n", "lich.csv", "Dòng tiêu đề thiếu cột: day, kind, name."),
        ("{không phải json", "lich.json", "Tệp JSON không đọc được"),
        ('{"khac": 1}', "lich.json", "Tệp JSON phải là một danh sách"),
        ("[1]", "lich.json", "Mục 1: phải là một đối tượng"),
        ("x", "lich.xlsx", "Chỉ nhận tệp .csv hoặc .json."),
        (b"\xff\xfe\x00d", "lich.csv", "không phải văn bản UTF-8"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(content, filename, message):
    assert message in errors_of(content, filename)[0]


def test_semicolon_csv_and_vietnamese_kind_names_are_understood():
    rows = read_entries(
        "\ufeffday;kind;name;origin\n12/04/2027;Nghỉ bù;Nghỉ bù (thử);nhập tay\n".encode(),
        "excel.csv",
    )
    assert [(row.day, row.kind, row.name, row.origin) for row in rows] == [
        (dt.date(2027, 4, 12), EntryKind.DAY_OFF_IN_LIEU, "Nghỉ bù (thử)", Origin.MANUAL)
    ]


@pytest.mark.django_db
def test_json_in_the_seed_format_imports_and_overrides_the_statutory_day():
    content = json.dumps(
        {
            "entries": [
                {
                    "day": "2027-09-03",
                    "kind": "holiday",
                    "name": "Quốc khánh (theo thông báo thử)",
                    "legal_basis": "Thông báo thử 1/TB-BNV",
                    "source": "https://example.vn/1",
                },
                {"day": "2027-08-28", "kind": "makeup_working_day", "name": "Làm bù (thử)"},
            ]
        }
    ).encode()
    revisions = CalendarRevision.objects.count()

    count = import_entries(read_entries(content, "2027.json"), source_name="2027.json")

    assert count == 2
    entry = CalendarEntry.objects.get(day=dt.date(2027, 9, 3))
    assert (entry.name, entry.origin, entry.legal_basis) == (
        "Quốc khánh (theo thông báo thử)",
        Origin.ANNOUNCEMENT,
        "Thông báo thử 1/TB-BNV",
    )
    assert CalendarRevision.objects.count() == revisions + 1
    assert "2027.json" in CalendarRevision.objects.order_by("-number").first().summary


@pytest.mark.django_db
def test_importing_a_year_not_yet_in_the_calendar_brings_its_statutory_days_first():
    import_entries(read_entries(b"day,kind,name\n2029-02-17,holiday,Tet (thu)\n", "2029.csv"))
    assert CalendarYear.objects.filter(year=2029, confirmed=False).exists()
    assert CalendarEntry.objects.filter(day=dt.date(2029, 9, 2), kind=EntryKind.HOLIDAY).exists()
