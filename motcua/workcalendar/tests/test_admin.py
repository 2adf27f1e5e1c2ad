"""The calendar's admin: entries, the year view, warnings, confirmation, import, recomputation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.workcalendar.models import (
    CalendarEntry,
    CalendarRevision,
    CalendarYear,
    EntryKind,
    RecomputationLog,
)

from .conftest import vn

pytestmark = pytest.mark.django_db


def latest_revision() -> int:
    return CalendarRevision.objects.order_by("-number").values_list("number", flat=True).first()


def test_the_year_view_shows_twelve_months_with_days_off_and_working_saturdays(superuser_client):
    response = superuser_client.get(reverse("admin:workcalendar_calendaryear_year", args=[2026]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<table class="month">') == 12
    assert (
        "<caption>Tháng 1 năm 2026</caption>" in html
        and "<caption>Tháng 12 năm 2026</caption>" in html
    )
    assert 'class="day-off" title="Ngày nghỉ lễ, Tết: Tết Nguyên đán (mùng 1)"' in html
    assert 'class="makeup" title="Ngày làm việc bù: Làm việc bù cho ngày nghỉ 31/08/2026"' in html
    assert 'class="weekend" title="Ngày nghỉ hằng tuần"' in html
    assert "12729/VPCP-KGVX" in html  # the legend lists the source of each day


def test_the_year_view_marks_today(superuser_client):
    from motcua.workcalendar.services import get_calendar

    get_calendar()  # the current year is in the calendar whatever year the test runs in
    today = timezone.localdate()
    response = superuser_client.get(
        reverse("admin:workcalendar_calendaryear_year", args=[today.year])
    )
    assert response.content.decode().count('aria-current="date"') == 1


def test_the_year_view_is_reachable_from_the_year_list_and_the_year_page(superuser_client):
    url = reverse("admin:workcalendar_calendaryear_year", args=[2026])
    assert (
        url
        in superuser_client.get(
            reverse("admin:workcalendar_calendaryear_changelist")
        ).content.decode()
    )
    year = CalendarYear.objects.get(year=2026)
    assert (
        url
        in superuser_client.get(
            reverse("admin:workcalendar_calendaryear_change", args=[year.pk])
        ).content.decode()
    )


def test_the_year_view_of_an_unknown_year_is_404_and_needs_a_staff_login(superuser_client):
    assert (
        superuser_client.get(
            reverse("admin:workcalendar_calendaryear_year", args=[1800])
        ).status_code
        == 404
    )
    superuser_client.logout()
    response = superuser_client.get(reverse("admin:workcalendar_calendaryear_year", args=[2026]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_year_view_query_count_does_not_grow_with_the_number_of_days(
    superuser_client, django_assert_max_num_queries
):
    url = reverse("admin:workcalendar_calendaryear_year", args=[2027])
    superuser_client.get(url)
    with django_assert_max_num_queries(12):
        superuser_client.get(url)
    for month in range(1, 13):
        CalendarEntry.objects.create(
            day=dt.date(2027, month, 15), kind=EntryKind.HOLIDAY, name=f"Thử {month}"
        )
    with django_assert_max_num_queries(12):
        assert superuser_client.get(url).status_code == 200


def test_an_unconfirmed_year_is_warned_about_on_the_admin_index_and_calendar_pages(
    superuser_client,
):
    next_year = timezone.localdate().year + 1
    warning = f"Lịch năm {next_year} chưa được xác nhận theo thông báo chính thức"
    assert warning in superuser_client.get(reverse("admin:index")).content.decode()
    assert (
        warning
        in superuser_client.get(
            reverse("admin:workcalendar_calendarentry_changelist")
        ).content.decode()
    )

    CalendarYear.objects.filter(year__gte=next_year - 1).update(confirmed=True)
    assert (
        "chưa được xác nhận theo thông báo"
        not in superuser_client.get(reverse("admin:index")).content.decode()
    )


def test_the_confirm_action_confirms_the_year_and_records_who(superuser_client):
    year = CalendarYear.objects.get(year=2027)
    response = superuser_client.post(
        reverse("admin:workcalendar_calendaryear_changelist"),
        {"action": "confirm_selected_years", "_selected_action": [year.pk]},
        follow=True,
    )
    assert "Đã xác nhận lịch năm 2027." in response.content.decode()
    year.refresh_from_db()
    assert (
        year.confirmed
        and year.confirmed_by == superuser_client.user
        and year.confirmed_at is not None
    )


def test_adding_an_entry_in_the_admin_bumps_the_revision_and_changes_the_calendar(superuser_client):
    from motcua.workcalendar.services import get_calendar

    before = latest_revision()
    response = superuser_client.post(
        reverse("admin:workcalendar_calendarentry_add"),
        {
            "day": "2027-02-11",
            "kind": "swap_day_off",
            "name": "Nghỉ hoán đổi Tết (thử)",
            "legal_basis": "Thông báo thử",
            "source": "https://example.vn/tb",
            "origin": "announcement",
        },
    )
    assert response.status_code == 302
    assert latest_revision() == before + 1
    entry = CalendarEntry.objects.get(day=dt.date(2027, 2, 11))
    assert entry.created_by == superuser_client.user
    assert not get_calendar().is_working_day(dt.date(2027, 2, 11))


def test_editing_and_deleting_entries_in_the_admin_bump_the_revision(superuser_client):
    entry = CalendarEntry.objects.get(day=dt.date(2027, 9, 3))
    before = latest_revision()
    superuser_client.post(
        reverse("admin:workcalendar_calendarentry_change", args=[entry.pk]),
        {
            "day": "2027-09-03",
            "kind": "holiday",
            "name": "Quốc khánh (đã sửa)",
            "legal_basis": "",
            "source": "",
            "origin": "manual",
        },
    )
    assert latest_revision() == before + 1
    assert CalendarEntry.objects.get(pk=entry.pk).updated_by == superuser_client.user

    superuser_client.post(
        reverse("admin:workcalendar_calendarentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert latest_revision() == before + 2
    assert "Xóa 03/09/2027" in CalendarRevision.objects.get(number=before + 2).summary

    others = CalendarEntry.objects.filter(day__year=2027, day__month=2).values_list("pk", flat=True)
    superuser_client.post(
        reverse("admin:workcalendar_calendarentry_changelist"),
        {"action": "delete_selected", "_selected_action": list(others), "post": "yes"},
    )
    assert latest_revision() == before + 3
    assert not CalendarEntry.objects.filter(day__year=2027, day__month=2).exists()


def test_a_make_up_day_on_a_weekday_is_refused_with_a_vietnamese_message(superuser_client):
    before = latest_revision()
    response = superuser_client.post(
        reverse("admin:workcalendar_calendarentry_add"),
        {"day": "2027-03-03", "kind": "makeup_working_day", "name": "Sai", "origin": "manual"},
    )
    assert response.status_code == 200
    assert "Ngày làm việc bù phải là thứ Bảy hoặc Chủ nhật" in response.content.decode()
    assert latest_revision() == before


def test_the_entry_list_filters_by_year_and_its_query_count_does_not_grow(
    superuser_client, django_assert_max_num_queries
):
    url = reverse("admin:workcalendar_calendarentry_changelist") + "?year=2026"
    superuser_client.get(url)
    with django_assert_max_num_queries(14):
        html = superuser_client.get(url).content.decode()
    assert "Tết Nguyên đán (mùng 1)" in html and "Tết Dương lịch" in html
    rows = html.split('id="result_list"')[1].split("</table>")[0]
    assert "01/01/2026" in rows and "01/01/2025" not in rows and "01/01/2027" not in rows
    for day in range(1, 28):
        CalendarEntry.objects.get_or_create(
            day=dt.date(2026, 10, day), defaults={"kind": "holiday", "name": "Thử"}
        )
    with django_assert_max_num_queries(14):
        superuser_client.get(url)


def test_the_year_list_query_count_does_not_grow_with_more_years(
    superuser_client, django_assert_max_num_queries
):
    url = reverse("admin:workcalendar_calendaryear_changelist")
    superuser_client.get(url)
    with django_assert_max_num_queries(12):
        superuser_client.get(url)
    for year in range(2040, 2060):
        CalendarYear.objects.create(year=year)
    with django_assert_max_num_queries(12):
        assert "2059" in superuser_client.get(url).content.decode()


def test_the_import_form_reports_row_errors_and_imports_nothing(superuser_client):
    before = latest_revision()
    upload = SimpleUploadedFile(
        "sai.csv",
        "day,kind,name\n2027-02-11,swap_day_off,Hoán đổi\n2027-02-12,kieu-la,Lạ\n".encode(),
        "text/csv",
    )
    response = superuser_client.post(
        reverse("admin:workcalendar_calendarentry_import"), {"file": upload}
    )
    assert response.status_code == 200
    assert "Dòng 3: loại ngày «kieu-la» không hợp lệ" in response.content.decode()
    assert not CalendarEntry.objects.filter(day=dt.date(2027, 2, 11)).exists()
    assert latest_revision() == before


def test_the_import_form_imports_a_valid_file(superuser_client):
    upload = SimpleUploadedFile(
        "tot.csv", "day,kind,name\n2027-02-11,swap_day_off,Hoán đổi\n".encode(), "text/csv"
    )
    response = superuser_client.post(
        reverse("admin:workcalendar_calendarentry_import"), {"file": upload}, follow=True
    )
    assert "Đã nhập 1 ngày từ tệp tot.csv." in response.content.decode()
    assert CalendarEntry.objects.get(day=dt.date(2027, 2, 11)).created_by == superuser_client.user


def test_the_recompute_page_previews_then_applies_only_on_confirmation(
    superuser_client, make_dossier
):
    dossier = make_dossier(received_at=vn(2026, 2, 13, 14, 20), due_at=vn(2026, 2, 25, 17, 0))
    superuser_client.post(
        reverse("admin:workcalendar_calendarentry_add"),
        {"day": "2026-02-24", "kind": "holiday", "name": "Nghỉ thử", "origin": "manual"},
    )
    url = reverse("admin:workcalendar_recomputationlog_recompute")

    html = superuser_client.get(url).content.decode()
    assert dossier.code in html and "17:00 thứ Năm, 26/02/2026" in html
    assert Dossier.objects.get(pk=dossier.pk).due_at == vn(2026, 2, 25, 17)
    assert RecomputationLog.objects.filter(applied=False).count() == 1

    response = superuser_client.post(url, {"confirm": "1"}, follow=True)
    assert "Đã cập nhật hạn mới cho 1 trong 1 hồ sơ" in response.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).due_at == vn(2026, 2, 26, 17)
    assert RecomputationLog.objects.get(applied=True).by == superuser_client.user


def test_the_recompute_preview_query_count_does_not_grow_with_dossiers(
    superuser_client, make_dossier, django_assert_max_num_queries
):
    url = reverse("admin:workcalendar_recomputationlog_recompute")
    make_dossier(received_at=vn(2026, 3, 2, 9), due_at=vn(2026, 1, 1, 17))
    superuser_client.get(url)
    with django_assert_max_num_queries(14):
        superuser_client.get(url)
    for day in range(3, 28):
        make_dossier(received_at=vn(2026, 3, day, 9), due_at=vn(2026, 1, 1, 17))
    with django_assert_max_num_queries(14):
        assert superuser_client.get(url).content.decode().count("<tr>") >= 26


def test_staff_without_dossier_rights_cannot_recompute(client, django_user_model):
    user = django_user_model.objects.create_user(
        "canbo", password="mat-khau-dai-123", is_staff=True
    )
    client.force_login(user)
    assert client.get(reverse("admin:workcalendar_recomputationlog_recompute")).status_code == 403
