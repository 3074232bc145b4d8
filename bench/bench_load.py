"""Officer pages under load through the production server (gunicorn, `config.wsgi`), and the soak run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/antq_national .venv/bin/python bench/bench_load.py \
        [--users 20] [--duration 30] [--workers 3] [--threads 4] [--year 2025] [--province-code 1]
    ... bench/bench_load.py --soak            # 50 users, 10 minutes, 2 s pauses: errors and worker memory

Settings: `config.settings.bench` (production's, over plain HTTP on 127.0.0.1, the Redis cache, database
sessions, two-step sign-in off for every role because a script has no authenticator app). Set-up (idempotent,
the only writes to the database besides sessions): two accounts, a national administrator and a province
officer of `--province-code`, with their audit rows; static files collected into /tmp.

Each simulated user signs in through the real login form (CSRF token, session cookie), then requests in a
closed loop, keeping its connection open: the bare view (`bench/urls_bench.py`, the baseline measured in the
same run), a unit list (a commune's units, rotating over the province's communes), a recognition case
(rotating over the province's cases of `--year`) and the province's dashboard; then, as the national
administrator, the country's unit list (its provinces) and the country's dashboard. In the soak three users in
four are province officers; the fourth is the national administrator.

Default run: one phase per page, `--users` users requesting only that page with no pause, each right after a
phase of the bare view; p50/p95, p95 ÷ that bare view's p95 (target ≤ 3×) and requests/s (target ≥ 200).
`--soak`: `--users` users on a weighted mix of the pages with a pause between requests; errors (target 0) and
the workers' RSS from /proc at start, after the warm-up and at the end (target: growth under 10 %). Nothing is
asserted.
"""

import argparse
import http.client
import itertools
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.bench"
# Production settings refuse to start without a secret; a bench server holds no real session.
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789abcdef")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from antq.accounts.models import Role, User  # noqa: E402
from antq.accounts.services import role_grant, user_create  # noqa: E402
from antq.recognition.models import RecognitionCase  # noqa: E402
from antq.units.models import Unit, UnitKind  # noqa: E402

HOST = "127.0.0.1"
PASSWORD = "bench-only-password-7f3a"  # noqa: S105 - a bench account, on loopback
NATIONAL = "bench-load-v05"
PROVINCE = "bench-load-province"
BARE = "bare view"
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- set-up -------------------------------------------------------------------------------------------------

def ensure_user(username: str, role: str, unit: Unit) -> None:
    """The account with `role` on `unit`, created once; its password is reset so a rerun can sign in."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(actor=None, username=username, password=PASSWORD, full_name=username,
                           check_password=False)
    elif not user.check_password(PASSWORD):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    role_grant(actor=None, user=user, role=role, unit=unit)


@dataclass
class Targets:
    """The URLs each kind of user walks through."""

    province: list[tuple[str, list[str], int]]
    national: list[tuple[str, list[str], int]]


def collect_static() -> None:
    """Production's storage needs collected files and their manifest; collecting (and compressing) takes
    minutes, so it is done again only when a file under static/ is newer than the manifest."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    newest = max(path.stat().st_mtime for path in (ROOT / "static").rglob("*") if path.is_file())
    if not manifest.exists() or manifest.stat().st_mtime < newest:
        call_command("collectstatic", interactive=False, verbosity=0)


def set_up(year: int, province_code: int) -> Targets:
    collect_static()
    country = Unit.objects.get(kind=UnitKind.COUNTRY)
    province = Unit.objects.get(kind=UnitKind.PROVINCE, code=str(province_code), valid_to__isnull=True)
    ensure_user(NATIONAL, Role.NATIONAL_ADMIN, country)
    ensure_user(PROVINCE, Role.PROVINCE_OFFICER, province)
    communes = list(Unit.objects.filter(kind=UnitKind.COMMUNE, parent=province, valid_to__isnull=True)
                    .order_by("pk").values_list("pk", flat=True))
    cases = list(RecognitionCase.objects.filter(year=year, unit__path__startswith=province.path)
                 .order_by("pk").values_list("pk", flat=True)[:500])
    if not communes or not cases:
        raise SystemExit(f"no communes or no {year} cases in province {province_code}: load bench/generate.py")
    random.Random(8).shuffle(cases)
    # (label, urls, weight in the soak's mix: lists and cases are opened far more often than the dashboard)
    bare = (BARE, ["/bench/bare/"], 1)
    case = ("recognition case", [f"/recognition/cases/{pk}/" for pk in cases], 4)
    return Targets(
        province=[bare, ("unit list", [f"/units/{pk}/" for pk in communes], 4), case,
                  ("dashboard", [f"/reports/dashboard/?area={province.pk}&year={year}"], 1)],
        national=[bare, ("unit list (country)", [f"/units/{country.pk}/"], 2), case,
                  ("dashboard (country)", [f"/reports/dashboard/?area={country.pk}&year={year}"], 1)],
    )


