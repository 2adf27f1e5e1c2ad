"""Benchmark of the desk work queue (``/motcua/``) of a ward officer with 1 million dossiers.

Run alone with ``python -m bench.bench_desk_queue`` or with every benchmark through
``python -m bench``. Steps, all on loopback and bounded in time:

1. A dedicated PostgreSQL database (``motcua_bench`` on 127.0.0.1, or ``BENCH_DATABASE_URL``) is
   created if missing, migrated and given the demo (``load_demo --no-history``). Dossiers are
   generated up to ``BENCH_DOSSIERS`` (1,000,000 by default) with ``generate_dossiers`` once:
   the count is checked first. Generated dossiers are all resolved history, which would leave the
   queue empty, so ``BENCH_OPEN`` (2,000) of the officer's most recent ones are reopened (status
   and clock only, no audit event, like the generator itself). Then ANALYZE.
2. gunicorn (4 sync workers, two per core as docs/operations.md says) serves
   ``bench.settings`` on 127.0.0.1:8765, with the cache and sessions in Redis
   (``BENCH_REDIS_URL``, database 12 by default, emptied first) as in production.
3. ``motcua.kimlien`` logs in through the real login form with ``http.client``.
4. After a warm-up of ``WARM_UP_SECONDS`` (each worker loads its templates, translations and
   calendar on its first requests; a restart is not what is measured),
   ``wrk`` (Debian's package; Python threads when it is missing), 1 then 16 connections with
   the session cookie, walks through the queue's tabs and first pages, then times
   ``/bench/empty/`` the same way: p50, p99, requests/s. Meanwhile the ward's queue stamps are
   raised ``CHANGES_PER_SECOND`` times a second, as transitions do, so the kept tables keep
   being thrown away and rebuilt: the figures include cache misses at a busy ward's pace
   and above.
5. In a separate process (Django set up on the same database), the SQL queries of the queue
   are counted with ``CaptureQueriesContext`` for page 1 and page 40, and for page sizes 10, 25
   and 100, each with the table built (cache emptied first), and once read from the cache;
   the search box is timed with a common name typed without diacritics; the slowest query is
   shown with EXPLAIN ANALYZE.
6. gunicorn is stopped, whatever happened.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench.http_load import BenchError, Server, measure, measure_wrk, row

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/motcua_bench"
)
# As in production (docs/operations.md): the cache, and with it the sessions, in Redis, shared
# by the workers. This database of Redis is emptied at the start of the run.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
TARGET_DOSSIERS = int(os.environ.get("BENCH_DOSSIERS", "1000000"))
OPEN_DOSSIERS = int(os.environ.get("BENCH_OPEN", "2000"))
GENERATED_YEAR = 2024
PORT = 8765
USERNAME = "motcua.kimlien"
QUEUE_PATH = "/motcua/"
# What officers click through: the tabs and the first pages of the main one.
QUEUE_PATHS = [
    QUEUE_PATH,
    f"{QUEUE_PATH}?tab=cho-tiep-nhan",
    f"{QUEUE_PATH}?tab=dang-xu-ly",
    f"{QUEUE_PATH}?tab=cho-bo-sung",
    f"{QUEUE_PATH}?tab=sap-den-han",
    f"{QUEUE_PATH}?tab=qua-han",
    f"{QUEUE_PATH}?tab=duoc-giao",
    f"{QUEUE_PATH}?page=2",
    f"{QUEUE_PATH}?page=3",
]
EMPTY_PATH = "/bench/empty/"
# (concurrent users, requests per user for the Python-thread fallback, seconds with wrk).
LOADS = ((1, 200, 10), (16, 100, 15))
# A busy ward handles a few hundred transitions a day, i.e. one every minute or two in office
# hours; one a second is far above that, so the cache misses are over-represented, not hidden.
CHANGES_PER_SECOND = 1.0
WORKERS = 4
TARGET_P50_MS = 20.0
TARGET_P99_MS = 100.0
WARM_UP_SECONDS = 3
MEASURE_DEADLINE = 300.0  # seconds for all the HTTP measurements together
SETUP_TIMEOUT = 45 * 60  # generating 1 M dossiers takes about 5 min on PostgreSQL
PAGE_SIZES = (10, 25, 100)
BREAKDOWN_REQUESTS = 20
SEARCH_QUERY = "nguyen van"  # a common name, typed without diacritics


# --- 1. the database ---------------------------------------------------------------------------


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        DJANGO_SETTINGS_MODULE="bench.settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        DEBUG="0",
    )
    return env


def _motcua(*args: str, timeout: float = SETUP_TIMEOUT) -> None:
    command = [sys.executable, "-c", "from motcua.cli import main; main()", *args]
    print("  $ motcua " + " ".join(args), flush=True)
    subprocess.run(command, cwd=ROOT, env=_env(), check=True, timeout=timeout)


def _connect(dbname: str | None = None):
    import psycopg

    parts = urlsplit(DATABASE_URL)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname=dbname or parts.path.lstrip("/"),
        autocommit=True,
    )


def _scalar(sql: str, params=()):
    with _connect() as connection:
        return connection.execute(sql, params).fetchone()[0]


def prepare_database() -> dict:
    name = urlsplit(DATABASE_URL).path.lstrip("/")
    with _connect("postgres") as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if not exists:
            print(f"  creating database {name}", flush=True)
            connection.execute(f'CREATE DATABASE "{name}"')
    _motcua("migrate", "--noinput", "-v", "0", timeout=600)
    if not _scalar("SELECT count(*) FROM accounts_user WHERE username = %s", (USERNAME,)):
        _motcua("load_demo", "--no-history", "-v", "0", timeout=600)
    total = _scalar("SELECT count(*) FROM dossiers_dossier")
    if total < TARGET_DOSSIERS:
        started = time.perf_counter()
        # --replace regenerates the bench year, so the other years' rows count towards the goal.
        others = _scalar(
            "SELECT count(*) FROM dossiers_dossier WHERE received_at IS NULL "
            "OR received_at < %s OR received_at >= %s",
            (
                f"{GENERATED_YEAR}-01-01T00:00:00+07:00",
                f"{GENERATED_YEAR + 1}-01-01T00:00:00+07:00",
            ),
        )
        _motcua(
            "generate_dossiers",
            "--year",
            str(GENERATED_YEAR),
            "--count",
            str(TARGET_DOSSIERS - others),
            "--replace",
        )
        print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)
    reopened = _in_process("reopen")
    with _connect() as connection:
        connection.execute("ANALYZE")
    return {
        "dossiers": _scalar("SELECT count(*) FROM dossiers_dossier"),
        "open": reopened["open"],
        "password": reopened["password"],
        "agencies": reopened["agencies"],
    }


# --- 2.–4. the server, the client, the measurement: bench.http_load --------------------------


def login(server: Server, password: str) -> dict:
    jar = server.login(USERNAME, password)
    status, _headers, page = server.request("GET", QUEUE_PATH, jar)
    if status != 200:
        raise BenchError(f"the queue answered HTTP {status} after login")
    return {"cookies": jar, "rows_on_page": page.count(b'href="/motcua/ho-so/')}


# --- 5. the queries (in a separate process with Django set up) ---------------------------------


def _in_process(step: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "bench.bench_desk_queue", step],
        cwd=ROOT,
        env=_env(),
        check=True,
        timeout=600,
        capture_output=True,
        text=True,
    )
    sys.stderr.write(result.stderr)
    marker = "BENCH-JSON "
    lines = [line for line in result.stdout.splitlines() if line.startswith(marker)]
    for line in result.stdout.splitlines():
        if not line.startswith(marker):
            print(line)
    return json.loads(lines[-1][len(marker) :]) if lines else {}


def _django_reopen() -> dict:
    """Reopen the officer's most recent generated dossiers so the queue has full pages."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.db import transaction

    from motcua.desk.access import visible_dossiers
    from motcua.desk.tabs import OPEN
    from motcua.dossiers.models import Dossier, Status
    from motcua.units.scoping import visibility

    officer = get_user_model().objects.get(username=USERNAME)
    scoped = visible_dossiers(visibility(officer))
    already = scoped.filter(status__in=OPEN).count()
    missing = OPEN_DOSSIERS - already
    if missing > 0:
        statuses = (
            Status.RECEIVED,
            Status.IN_PROCESSING,
            Status.SUBMITTED,
            Status.WAITING_SUPPLEMENT,
        )
        ids = list(
            scoped.exclude(status__in=OPEN)
            .order_by("-received_at")
            .values_list("pk", flat=True)[:missing]
        )
        # Spread the due dates from overdue to next month, so every urgency tab has rows.
        today = dt.datetime.now(dt.UTC).replace(microsecond=0)
        with transaction.atomic():
            for index, status in enumerate(statuses):
                chunk = ids[index :: len(statuses)]
                for offset in range(-10, 30):
                    part = chunk[offset + 10 :: 40]
                    Dossier.objects.filter(pk__in=part).update(
                        status=status,
                        due_at=today + dt.timedelta(days=offset),
                        resolved_at=None,
                        returned_at=None,
                    )
    from motcua.demo.accounts import demo_password
    from motcua.desk.queue_cache import touch

    seen = visibility(officer)
    touch(seen.agency_ids)  # written outside the workflow: the kept queue tables must go
    return {
        "open": scoped.filter(status__in=OPEN).count(),
        "reopened": max(missing, 0),
        "password": demo_password(),
        "agencies": sorted(seen.agency_ids),
    }


