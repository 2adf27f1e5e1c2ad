"""``motcua settle_payments``: ask the gateways about pending payments past their timeout.

Run it every few minutes (cron or the Celery beat); pages also settle a dossier's overdue
payment when they show it, so this only makes sure nothing stays pending for long.
"""

from django.core.management.base import BaseCommand

from motcua.payments.services import settle_overdue_payments


class Command(BaseCommand):
    help = "Hỏi cổng thanh toán về các giao dịch đã quá thời gian chờ và ghi nhận kết quả."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500)

    def handle(self, *args, **options):
        settled = settle_overdue_payments(limit=options["limit"])
        if options["verbosity"]:
            self.stdout.write(f"Đã ghi nhận kết quả {settled} giao dịch quá thời gian chờ.")
