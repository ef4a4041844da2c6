"""What the load benchmarks share: running commands, wrk and its figures, worker RSS,
the machine's description. ``bench/page_bench.py`` uses it."""

import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import psycopg
import redis

PROJECT = Path(__file__).resolve().parents[1]
PS = shutil.which("ps") or "/bin/ps"
GIT = shutil.which("git") or "/usr/bin/git"


def run(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(args, cwd=PROJECT, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        sys.exit(f"{shlex.join(args)} failed:\n{result.stderr}")
    return result.stdout


def stop_all(servers: dict[str, subprocess.Popen]) -> None:
    for server in servers.values():
        server.terminate()
    for server in servers.values():
        server.wait()


def worker_rss_mb(master: subprocess.Popen) -> tuple[int, float]:
    """(number of workers, the largest worker's RSS in MB) of one gunicorn master."""
    pids = subprocess.run(  # noqa: S603
        [PS, "-o", "pid=", "--ppid", str(master.pid)],
        capture_output=True,
        text=True,
    ).stdout.split()
    if not pids:
        return 0, 0.0
    rss = subprocess.run(  # noqa: S603
        [PS, "-o", "rss=", "-p", ",".join(pids)],
        capture_output=True,
        text=True,
    ).stdout.split()
    return len(pids), max(int(kb) for kb in rss) / 1024 if rss else 0.0


def busy_fraction(seconds: float = 0.5) -> float:
    """How busy the machine's CPUs were over the next ``seconds`` (0 to 1), from /proc/stat."""

    def ticks() -> tuple[int, int]:
        with open("/proc/stat") as stat:
            values = [int(value) for value in stat.readline().split()[1:]]
        idle = values[3] + values[4]  # idle and iowait
        return sum(values) - idle, sum(values)

    busy, total = ticks()
    time.sleep(seconds)
    busy_after, total_after = ticks()
    return (busy_after - busy) / max(total_after - total, 1)


def settle(threshold: float = 0.1, longest: float = 20.0) -> float:
    """Wait until the machine is quiet (under ``threshold`` busy over half a second), at
    most ``longest`` seconds, so that what one run left behind (PostgreSQL's autovacuum
    and checkpoints after the counting runs, a worker being replaced) is not charged to
    the next. Returns the seconds waited."""
    start = time.monotonic()
    while busy_fraction() > threshold and time.monotonic() - start < longest:
        pass
    return time.monotonic() - start


def wrk(url: str, duration: int, connections: int) -> dict:
    args = [shutil.which("wrk"), "-t2", f"-c{connections}", f"-d{duration}s", "--latency"]
    args += ["--timeout", "5s", "-s", str(PROJECT / "bench" / "visitors.lua"), url]
    result = subprocess.run(args, capture_output=True, text=True)  # noqa: S603
    out = result.stdout + result.stderr
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(r"Socket errors: (.*)", out)
    done = re.search(r"(\d+) requests in", out)
    return {
        "url": url,
        "requests": int(done.group(1)) if done else 0,
        "rps": _number(r"Requests/sec:\s+([\d.]+)", out),
        "p50": _ms(re.search(r"50%\s+([\d.]+\w+)", out)),
        "p99": _ms(re.search(r"99%\s+([\d.]+\w+)", out)),
        "errors": (
            ([f"non-2xx: {non_2xx.group(1)}"] if non_2xx else [])
            + ([f"socket errors: {sockets.group(1)}"] if sockets else [])
            + ([f"wrk exited {result.returncode}"] if result.returncode or not done else [])
        ),
        "output": out,
    }


def _number(pattern: str, text: str) -> float:
    match = re.search(pattern, text)
    return float(match.group(1)) if match else 0.0


def _ms(match) -> float:
    if not match:
        return 0.0
    number, unit = re.match(r"([\d.]+)(\w+)", match.group(1)).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def machine(pg_admin: str, redis_url: str) -> list[str]:
    """Two lines: the hardware and services, then the date, commit and load."""
    cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
    memory = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
    with psycopg.connect(pg_admin) as connection:
        postgres = connection.execute("SHOW server_version").fetchone()[0]
    redis_version = redis.Redis.from_url(redis_url).info("server")["redis_version"]
    commit = subprocess.run(  # noqa: S603
        [GIT, "rev-parse", "--short", "HEAD"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return [
        f"{os.cpu_count()} CPUs ({cpu.group(1) if cpu else 'unknown'}), "
        f"{int(memory.group(1)) / 1024**2:.0f} GiB; PostgreSQL {postgres}, Redis {redis_version}; "
        f"wrk, gunicorn, PostgreSQL and Redis on the same machine",
        f"{date.today().isoformat()}, commit {commit}, load average before the runs "
        f"{' '.join(f'{n:.2f}' for n in os.getloadavg())}",
    ]


def median_range(values: list[float], digits: int = 0) -> str:
    if not values:
        return "-"
    middle = f"{statistics.median(values):.{digits}f}"
    if len(values) == 1:
        return middle
    return f"{middle} ({min(values):.{digits}f}–{max(values):.{digits}f})"
