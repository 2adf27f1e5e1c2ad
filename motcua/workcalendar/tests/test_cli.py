"""``motcua deadline``, ``motcua calendar``, ``motcua recompute_deadlines``, ``motcua import_calendar``."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.dossiers.models import Dossier
from motcua.workcalendar.models import CalendarEntry, EntryKind
from motcua.workcalendar.services import record_change

from .conftest import vn

pytestmark = pytest.mark.django_db


def test_three_working_days_from_friday_before_tet_2026_end_on_wednesday_25_february(run_cli):
    code, out, err = run_cli("deadline", "--received", "2026-02-13 14:20", "--working-days", "3")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    # Sat–Sun 14–15, Tết 16–20, Sat–Sun 21–22 are skipped; 23, 24, 25 are working days 1–3.
    assert lines[0] == "2026-02-25 17:00"
    assert "Bỏ qua: 14/02 (Thứ Bảy), 15/02 (Chủ nhật), 16/02" in out
    assert lines[-1].startswith("Hạn trả: 17:00 thứ Tư 25/02/2026")


@pytest.mark.parametrize(
    ("received", "extra", "due"),
    [
        ("2026-03-03 14:59", [], "2026-03-03 17:00"),  # before the 15:00 cut-off: today
        ("2026-03-03 15:01", [], "2026-03-04 17:00"),  # after it: the next working day
        ("2026-03-03 15:30", ["--cutoff", "16:00"], "2026-03-03 17:00"),
        ("2026-02-13 15:20", [], "2026-02-23 17:00"),  # Friday before Tết: after Tết
        ("2026-01-09 16:00", [], "2026-01-10 17:00"),  # Saturday 10 January 2026 is a working day
        ("2026-03-07 10:00", [], "2026-03-09 17:00"),  # received on a Saturday
    ],
)
def test_same_day_cutoff_moves_late_receipts_to_the_next_working_day(run_cli, received, extra, due):
    code, out, _err = run_cli("deadline", "--received", received, "--same-day", *extra)
    assert code == 0
    assert out.splitlines()[0] == due


def test_working_hours_and_calendar_days_are_counted_too(run_cli):
    assert (
        run_cli("deadline", "--received", "2026-03-03 16:00", "--working-hours", "8")[
            1
        ].splitlines()[0]
        == "2026-03-04 16:00"
    )
    # 5 calendar days from Tuesday 25 August 2026 end on Sunday 30: the next working day is Thursday
    # 3 September (Mon 31 swapped, 1–2 September Quốc khánh).
    assert (
        run_cli("deadline", "--received", "2026-08-25 09:00", "--calendar-days", "5")[
            1
        ].splitlines()[0]
        == "2026-09-03 17:00"
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--received", "13/02/2026 14:20", "--working-days", "3"],
            "thời điểm tiếp nhận «13/02/2026 14:20» không hợp lệ",
        ),
        (["--received", "2026-02-30 10:00", "--working-days", "3"], "không hợp lệ"),
        (["--working-days", "3"], "Thiếu tùy chọn bắt buộc: --received"),
        (["--received", "2026-02-13 14:20"], "Cần một trong các tùy chọn"),
        (["--received", "2026-02-13 14:20", "--working-days", "-1"], "không được là số âm"),
        (["--received", "2026-02-13 14:20", "--working-days", "100000"], "quá dài"),
        (["--received", "2026-02-13 14:20", "--working-days", "ba"], "«ba» không phải là một số"),
        (["--received", "2026-02-13 14:20", "--working-days", "3", "--same-day"], "Không dùng"),
        (
            ["--received", "2026-02-13 14:20", "--working-days", "3", "--cutoff", "15:00"],
            "--cutoff chỉ dùng cùng với --same-day",
        ),
        (
            ["--received", "2026-02-13 14:20", "--same-day", "--cutoff", "25:00"],
            "Giờ «25:00» không hợp lệ",
        ),
        (
            ["--received", "1990-01-01 10:00", "--working-days", "3"],
            "Ngày 01/01/1990 nằm ngoài phạm vi lịch",
        ),
        (["--received", "2300-01-01 10:00", "--working-days", "3"], "nằm ngoài phạm vi lịch"),
        (
            ["--received", "2026-02-13 14:20", "--working-days", "3", "--thu"],
            "Không hiểu tùy chọn: --thu",
        ),
    ],
)
def test_bad_deadline_input_gives_a_vietnamese_message_and_exit_code_2(run_cli, argv, message):
    code, out, err = run_cli("deadline", *argv)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err and "CommandError" not in err and "error:" not in err


def test_calendar_2026_lists_days_off_and_working_saturdays_and_says_it_is_confirmed(run_cli):
    code, out, err = run_cli("calendar", "2026")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert any(
        line.startswith("2026-01-10  Thứ Bảy") and "Ngày làm việc bù" in line for line in lines
    )
    assert any(
        line.startswith("2026-08-31  Thứ Hai") and "Ngày nghỉ do hoán đổi" in line for line in lines
    )
    assert any(line.startswith("2026-02-17  Thứ Ba") and "Tết Nguyên đán" in line for line in lines)
    assert lines[-1].startswith("Lịch năm 2026 đã được xác nhận")


def test_calendar_of_a_statutory_year_says_it_is_not_confirmed(run_cli):
    code, out, _err = run_cli("calendar", "2027")
    assert code == 0
    assert "2027-09-03  Thứ Sáu" in out
    assert out.splitlines()[-1].startswith("Lịch năm 2027 chưa được xác nhận")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["1900"], "Năm 1900 nằm ngoài phạm vi lịch"),
        (["hai-nghìn"], "năm «hai-nghìn» không hợp lệ"),
        ([], "Thiếu tùy chọn bắt buộc"),
    ],
)
def test_bad_calendar_year_gives_exit_code_2(run_cli, argv, message):
    code, _out, err = run_cli("calendar", *argv)
    assert code == 2 and message in err and "Traceback" not in err


def test_recompute_command_lists_without_apply_and_updates_with_it(run_cli, make_dossier):
    dossier = make_dossier(received_at=vn(2026, 2, 13, 14, 20), due_at=vn(2026, 2, 25, 17, 0))
    CalendarEntry.objects.create(day=dt.date(2026, 2, 24), kind=EntryKind.HOLIDAY, name="Nghỉ thử")
    record_change("thử")

    code, out, _err = run_cli("recompute_deadlines")
    assert code == 0
    assert f"{dossier.code}: 2026-02-25 17:00 → 2026-02-26 17:00" in out
    assert "--apply" in out
    assert Dossier.objects.get(pk=dossier.pk).due_at == vn(2026, 2, 25, 17)

    code, out, _err = run_cli("recompute_deadlines", "--apply")
    assert code == 0 and "Đã cập nhật hạn mới" in out
    assert Dossier.objects.get(pk=dossier.pk).due_at == vn(2026, 2, 26, 17)


def test_import_calendar_command_writes_a_valid_file(run_cli, tmp_path):
    path = tmp_path / "tet-2027.csv"
    path.write_text(
        "day,kind,name,legal_basis,source\n"
        "2027-02-11,swap_day_off,Nghỉ hoán đổi (thử),Thông báo thử,https://example.vn/tb\n"
        "2027-02-20,makeup_working_day,Làm bù (thử),Thông báo thử,https://example.vn/tb\n",
        encoding="utf-8",
    )
    code, out, err = run_cli("import_calendar", str(path))
    assert (code, err) == (0, "")
    assert "Đã nhập 2 ngày" in out
    assert CalendarEntry.objects.get(day=dt.date(2027, 2, 20)).kind == EntryKind.MAKEUP_WORKING_DAY


def test_import_calendar_command_with_a_bad_row_imports_nothing_and_exits_2(run_cli, tmp_path):
    path = tmp_path / "sai.csv"
    path.write_text(
        "day,kind,name\n2027-02-11,swap_day_off,Nghỉ hoán đổi\n2027-02-31,holiday,Ngày sai\n",
        encoding="utf-8",
    )
    code, out, err = run_cli("import_calendar", str(path))
    assert code == 2
    assert "Dòng 3: ngày «2027-02-31» không hợp lệ" in err
    assert not CalendarEntry.objects.filter(day=dt.date(2027, 2, 11)).exists()


def test_import_calendar_command_with_a_missing_file_exits_2(run_cli, tmp_path):
    code, _out, err = run_cli("import_calendar", str(tmp_path / "khong-co.csv"))
    assert code == 2 and "Không đọc được tệp" in err
