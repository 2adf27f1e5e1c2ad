"""What the HTTP benchmarks share: a gunicorn server on loopback, a cookie-keeping client, the
login through the real form, and a load of concurrent clients timing one path.

The client is plain ``http.client`` in threads (no extra package); ``wrk`` (Debian's package) is
used instead when present, because on 2 cores a Python client steals CPU from the server: the
figures then measure the server, not the client. Either way the baseline (an empty view) is
measured the same way in the same run, so the ratio is meaningful.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
REQUEST_TIMEOUT = 10.0
WARMUP_PER_USER = 5


class BenchError(RuntimeError):
    pass


class Server:
    """gunicorn serving ``bench.settings`` (the project plus ``/bench/empty/``)."""

    def __init__(self, port: int, env: dict, *, workers: int = 2, worker_class: str = "sync",
                 threads: int = 1):
        self.port = port
        self.env = env
        self.workers = workers
        self.worker_class = worker_class
        self.threads = threads
        self.process: subprocess.Popen | None = None

    def start(self) -> Server:
        command = [
            sys.executable, "-m", "gunicorn", "motcua.wsgi:application",
            "--bind", f"{HOST}:{self.port}", "--workers", str(self.workers),
            "--worker-class", self.worker_class, "--threads", str(self.threads),
            "--chdir", str(ROOT), "--error-logfile", "-", "--log-level", "warning",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError("gunicorn stopped while starting")
            try:
                status, _headers, _body = self.request("GET", "/bench/empty/")
                if status == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise BenchError("gunicorn did not answer within 30 s")

    def stop(self) -> None:
        server = self.process
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=5)

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of each gunicorn worker (children of the master), in MB."""
        if self.process is None:
            return []
        sizes = []
        for child in Path("/proc").iterdir():
            if not child.name.isdigit():
                continue
            try:
                status = (child / "status").read_text()
            except OSError:
                continue
            ppid = re.search(r"^PPid:\s+(\d+)", status, re.M)
            rss = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
            if ppid and rss and int(ppid.group(1)) == self.process.pid:
                sizes.append(int(rss.group(1)) / 1024)
        return sizes

    def request(self, method: str, path: str, cookies: dict | None = None, body=None,
                headers: dict | None = None):
        """One request on a fresh connection (sync workers close after each answer).

        ``body``: a dict (form-encoded) or bytes (sent as is, with the caller's headers)."""
        connection = http.client.HTTPConnection(HOST, self.port, timeout=REQUEST_TIMEOUT)
        try:
            sent = {"Host": f"{HOST}:{self.port}"}
            if cookies:
                sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
                if "csrftoken" in cookies:
                    sent["X-CSRFToken"] = cookies["csrftoken"]
            data = None
            if isinstance(body, dict):
                data = urlencode(body).encode()
                sent["Content-Type"] = "application/x-www-form-urlencoded"
            elif body is not None:
                data = body
            if data is not None:
                sent["Referer"] = f"http://{HOST}:{self.port}/"
            sent.update(headers or {})
            connection.request(method, path, body=data, headers=sent)
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def login(self, username: str, password: str) -> dict:
        jar: dict[str, str] = {}
        status, headers, page = self.request("GET", "/accounts/login/")
        set_cookies(headers, jar)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not match:
            raise BenchError(f"login page: HTTP {status}, no CSRF token")
        form = {"csrfmiddlewaretoken": match.group(1).decode(), "username": username,
                "password": password}
        status, headers, _page = self.request("POST", "/accounts/login/", jar, form)
        set_cookies(headers, jar)
        if status != 302 or "sessionid" not in jar:
            raise BenchError(f"login of {username} failed: HTTP {status}")
        return jar


def set_cookies(headers, jar: dict) -> None:
    for header in headers.get_all("Set-Cookie") or []:
        for name, morsel in SimpleCookie(header).items():
            jar[name] = morsel.value


