"""Benchmark of the citizen's side: online submissions with a 1 MB upload, and the public status
lookup (``/tra-cuu/``, what the QR code on a receipt opens) against an empty view.

Run alone with ``python -m bench.bench_portal`` or with every benchmark through ``python -m bench``.

1. A dedicated PostgreSQL database (``motcua_bench_portal`` on 127.0.0.1, or
   ``BENCH_PORTAL_DATABASE_URL``) is created if missing, migrated and given the demo
   (``load_demo --no-history``); ``LOOKUP_DOSSIERS`` dossiers are accepted in-process through
   ``dossiers.workflow`` so they have a code and a lookup secret (the pairs the clients ask for).
2. gunicorn (4 sync workers, the set-up of docs/operations.md; ``BENCH_WORKERS``) serves ``bench.settings`` on
   127.0.0.1:8766 with files on local disk in a temporary folder.
3. Status lookup: 1 and 16 concurrent clients ask ``/tra-cuu/?ma=…&bi-mat=…`` for the known
   pairs in turn (a receipt's QR code opened again and again), then ``/bench/empty/`` the same
   way (wrk when installed, else Python threads). The page of a pair is kept rendered in the
   cache after its first lookup (``portal.lookup_cache``), so this is the steady state;
   the first, uncached lookup of a pair is timed in-process and shown for information.
4. Submissions: ``SUBMIT_CLIENTS`` clients each send whole dossiers of "Đăng ký khai sinh"
   (1.001193) with a token, in one multipart request to ``/api/v1/applications/complete/``
   (form as JSON, a fresh 1 MB PDF — different bytes each time, so nothing is deduplicated —
   and small PDFs for the other mandatory documents, ``Idempotency-Key``). Submissions per
   second = submitted dossiers / wall time (judged). The step-by-step flow a person's browser
   follows (draft, form, upload, reuse, submit: 6 calls) is measured too, for information.
   Notification jobs go to Redis as in production (``BENCH_BROKER_URL``), flushed afterwards.
   The dossier count in the database is checked afterwards.
5. Memory: resident size of each gunicorn worker after the run (target < 200 MB).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from bench.http_load import ROOT, BenchError, Server, measure, measure_wrk, row

DATABASE_URL = os.environ.get(
    "BENCH_PORTAL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/motcua_bench_portal"
)
PORT = 8766
# docs/operations.md serves with 4 sync workers on 2 cores: a submission waits on PostgreSQL's
# commit and on storage, and a second worker per core uses the CPU meanwhile.
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
CITIZEN = "congdan"
OFFICER = "motcua.kimlien"
PROCEDURE = "1.001193"
LOOKUP_DOSSIERS = 200
LOOKUP_LOADS = ((1, 300), (16, 150))  # (clients, requests each) for the Python client
WRK_SECONDS = 10
SUBMIT_CLIENTS = 8
SUBMISSIONS = 240
UPLOAD_BYTES = 1024 * 1024
TARGET_LOOKUP_RATIO = 0.5
TARGET_LOOKUP_P99_MS = 50.0
TARGET_SUBMISSIONS_PER_S = 30.0
TARGET_WORKER_MB = 200.0
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/14")
STEP_SUBMISSIONS = 60
MEDIA = Path(tempfile.gettempdir()) / "motcua-bench-portal-media"

# A complete "Đăng ký khai sinh" form (the demo schema); checked in-process before the run.
FORM = {
    "applicant": {
        "full_name": "Nguyễn Thị Mai", "id_number": "001190000123",
        "residence": "Số 1 Kim Liên, Đống Đa, Hà Nội", "relationship": "Mẹ",
    },
    "child": {
        "full_name": "Trần Minh An", "sex": "Nam", "date_of_birth": "2026-03-01",
        "place_of_birth": "Bệnh viện Phụ sản Hà Nội", "place_of_birth_kind": "Cơ sở y tế",
        "ethnicity": "Kinh", "nationality": "Việt Nam", "hometown": "Hà Nội",
    },
    "mother": {
        "full_name": "Nguyễn Thị Mai", "date_of_birth": "1995-05-12", "ethnicity": "Kinh",
        "nationality": "Việt Nam", "residence": "Hà Nội",
    },
    "father_known": True,
    "father": {
        "full_name": "Trần Văn Bình", "date_of_birth": "1993-01-02", "ethnicity": "Kinh",
        "nationality": "Việt Nam", "residence": "Hà Nội",
    },
    "attachments": [{"kind": "Giấy chứng sinh", "file_name": "giay-chung-sinh.pdf"}],
    "copies_requested": 1,
    "parents_married": True,
    "marriage_certificate": {"number": "12/2020", "issued_by": "UBND phường Kim Liên",
                             "issued_on": "2020-06-01"},
    "commitment": True,
}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=DATABASE_URL,
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        DEBUG="0",
        MEDIA_ROOT=str(MEDIA),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        # As in production: the web workers enqueue notification jobs in Redis, a worker
        # (not started here) sends them. The bench's own Redis database is emptied afterwards.
        CELERY_BROKER_URL=BROKER_URL,
    )
    return env


def _motcua(*args: str, timeout: float = 900) -> None:
    command = [sys.executable, "-c", "from motcua.cli import main; main()", *args]
    print("  $ motcua " + " ".join(args), flush=True)
    subprocess.run(command, cwd=ROOT, env=_env(), check=True, timeout=timeout)


def _in_process(step: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "bench.bench_portal", step], cwd=ROOT, env=_env(), check=True,
        timeout=900, capture_output=True, text=True,
    )
    sys.stderr.write(result.stderr[-4000:])
    marker = "BENCH-JSON "
    lines = [line for line in result.stdout.splitlines() if line.startswith(marker)]
    return json.loads(lines[-1][len(marker):]) if lines else {}


def prepare_database() -> None:
    import psycopg

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    with psycopg.connect(host=parts.hostname or "127.0.0.1", port=parts.port or 5432,
                         user=parts.username or "postgres", password=parts.password,
                         dbname="postgres", autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            print(f"  creating database {name}", flush=True)
            connection.execute(f'CREATE DATABASE "{name}"')
    _motcua("migrate", "--noinput", "-v", "0")
    _motcua("load_demo", "--no-history", "-v", "0")


# --- in-process steps (Django set up on the bench database) ------------------------------------


def _django_prepare() -> dict:
    """Known (code, secret) pairs, a token for the citizen, the form checked against the schema."""
    import jsonschema
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from motcua.catalog.models import Procedure
    from motcua.demo.accounts import demo_password
    from motcua.dossiers import workflow
    from motcua.dossiers.models import Channel, Dossier, Status
    from motcua.units.models import Membership, Role

    users = get_user_model().objects
    citizen = users.get(username=CITIZEN)
    procedure = Procedure.objects.current().get(code=PROCEDURE)
    jsonschema.validate(FORM, procedure.form_schema, format_checker=jsonschema.FormatChecker())
    officer = Membership.objects.select_related("user", "agency").get(
        user__username=OFFICER, role=Role.DESK_OFFICER
    )
    # The desk receives for its People's Committee, the agency the procedure names.
    agency = procedure.agencies.filter(
        pk__in=[officer.agency_id, officer.agency.parent_id]
    ).first()
    if agency is None:
        raise BenchError(f"{officer.agency} does not receive {PROCEDURE}")
    pairs = list(
        Dossier.objects.exclude(code=None).filter(receiving_agency=agency)
        .values_list("code", "lookup_secret")[:LOOKUP_DOSSIERS]
    )
    while len(pairs) < LOOKUP_DOSSIERS:
        dossier = Dossier.objects.create(
            procedure=procedure, receiving_agency=agency, competent_agency=agency,
            applicant=citizen, applicant_name=citizen.get_full_name(), channel=Channel.DESK,
            status=Status.DRAFT,
        )
        workflow.submit(dossier, by=officer.user, expected_version=dossier.version)
        workflow.accept(dossier, by=officer.user, expected_version=dossier.version)
        pairs.append((dossier.code, dossier.lookup_secret))
    token, _created = Token.objects.get_or_create(user=citizen)
    return {
        "pairs": pairs, "token": token.key, "agency": agency.pk, "password": demo_password(),
        "mandatory": list(procedure.documents.filter(mandatory=True).values_list("pk", flat=True)),
        "submitted": Dossier.objects.filter(applicant=citizen, channel=Channel.ONLINE)
        .exclude(status=Status.DRAFT).count(),
    }


def _django_cold() -> dict:
    """In-process (Django's test client, no HTTP): the first lookup of each known pair with the
    page cache empty, against the empty view, in ms per request."""
    from django.core.cache import cache
    from django.test import Client

    from motcua.dossiers.models import Dossier

    pairs = list(Dossier.objects.exclude(code=None).values_list("code", "lookup_secret")[:LOOKUP_DOSSIERS])
    paths = _lookup_paths(pairs)
    client = Client()
    for path in paths[:10] + ["/bench/empty/"] * 10:  # templates and translations loaded
        client.get(path)
    cache.clear()
    began = time.perf_counter()
    for path in paths:
        client.get(path)
    cold = (time.perf_counter() - began) / len(paths) * 1000
    began = time.perf_counter()
    for _path in paths:
        client.get("/bench/empty/")
    empty = (time.perf_counter() - began) / len(paths) * 1000
    return {"cold_ms": cold, "empty_ms": empty}


def _django_main(step: str) -> None:
    import django

    django.setup()
    outcome = {"prepare": _django_prepare, "cold": _django_cold}[step]()
    print("BENCH-JSON " + json.dumps(outcome), flush=True)


# --- the submissions ---------------------------------------------------------------------------


_NOISE: dict[int, bytes] = {}


def _pdf(size: int) -> bytes:
    """A PDF of ``size`` bytes, different every time (a fresh id up front) without paying for
    1 MB of fresh randomness per call: the client shares the server's two cores."""
    head = b"%PDF-1.4\n%" + uuid.uuid4().hex.encode() + b"\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%"
    tail = b"\ntrailer\n<<>>\n%%EOF\n"
    body = size - len(head) - len(tail)
    if body not in _NOISE:
        _NOISE[body] = os.urandom(body).replace(b"\n", b"x")
    return head + _NOISE[body] + tail


def _multipart(fields: dict, file_bytes: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="giay-chung-sinh.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n".encode() + file_bytes + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def submit_once(server: Server, token: str, agency: int, mandatory: list[int]) -> None:
    auth = {"Authorization": f"Token {token}"}
    as_json = {**auth, "Content-Type": "application/json"}

    def call(method, path, body, headers, expect):
        status, _h, payload = server.request(method, path, body=body, headers=headers)
        if status not in expect:
            raise BenchError(f"{method} {path}: HTTP {status} {payload[:300]!r}")
        return json.loads(payload or b"{}")

    draft = call("POST", "/api/v1/applications/",
                 json.dumps({"procedure_code": PROCEDURE, "agency_id": agency,
                             "key": uuid.uuid4().hex}).encode(), as_json, {201})
    base = f"/api/v1/applications/{draft['id']}/"
    call("PATCH", base, json.dumps({"form_data": FORM}).encode(), as_json, {200})
    body, content_type = _multipart({"required_document_id": mandatory[0]}, _pdf(UPLOAD_BYTES))
    attached = call("POST", base + "attachments/", body, {**auth, "Content-Type": content_type}, {201})
    upload_id = attached[-1]["upload_id"]
    for document in mandatory[1:]:
        reuse = json.dumps({"required_document_id": document, "reuse_upload_id": upload_id}).encode()
        call("POST", base + "attachments/", reuse, as_json, {201})
    call("POST", base + "submit/",
         json.dumps({"result_channel": "online", "commitment": True}).encode(),
         {**as_json, "Idempotency-Key": uuid.uuid4().hex}, {200})


def submit_in_one_request(server: Server, token: str, agency: int, mandatory: list[int]) -> None:
    """The whole dossier in one multipart request (``/api/v1/applications/complete/``): the
    form as JSON, the 1 MB PDF for the first mandatory document and small PDFs for the others."""
    boundary = uuid.uuid4().hex
    fields = {
        "procedure_code": PROCEDURE, "agency_id": agency, "form_data": json.dumps(FORM),
        "result_channel": "online", "commitment": "true",
    }
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for index, document in enumerate(mandatory):
        content = _pdf(UPLOAD_BYTES if index == 0 else 4096)
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="document_{document}"; '
            f'filename="giay-to-{index}.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
            + content + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    status, _h, payload = server.request(
        "POST", "/api/v1/applications/complete/", body=b"".join(parts),
        headers={"Authorization": f"Token {token}", "Idempotency-Key": uuid.uuid4().hex,
                 "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    if status != 201:
        raise BenchError(f"complete submission: HTTP {status} {payload[:300]!r}")


def measure_submissions(server: Server, data: dict, submit=None, total: int = SUBMISSIONS) -> dict:
    done: list[float] = []
    errors: list[str] = []
    submit = submit or submit_in_one_request
    counter = iter(range(total))
    lock = threading.Lock()

    def client() -> None:
        while True:
            with lock:
                if next(counter, None) is None:
                    return
            began = time.perf_counter()
            try:
                submit(server, data["token"], data["agency"], data["mandatory"])
            except (BenchError, OSError) as error:
                errors.append(str(error))
                continue
            done.append((time.perf_counter() - began) * 1000)

    submit(server, data["token"], data["agency"], data["mandatory"])  # warm-up, and a check
    threads = [threading.Thread(target=client, daemon=True) for _ in range(SUBMIT_CLIENTS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    wall = time.perf_counter() - began
    return {"per_s": len(done) / wall, "done": len(done), "errors": errors, "wall": wall,
            "p50": sorted(done)[len(done) // 2] if done else 0.0}


# --- the report --------------------------------------------------------------------------------


def _flush_broker() -> None:
    """Drop the notification jobs the run enqueued (nobody consumes the bench's queue)."""
    import redis

    redis.Redis.from_url(BROKER_URL).flushdb()


def _lookup_paths(pairs) -> list[str]:
    return [f"/tra-cuu/?{urlencode({'ma': code, 'bi-mat': secret})}" for code, secret in pairs]


def main() -> list[dict]:
    prepare_database()
    data = _in_process("prepare")
    before = data["submitted"]
    rows: list[dict] = []
    server = Server(PORT, _env(), workers=WORKERS).start()
    try:
        paths = _lookup_paths(data["pairs"])
        status, _h, page = server.request("GET", paths[0])
        if status != 200:
            raise BenchError(f"lookup of a known pair answered HTTP {status}")
        random.Random(7).shuffle(paths)
        deadline = time.monotonic() + 300
        for users, per_user in LOOKUP_LOADS:
            lookup = measure_wrk(server, paths, users, WRK_SECONDS)
            client = "wrk"
            if lookup is None:
                client = "python threads"
                lookup = measure(server, paths, None, users, per_user, deadline)
                empty = measure(server, "/bench/empty/", None, users, per_user, deadline)
            else:
                empty = measure_wrk(server, "/bench/empty/", users, WRK_SECONDS)
            ratio = lookup["rps"] / empty["rps"]
            judged = users == 16
            note = f"{lookup['requests']} requests by {client}"
            if lookup["errors"] or empty["errors"]:
                note += f"; errors {lookup['errors']}+{empty['errors']} ({lookup['first_error'] or empty['first_error']})"
            rows += [
                row(f"status lookup throughput, {users} clients", lookup["rps"], "req/s", "info", None, note),
                row(f"empty view throughput, {users} clients", empty["rps"], "req/s", "baseline", None),
                row(f"lookup / empty throughput, {users} clients", ratio, "x",
                    f">= {TARGET_LOOKUP_RATIO}" if judged else "info",
                    ratio >= TARGET_LOOKUP_RATIO and not lookup["errors"] if judged else None),
                row(f"status lookup p50, {users} clients", lookup["p50"], "ms", "info", None),
                row(f"status lookup p99, {users} clients", lookup["p99"], "ms",
                    f"< {TARGET_LOOKUP_P99_MS:.0f}" if judged else "info",
                    lookup["p99"] < TARGET_LOOKUP_P99_MS if judged else None),
                row(f"empty view p99, {users} clients", empty["p99"], "ms", "baseline", None),
            ]
        submissions = measure_submissions(server, data)
        note = f"{submissions['done']} dossiers in {submissions['wall']:.1f} s by {SUBMIT_CLIENTS} clients"
        if submissions["errors"]:
            note += f"; {len(submissions['errors'])} errors: {submissions['errors'][0][:200]}"
        steps = measure_submissions(server, data, submit_once, STEP_SUBMISSIONS)
        step_note = f"{steps['done']} dossiers, 6 API calls each"
        if steps["errors"]:
            step_note += f"; {len(steps['errors'])} errors: {steps['errors'][0][:200]}"
        rows += [
            row("online submissions with a 1 MB upload (one request)", submissions["per_s"], "per s",
                f">= {TARGET_SUBMISSIONS_PER_S:.0f}",
                submissions["per_s"] >= TARGET_SUBMISSIONS_PER_S and not submissions["errors"], note),
            row("one submission (one request), p50", submissions["p50"], "ms", "info", None),
            row("step-by-step submissions (draft, form, uploads, submit)", steps["per_s"], "per s",
                "info", None, step_note),
        ]
        sizes = server.worker_rss_mb()
        rows.append(row("largest worker memory after the run", max(sizes) if sizes else 0.0, "MB",
                        f"< {TARGET_WORKER_MB:.0f}", bool(sizes) and max(sizes) < TARGET_WORKER_MB,
                        ", ".join(f"{size:.0f}" for size in sizes) + " MB"))
    finally:
        server.stop()
    after = _in_process("prepare")["submitted"]
    cold = _in_process("cold")
    rows.append(row("first lookup of a pair (page not kept yet), in-process", cold["cold_ms"], "ms",
                    "info", None, f"empty view in-process {cold['empty_ms']:.2f} ms"))
    _flush_broker()
    expected = before + submissions["done"] + steps["done"] + 2
    rows.append(row("submitted dossiers in the database", after - before, "dossiers",
                    f"= {expected - before}", after == expected))
    from bench.bench_workdays import report

    print(report(rows), flush=True)
    return rows


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in {"prepare", "cold"}:
        _django_main(sys.argv[1])
    else:
        main()
