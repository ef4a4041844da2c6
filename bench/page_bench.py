"""Benchmark: the public pages against the bare response, under gunicorn, interleaved.

Starts every gunicorn server it needs at once (``-c gunicorn.conf.py``, DEBUG off, on
127.0.0.1:8090-8094), one per setup: Redis with counting inline, off and beacon, and
PostgreSQL only with counting inline (direct) and off. Then, round after round, it loads
each target with wrk from 127.0.0.1 (every request a new visitor, ``bench/visitors.lua``)
after a short warm-up, each started once the machine is quiet again (``harness.settle``):
the bare response ``/_bench/bare`` (the whole middleware stack, no
database, no cache), the article page in each counting mode, the home page, a tag page
and a section page. Each figure is the median of the rounds, and each page's cost is the
median of its per-round ratios to the bare response, so a machine that slows down for a
while moves both. Afterwards ``flush_view_counts`` runs and the counts must be exact: the
database has grown by the article pages the servers answered (their access logs), which
lie between wrk's tally and that plus the requests in flight when each run stopped.

    .venv/bin/python bench/page_bench.py [--rounds 3] [--duration 10] [--connections 32]

Needs wrk, PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379. Uses the database
newsroom_bench (dropped and created again) and Redis database 9 (emptied). Exits non-zero
when wrk saw a non-2xx answer or a socket error, or a count is not exact.
"""

import argparse
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import gunicorn.config
import psycopg
import redis
from harness import (
    PROJECT,
    machine,
    median_range,
    run,
    settle,
    stop_all,
    worker_rss_mb,
    wrk,
)

PYTHON = sys.executable
# Newer gunicorn opens a control socket, by default at one path for all of a user's servers:
# five servers (and anyone else's) would take it from each other.
NO_CONTROL = ["--no-control-socket"] if hasattr(gunicorn.config, "ControlSocket") else []
HOST = "127.0.0.1"
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
DATABASE = "newsroom_bench"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
REDIS_URL = "redis://127.0.0.1:6379/9"
WORKDIR = Path(tempfile.gettempdir()) / "newsroom-page-bench"

# One server per setup: (port, environment on top of base_env()).
SERVERS = {
    "redis": (8090, {"REDIS_URL": REDIS_URL, "VIEW_COUNT_MODE": "inline"}),
    "redis-off": (8091, {"REDIS_URL": REDIS_URL, "VIEW_COUNT_MODE": "off"}),
    "beacon": (8092, {"REDIS_URL": REDIS_URL, "VIEW_COUNT_MODE": "beacon"}),
    "direct": (8093, {"VIEW_COUNT_MODE": "inline"}),
    "db-off": (8094, {"VIEW_COUNT_MODE": "off"}),
}


@dataclass(frozen=True)
class Target:
    key: str  # its name for --targets
    label: str
    server: str
    page: str  # bare, article, twin, home, tag or section (see bench_content.prepare)
    counts: bool = False  # every request is a counted read


# The Redis setups read the article, the PostgreSQL-only ones its twin (the same page
# under another address), so that each counting mode has its own count to check.
TARGETS = [
    Target("bare", "bare response `/_bench/bare`", "redis", "bare"),
    Target("off", "article, counting off (Redis cache)", "redis-off", "article"),
    Target("redis", "article, counted in Redis", "redis", "article", counts=True),
    Target("beacon", "article, beacon mode (page only *)", "beacon", "article"),
    Target("direct", "article, counted in PostgreSQL (no Redis)", "direct", "twin", counts=True),
    Target("db-off", "article, counting off (no Redis)", "db-off", "twin"),
    Target("home", "home `/`", "redis", "home"),
    Target("tag", "tag page", "redis", "tag"),
    Target("section", "section page", "redis", "section"),
]


def base_env(options) -> dict[str, str]:
    env = {
        "PATH": os.environ["PATH"],
        "ENV_FILE": "",
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": HOST,
        "DATABASE_URL": DATABASE_URL,
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "TRUSTED_PROXY_COUNT": "1",  # visitors.lua sends each visitor's X-Forwarded-For
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(WORKDIR / "static"),
        "MEDIA_ROOT": str(WORKDIR / "media"),
        "BENCHMARK_VIEWS": "1",
    }
    if options.workers:
        env["WEB_CONCURRENCY"] = str(options.workers)
    if options.threads:
        env["GUNICORN_THREADS"] = str(options.threads)
    if options.gunicorn_args:
        env["GUNICORN_CMD_ARGS"] = options.gunicorn_args
    return env


def prepare(env: dict[str, str], articles: int) -> dict:
    """A new database with the demo content and ``articles`` more; Redis db 9 emptied."""
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    shutil.rmtree(WORKDIR, ignore_errors=True)
    WORKDIR.mkdir(parents=True)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], env)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
    output = run([PYTHON, "bench/bench_content.py", "--articles", str(articles)], env)
    redis.Redis.from_url(REDIS_URL).flushdb()
    return json.loads(output.strip().splitlines()[-1])


