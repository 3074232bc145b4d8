"""PostgreSQL restarted while the production server (gunicorn, `config.settings.bench`) is in use.

    .venv/bin/python bench/pg_restart.py [--users 4] [--before 10] [--after 20]
    # against a server of the machine instead of a throwaway one (stops every other session on it):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/antq_pgrestart .venv/bin/python bench/pg_restart.py \
        --restart-command "pg_ctlcluster 15 main restart"

By default the run starts its own PostgreSQL cluster (initdb + pg_ctl from /usr/lib/postgresql/*/bin, as the
postgres user) on a free port, so restarting it disturbs nobody else (fsync is off to migrate quickly: a fast
restart writes a checkpoint anyway; fsync matters for power loss, which this run does not test); with
`--restart-command` it uses DATABASE_URL's database (created and migrated if missing) and that command.

A few signed-in users (the real login form) each loop at a low rate: one committed write (`POST
/bench/write/<token>/`, an audit row carrying a unique token, answered 200 after the commit) and one page
that reads the database (the home page). After `--before` seconds PostgreSQL is restarted (fast shutdown:
open sessions are cut); the load goes on for `--after` seconds. The run prints the errors before, during
(from the restart command's start to the first success after it) and after the restart window, and checks
that every write answered 200 is in the database. Expected: errors only in the window, then 200s, no lost write.
"""

# ruff: noqa: S603, S607 - the commands are fixed: PostgreSQL's own tools, createdb, runuser, rm of our folder

import argparse
import glob
import os
import shlex
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.bench"
# Production settings refuse to start without a secret; a bench server holds no real session.
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789abcdef")