# --- the server ---------------------------------------------------------------------------------------------

def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, workers: int, threads: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.bench"}
    command = [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi", "--bind", f"{HOST}:{port}",
               "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
               "--keep-alive", "30", "--timeout", "60", "--log-level", "warning", "--chdir", str(ROOT)]
    server = subprocess.Popen(command, env=env, cwd=ROOT)  # noqa: S603 - our own fixed command
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/bench/bare/")
            if conn.getresponse().status == 200:
                conn.close()
                # The master answers before every worker has booted; give the others a moment.
                time.sleep(1)
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def worker_pids(server: subprocess.Popen) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def workers_rss(server: subprocess.Popen) -> dict[int, int]:
    return {pid: rss_kib(pid) for pid in worker_pids(server)}


# --- the client ---------------------------------------------------------------------------------------------

class Session:
    """One signed-in user: its own keep-alive connection and cookies."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection(HOST, port, timeout=300)

    def request(self, method: str, url: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, bytes, dict]:
        headers = {"Host": HOST, **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, url, body=body, headers=headers)
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            # The server closed the kept-alive connection (or it broke): reconnect once, as a browser would.
            self.conn.close()
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=300)
            self.conn.request(method, url, body=body, headers=headers)
            response = self.conn.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, data, dict(response.getheaders())

    def log_in(self, username: str) -> None:
        status, page, _ = self.request("GET", "/accounts/login/")
        match = CSRF_INPUT.search(page)
        if status != 200 or not match:
            raise RuntimeError(f"login page: {status}")
        form = urllib.parse.urlencode({"username": username, "password": PASSWORD,
                                       "csrfmiddlewaretoken": match.group(1).decode(), "next": "/"})
        status, _, headers = self.request("POST", "/accounts/login/", form.encode(),
                                          {"Content-Type": "application/x-www-form-urlencoded",
                                           "Referer": f"http://{HOST}:{self.port}/accounts/login/"})
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login of {username} answered {status}")


@dataclass
class Results:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, page: str, seconds: float, ok: bool, note: str = "") -> None:
        with self.lock:
            if ok:
                self.times[page].append(seconds)
            else:
                self.errors[page] += 1
                if len(self.error_samples) < 10:
                    self.error_samples.append(f"{page}: {note}")


def simulated_user(session: Session, pages: list, stop: threading.Event, results: Results,
                   recording: threading.Event, think: float, seed: int) -> None:
    """Request `pages` (label, urls, weight) in shuffled rounds until `stop`, pausing ~`think` s after each.

    A request counts when it ends while `recording` is set: throughput is what completes in the window.
    """
    rng = random.Random(seed)
    cycles = {label: itertools.cycle(urls[seed % len(urls):] + urls[:seed % len(urls)])
              for label, urls, _weight in pages}
    order = [label for label, _urls, weight in pages for _ in range(weight)]
    while not stop.is_set():
        rng.shuffle(order)
        for label in order:
            if stop.is_set():
                return
            url = next(cycles[label])
            start = time.perf_counter()
            try:
                status, _body, _ = session.request("GET", url)
                ok, note = status == 200, f"HTTP {status} {url}"
            except Exception as exc:  # noqa: BLE001 - every failure is counted, none stops the run
                ok, note = False, f"{type(exc).__name__}: {exc} {url}"
            if recording.is_set():
                results.add(label, time.perf_counter() - start, ok, note)
            if think:
                time.sleep(rng.uniform(0.5 * think, 1.5 * think))


def run_users(sessions: list, duration: float, warm_up: float, think: float,
              on_warm=None) -> tuple[Results, float]:
    """Run one thread per (session, pages); measure `duration` s after `warm_up` s."""
    stop, recording, results = threading.Event(), threading.Event(), Results()
    threads = [threading.Thread(target=simulated_user, args=(session, pages, stop, results, recording, think, i),
                                daemon=True) for i, (session, pages) in enumerate(sessions)]
    for thread in threads:
        thread.start()
    time.sleep(warm_up)
    if on_warm:
        on_warm()
    recording.set()
    start = time.perf_counter()
    time.sleep(duration)
    recording.clear()
    elapsed = time.perf_counter() - start
    stop.set()
    for thread in threads:  # let requests in flight finish, so they do not weigh on the next phase
        thread.join(timeout=300)
    return results, elapsed


def signed_in(port: int, usernames: list[str]) -> list[Session]:
    sessions = []
    for username in usernames:
        session = Session(port)
        session.log_in(username)
        sessions.append(session)
    return sessions


def run_pages(port: int, targets: Targets, users: int, duration: float, warm_up: float) -> None:
    """One phase per page: `users` concurrent users requesting only that page (closed loop, no pause).

    Each page's phase comes right after a phase of the bare view, and its p95 is divided by that one: the
    machine (a shared virtual one) is not equally fast from one minute to the next, and a baseline measured
    half an hour earlier would move the ratio more than the page does.
    """
    bare = targets.province[0]
    pages = [(PROVINCE, page) for page in targets.province[1:]] + [(NATIONAL, targets.national[1]),
                                                                     (NATIONAL, targets.national[3])]
    rows = []
    for username, page in pages:
        measured = {}
        for label, urls, _weight in (bare, page):
            sessions = signed_in(port, [username] * users)
            results, elapsed = run_users([(s, [(label, urls, 1)]) for s in sessions], duration, warm_up, 0)
            times = results.times[label]
            measured[label] = (len(times), statistics.median(times) if times else float("nan"),
                               percentile(times, 0.95) if times else float("nan"), len(times) / elapsed,
                               results.errors.get(label, 0), results.error_samples)
        rows.append((page[0], measured[page[0]], measured[BARE]))
    print("| page | requests | p50 | p95 | requests/s | errors | bare view just before: p50, p95, requests/s "
          "| p95 ÷ bare p95 |")
    print("|---|---|---|---|---|---|---|---|")
    for label, (n, p50, p95, rate, errors, samples), (_bn, bp50, bp95, brate, berrors, _bs) in rows:
        print(f"| {label} | {n} | {p50 * 1000:.0f} ms | {p95 * 1000:.0f} ms | {rate:.1f} | {errors + berrors} | "
              f"{bp50 * 1000:.0f} ms, {bp95 * 1000:.0f} ms, {brate:.1f} | {p95 / bp95:.1f}× |")
        for sample in samples:
            print("  error:", sample)


def run_mix(port: int, targets: Targets, users: int, duration: float, warm_up: float, think: float,
            server: subprocess.Popen) -> None:
    """The soak: `users` users on the weighted mix (one in four the national administrator)."""
    rss = {"start": workers_rss(server)}
    national = [i % 4 == 3 for i in range(users)]
    sessions = signed_in(port, [NATIONAL if n else PROVINCE for n in national])
    results, elapsed = run_users(
        [(s, targets.national if n else targets.province) for s, n in zip(sessions, national, strict=True)],
        duration, warm_up, think, on_warm=lambda: rss.__setitem__("warm", workers_rss(server)))
    rss["end"] = workers_rss(server)
    print("| page | requests | p50 | p95 | errors |")
    print("|---|---|---|---|---|")
    for label, times in sorted(results.times.items()):
        print(f"| {label} | {len(times)} | {statistics.median(times) * 1000:.0f} ms | "
              f"{percentile(times, 0.95) * 1000:.0f} ms | {results.errors.get(label, 0)} |")
    total = sum(len(t) for t in results.times.values()) + sum(results.errors.values())
    print(f"\n{total} requests in {elapsed:.0f} s ({total / elapsed:.1f} requests/s); "
          f"errors: {sum(results.errors.values())}")
    for sample in results.error_samples:
        print("  error:", sample)
    print("worker RSS (MiB): " + "; ".join(
        f"{moment} " + " / ".join(f"{kib / 1024:.0f}" for kib in values.values()) for moment, values in rss.items()))
    if set(rss["end"]) != set(rss["warm"]):
        print("  workers were replaced during the run:", sorted(rss["warm"]), "→", sorted(rss["end"]))
    warm, end, first = (sum(rss[moment].values()) for moment in ("warm", "end", "start"))
    print(f"worker memory growth after warm-up: {100 * (end - warm) / warm:+.1f} % (target < 10 %); "
          f"since start: {100 * (end - first) / first:+.1f} %")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--soak", action="store_true", help="50 users on the mix for 10 minutes")
    parser.add_argument("--users", type=int, help="concurrent users (20; soak 50)")
    parser.add_argument("--duration", type=float, help="seconds measured per phase (30; soak 600)")
    parser.add_argument("--warm-up", type=float, help="seconds before measuring (5; soak 60)")
    parser.add_argument("--think", type=float, default=2.0, help="soak: mean pause between a user's requests")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--province-code", type=int, default=1, help="official code (1: Hà Nội)")
    args = parser.parse_args()
    users = args.users or (50 if args.soak else 20)
    duration = args.duration or (600 if args.soak else 30)
    warm_up = args.warm_up if args.warm_up is not None else (60 if args.soak else 5)

    targets = set_up(args.year, args.province_code)
    port = free_port()
    server = start_gunicorn(port, args.workers, args.threads)
    try:
        print(f"gunicorn {args.workers} workers × {args.threads} threads (gthread) on {os.cpu_count()} cores; "
              f"{users} users; warm-up {warm_up:g} s, measured {duration:g} s"
              f"{' per page' if not args.soak else f', pause {args.think:g} s'}; "
              f"province code {args.province_code}, year {args.year}\n")
        if args.soak:
            run_mix(port, targets, users, duration, warm_up, args.think, server)
        else:
            run_pages(port, targets, users, duration, warm_up)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
