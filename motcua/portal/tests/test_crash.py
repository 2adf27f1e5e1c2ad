"""A real server killed (kill -9) in the middle of an upload, and a client that hangs up:
afterwards no dossier is submitted, no ``Upload`` row points to a missing file, the draft is
still a draft, and the same journey then completes with exactly one submitted dossier.

Not a browser test: gunicorn runs as a subprocess on a free port against a SQLite file, and a
raw socket sends half of a multipart body, so the server really is in the middle of reading it.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
BIG = 6 * 1024 * 1024  # under the 10 MB per-file limit, big enough to be mid-body for a while

pytestmark = pytest.mark.xdist_group("crash")

SETUP = r"""
import json
from motcua.accounts.models import User
from motcua.catalog.models import RequiredDocument
from motcua.catalog.tests.factories import make_agency, make_birth_registration
from motcua.portal import drafts, schema_form
from motcua.portal.tests.apply_fixtures import VALID_POST, demo_schema
from motcua.portal.tests.test_schema_form import post
from django.utils import timezone
from rest_framework.authtoken.models import Token
agency = make_agency(code="000.01.35.H26")
procedure = make_birth_registration(form_schema=demo_schema(), agencies=[agency])
user = User.objects.create(username="congdan", full_name="Nguyễn Thị Mai", email="mai@example.vn",
                           email_verified_at=timezone.now())
application = drafts.start(user, procedure, agency_id=agency.pk, key="crash")
drafts.save_form(application, schema_form.parse(demo_schema(), post(**VALID_POST)))
document = RequiredDocument.objects.get(procedure=procedure, name="Giấy chứng sinh")
print(json.dumps({"token": Token.objects.create(user=user).key, "pk": application.dossier_id,
                  "document": document.pk}))
