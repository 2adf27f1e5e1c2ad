"""Benchmark of the reports at national scale: 1 million and 10 million dossiers on PostgreSQL.

Run alone with ``python -m bench.bench_reports`` or with every benchmark through
``python -m bench``. Goal (issue 6): every report figure and page answers in under a second on
the 2-core machine, read from the summary tables (docs/reports.md, "Scale and freshness").

For each database, in order:

1. The database: ``motcua_bench`` (``BENCH_DATABASE_URL``), 1 M dossiers, is the desk bench's;
   when it is missing or short, the desk bench's preparation makes it (about 5 min).
   ``motcua_bench_10m`` (``BENCH_10M_DATABASE_URL``) must hold at least 9.5 M dossiers: the demo
   (``load_demo --no-history``) and ``generate_dossiers --year 2024 --count 10000000``, about
   an hour, done here only with ``BENCH_GENERATE_10M=1``; otherwise its figures are "not
   measured", a missed target. Then ``migrate``.
2. The summaries, in a separate process with Django set up on that database: their totals are
   compared with the dossiers' (one pass over the table); if they differ (a bulk write
   bypassed the workflow, as the desk bench's reopening does) or are empty,
   ``rebuild_report_summaries`` runs and its time is printed. Then ANALYZE.
3. The measurement, in a separate process: the baseline, a plain ``SELECT competent_agency_id,
   status, count(*) … GROUP BY 1, 2`` over the dossiers received in 2024, then each figure —
   the yearly province report (``build_report``), the dashboards of the administrator (the
   whole province: the demo has no province-level leader), of the district leader and of the
   ward leader, the yearly page, the public statistics, the overdue list, a drill-down list and
   the Excel export — through ``django.test.Client`` (full page render) or in-process. Each is
   run once to warm up, then three times: the median is reported, with its ratio to the
   baseline, PASS under 1,000 ms.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from bench.http_load import row

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2024
TARGET_MS = 1000.0
RUNS = 3
SETUP_TIMEOUT = 2 * 3600
DATABASES = (
    # label, environment variable, default URL, dossiers wanted, least accepted
    (
        "1M",
        "BENCH_DATABASE_URL",
        "postgres://postgres@127.0.0.1:5432/motcua_bench",
        1_000_000,
        950_000,
    ),
    (
        "10M",
        "BENCH_10M_DATABASE_URL",
        "postgres://postgres@127.0.0.1:5432/motcua_bench_10m",
        10_000_000,
        9_500_000,
    ),
)
PROVINCE_USER = "quantri"  # administrator: sees every unit of the demo, i.e. the province
DISTRICT_USER = "lanhdao.dongda"
WARD_USER = "lanhdao.kimlien"
FIGURES = (
    # name, user (None: in-process or anonymous), path (None: build_report in-process)
    ("yearly province report (build_report)", None, None),
    ("dashboard, administrator (province)", PROVINCE_USER, f"/bao-cao/?ky={YEAR}"),
    ("dashboard, district leader", DISTRICT_USER, f"/bao-cao/?ky={YEAR}"),
    ("dashboard, ward leader", WARD_USER, f"/bao-cao/?ky={YEAR}"),
    (f"yearly page /bao-cao/nam/{YEAR}/", PROVINCE_USER, f"/bao-cao/nam/{YEAR}/"),
    ("public statistics /thong-ke/", "", f"/thong-ke/?ky={YEAR}"),
    ("overdue list, administrator", PROVINCE_USER, "/bao-cao/qua-han/"),
    (
        "drill-down: late dossiers, administrator",
        PROVINCE_USER,
        f"/bao-cao/ho-so/?ky={YEAR}&chi-so=late",
    ),
    (
        "drill-down: waiting at year end, district",
        DISTRICT_USER,
        f"/bao-cao/ho-so/?ky={YEAR}&chi-so=waiting",
    ),
    ("Excel export, administrator", PROVINCE_USER, f"/bao-cao/xuat/excel/?ky={YEAR}"),
)
BASELINE_SQL = (
    "SELECT competent_agency_id, status, count(*) FROM dossiers_dossier "
    "WHERE received_at >= %s AND received_at < %s GROUP BY 1, 2"
)
MARKER = "BENCH-JSON "


# --- 1. the database ---------------------------------------------------------------------------


def _env(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="motcua.settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
        DEBUG="0",
    )
    return env


def _motcua(url: str, *args: str, timeout: float = SETUP_TIMEOUT) -> None:
    command = [sys.executable, "-c", "from motcua.cli import main; main()", *args]
    print("  $ motcua " + " ".join(args), flush=True)
    subprocess.run(command, cwd=ROOT, env=_env(url), check=True, timeout=timeout)


def _connect(url: str, dbname: str | None = None):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname=dbname or parts.path.lstrip("/"),
        autocommit=True,
    )


def _dossiers(url: str) -> int | None:
    """Dossiers in the database, or None when the database (or its table) does not exist."""
    name = urlsplit(url).path.lstrip("/")
    with _connect(url, "postgres") as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone():
            return None
    with _connect(url) as connection:
        if not connection.execute("SELECT to_regclass('dossiers_dossier')").fetchone()[0]:
            return None
        return connection.execute("SELECT count(*) FROM dossiers_dossier").fetchone()[0]


def _generate_10m(url: str, wanted: int) -> None:
    name = urlsplit(url).path.lstrip("/")
    with _connect(url, "postgres") as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone():
            print(f"  creating database {name}", flush=True)
            connection.execute(f'CREATE DATABASE "{name}"')
    _motcua(url, "migrate", "--noinput", "-v", "0", timeout=1800)
    with _connect(url) as connection:
        demo = connection.execute(
            "SELECT count(*) FROM accounts_user WHERE username = %s", (WARD_USER,)
        ).fetchone()[0]
        others = connection.execute(
            "SELECT count(*) FROM dossiers_dossier WHERE received_at IS NULL "
            "OR received_at < %s OR received_at >= %s",
            (f"{YEAR}-01-01T00:00:00+07:00", f"{YEAR + 1}-01-01T00:00:00+07:00"),
        ).fetchone()[0]
    if not demo:
        _motcua(url, "load_demo", "--no-history", "-v", "0", timeout=1800)
    started = time.perf_counter()
    _motcua(
        url, "generate_dossiers", "--year", str(YEAR), "--count", str(wanted - others), "--replace"
    )
    print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)


def prepare(label: str, url: str, wanted: int, least: int) -> str | None:
    """Make the database ready; returns why it cannot be measured, or None."""
    found = _dossiers(url)
    name = urlsplit(url).path.lstrip("/")
    if found is None or found < least:
        have = "does not exist" if found is None else f"has {found:,} dossiers"
        if label == "1M":
            from bench import bench_desk_queue

            if bench_desk_queue.DATABASE_URL == url:
                print(f"  {name} {have}: the desk bench prepares it", flush=True)
                bench_desk_queue.prepare_database()
                found = _dossiers(url)
        elif os.environ.get("BENCH_GENERATE_10M") == "1":
            print(f"  {name} {have}: generating {wanted:,} dossiers (about an hour)", flush=True)
            _generate_10m(url, wanted)
            found = _dossiers(url)
        if found is None or found < least:
            have = "does not exist" if found is None else f"has {found:,} dossiers"
            return (
                f"{name} {have} (at least {least:,} needed). Create it with "
                f"BENCH_GENERATE_10M=1 make bench (about an hour), or: createdb {name}; "
                f"DATABASE_URL={url} motcua migrate; … motcua load_demo --no-history; "
                f"… motcua generate_dossiers --year {YEAR} --count {wanted}"
            )
    _motcua(url, "migrate", "--noinput", "-v", "0", timeout=1800)
    return None


# --- 2. and 3., in a separate process with Django set up on the database ----------------------


def _in_process(url: str, step: str, timeout: float) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "bench.bench_reports", step],
        cwd=ROOT,
        env=_env(url),
        check=True,
        timeout=timeout,
        capture_output=True,
        text=True,
    )
    sys.stderr.write(result.stderr)
    lines = result.stdout.splitlines()
    for line in lines:
        if not line.startswith(MARKER):
            print(line)
    found = [line for line in lines if line.startswith(MARKER)]
    return json.loads(found[-1][len(MARKER) :]) if found else {}


def _django_summaries() -> dict:
    """Rebuild the summaries when their totals differ from the dossiers'; ANALYZE."""
    from django.db import connection
    from django.db.models import Count, Q, Sum

    from motcua.dossiers.models import Dossier
    from motcua.reports.indicators import FINISHED_WITHOUT_RESULT, RESOLVED_Q
    from motcua.reports.models import DailyCount, DailyFlow, MonthlyHandling
    from motcua.reports.summaries import rebuild
    from motcua.reports.summary_figures import _merged_histogram

    def totals() -> tuple[dict, dict]:
        raw = Dossier.objects.filter(received_at__isnull=False).aggregate(
            received=Count("pk"),
            resolved=Count("pk", filter=RESOLVED_Q),
            returned=Count("pk", filter=Q(status__in=FINISHED_WITHOUT_RESULT)),
            coded=Count("pk", filter=Q(code__isnull=False)),
            left=Count(
                "pk", filter=Q(resolved_at__isnull=False) & ~Q(status__in=FINISHED_WITHOUT_RESULT)
            ),
        )
        kept = DailyCount.objects.aggregate(
            **{k: Sum(k, default=0) for k in ("received", "resolved", "returned", "coded")},
            handled=Sum("handled", default=0),
        )
        kept["left"] = DailyFlow.objects.aggregate(n=Sum("left", default=0))["n"]
        raw["handled"] = kept.pop("handled")
        kept["handled"] = sum(_merged_histogram(MonthlyHandling.objects.all()).values())
        return raw, kept

    started = time.perf_counter()
    raw, kept = totals()
    checked = time.perf_counter() - started
    outcome = {"check_s": checked, "rebuilt_s": None, "rows": None}
    if raw != kept or not raw["received"]:
        print(f"  summary totals {kept} differ from the dossiers' {raw}: rebuilding", flush=True)
        started = time.perf_counter()
        outcome["rows"] = rebuild()
        outcome["rebuilt_s"] = time.perf_counter() - started
        raw, kept = totals()
        if raw != kept:
            raise AssertionError(f"summaries still differ after the rebuild: {kept} vs {raw}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    outcome["summary_rows"] = DailyCount.objects.count()
    return outcome


def _timed(work) -> tuple[float, int, float]:
    """(median ms of RUNS runs after a warm-up, queries of the last run, its slowest SQL ms)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    work()
    times = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            work()
            times.append((time.perf_counter() - began) * 1000)
    slowest = max((float(q["time"]) * 1000 for q in captured.captured_queries), default=0.0)
    return statistics.median(times), len(captured), slowest


def _django_measure() -> dict:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from motcua.reports.indicators import Period, Scope
    from motcua.reports.report import build_report
    from motcua.units.models import AdministrativeUnit

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    province = AdministrativeUnit.objects.filter(parent__isnull=True).order_by("code").first()
    bounds = (f"{YEAR}-01-01T00:00:00+07:00", f"{YEAR + 1}-01-01T00:00:00+07:00")

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute(BASELINE_SQL, bounds)
            cursor.fetchall()

    results = {"province": province.name, "figures": []}
    results["baseline_ms"] = _timed(baseline)[0]
    users = get_user_model().objects
    for name, username, path in FIGURES:
        if path is None:
            scope = Scope.of_unit(province)

            def work(scope=scope):
                build_report(scope, Period.year(YEAR))
        else:
            client = Client()
            if username:
                client.force_login(users.get(username=username))

            def work(client=client, path=path):
                response = client.get(path)
                if response.status_code != 200:
                    raise RuntimeError(f"{path}: HTTP {response.status_code}")
                if response.streaming:  # read the whole body, as a browser would
                    b"".join(response.streaming_content)

        ms, queries, slowest = _timed(work)
        results["figures"].append({"name": name, "ms": ms, "queries": queries, "sql_ms": slowest})
    return results


def _django_main(step: str) -> None:
    import django

    django.setup()
    outcome = _django_summaries() if step == "summaries" else _django_measure()
    print(MARKER + json.dumps(outcome), flush=True)


# --- the report --------------------------------------------------------------------------------


def _missed(label: str) -> list[dict]:
    return [
        row(f"{label}: {name}", float("nan"), "ms", f"< {TARGET_MS:.0f}", False, "not measured")
        for name, _user, _path in FIGURES
    ]


def measure(label: str, url: str) -> list[dict]:
    summaries = _in_process(url, "summaries", SETUP_TIMEOUT)
    rows = []
    note = (
        f"{summaries['summary_rows']:,} daily rows; totals checked in {summaries['check_s']:.1f} s"
    )
    if summaries["rebuilt_s"] is not None:
        rows.append(
            row(
                f"{label}: rebuild_report_summaries",
                summaries["rebuilt_s"],
                "s",
                "info",
                None,
                f"{summaries['rows']:,} rows written",
            )
        )
    print(f"  summaries ready: {note}", flush=True)
    measured = _in_process(url, "measure", 1800)
    base = measured["baseline_ms"]
    rows.append(
        row(f"{label}: plain GROUP BY over {YEAR} (baseline)", base, "ms", "baseline", None)
    )
    for figure in measured["figures"]:
        ms = figure["ms"]
        rows.append(
            row(
                f"{label}: {figure['name']}",
                ms,
                "ms",
                f"< {TARGET_MS:.0f}",
                ms < TARGET_MS,
                f"{ms / base:.2f}× baseline, {figure['queries']} queries, "
                f"slowest SQL {figure['sql_ms']:.0f} ms",
            )
        )
    print(f"  {label}: province scope = {measured['province']}", flush=True)
    return rows


def main() -> list[dict]:
    rows: list[dict] = []
    for label, variable, default, wanted, least in DATABASES:
        url = os.environ.get(variable, default)
        print(f"  {label}: database {urlsplit(url).path.lstrip('/')} ({variable})", flush=True)
        why = prepare(label, url, wanted, least)
        if why is not None:
            print(f"  {label} NOT MEASURED: {why}", flush=True)
            rows += _missed(label)
            continue
        rows += measure(label, url)
    from bench.bench_workdays import report

    print(report(rows), flush=True)
    return rows


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in {"summaries", "measure"}:
        _django_main(sys.argv[1])
    else:
        main()
