"""The Celery app of motcua: background jobs (notifications, deadline reminders).

Configured from Django settings (the ``CELERY_*`` names, see ``motcua/settings.py``). Without a
broker the settings make every job run eagerly in the calling process, so the demo needs no
Redis; with one, ``make worker`` (``celery -A motcua worker``) runs them. The notifications app
imports this module in ``AppConfig.ready`` so that every Django process sends jobs through this
configured app, not through Celery's unconfigured default.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")

app = Celery("motcua")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