def serve_all(names: list[str], env: dict[str, str]) -> dict[str, subprocess.Popen]:
    servers = {}
    for name in names:
        port, extra = SERVERS[name]
        log = (WORKDIR / f"gunicorn-{name}.log").open("w")
        servers[name] = subprocess.Popen(  # noqa: S603
            [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", *NO_CONTROL, "newsroom.wsgi"],
            cwd=PROJECT,
            env={**env, **extra, "GUNICORN_BIND": f"{HOST}:{port}"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    for name in names:
        while True:
            try:
                url = f"http://{HOST}:{SERVERS[name][0]}/readyz"
                with urllib.request.urlopen(url, timeout=2):  # noqa: S310
                    break
            except OSError:
                if time.monotonic() > deadline or servers[name].poll() is not None:
                    stop_all(servers)
                    sys.exit(f"gunicorn {name} did not start; see {WORKDIR}/gunicorn-{name}.log")
                time.sleep(0.3)
    return servers


def read_counts(pk: int) -> tuple[int, int]:
    """(view_count, sum of the daily counted tallies) of one article."""
    with psycopg.connect(DATABASE_URL) as connection:
        (views,) = connection.execute(
            "SELECT view_count FROM articles_article WHERE id = %s", [pk]
        ).fetchone()
        (daily,) = connection.execute(
            "SELECT COALESCE(SUM(counted), 0) FROM articles_dailyviews WHERE article_id = %s",
            [pk],
        ).fetchone()
    return views, int(daily)


def served(server: str, path: str) -> int:
    """Answers 200 to GET ``path`` in one server's access log."""
    pattern = re.compile(rf'"GET {re.escape(path)} HTTP/[\d.]+" 200 ')
    log = (WORKDIR / f"gunicorn-{server}.log").read_text(errors="replace")
    return sum(1 for line in log.splitlines() if pattern.search(line))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="seconds per measured run")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--warmup", type=int, default=2, help="seconds before each run")
    parser.add_argument("--articles", type=int, default=300, help="releases beyond the demo")
    parser.add_argument("--targets", default=",".join(t.key for t in TARGETS))
    parser.add_argument("--workers", type=int, help="WEB_CONCURRENCY (gunicorn.conf.py's)")
    parser.add_argument("--threads", type=int, help="GUNICORN_THREADS (gunicorn.conf.py's)")
    parser.add_argument("--gunicorn-args", help='GUNICORN_CMD_ARGS, e.g. "--max-requests 0"')
    parser.add_argument("--json", type=Path, help="also write every run's figures here")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    keys = options.targets.split(",")
    targets = [target for target in TARGETS if target.key in keys]
    if unknown := set(keys) - {target.key for target in TARGETS}:
        sys.exit(f"unknown targets: {', '.join(sorted(unknown))}")

    command = shlex.join([os.path.relpath(PYTHON, PROJECT), "bench/page_bench.py", *sys.argv[1:]])
    about = machine(PG_ADMIN, REDIS_URL)
    env = base_env(options)
    content = prepare(env, options.articles)
    pages = {
        "bare": "/_bench/bare",
        "home": "/",
        "article": content["article"]["path"],
        "twin": content["twin"]["path"],
        "tag": content["tag"],
        "section": content["section"],
    }
    counted = {t.key: content[t.page]["pk"] for t in targets if t.counts}
    before = {key: read_counts(pk) for key, pk in counted.items()}
    names = list(dict.fromkeys(target.server for target in targets))
    servers = serve_all(names, env)
    results: dict[str, list[dict]] = {target.key: [] for target in targets}
    issued = {target.key: [0, 0] for target in targets}  # wrk's completed requests, runs
    try:
        for number in range(1, options.rounds + 1):
            for target in targets:
                url = f"http://{HOST}:{SERVERS[target.server][0]}{pages[target.page]}"
                waited = settle()
                warm = wrk(url, options.warmup, options.connections)
                result = wrk(url, options.duration, options.connections)
                result["errors"] += [f"warm-up {error}" for error in warm["errors"]]
                result["workers"], result["rss"] = worker_rss_mb(servers[target.server])
                result["round"] = number
                result["settled"] = waited
                results[target.key].append(result)
                issued[target.key][0] += warm["requests"] + result["requests"]
                issued[target.key][1] += 2
                print(
                    f"round {number} {target.key:8} {result['rps']:8.1f} req/s "
                    f"p50 {result['p50']:7.1f} ms p99 {result['p99']:7.1f} ms "
                    f"(settled {waited:.1f} s) {' '.join(result['errors'])}",
                    file=sys.stderr,
                )
        time.sleep(2)  # the requests in flight when wrk stopped are answered
        if "redis" in counted:
            run([PYTHON, "manage.py", "flush_view_counts"], {**env, "REDIS_URL": REDIS_URL})
        checks = []
        for target in targets:
            if target.counts:
                checks.append(check_counts(target, pages, before, counted, issued, options))
    finally:
        stop_all(servers)

    workers = {result["workers"] for runs in results.values() for result in runs}
    print(
        f"\n## Pages against the bare response: {options.rounds} rounds, "
        f"{options.duration:g} s each (after {options.warmup:g} s warm-up), "
        f"{options.connections} connections, wrk -t2, every request a new visitor\n"
    )
    waits = [result["settled"] for runs in results.values() for result in runs]
    about.append(
        "each warm-up started once the machine was quiet (under 10% busy), after "
        f"{statistics.median(waits):.1f} s at the median and {max(waits):.1f} s at most"
    )
    for line in about:
        print(f"- {line}")
    print(
        f"- gunicorn.conf.py with {'/'.join(map(str, sorted(workers)))} workers, "
        f"{options.threads or 'default'} threads; DEBUG off; {content['published']} "
        f"published releases\n- `{command}`\n"
    )
    print(table(targets, results))
    print(
        "\n\\* beacon mode: the page request counts nothing; a reader's browser then posts "
        "the read to `/berita/baca/<pk>/`, which is not loaded here: the page is compared."
    )
    print("\nGoals:\n")
    for line in goals(results):
        print(f"- {line}")
    print("\nCounts after `manage.py flush_view_counts`:\n")
    for line, _ok in checks:
        print(f"- {line}")
    errors = [
        f"{key} round {r['round']}: {', '.join(r['errors'])}"
        for key, runs in results.items()
        for r in runs
        if r["errors"]
    ]
    print("\nwrk errors (non-2xx, socket): " + ("none" if not errors else "; ".join(errors)))
    for key, runs in results.items():
        for r in runs:
            if r["errors"]:
                print(f"\nwrk output, {key} round {r['round']}:\n{r['output']}")
    if options.json:
        options.json.write_text(json.dumps({"command": command, "results": results}, indent=1))
    return 1 if errors or not all(ok for _line, ok in checks) else 0


def check_counts(target, pages, before, counted, issued, options) -> tuple[str, bool]:
    """The reads counted must equal the pages served, and lie within wrk's tally and
    that plus one request in flight per connection and run."""
    views, daily = read_counts(counted[target.key])
    views -= before[target.key][0]
    daily -= before[target.key][1]
    answered = served(target.server, pages[target.page])
    completed, runs = issued[target.key]
    in_flight = options.connections * runs
    ok = views == daily == answered and completed <= answered <= completed + in_flight
    return (
        f"{target.label}: view_count +{views}, daily tallies +{daily}, article pages "
        f"answered (access log) {answered}, wrk completed {completed} in {runs} runs "
        f"(+{answered - completed} in flight, at most {in_flight}): "
        f"{'EXACT' if ok else 'NOT EXACT'}",
        ok,
    )


def goals(results: dict[str, list[dict]]) -> list[str]:
    """The performance goals (issue text), met or missed, on the medians."""
    bare = {r["round"]: r["rps"] for r in results.get("bare", [])}

    def ratio(key: str) -> float | None:
        ratios = [r["rps"] / bare[r["round"]] for r in results.get(key, []) if bare.get(r["round"])]
        return statistics.median(ratios) if ratios else None

    lines = []
    for keys, floor in ((("redis",), 0.6), (("direct",), 0.3), (("home", "tag", "section"), 0.6)):
        for key in keys:
            if (value := ratio(key)) is not None:
                met = "met" if value >= floor else "MISSED"
                lines.append(f"{key}: {value:.3f}x the bare response, goal >= {floor}x: {met}")
    if results.get("redis"):
        p99 = statistics.median(r["p99"] for r in results["redis"])
        lines.append(f"redis: p99 {p99:.1f} ms, goal < 50 ms: {'met' if p99 < 50 else 'MISSED'}")
    rss = max((r["rss"] for runs in results.values() for r in runs), default=0)
    lines.append(
        f"largest worker RSS {rss:.0f} MB, goal <= 80 MB: {'met' if rss <= 80 else 'MISSED'}"
    )
    return lines


def table(targets: list[Target], results: dict[str, list[dict]]) -> str:
    bare = {r["round"]: r["rps"] for r in results.get("bare", [])}
    lines = [
        "| target | req/s, median (min–max) | ratio to bare, median (min–max) "
        "| p50 ms | p99 ms | worker RSS MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for target in targets:
        runs = results[target.key]
        ratios = [r["rps"] / bare[r["round"]] for r in runs if bare.get(r["round"])]
        lines.append(
            f"| {target.label} | {median_range([r['rps'] for r in runs])} "
            f"| {median_range(ratios, 2)} | {median_range([r['p50'] for r in runs], 1)} "
            f"| {median_range([r['p99'] for r in runs], 1)} "
            f"| {max((r['rss'] for r in runs), default=0):.0f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
