"""Settings of the server the desk-queue benchmark starts: the project's, plus ``bench.urls``.

A separate module because the empty baseline view must never be mounted in the real project.
"""

from motcua.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
