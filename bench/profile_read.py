"""Profile: the CPU one article read costs, in process, by layer.

Fills its own PostgreSQL database (newsroom_bench_profile: the demo content and a few
thousand more releases) and then, in one child process per setup (PostgreSQL only, and
PostgreSQL with Redis database 9), calls Django's WSGI handler directly, as gunicorn
would, and measures ``time.process_time`` per request: the median of several batches
after a warm-up. Every article request comes from a new visitor (its own REMOTE_ADDR and
user agent, TRUSTED_PROXY_COUNT=0), so every one is a counted read.

(a) the bare response through every middleware, (b) the same view called alone with
RequestFactory, (c) the article page with counting on and off, (d) the home page from
the page cache and rendered, and (e) the article read by layer (``bench/layers.py``) and
the functions that cost the most (cProfile). The CPU that PostgreSQL's backend process
spends for this process's connection is read from /proc and shown apart: on a 2-core
machine it competes with the app for the same cores.

    .venv/bin/python bench/profile_read.py [--requests 500] [--batches 5] [--no-redis]
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from time import process_time

import psycopg
import redis

PROJECT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
DATABASE = "newsroom_bench_profile"
REDIS_URL = "redis://127.0.0.1:6379/9"
WORKDIR = Path(tempfile.gettempdir()) / "newsroom-profile-read"

# name: (label, page, settings changed for it)
SCENARIOS = {
    "bare": ("(a) bare response, every middleware", "bare", {}),
    "bare_view": ("(b) bare view alone (RequestFactory, no middleware)", "bare", {}),
    "article": ("(c) article, counting on (new visitor)", "article", {}),
    "article_off": ("article, counting off", "article", {"NEWSROOM_VIEW_COUNT_MODE": "off"}),
    "home": ("(d) home, from the page cache", "home", {}),
    "home_render": ("home, rendered (no page cache)", "home", {"NEWSROOM_PAGE_CACHE_SECONDS": 0}),
}
# The requests measured by layer, with their column titles.
LAYERED = {
    "bare": "bare response",
    "article": "article, counting on",
    "article_off": "article, counting off",
    "home_render": "home, rendered",
}


def env(mode: str) -> dict[str, str]:
    values = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        "ENV_FILE": "",
        "DEBUG": "0",
        "SECRET_KEY": "profile-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        # One connection for the whole run, so its backend's CPU can be read.
        "CONN_MAX_AGE": "3600",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "TRUSTED_PROXY_COUNT": "0",
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(WORKDIR / "static"),
        "MEDIA_ROOT": str(WORKDIR / "media"),
        "BENCHMARK_VIEWS": "1",
        "VIEW_COUNT_MODE": "inline",
    }
    return values | ({"REDIS_URL": REDIS_URL} if mode == "redis" else {})


def run(args: list[str], environment: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603
        args, cwd=PROJECT, env=environment, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def prepare(articles: int) -> dict:
    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')
    WORKDIR.mkdir(exist_ok=True)
    base = env("direct")
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], base)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], base)
    output = run([PYTHON, "bench/bench_content.py", "--articles", str(articles)], base)
    return json.loads(output.strip().splitlines()[-1])


# -- in the child process ------------------------------------------------------------


def visitor_environ(path: str, number: int, run_id: str) -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        # 198.18.0.0/15 is reserved for benchmarks; a new address and agent each time.
        "REMOTE_ADDR": f"198.{18 + number % 2}.{number // 254 % 256}.{number % 254 + 1}",
        "HTTP_USER_AGENT": f"Mozilla/5.0 (Linux; Android 14) Chrome/126.0 Mobile {run_id}-{number}",
        "HTTP_ACCEPT": "text/html,application/xhtml+xml",
        "HTTP_ACCEPT_LANGUAGE": "id-ID,id;q=0.9",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def call(handler, environ: dict) -> str:
    """One request as a WSGI server makes it: call, read the body, close."""
    status = []
    response = handler(environ, lambda line, headers, exc_info=None: status.append(line))
    b"".join(response)
    response.close()
    return status[0]


def child(options) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test import RequestFactory
    from layers import HANDLER, Layers, QueryLog, backend_cpu_ms, redis_cpu_ms

    from newsroom import bare

    content = json.loads(options.content)
    paths = {"bare": "/_bench/bare", "home": "/", "article": content["article"]["path"]}
    client = None
    if settings.REDIS_URL:
        client = redis.Redis.from_url(settings.REDIS_URL)
        client.flushdb()
    run_id, counter = uuid.uuid4().hex[:12], iter(range(10**9))
    factory = RequestFactory()

    def request_maker(name: str, handler):
        path = paths[SCENARIOS[name][1]]
        if name == "bare_view":
            return lambda: bare.bare(factory.get(path))

        def request():
            status = call(handler, visitor_environ(path, next(counter), run_id))
            assert status.startswith("200"), f"{path}: {status}"

        return request

    def configured(name: str):
        for setting, value in SCENARIOS[name][2].items():
            setattr(settings, setting, value)

    def restore():
        settings.NEWSROOM_VIEW_COUNT_MODE = "inline"
        settings.NEWSROOM_PAGE_CACHE_SECONDS = 300

    handler, results = WSGIHandler(), {}
    for name in SCENARIOS:
        configured(name)
        request = request_maker(name, handler)
        for _ in range(options.warmup):
            request()
        queries = QueryLog()
        with connection.execute_wrapper(queries):
            for _ in range(options.warmup):
                request()
        batches = []
        for _ in range(options.batches):
            pid, pg_before = backend_cpu_ms()
            redis_before = redis_cpu_ms(client)
            start = process_time()
            for _ in range(options.requests):
                request()
            app = (process_time() - start) * 1000 / options.requests
            pid_after, pg_after = backend_cpu_ms()
            pg = (pg_after - pg_before) / options.requests if pid == pid_after else None
            redis_ms = (redis_cpu_ms(client) - redis_before) / options.requests
            batches.append({"app": app, "pg": pg, "redis": redis_ms})
        results[name] = {"batches": batches, **queries.summary(options.warmup)}
        restore()

    layers = Layers()
    layers.install()
    handler, layered = WSGIHandler(), {}  # the middleware chain again, now wrapped
    for name in LAYERED:
        configured(name)
        request = layers.wrapped(request_maker(name, handler), HANDLER)
        for _ in range(options.warmup):
            request()
        layers.reset()
        for _ in range(options.requests):
            request()
        n = options.requests
        layered[name] = {
            layer: {
                "own": layers.own[layer] * 1000 / n,
                "inclusive": layers.inclusive[layer] * 1000 / n,
                "calls": layers.calls[layer] / n,
            }
            for layer in layers.calls
        }
        layered[name]["calls"] = {f: c / n for f, c in layers.functions.items()}
        restore()

    profiler, request = cProfile.Profile(process_time), request_maker("article", handler)
    profiler.runcall(lambda: [request() for _ in range(options.requests)])
    stats = pstats.Stats(profiler)
    top = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)
    functions = [
        [_where(key), value[2] * 1000 / options.requests, value[1] / options.requests]
        for key, value in top[: options.top]
    ]
    print(json.dumps({"results": results, "layers": layered, "top": functions}))


def _where(key) -> str:
    filename, line, function = key
    for marker in ("site-packages/", "python3.11/", str(PROJECT) + "/"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
    return f"{filename}:{line} {function}"


def ms(values: list[float], spread: bool = False) -> str:
    values = [value for value in values if value is not None]
    if not values:
        return "-"
    middle = f"{statistics.median(values):.2f}"
    return f"{middle} ({min(values):.2f}–{max(values):.2f})" if spread else middle


def report(options, content: dict, data: dict, command: str) -> None:
    modes = list(data)
    names = {"direct": "PostgreSQL only", "redis": "with Redis"}
    print(
        f"## CPU per request, in process (ms): median of {options.batches} batches of "
        f"{options.requests} requests, after {options.warmup} warm-up requests\n"
    )
    print(
        f"- {os.cpu_count()} CPUs, {content['published']} published releases, DEBUG off, "
        f"Django's WSGI handler called directly; `{command}`\n"
        "- app: this process's CPU (time.process_time); PostgreSQL: the CPU of the "
        "database backend serving it (/proc), Redis: the Redis server's (INFO cpu, whole "
        "server)\n"
    )
    header = ["measurement"]
    for mode in modes:
        header += [f"{names[mode]}: app", "PostgreSQL", "queries"]
        header += ["Redis server"] if mode == "redis" else []
    print("| " + " | ".join(header) + " |")
    print("| --- " + "| ---: " * (len(header) - 1) + "|")

    def median(mode: str, name: str, key: str = "app") -> float:
        values = [b[key] for b in data[mode]["results"][name]["batches"] if b[key] is not None]
        return statistics.median(values) if values else 0.0

    for name, (label, _page, _settings) in SCENARIOS.items():
        row = [label]
        for mode in modes:
            result = data[mode]["results"][name]
            batches = result["batches"]
            row += [ms([b["app"] for b in batches], spread=True), ms([b["pg"] for b in batches])]
            row += [f"{result['queries']:g}"]
            row += [ms([b["redis"] for b in batches])] if mode == "redis" else []
        print("| " + " | ".join(row) + " |")
    for label, (a, b) in {
        "middleware and handler (a − b)": ("bare", "bare_view"),
        "counting (c on − off)": ("article", "article_off"),
    }.items():
        row = [label]
        for mode in modes:
            row += [f"{median(mode, a) - median(mode, b):.2f}"]
            row += [f"{median(mode, a, 'pg') - median(mode, b, 'pg'):.2f}", ""]
            row += [""] if mode == "redis" else []
        print("| " + " | ".join(row) + " |")

    for mode in modes:
        print(f"\nSlowest queries of the article read, {names[mode]} (wall ms per request):\n")
        for wall, sql in data[mode]["results"]["article"]["slowest"]:
            print(f"- {wall:.2f} ms: `{sql}`")

    columns = [(mode, name) for mode in modes for name in LAYERED]
    columns = [c for c in columns if c[0] == modes[0] or c[1] == "article"]
    print(
        f"\n## (e) CPU by layer (ms per request, {options.requests} requests, each stretch "
        "of CPU charged to the innermost layer running; bench/layers.py)\n"
    )
    titles = [f"{LAYERED[name]}, {names[mode]}" for mode, name in columns]
    print("| layer | " + " | ".join(titles) + " |")
    print("| --- " + "| ---: " * len(columns) + "|")
    layer_names = sorted(
        {layer for m, n in columns for layer in data[m]["layers"][n] if layer != "calls"},
        key=lambda layer: -data[modes[0]]["layers"]["article"].get(layer, {}).get("own", 0),
    )
    for layer in layer_names:
        cells = [data[m]["layers"][n].get(layer, {}).get("own") for m, n in columns]
        print(f"| {layer} | " + " | ".join("-" if c is None else f"{c:.2f}" for c in cells) + " |")
    totals = [
        sum(v["own"] for k, v in data[m]["layers"][n].items() if k != "calls") for m, n in columns
    ]
    print("| **total** | " + " | ".join(f"**{t:.2f}**" for t in totals) + " |")
    for mode in modes:
        counting = data[mode]["layers"]["article"].get("read counting (rules, hashing)", {})
        print(
            f"\nRead counting with what it calls ({names[mode]}): "
            f"{counting.get('inclusive', 0):.2f} ms per article request. Calls per article "
            "request: "
            + ", ".join(
                f"{function} {calls:g}"
                for function, calls in sorted(data[mode]["layers"]["article"]["calls"].items())
                if not function.endswith("__call__") and "<locals>" not in function
            )
            + "."
        )
    for mode in modes:
        print(f"\n### cProfile, article read, {names[mode]}: own time (ms per request)\n")
        print("| ms | calls | function |\n| ---: | ---: | --- |")
        for where, own, calls in data[mode]["top"]:
            print(f"| {own:.3f} | {calls:g} | `{where}` |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500, help="requests per batch")
    parser.add_argument("--batches", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--articles", type=int, default=3000, help="releases beyond the demo")
    parser.add_argument("--top", type=int, default=15, help="functions in the cProfile list")
    parser.add_argument("--no-redis", action="store_true", help="PostgreSQL only")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--content", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        sys.path.insert(0, str(PROJECT))
        child(options)
        return
    command = " ".join([os.path.relpath(PYTHON, PROJECT), "bench/profile_read.py", *sys.argv[1:]])
    content = prepare(options.articles)
    data = {}
    for mode in ["direct"] + ([] if options.no_redis else ["redis"]):
        args = [PYTHON, "bench/profile_read.py", "--child", mode, "--content", json.dumps(content)]
        args += [f"--{key}={getattr(options, key)}" for key in ("requests", "batches", "warmup")]
        args += [f"--top={options.top}"]
        print(f"measuring {mode} ...", file=sys.stderr)
        data[mode] = json.loads(run(args, env(mode)).strip().splitlines()[-1])
    report(options, content, data, command)


if __name__ == "__main__":
    main()