def _django_queries() -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from motcua.desk.queue_cache import touch
    from motcua.desk.views import work_queue
    from motcua.units.scoping import visibility

    officer = get_user_model().objects.get(username=USERNAME)
    seen = visibility(officer)
    client = Client()
    client.force_login(officer)
    # Warm what a process loads once (the working-day calendar, the templates): with the table
    # built, not read from the cache the server may have left, or the first count has them.
    touch(seen.agency_ids)
    client.get(QUEUE_PATH)

    def count(path: str, *, kept: bool = False) -> tuple[int, int, list]:
        if not kept:
            # A change in the ward, as a transition makes: the table is built again from the
            # database (the session and the scope stay cached, as they would).
            touch(seen.agency_ids)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        if response.status_code != 200:
            raise BenchError(f"{path}: HTTP {response.status_code}")
        rows = response.content.count(b'href="/motcua/ho-so/')
        return len(captured), rows, captured.captured_queries

    result = {"pages": {}, "sizes": {}}
    slowest = []
    for page in (1, 40):
        queries, rows, captured = count(f"{QUEUE_PATH}?page={page}")
        result["pages"][page] = {"queries": queries, "rows": rows}
        slowest += captured
    default_size = work_queue.PAGE_SIZE
    try:
        for size in PAGE_SIZES:
            work_queue.PAGE_SIZE = size
            queries, rows, _captured = count(QUEUE_PATH)
            result["sizes"][size] = {"queries": queries, "rows": rows}
    finally:
        work_queue.PAGE_SIZE = default_size
    # Where one page's time goes: SQL as timed by Django, the rest is Python (view, template).
    total = sql = 0.0
    for _ in range(BREAKDOWN_REQUESTS):
        began = time.perf_counter()
        _queries, _rows, captured = count(QUEUE_PATH)
        total += time.perf_counter() - began
        sql += sum(float(q["time"]) for q in captured)
    result["page_ms"] = total / BREAKDOWN_REQUESTS * 1000
    result["sql_ms"] = sql / BREAKDOWN_REQUESTS * 1000
    total = 0.0
    for _ in range(BREAKDOWN_REQUESTS):
        began = time.perf_counter()
        kept_queries, _rows, _captured = count(QUEUE_PATH, kept=True)
        total += time.perf_counter() - began
    result["kept_ms"] = total / BREAKDOWN_REQUESTS * 1000
    result["kept_queries"] = kept_queries
    # The search box: a common name typed without diacritics, over the officer's whole scope.
    timings = []
    for _ in range(BREAKDOWN_REQUESTS // 4):
        began = time.perf_counter()
        response = client.get(QUEUE_PATH, {"q": SEARCH_QUERY})
        timings.append((time.perf_counter() - began) * 1000)
    if response.status_code != 200:
        raise BenchError(f"search: HTTP {response.status_code}")
    result["search_ms"] = sorted(timings)[len(timings) // 2]
    result["search_found"] = response.content.decode().split('<span class="muted">(', 1)[1].split(" ", 1)[0]
    worst = max(
        (q for q in slowest if '"dossiers_dossier"' in q["sql"]), key=lambda q: float(q["time"])
    )
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + worst["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    result["slowest"] = {"ms": float(worst["time"]) * 1000, "sql": worst["sql"], "plan": plan}
    return result


def _django_main(step: str) -> None:
    import django

    django.setup()
    outcome = _django_reopen() if step == "reopen" else _django_queries()
    print("BENCH-JSON " + json.dumps(outcome), flush=True)


# --- 4. the load, with the ward's dossiers changing meanwhile ---------------------------------


def _load(server, paths, session, users, per_user, seconds, deadline) -> dict:
    figures = measure_wrk(server, paths, users, seconds, cookies=session["cookies"])
    if figures is None:  # no wrk: Python threads (their own CPU use weighs on the figures)
        figures = measure(server, paths, session["cookies"], users, per_user, deadline)
    return figures


class _ward_changes:
    """Raise the ward's queue stamps ``CHANGES_PER_SECOND`` times a second, as transitions do."""

    def __init__(self, agencies: list[int]):
        self.agencies = agencies
        self.stopping = threading.Event()
        self.figures = {"count": 0}

    def _run(self) -> None:
        with _connect() as connection:
            while not self.stopping.wait(1 / CHANGES_PER_SECOND):
                connection.execute(
                    "UPDATE desk_queuestamp SET version = version + 1 WHERE agency_id = ANY(%s)",
                    (self.agencies,),
                )
                self.figures["count"] += 1

    def __enter__(self) -> dict:
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        return self.figures

    def __exit__(self, *_exc) -> None:
        self.stopping.set()
        self.thread.join(timeout=5)


# --- the report --------------------------------------------------------------------------------


def main() -> list[dict]:
    """Prepare, serve, measure, print one line per figure with PASS/FAIL, return the rows."""
    print(
        f"  database {urlsplit(DATABASE_URL).path.lstrip('/')}, goal {TARGET_DOSSIERS:,} dossiers",
        flush=True,
    )
    data = prepare_database()
    print(
        f"  {data['dossiers']:,} dossiers, {data['open']:,} open in {USERNAME}'s scope", flush=True
    )
    rows: list[dict] = []
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    server = Server(PORT, _env(), workers=WORKERS).start()
    try:
        session = login(server, data["password"])
        # Every worker loads its templates, catalogues and calendar once: not what is measured.
        _load(server, QUEUE_PATHS + [EMPTY_PATH], session, WORKERS * 4, 5, WARM_UP_SECONDS,
              time.monotonic() + MEASURE_DEADLINE)
        deadline = time.monotonic() + MEASURE_DEADLINE
        for users, per_user, seconds in LOADS:
            with _ward_changes(data["agencies"]) as changes:
                queue = _load(server, QUEUE_PATHS, session, users, per_user, seconds, deadline)
            empty = _load(server, [EMPTY_PATH], session, users, per_user, seconds, deadline)
            note = (
                f"{queue['requests']} requests over {len(QUEUE_PATHS)} tabs/pages, "
                f"{session['rows_on_page']} rows/page, {changes['count']} ward changes meanwhile"
            )
            if queue["errors"] or empty["errors"]:
                note += f"; errors {queue['errors']}+{empty['errors']} ({queue['first_error'] or empty['first_error']})"
            judged = users == 16
            rows += [
                row(
                    f"queue p50, {users} users",
                    queue["p50"],
                    "ms",
                    f"< {TARGET_P50_MS:.0f}" if judged else "info",
                    queue["p50"] < TARGET_P50_MS if judged else None,
                    note,
                ),
                row(
                    f"queue p99, {users} users",
                    queue["p99"],
                    "ms",
                    f"< {TARGET_P99_MS:.0f}" if judged else "info",
                    queue["p99"] < TARGET_P99_MS and not queue["errors"] if judged else None,
                ),
                row(f"queue throughput, {users} users", queue["rps"], "req/s", "info", None),
                row(f"empty view p50, {users} users", empty["p50"], "ms", "baseline", None),
                row(f"empty view p99, {users} users", empty["p99"], "ms", "baseline", None),
                row(
                    f"empty view throughput, {users} users", empty["rps"], "req/s", "baseline", None
                ),
                row(
                    f"queue / empty p50, {users} users",
                    queue["p50"] / empty["p50"],
                    "x",
                    "info",
                    None,
                ),
            ]
    finally:
        server.stop()
    queries = _in_process("queries")
    pages = queries["pages"]
    sizes = queries["sizes"]
    page_counts = {v["queries"] for v in pages.values()}
    size_counts = {v["queries"] for v in sizes.values()}
    rows += [
        row(
            "queries, page 1 vs page 40",
            max(page_counts),
            "queries",
            "constant",
            len(page_counts) == 1,
            ", ".join(f"page {p}: {v['queries']} q / {v['rows']} rows" for p, v in pages.items()),
        ),
        row(
            f"queries, page size {'/'.join(map(str, PAGE_SIZES))}",
            max(size_counts),
            "queries",
            "constant",
            len(size_counts) == 1,
            ", ".join(f"{s}: {v['queries']} q / {v['rows']} rows" for s, v in sizes.items()),
        ),
        row(
            "queue page, in-process",
            queries["page_ms"],
            "ms",
            "info",
            None,
            f"table built (cache emptied first); of which SQL {queries['sql_ms']:.1f} ms",
        ),
        row(
            "queue page read from the cache, in-process",
            queries["kept_ms"],
            "ms",
            "info",
            None,
            f"{queries['kept_queries']} queries (user with posts, stamp); session and page from Redis, scope from the process",
        ),
        row(
            "queue search, in-process",
            queries["search_ms"],
            "ms",
            "info",
            None,
            f"«{SEARCH_QUERY}» over all statuses in scope, median of {BREAKDOWN_REQUESTS // 4}; "
            f"{queries['search_found']} found",
        ),
        row("slowest dossier SQL of the queue", queries["slowest"]["ms"], "ms", "info", None),
    ]
    print(
        "  slowest SQL of the queue, EXPLAIN ANALYZE:\n    "
        + queries["slowest"]["plan"].replace("\n", "\n    "),
        flush=True,
    )
    from bench.bench_workdays import report

    print(report(rows), flush=True)
    return rows


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in {"reopen", "queries"}:
        _django_main(sys.argv[1])
    else:
        main()
