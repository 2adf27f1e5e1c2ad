"""``motcua load_demo``: the Đống Đa demo (2018 units, the 27 online procedures, one account per role).

Idempotent: running it again updates what it made and creates nothing twice.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from motcua.catalog.io import import_json
from motcua.catalog.models import Level, Procedure
from motcua.demo.accounts import DEMO_ACCOUNTS, demo_password, role_label
from motcua.units.demo import load_dong_da
from motcua.units.models import Membership, Role

PROCEDURES_FILE = Path(__file__).resolve().parents[3] / "catalog" / "data" / "dong_da_2018_procedures.json"
DEMO_WARD_NAME = "Kim Liên"  # the ward pictured in the seed article


class Command(BaseCommand):
    help = "Nạp dữ liệu minh họa quận Đống Đa (đơn vị, 27 thủ tục trực tuyến, tài khoản theo vai trò)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-history", action="store_true",
            help="Không sinh hồ sơ năm 2017 (dùng cho kiểm thử giao diện cần dữ liệu nhẹ).",
        )

    def handle(self, *args, **options):
        from motcua.desk.demo import load_desk_demo
        from motcua.notifications.dispatch import muted

        # Demo dossiers walk the real workflow; nobody is to be notified of that.
        with muted(), transaction.atomic():
            dong_da = load_dong_da()
            procedures = self._load_procedures(dong_da)
            # Today's catalogue has level-4 services: one procedure gets a 2025 version that
            # is paid online; the 2018 version (level 3) keeps the seed's figures.
            from motcua.payments.demo import enable_level4_demo

            enable_level4_demo()
            accounts = self._load_accounts(dong_da)
            # Dossiers in every state (some late, some apologised for) for the desk screens.
            load_desk_demo(dong_da)
        if not options["no_history"]:
            self._load_2017_history(options["verbosity"])
        if options["verbosity"] == 0:
            return
        wards = len(dong_da.wards_2018)
        # Versions share their code: count procedures, not versions.
        levels = {p.code: p.level for p in procedures}
        by_level = {lvl: sum(1 for v in levels.values() if v == lvl) for lvl in (Level.COMMUNE, Level.DISTRICT)}
        self.stdout.write(self.style.SUCCESS(
            f"Đã nạp: {dong_da.district.name} với {wards} phường (năm 2018); "
            f"{len(levels)} thủ tục trực tuyến mức độ 3 năm 2018 "
            f"({by_level[Level.COMMUNE]} cấp phường, {by_level[Level.DISTRICT]} cấp quận)."
        ))
        self.stdout.write(f"Tài khoản dùng thử (mật khẩu chung: {demo_password()}):")
        for account, agency in accounts:
            where = f" — {agency.name}" if agency else ""
            self.stdout.write(f"  {account.username:<20} {role_label(account.role)}{where}")

    def _load_2017_history(self, verbosity: int) -> None:
        """A year of 2017 dossiers for the 27 procedures, so the reports show the seed's figures.

        Generated once: the generator refuses a year that already holds dossiers.
        """
        from motcua.reports.generate import dossiers_of_year

        if not dossiers_of_year(2017).exists():
            call_command("generate_dossiers", year=2017, verbosity=verbosity)

    def _load_procedures(self, dong_da) -> list[Procedure]:
        data = json.loads(PROCEDURES_FILE.read_text(encoding="utf-8"))
        report = import_json(data)
        if report.errors:
            lines = "\n".join(str(error) for error in report.errors[:20])
            raise CommandError(f"Tệp thủ tục minh họa có lỗi:\n{lines}")
        codes = [p["code"] for p in data["procedures"]]
        procedures = list(Procedure.objects.filter(code__in=codes, publishing_unit=dong_da.province))
        ward_pcs = list(dong_da.ward_pcs.values())
        for procedure in procedures:
            if procedure.level == Level.COMMUNE:
                procedure.agencies.set(ward_pcs)
            else:
                procedure.agencies.set([dong_da.district_pc])
        return procedures

    def _post(self, dong_da, key: str):
        ward_code = dong_da.ward_2018(DEMO_WARD_NAME).code
        posts = {
            "ward_desk": dong_da.ward_desks[ward_code],
            "ward_pc": dong_da.ward_pcs[ward_code],
            "district_pc": dong_da.district_pc,
            "district_desk": dong_da.district_desk,
            "district_home_affairs": dong_da.departments["home_affairs"],
        }
        return posts.get(key)

    def _load_accounts(self, dong_da):
        User = get_user_model()
        password = demo_password()
        made = []
        for account in DEMO_ACCOUNTS:
            user, _created = User.objects.get_or_create(username=account.username)
            user.full_name = account.full_name
            user.email = f"{account.username}@demo.motcua.local"
            user.is_staff = account.role == Role.ADMINISTRATOR
            user.is_superuser = account.role == Role.ADMINISTRATOR
            user.email_verified_at = user.email_verified_at or timezone.now()
            user.set_password(password)
            user.save()
            agency = self._post(dong_da, account.post) if account.post else None
            if agency is not None:
                Membership.objects.update_or_create(
                    user=user, agency=agency, role=account.role,
                    defaults={"position": account.position, "title": account.title},
                )
            made.append((account, agency))
        return made
