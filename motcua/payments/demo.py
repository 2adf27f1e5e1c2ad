"""The demo's level-4 procedure: a new version of "Cấp bản sao trích lục hộ tịch" (2.000635),
in force from 1 July 2025 as a full online service with its 8.000-đồng fee paid online.

The 2018 version stays as published (level 3, valid until 30 June 2025, then marked
replaced): the 2017/2018 figures (27 procedures at level 3) do not move. Idempotent: a
second call updates the version it made. ``load_demo`` calls ``enable_level4_demo()`` after
loading the catalogue.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from motcua.catalog.models import OnlineClass, Procedure, VersionStatus

DEMO_CODE = "2.000635"
VALID_FROM = dt.date(2025, 7, 1)
CHANGE_NOTE = (
    "Phiên bản minh họa: cung cấp dịch vụ công trực tuyến toàn trình (mức độ 4), nộp phí "
    "trực tuyến qua cổng thanh toán."
)
CHILD_RELATIONS = ("citizen_steps", "documents", "fees", "legal_bases", "workflow_steps")


@transaction.atomic
def enable_level4_demo(code: str = DEMO_CODE) -> Procedure | None:
    """The level-4 version of procedure ``code`` (created or refreshed); None without it."""
    base = (
        Procedure.objects.filter(code=code, replaces__isnull=True)
        .exclude(change_note=CHANGE_NOTE).order_by("version").first()
    )
    if base is None:
        return None
    version = (
        Procedure.objects.filter(replaces=base, change_note=CHANGE_NOTE).first()
        or Procedure(replaces=base, change_note=CHANGE_NOTE)
    )
    created = version.pk is None
    copied = {
        f.attname: getattr(base, f.attname)
        for f in Procedure._meta.concrete_fields
        if f.attname not in {"id", "replaces_id", "change_note", "search_text"}
    }
    for attname, value in copied.items():
        setattr(version, attname, value)
    if created:
        latest = Procedure.objects.filter(code=code, publishing_unit=base.publishing_unit)
        version.version = max(latest.values_list("version", flat=True)) + 1
    else:
        version.version = Procedure.objects.filter(pk=version.pk).values_list("version", flat=True)[0]
    version.online_class = OnlineClass.FULL
    version.online_level_legacy = 4
    version.channel_online = True
    version.valid_from = VALID_FROM
    version.valid_to = None
    version.published_on = VALID_FROM
    version.status = VersionStatus.ACTIVE
    version.save()
    version.agencies.set(base.agencies.all())
    for relation in CHILD_RELATIONS:
        getattr(version, relation).all().delete()
        for child in getattr(base, relation).all():
            child.pk = None
            child.procedure = version
            child.save()
    # The 2018 version ends the day before; it stays in the record of 2017/2018.
    Procedure.objects.filter(pk=base.pk).update(
        status=VersionStatus.REPLACED, valid_to=VALID_FROM - dt.timedelta(days=1)
    )
    return version
