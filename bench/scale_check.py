"""Scale check: two app servers sharing one PostgreSQL database and one Redis.

Starts two gunicorn instances (gunicorn.conf.py, as in production) on two loopback
ports with the same DATABASE_URL and REDIS_URL, so the read buffer and the page cache
are shared, seeds the demo releases, and then checks what a multi-server site relies on:

1. Exact read counts. wrk loads three article pages on both servers at once, every
   request a new visitor; meanwhile ``flush_view_counts`` runs on "both machines" at the
   same moment every few seconds. Afterwards a last flush runs, and the database's
   ``view_count`` and daily tallies must have grown by exactly the number of article
   pages the servers answered with 200 (their access logs), which must lie between what
   wrk tallied and that plus the requests in flight when wrk stopped (one per connection).
2. Cache coherence. Both servers' home and article pages are cached/warm; an editor's
   change of the headline's title is saved in a separate process (as the admin on server
   A would), and the new title must appear at once on both pages of both servers.

    .venv/bin/python bench/scale_check.py [--duration 20] [--connections 8]

Prints a PASS/FAIL summary and exits non-zero on failure. Needs wrk, PostgreSQL on
127.0.0.1:5432 and Redis on 127.0.0.1:6379. Uses ports 8311 and 8312, the database
newsroom_h3_scale (dropped and created again) and Redis database 13 (emptied).
"""

import argparse
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import psycopg
import redis

PROJECT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
HOST = "127.0.0.1"
PORTS = (8311, 8312)
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
DATABASE = "newsroom_h3_scale"
REDIS_URL = "redis://127.0.0.1:6379/13"
WORKDIR = Path(tempfile.gettempdir()) / "newsroom-scale-check"


def base_env(workers: int) -> dict[str, str]:
    """The environment both servers share, as every app server of a site would."""
    return {
        "PATH": os.environ["PATH"],
        "ENV_FILE": "",
        "DEBUG": "0",
        "SECRET_KEY": "scale-check-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        "REDIS_URL": REDIS_URL,
        "VIEW_COUNT_MODE": "inline",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "TRUSTED_PROXY_COUNT": "1",
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(WORKDIR / "static"),
        "MEDIA_ROOT": str(WORKDIR / "media"),
        "WEB_CONCURRENCY": str(workers),
    }


def manage(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *args], cwd=PROJECT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def shell(code: str, env: dict[str, str]) -> list[str]:
    """Run Python in a new Django process (another machine, as far as caches go)."""
    return manage("shell", "-v0", "-c", code, env=env).strip().splitlines()