def summarise(values: list[float], wall: float, errors: list[str]) -> dict:
    if not values:
        raise BenchError(f"no answer ({errors[:3]})")
    values = sorted(values)
    cuts = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else values * 99
    return {
        "p50": cuts[49], "p99": cuts[98], "rps": len(values) / wall, "requests": len(values),
        "errors": len(errors), "first_error": errors[0] if errors else "",
    }


def measure(server: Server, path: str | list[str], cookies: dict | None, users: int, per_user: int,
            deadline: float, *, expect: int = 200) -> dict:
    """Latencies (ms) of ``per_user`` GETs from each of ``users`` threads, after a warm-up.

    ``path`` may be a list: each client walks through it in turn."""
    paths = [path] if isinstance(path, str) else list(path)
    latencies: list[list[float]] = [[] for _ in range(users)]
    errors: list[str] = []
    start_line = threading.Barrier(users + 1)

    def client(index: int) -> None:
        try:
            for turn in range(WARMUP_PER_USER):
                server.request("GET", paths[(index + turn) % len(paths)], cookies)
        except OSError as error:
            errors.append(repr(error))
        start_line.wait()
        mine = latencies[index]
        for turn in range(per_user):
            if time.monotonic() > deadline:
                errors.append("deadline")
                return
            began = time.perf_counter()
            try:
                status, _headers, _body = server.request(
                "GET", paths[(index * 7 + turn) % len(paths)], cookies
            )
            except OSError as error:
                errors.append(repr(error))
                continue
            mine.append((time.perf_counter() - began) * 1000)
            if status != expect:
                errors.append(f"HTTP {status}")

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(users)]
    for thread in threads:
        thread.start()
    start_line.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join(timeout=max(1.0, deadline - time.monotonic() + REQUEST_TIMEOUT))
    return summarise([v for mine in latencies for v in mine], time.perf_counter() - began, errors)


_WRK_SCRIPT = """
paths = {PATHS}
COOKIE
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("WRK %d %d %d %f %f %d\\n", summary.requests, summary.duration,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout, latency:percentile(50), latency:percentile(99), summary.errors.status))
end
"""


def measure_wrk(server: Server, path: str | list[str], connections: int, seconds: int,
                cookies: dict | None = None) -> dict | None:
    """The same figures from ``wrk`` (one thread per core, ``connections`` open), or None when
    wrk is not installed. Non-2xx/3xx answers count as errors. ``path`` may be a list of paths
    asked in turn (a Lua script); ``cookies`` (a signed-in session) go with every request."""
    paths = [path] if isinstance(path, str) else list(path)
    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        cookie = "; ".join(f"{name}={value}" for name, value in (cookies or {}).items())
        script.write(
            _WRK_SCRIPT.replace("PATHS", ", ".join(f'"{p}"' for p in paths)).replace(
                "COOKIE", f'wrk.headers["Cookie"] = "{cookie}"' if cookie else ""
            )
        )
    try:
        result = subprocess.run(
            [wrk, "-t", str(min(2, connections)), "-c", str(connections), "-d", f"{seconds}s", "-s", script.name,
             "--timeout", "10s", f"http://{HOST}:{server.port}{paths[0]}"],
            capture_output=True, text=True, timeout=seconds + 30,
        )
    finally:
        os.unlink(script.name)
    line = next((ln for ln in result.stdout.splitlines() if ln.startswith("WRK ")), None)
    if line is None:
        raise BenchError(f"wrk printed no summary: {result.stdout[-300:]} {result.stderr[-300:]}")
    requests, duration_us, errors, p50_us, p99_us, status_errors = line.split()[1:]
    return {
        "p50": float(p50_us) / 1000, "p99": float(p99_us) / 1000,
        "rps": int(requests) / (int(duration_us) / 1e6), "requests": int(requests),
        "errors": int(errors), "first_error": f"{status_errors} non-2xx" if int(errors) else "",
    }


def row(name, value, unit, target, passed, note="") -> dict:
    return {"name": name, "value": value, "unit": unit, "target": target, "passed": passed,
            "note": note}