USERNAME = "bench-pg-restart"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_postgres(*command: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else list(command)


class ThrowawayCluster:
    """A PostgreSQL cluster of this run only."""

    def __init__(self):
        self.bindir = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
        self.datadir = tempfile.mkdtemp(prefix="antq-pgrestart.")
        self.port = free_port()
        if os.getuid() == 0:
            subprocess.run(["chown", "postgres", self.datadir], check=True)
        subprocess.run(as_postgres(f"{self.bindir}/initdb", "-D", self.datadir, "-U", "postgres", "-A", "trust",
                                   "-E", "UTF8", "--locale=C.UTF-8"), check=True, stdout=subprocess.DEVNULL)
        self.pg_ctl("start")
        subprocess.run(as_postgres(f"{self.bindir}/createdb", "-h", "127.0.0.1", "-p", str(self.port),
                                   "-U", "postgres", "antq"), check=True)
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/antq"

    def pg_ctl(self, action: str) -> None:
        subprocess.run(self.pg_ctl_command(action), check=True, stdout=subprocess.DEVNULL)

    def pg_ctl_command(self, action: str) -> list[str]:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.datadir} -c fsync=off"
        return as_postgres(f"{self.bindir}/pg_ctl", "-D", self.datadir, "-l", f"{self.datadir}/server.log",
                           "-w", "-m", "fast", "-o", options, action)

    def remove(self) -> None:
        subprocess.run(as_postgres(f"{self.bindir}/pg_ctl", "-D", self.datadir, "-m", "immediate", "stop"),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        subprocess.run(["rm", "-rf", self.datadir], check=False)


def prepare_database() -> None:
    """Migrate (no-op when done) and create the bench account."""
    subprocess.run([str(ROOT / ".venv/bin/python"), "manage.py", "migrate", "--noinput", "-v", "0"],
                   cwd=ROOT, env=os.environ, check=True)
    from bench_load import PASSWORD

    from antq.accounts.models import User
    from antq.accounts.services import user_create

    if not User.objects.filter(username=USERNAME).exists():
        user_create(actor=None, username=USERNAME, password=PASSWORD, check_password=False)


def simulated_user(port: int, stop: threading.Event, log: list, lock: threading.Lock, pause: float) -> None:
    from bench_load import Session

    session = Session(port)
    session.log_in(USERNAME)
    while not stop.is_set():
        for kind in ("write", "read"):
            token = uuid.uuid4().hex
            url = f"/bench/write/{token}/" if kind == "write" else "/"
            start = time.monotonic()
            try:
                status, _body, _ = session.request("POST" if kind == "write" else "GET", url)
                outcome = str(status)
            except Exception as exc:  # noqa: BLE001 - a failure is a result here
                outcome = type(exc).__name__
            with lock:
                log.append((start, time.monotonic(), kind, outcome, token))
        time.sleep(pause)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=4)
    parser.add_argument("--pause", type=float, default=0.1, help="seconds between a user's write-and-read pairs")
    parser.add_argument("--before", type=float, default=10, help="seconds of load before the restart")
    parser.add_argument("--after", type=float, default=20, help="seconds of load after the restart")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--restart-command", help="restart a server of the machine instead of a throwaway one")
    args = parser.parse_args()

    cluster = None
    if args.restart_command:
        restart = shlex.split(args.restart_command)
        url = os.environ["DATABASE_URL"]
        name = url.rsplit("/", 1)[1]
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], stderr=subprocess.DEVNULL,
                       check=False)
    else:
        cluster = ThrowawayCluster()
        restart, url = cluster.pg_ctl_command("restart"), cluster.url
        os.environ["DATABASE_URL"] = url
    server = None
    try:
        import django

        django.setup()
        from bench_load import start_gunicorn
        from django.db import connection
        from urls_bench import WRITE_ACTION

        prepare_database()
        print(f"database {url}; settings: CONN_MAX_AGE={connection.settings_dict['CONN_MAX_AGE']}, "
              f"CONN_HEALTH_CHECKS={connection.settings_dict['CONN_HEALTH_CHECKS']}")
        connection.close()
        port = free_port()
        server = start_gunicorn(port, args.workers, args.threads)
        stop, lock, log = threading.Event(), threading.Lock(), []
        threads = [threading.Thread(target=simulated_user, args=(port, stop, log, lock, args.pause), daemon=True)
                   for _ in range(args.users)]
        for thread in threads:
            thread.start()
        time.sleep(args.before)
        restart_start = time.monotonic()
        subprocess.run(restart, check=True, stdout=subprocess.DEVNULL)
        restart_end = time.monotonic()
        time.sleep(args.after)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

        # The window: from the restart's start to the first success that began after it ended.
        recovered = min((start for start, _end, _kind, outcome, _token in log
                         if start >= restart_end and outcome == "200"), default=float("inf"))
        phases = {"before": [], "window": [], "after": []}
        for entry in log:
            start, end = entry[0], entry[1]
            phase = "before" if end < restart_start else "window" if start < recovered else "after"
            phases[phase].append(entry)
        print(f"gunicorn {args.workers} workers × {args.threads} threads; {args.users} users; restart command "
              f"took {restart_end - restart_start:.1f} s; first success {recovered - restart_end:.2f} s after it")
        for phase, entries in phases.items():
            errors = [e for e in entries if e[3] != "200"]
            kinds = sorted({f"{e[2]} {e[3]}" for e in errors})
            print(f"  {phase:6}: {len(entries):5} requests, {len(errors):3} errors {', '.join(kinds)}")

        answered = {e[4] for e in log if e[2] == "write" and e[3] == "200"}
        attempted = {e[4] for e in log if e[2] == "write"}
        from antq.core.models import AuditEvent

        stored = set(AuditEvent.objects.filter(action=WRITE_ACTION, detail__token__in=attempted)
                     .values_list("detail__token", flat=True))
        lost = answered - stored
        in_doubt = stored - answered
        print(f"writes: {len(attempted)} sent, {len(answered)} answered 200, {len(stored)} stored; "
              f"answered but missing: {len(lost)}; stored without a 200 (committed, answer lost): {len(in_doubt)}")
        after_errors = sum(1 for e in phases["after"] if e[3] != "200")
        print("RESULT:", "recovered without manual action, no committed write lost"
              if not lost and not after_errors and recovered != float("inf") else "FAILED")
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        if cluster:
            cluster.remove()


if __name__ == "__main__":
    main()
