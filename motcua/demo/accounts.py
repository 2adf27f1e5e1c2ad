"""The demo's accounts: one per role, all with the same demo password.

Demo only. The password comes from ``MOTCUA_DEMO_PASSWORD`` (a default is printed by
``motcua load_demo`` and shown on the login page while ``DEMO_MODE`` is on; production turns
demo mode off, so it is shown nowhere there).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from motcua.units.models import Position, Role

DEFAULT_DEMO_PASSWORD = "dongda-2018"


def demo_password() -> str:
    return os.environ.get("MOTCUA_DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    position: str
    # Where the official works: a key understood by load_demo ("ward_desk", "ward_pc", "district_pc"…).
    post: str
    title: str = ""


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("congdan", "Nguyễn Thị Ánh", Role.CITIZEN, "", ""),
    DemoAccount("motcua.kimlien", "Trần Văn Bình", Role.DESK_OFFICER, Position.STAFF, "ward_desk",
                "Công chức Tư pháp - Hộ tịch, Bộ phận một cửa"),
    DemoAccount("chuyenvien.kimlien", "Lê Thị Cúc", Role.SPECIALIST, Position.STAFF, "ward_pc",
                "Công chức Tư pháp - Hộ tịch"),
    DemoAccount("lanhdao.kimlien", "Phạm Minh Đức", Role.LEADER, Position.HEAD, "ward_pc",
                "Chủ tịch UBND phường"),
    DemoAccount("lanhdao.dongda", "Hoàng Thu Hà", Role.LEADER, Position.DEPUTY, "district_pc",
                "Phó Chủ tịch UBND quận"),
    DemoAccount("thanhtra.dongda", "Đỗ Quang Huy", Role.INSPECTOR, Position.STAFF, "district_pc",
                "Thành viên Đoàn kiểm tra công vụ quận"),
    DemoAccount("cchc.dongda", "Vũ Thị Lan", Role.REFORM_OFFICE, Position.STAFF, "district_home_affairs",
                "Chuyên viên cải cách hành chính, Phòng Nội vụ"),
    DemoAccount("quantri", "Quản trị hệ thống", Role.ADMINISTRATOR, Position.STAFF, "district_pc",
                "Quản trị hệ thống"),
)


def role_label(role: str) -> str:
    return str(Role(role).label) if role else str(_("Công dân"))


def demo_accounts_for_login_page() -> list[dict]:
    if not settings.DEMO_MODE:
        return []
    from django.contrib.auth import get_user_model

    existing = set(
        get_user_model().objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).values_list(
            "username", flat=True
        )
    )
    password = demo_password()
    return [
        {"username": a.username, "role": role_label(a.role), "password": password}
        for a in DEMO_ACCOUNTS
        if a.username in existing
    ]