def prepare(env: dict[str, str]) -> list[tuple[int, str, str]]:
    """A fresh database with the demo releases; returns (pk, url, title) of the three
    newest published ones, the headline first."""
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    redis.Redis.from_url(REDIS_URL).flushdb()
    shutil.rmtree(WORKDIR, ignore_errors=True)
    manage("migrate", "--noinput", "-v0", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    lines = shell(
        "from articles.demo.content import load_demo_content; load_demo_content()\n"
        "from articles.models import Article\n"
        "for a in Article.objects.published().order_by('-published_at')[:3]:\n"
        "    print(a.pk, a.get_absolute_url(), a.title, sep='\\t')",
        env,
    )
    return [
        (int(pk), url, title)
        for pk, url, title in (line.split("\t") for line in lines if "\t" in line)
    ]


def read_totals(env: dict[str, str], pks: list[int]) -> tuple[int, int]:
    """(sum of view_count, sum of the daily counted tallies) of the articles ``pks``."""
    (line,) = shell(
        "from django.db.models import Sum\n"
        "from articles.models import Article, DailyViews\n"
        f"pks = {pks!r}\n"
        "total = Article.objects.filter(pk__in=pks).aggregate(n=Sum('view_count'))['n']\n"
        "daily = DailyViews.objects.filter(article__in=pks).aggregate(n=Sum('counted'))['n']\n"
        "print(total or 0, daily or 0)",
        env,
    )
    total, daily = line.split()
    return int(total), int(daily)


def serve(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603
        [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "newsroom.wsgi"],
        cwd=PROJECT,
        env={**env, "GUNICORN_BIND": f"{HOST}:{port}"},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/readyz", timeout=1):  # noqa: S310
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"gunicorn on port {port} did not become ready; see {log}")


def start_wrk(port: int, label: str, paths: list[str], duration: int, connections: int):
    return subprocess.Popen(  # noqa: S603
        [
            shutil.which("wrk"),
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",  # a slow answer on a busy machine is not an error; it is still counted
            "-s",
            str(PROJECT / "bench" / "scale_visitors.lua"),
            f"http://{HOST}:{port}",
            "--",
            label,
            *paths,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def parse_wrk(output: str) -> dict:
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "errors": bool(re.search(r"Non-2xx|Socket errors", output)),
        "output": output,
    }


def served_reads(log: Path, paths: list[str]) -> int:
    """Article pages this server answered with 200, from its access log."""
    wanted = set(paths)
    count = 0
    for line in log.read_text().splitlines():
        match = re.search(r'"GET (\S+) HTTP/[\d.]+" (\d{3}) ', line)
        if match and match.group(1) in wanted and match.group(2) == "200":
            count += 1
    return count


class Flusher(threading.Thread):
    """Runs flush_view_counts on both "machines" at the same moment, every few seconds."""

    def __init__(self, env: dict[str, str], every: float):
        super().__init__(daemon=True)
        self.env, self.every = env, every
        self.stopping = threading.Event()
        self.rounds = self.failures = 0

    def run(self) -> None:
        while not self.stopping.wait(self.every):
            flushes = [
                subprocess.Popen(  # noqa: S603
                    [PYTHON, "manage.py", "flush_view_counts"],
                    cwd=PROJECT,
                    env=self.env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                for _ in PORTS
            ]
            self.failures += sum(flush.wait() != 0 for flush in flushes)
            self.rounds += 1

    def stop(self) -> None:
        self.stopping.set()
        self.join()


def get(port: int, path: str) -> str:
    request = urllib.request.Request(  # noqa: S310
        f"http://{HOST}:{port}{path}",
        headers={"User-Agent": "Mozilla/5.0 scale-check", "X-Forwarded-For": "198.19.0.1"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.read().decode()


def check_coherence(env: dict[str, str], headline: tuple[int, str, str]) -> list[str]:
    """Edit the headline's title in another process; return the pages (of both servers)
    that do not show the new title at once. Empty means coherent."""
    pk, url, old_title = headline
    pages = [(port, path) for port in PORTS for path in ("/", url)]
    for port, path in pages:  # warm every cache first: a stale copy must be possible
        if html.escape(old_title) not in get(port, path):
            raise RuntimeError(f"{path} on :{port} does not show the headline before the edit")
    new_title = f"Uji koherensi cache {uuid.uuid4().hex[:8]}"
    shell(
        "from articles.models import Article\n"
        f"article = Article.objects.get(pk={pk})\n"
        f"article.title = {new_title!r}\n"
        "article.save()",
        env,
    )
    stale = []
    for port, path in pages:
        page = get(port, path)
        if html.escape(new_title) not in page or html.escape(old_title) in page:
            stale.append(f"{path} on :{port}")
    return stale


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=20, help="seconds of load")
    parser.add_argument("--connections", type=int, default=8, help="per server")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--flush-every", type=float, default=5.0, help="seconds between flushes")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")

    env = base_env(options.workers)
    articles = prepare(env)
    pks, paths = [pk for pk, _, _ in articles], [url for _, url, _ in articles]
    before_total, before_daily = read_totals(env, pks)
    WORKDIR.mkdir(parents=True, exist_ok=True)
    logs = {port: WORKDIR / f"gunicorn-{port}.log" for port in PORTS}
    servers, loads = {}, {}
    try:
        for port in PORTS:
            servers[port] = serve(port, env, logs[port])
        flusher = Flusher(env, options.flush_every)
        flusher.start()
        runs = {
            port: start_wrk(port, f"s{port}", paths, options.duration, options.connections)
            for port in PORTS
        }
        for port, run in runs.items():
            loads[port] = parse_wrk(run.communicate()[0])
        flusher.stop()
        time.sleep(2)  # let the requests in flight when wrk stopped finish
        served = {port: served_reads(logs[port], paths) for port in PORTS}
        manage("flush_view_counts", env=env)
        after_total, after_daily = read_totals(env, pks)
        stale = check_coherence(env, articles[0])
    finally:
        for server in servers.values():
            server.terminate()
            server.wait()

    tallied = sum(load["requests"] for load in loads.values())
    in_flight_limit = options.connections * len(PORTS)
    total_served = sum(served.values())
    counted, daily = after_total - before_total, after_daily - before_daily
    checks = {
        "wrk saw no errors (non-2xx, socket)": not any(load["errors"] for load in loads.values()),
        "every flush succeeded": flusher.failures == 0,
        "view_count grew by exactly the reads served": counted == total_served,
        "daily tallies grew by exactly the reads served": daily == total_served,
        "reads served = wrk's tally + requests in flight": (
            tallied <= total_served <= tallied + in_flight_limit
        ),
        "new title at once on / and the article on both servers": not stale,
    }

    print(
        f"\nScale check: 2 gunicorn servers ({options.workers} workers each) on "
        f"{HOST}:{PORTS[0]} and :{PORTS[1]}, one PostgreSQL database, one Redis "
        f"(read buffer and page cache), {os.cpu_count()} CPUs.\n"
        f"Load: {options.duration} s, {options.connections} connections per server, "
        f"{len(paths)} article pages, every request a new visitor; flush_view_counts "
        f"{flusher.rounds} times on both servers at once "
        f"({options.flush_every:g} s between rounds).\n"
    )
    print("| server | requests (wrk) | requests/s | article pages served (access log) |")
    print("| --- | ---: | ---: | ---: |")
    for port, load in loads.items():
        print(f"| :{port} | {load['requests']} | {load['rps']:.0f} | {served[port]} |")
    total_rps = sum(load["rps"] for load in loads.values())
    print(f"| both | {tallied} | {total_rps:.0f} | {total_served} |\n")
    print(
        f"Reads counted in the database: view_count +{counted}, daily tallies +{daily}, "
        f"for {total_served} served ({total_served - tallied} in flight when wrk stopped)."
    )
    print(f"Coherence: {'both servers current' if not stale else 'stale: ' + ', '.join(stale)}.\n")
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'}  {name}")
    passed = all(checks.values())
    if not passed:
        for port, load in loads.items():
            print(f"\nwrk on :{port}:\n{load['output']}")
    print(f"\nSCALE CHECK: {'PASS' if passed else 'FAIL'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
