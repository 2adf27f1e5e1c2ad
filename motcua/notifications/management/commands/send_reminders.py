"""``motcua send_reminders``: the daily deadline reminders, for cron where Celery beat is not run."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from motcua.notifications.reminders import send_deadline_reminders


class Command(BaseCommand):
    help = "Nhắc hạn hồ sơ sắp đến hạn và danh sách hồ sơ quá hạn cho cán bộ xử lý, lãnh đạo."

    def handle(self, *args, **options):
        report = send_deadline_reminders()
        self.stdout.write(f"Hồ sơ đến hạn trong ngày làm việc tới: {len(report.due_soon)}")
        for dossier in report.due_soon:
            self.stdout.write(
                f"  {dossier.code}  hạn {timezone.localtime(dossier.due_at):%H:%M %d/%m/%Y}"
            )
        self.stdout.write(f"Hồ sơ quá hạn (sẽ trả muộn): {len(report.overdue)}")
        for dossier in report.overdue:
            self.stdout.write(
                f"  {dossier.code}  hạn {timezone.localtime(dossier.due_at):%H:%M %d/%m/%Y}"
                f"  {dossier.competent_agency.name}"
            )
        self.stdout.write(f"Thư nhắc đã xếp hàng gửi: {report.queued}")
