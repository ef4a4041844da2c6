"""A redis-server of a test's own, which the test may kill, stop, pause and restart.

Never the shared Redis: each server listens on a free port of 127.0.0.1 and keeps its
append-only file in a folder of the test (``--appendonly yes --appendfsync everysec``, as
deploy/redis-newsroom.conf), so a server restarted on the same folder finds what was
written before it died: Redis writes the file before it answers, and a killed process
loses nothing the kernel holds. (``always`` would add a disk flush to every write, which
on a busy disk outlasts the production timeout of 50 ms and fails the read.)
"""

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import redis

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
START_SECONDS = 10


def redis_server_available() -> bool:
    return Path(REDIS_SERVER).is_file() and os.access(REDIS_SERVER, os.X_OK)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisProcess:
    def __init__(self, directory: Path, *options: str):
        self.directory = directory
        self.options = options  # more redis-server options, e.g. "--maxmemory", "2mb"
        self.directory.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        """A plain client (no breaker) for the test to look inside."""
        return redis.Redis.from_url(self.url, decode_responses=True, socket_timeout=5)

    def start(self) -> None:
        """Start (or restart, on the same port and folder) and wait until it answers."""
        assert self.process is None, "already running"
        settings = {
            "--port": str(self.port),
            "--bind": "127.0.0.1",
            "--save": "",
            "--appendonly": "yes",
            "--appendfsync": "everysec",
            "--dir": str(self.directory),
            "--logfile": str(self.directory / "redis.log"),
        }
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments, no shell)
            [REDIS_SERVER, *(word for pair in settings.items() for word in pair), *self.options],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + START_SECONDS
        with self.client() as probe:
            while True:
                if self.process.poll() is not None:
                    log = (self.directory / "redis.log").read_text(errors="replace")
                    self.process = None
                    raise RuntimeError(f"redis-server exited at start:\n{log[-2000:]}")
                try:
                    if probe.ping():
                        return
                except redis.BusyLoadingError:
                    pass  # replaying its append-only file
                except redis.ConnectionError:
                    pass
                if time.monotonic() > deadline:
                    self.close()
                    raise RuntimeError(f"redis-server did not answer within {START_SECONDS} s")
                time.sleep(0.02)

    def kill(self) -> None:
        """Kill it as a crash would (SIGKILL): only what the append-only file holds is kept."""
        self._end(signal.SIGKILL)

    def stop(self) -> None:
        """Stop it as an administrator would (SIGTERM): a clean shutdown."""
        self._end(signal.SIGTERM)

    def pause(self) -> None:
        """Freeze it (SIGSTOP): it accepts connections but answers nothing."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def close(self) -> None:
        """End it whatever state it is in (the fixtures' teardown)."""
        if self.process is not None:
            self._end(signal.SIGKILL)

    def _end(self, sig: signal.Signals) -> None:
        process, self.process = self.process, None
        if process.poll() is None:
            process.send_signal(sig)
            if sig != signal.SIGKILL:
                process.send_signal(signal.SIGCONT)  # a paused server must run to stop
        try:
            process.wait(timeout=START_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Blackhole:
    """A listening socket that accepts nothing and answers nothing: a Redis that hangs."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(1)
        self.port = self.socket.getsockname()[1]

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def close(self) -> None:
        self.socket.close()
