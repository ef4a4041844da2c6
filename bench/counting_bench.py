"""Benchmark: what read counting costs the article page.

Serves the app with gunicorn on PostgreSQL (and Redis for the buffered mode) on
127.0.0.1 only, loads one article page with wrk from loopback, and prints
requests per second and p50/p99 latency for: counting off, direct (database)
counting, and Redis-buffered counting. Every request is a new visitor, so every
request is a counted read. Afterwards it checks that the counts are exact.

    .venv/bin/python bench/counting_bench.py [--duration 20] [--connections 16]

Needs wrk (apt-get install wrk), PostgreSQL on 127.0.0.1:5432 and Redis on
127.0.0.1:6379 (both as on the CI machine).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psycopg

PROJECT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
HOST, PORT = "127.0.0.1", 8099
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
DATABASE = "newsroom_bench"
REDIS_URL = "redis://127.0.0.1:6379/9"


def base_env() -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        "ENV_FILE": "",
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "TRUSTED_PROXY_COUNT": "1",
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(Path(tempfile.gettempdir()) / "newsroom-bench-static"),
    }


# Each counting mode is compared with counting off in the same setup: with REDIS_URL
# the cache is Redis too, so "redis" is measured against "off, Redis cache".
MODES = {
    "off": {"VIEW_COUNT_MODE": "off"},
    "direct": {"VIEW_COUNT_MODE": "inline"},
    "off, Redis cache": {"VIEW_COUNT_MODE": "off", "REDIS_URL": REDIS_URL},
    "redis": {"VIEW_COUNT_MODE": "inline", "REDIS_URL": REDIS_URL},
}
BASELINE = {"direct": "off", "redis": "off, Redis cache"}


def manage(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *args], cwd=PROJECT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def prepare_database(env: dict[str, str]) -> tuple[int, str]:
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    manage("migrate", "--noinput", "-v0", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    output = manage(
        "shell",
        "-c",
        "from articles.demo.content import load_demo_content; load_demo_content();"
        "from articles.models import Article;"
        "a = Article.objects.published().order_by('published_at').first();"
        "print(a.pk, a.get_absolute_url())",
        env=env,
    )
    pk, url = output.split()[-2:]
    return int(pk), url


def view_count(env: dict[str, str], pk: int) -> int:
    code = f"from articles.models import Article; print(Article.objects.get(pk={pk}).view_count)"
    return int(manage("shell", "-c", code, env=env).split()[-1])


def serve(env: dict[str, str]) -> subprocess.Popen:
    workers = str(os.cpu_count() or 2)
    server = subprocess.Popen(  # noqa: S603
        [PYTHON, "-m", "gunicorn", "-w", workers, "-b", f"{HOST}:{PORT}", "newsroom.wsgi"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://{HOST}:{PORT}/", timeout=1)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn did not start")


def load(url: str, duration: int, connections: int) -> dict[str, float]:
    result = subprocess.run(  # noqa: S603
        [
            shutil.which("wrk"),
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "-s",
            str(PROJECT / "bench" / "visitors.lua"),
            f"http://{HOST}:{PORT}{url}",
        ],  # fmt: skip
        capture_output=True,
        text=True,
        check=True,
    )
    out = result.stdout
    if "Non-2xx" in out or "Socket errors" in out:
        sys.exit(f"wrk saw errors:\n{out}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1)),
        "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1)),
    }


def _ms(value: str) -> float:
    number, unit = re.match(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")

    env = base_env()
    pk, url = prepare_database(env)
    results = {}
    for mode, extra in MODES.items():
        mode_env = {**env, **extra}
        if "REDIS_URL" in extra:
            import redis

            redis.Redis.from_url(REDIS_URL).flushdb()
        server = serve(mode_env)
        try:
            load(url, 3, options.connections)  # warm up
            if mode == "redis":
                manage("flush_view_counts", env=mode_env)
            before = view_count(mode_env, pk)
            results[mode] = load(url, options.duration, options.connections)
        finally:
            server.terminate()
            server.wait()
        if mode == "redis":
            manage("flush_view_counts", env=mode_env)
        results[mode]["counted"] = view_count(mode_env, pk) - before

    print(
        f"\nArticle page, {options.connections} connections, {options.duration} s per mode, "
        f"gunicorn with {os.cpu_count()} workers, PostgreSQL, every request a new visitor\n"
    )
    print("| counting | requests/s | p50 ms | p99 ms | cost vs counting off | reads counted |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for mode, r in results.items():
        base = BASELINE.get(mode)
        cost = f"{(1 - r['rps'] / results[base]['rps']) * 100:.1f} %" if base else "-"
        # wrk stops mid-flight: up to one request per connection is served but not tallied.
        print(
            f"| {mode} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {cost} | "
            f"{r['counted']} for {r['requests']} responses |"
        )


if __name__ == "__main__":
    main()
