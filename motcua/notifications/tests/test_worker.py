"""A real Celery worker, consuming from the local Redis, runs the jobs a transition enqueued.

Everything runs in separate processes, as in production: a fresh SQLite database in a temporary
folder (migrated by ``motcua migrate``), the worker (``celery -A motcua worker``) and the
process that performs the transitions. Redis must listen on 127.0.0.1:6379 (it does on the
development machines and in CI): without it this test fails, it never skips. It uses its own
Redis database number and a queue name of its own, and removes its keys afterwards.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis

REDIS_URL = os.environ.get("MOTCUA_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
ROOT = Path(__file__).resolve().parents[3]
TIMEOUT = 60


def _redis():
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3, socket_timeout=3)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.fail(
            f"REDIS IS NOT REACHABLE at {REDIS_URL} ({error}). The job-queue integration test "
            "needs a Redis server: start one (apt-get install redis-server; redis-server "
            "--daemonize yes) or set MOTCUA_TEST_REDIS_URL.",
            pytrace=False,
        )
    return client


def _run(args, env, **kwargs):
    return subprocess.run(
        [sys.executable, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        **kwargs,
    )


def _statuses(database: Path, dossier: int) -> dict[int, tuple[str, int]]:
    with sqlite3.connect(database, timeout=10) as connection:
        rows = connection.execute(
            "SELECT id, status, attempts FROM notifications_notification WHERE dossier_id = ?",
            (dossier,),
        ).fetchall()
    return {row[0]: (row[1], row[2]) for row in rows}


def test_a_real_worker_delivers_the_notifications_a_transition_enqueued(tmp_path):
    client = _redis()
    queue = f"motcua-test-{uuid.uuid4().hex[:12]}"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "CELERY_TASK_ALWAYS_EAGER"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="motcua.settings",
        MOTCUA_DATA_DIR=str(tmp_path),
        CELERY_BROKER_URL=REDIS_URL,
        CELERY_QUEUE=queue,
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        MOTCUA_SMS_BACKEND="motcua.notifications.sms.LogSmsBackend",
    )
    migrated = _run(["-m", "motcua", "migrate", "--noinput", "-v", "0"], env)
    assert migrated.returncode == 0, migrated.stderr

    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "motcua",
            "worker",
            "-Q",
            queue,
            "--pool",
            "solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "INFO",
            "--hostname",
            f"{queue}@%h",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output = ""
    try:
        scenario = _run(["-m", "motcua.notifications.tests.worker_scenario"], env)
        assert scenario.returncode == 0, scenario.stderr
        result = json.loads(scenario.stdout.strip().splitlines()[-1])
        # Made and delivered by the worker: submit and accept, each by e-mail and SMS.
        deadline = time.monotonic() + TIMEOUT
        statuses = _statuses(tmp_path / "motcua.sqlite3", result["dossier"])
        while time.monotonic() < deadline and (
            len(statuses) < 4 or any(s != "sent" for s, _ in statuses.values())
        ):
            if worker.poll() is not None:
                break
            time.sleep(0.3)
            statuses = _statuses(tmp_path / "motcua.sqlite3", result["dossier"])
        if len(statuses) != 4 or any(status != "sent" for status, _ in statuses.values()):
            os.killpg(worker.pid, signal.SIGTERM)
            output = worker.communicate(timeout=20)[0]
            pytest.fail(
                f"the worker did not deliver: {statuses}\n--- worker log ---\n{output[-4000:]}"
            )
        assert all(attempts == 1 for _, attempts in statuses.values())
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                output = worker.communicate(timeout=20)[0]
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                output = worker.communicate()[0]
        for key in client.scan_iter(match=f"*{queue}*"):
            client.delete(key)
    assert "Traceback" not in output, output[-4000:]
    assert "succeeded" in output  # the worker's own log of the jobs it ran