"""

STATE = r"""
import json
from django.core.files.storage import default_storage
from motcua.dossiers.models import Dossier
from motcua.portal.models import AttachedDocument, Upload
uploads = list(Upload.objects.all())
print(json.dumps({
    "statuses": sorted(Dossier.objects.values_list("status", flat=True)),
    "uploads": len(uploads),
    "missing_files": [u.pk for u in uploads if not default_storage.exists(u.file.name)],
    "attachments": AttachedDocument.objects.count(),
    "attachments_without_file": AttachedDocument.objects.filter(upload__isnull=True).count(),
}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _env(data_dir: Path) -> dict:
    env = {
        **os.environ,
        "MOTCUA_DATA_DIR": str(data_dir),
        "MOTCUA_ENV": "demo",
        "DJANGO_SETTINGS_MODULE": "motcua.settings",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    return env


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """One migrated SQLite file per module; each test works on its own copy."""
    folder = tmp_path_factory.mktemp("crash-template")
    run = subprocess.run([PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT,
                         env=_env(folder), capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    return folder


@pytest.fixture
def server_env(migrated, tmp_path):
    for name in ("motcua.sqlite3", "motcua.sqlite3-wal"):
        if (migrated / name).exists():
            shutil.copyfile(migrated / name, tmp_path / name)
    return _env(tmp_path)


def manage_shell(env, code: str) -> dict:
    run = subprocess.run([PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


class Server:
    def __init__(self, env):
        self.env = env
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [GUNICORN, "motcua.wsgi:application", "-b", f"127.0.0.1:{self.port}", "-w", "1",
             "--timeout", "60", "--graceful-timeout", "1"],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: master and worker die together
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as probe:
                    probe.sendall(b"GET /api/v1/schema/?format=json HTTP/1.0\r\nHost: localhost\r\n\r\n")
                    if probe.recv(12).startswith(b"HTTP/1"):
                        return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("gunicorn did not start")

    def kill9(self) -> None:
        # Only the process group this test started.
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


@pytest.fixture
def server(server_env):
    running = Server(server_env)
    yield running
    running.stop()


def multipart(document: int, size: int) -> tuple[bytes, str]:
    boundary = "motcua-crash-boundary"
    pdf = b"%PDF-1.4\n" + b"%" + b"0" * (size - 30) + b"\n%%EOF\n"
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"required_document_id\"\r\n\r\n{document}\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"giay-chung-sinh.pdf\"\r\n"
        "Content-Type: application/pdf\r\n\r\n"
    ).encode() + pdf + f"\r\n--{boundary}--\r\n".encode()
    return body, boundary


def request_head(path: str, token: str, length: int, content_type: str, extra: str = "") -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Token {token}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {length}\r\n{extra}Connection: close\r\n\r\n"
    ).encode()


def send_half(port: int, head: bytes, body: bytes) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(head + body[: len(body) // 2])
    time.sleep(0.5)  # the worker is now blocked reading the rest of the body
    return sock


def full_request(port: int, head: bytes, body: bytes) -> tuple[int, bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(head + body)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    reply = b"".join(chunks)
    return int(reply.split(b" ", 2)[1]), reply.split(b"\r\n\r\n", 1)[-1]


def assert_clean(state: dict, *, statuses: list[str]) -> None:
    assert state["statuses"] == statuses
    assert state["missing_files"] == []
    assert state["attachments_without_file"] == 0


def test_kill_9_mid_upload_leaves_a_clean_draft_then_submission_works_once(server, server_env):
    ids = manage_shell(server_env, SETUP)
    server.start()
    body, boundary = multipart(ids["document"], BIG)
    path = f"/api/v1/applications/{ids['pk']}/attachments/"
    head = request_head(path, ids["token"], len(body), f"multipart/form-data; boundary={boundary}")
    sock = send_half(server.port, head, body)
    server.kill9()
    sock.close()

    state = manage_shell(server_env, STATE)
    assert_clean(state, statuses=["draft"])
    assert state["uploads"] == 0 and state["attachments"] == 0

    server.start()
    status, reply = full_request(server.port, head, body)
    assert status == 201, reply[:500]
    submit = json.dumps({"result_channel": "online", "commitment": True}).encode()
    submit_head = request_head(f"/api/v1/applications/{ids['pk']}/submit/", ids["token"], len(submit),
                               "application/json", "Idempotency-Key: crash-1\r\n")
    first = full_request(server.port, submit_head, submit)
    again = full_request(server.port, submit_head, submit)
    assert first[0] == again[0] == 200, first[1][:500]
    state = manage_shell(server_env, STATE)
    assert_clean(state, statuses=["submitted"])
    assert state["uploads"] == 1 and state["attachments"] == 1


def test_kill_9_mid_submission_body_submits_nothing(server, server_env):
    ids = manage_shell(server_env, SETUP)
    server.start()
    body, boundary = multipart(ids["document"], 1024 * 1024)
    head = request_head(f"/api/v1/applications/{ids['pk']}/attachments/", ids["token"], len(body),
                        f"multipart/form-data; boundary={boundary}")
    assert full_request(server.port, head, body)[0] == 201
    submit = json.dumps({"result_channel": "online", "commitment": True, "contact_email": "m@example.vn"}).encode()
    submit_head = request_head(f"/api/v1/applications/{ids['pk']}/submit/", ids["token"], len(submit),
                               "application/json", "Idempotency-Key: crash-2\r\n")
    sock = send_half(server.port, submit_head, submit)
    server.kill9()
    sock.close()
    state = manage_shell(server_env, STATE)
    assert_clean(state, statuses=["draft"])
    assert state["attachments"] == 1


def test_client_that_hangs_up_mid_upload_leaves_nothing_and_the_server_keeps_serving(server, server_env):
    ids = manage_shell(server_env, SETUP)
    server.start()
    body, boundary = multipart(ids["document"], BIG)
    head = request_head(f"/api/v1/applications/{ids['pk']}/attachments/", ids["token"], len(body),
                        f"multipart/form-data; boundary={boundary}")
    sock = send_half(server.port, head, body)
    sock.shutdown(socket.SHUT_RDWR)
    sock.close()
    time.sleep(1)
    get = f"GET /api/v1/applications/{ids['pk']}/ HTTP/1.1\r\nHost: localhost\r\nAuthorization: Token {ids['token']}\r\nConnection: close\r\n\r\n".encode()
    status, reply = full_request(server.port, get, b"")
    assert status == 200
    assert json.loads(reply)["status"] == "draft"
    state = manage_shell(server_env, STATE)
    assert_clean(state, statuses=["draft"])
    assert state["uploads"] == 0 and state["attachments"] == 0
