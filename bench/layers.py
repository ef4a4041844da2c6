"""CPU time by layer inside one Django process, and the other instruments of
``bench/profile_read.py``: queries by wall time, the database backend's and Redis's CPU.

Wraps the entry points of each layer (each middleware, the view, template rendering,
the ORM and the database driver, the cache API, the Redis client, read counting) so that
every stretch of CPU time (``time.process_time``) is charged to the innermost layer
running at that moment: a query made while a template renders is charged to the
database, the rest of the rendering to the templates. The layers' own times add up to
the whole request. Each layer also keeps its inclusive time (with what it called) and
how often it was entered. The wrappers cost about a microsecond per call.
"""

import functools
import importlib
import os
from collections import defaultdict
from pathlib import Path
from time import perf_counter, process_time

HANDLER = "WSGI handler, request and response objects"
VIEW = "URL routing and the view's own code"
TEMPLATES = "template rendering (incl. context processors)"
DATABASE = "ORM and database driver (queries, model instances)"
CACHE = "Django cache API (keys, pickling)"
REDIS = "Redis client (commands, round trips)"
COUNTING = "read counting (rules, hashing)"
TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


class Layers:
    def __init__(self):
        self.stack: list[str] = []
        self.own = defaultdict(float)
        self.inclusive = defaultdict(float)
        self.calls = defaultdict(int)
        self.depth = defaultdict(int)
        self.functions = defaultdict(int)  # calls of each wrapped function
        self.entered: dict[str, float] = {}
        self.mark = 0.0

    def reset(self) -> None:
        self.own.clear()
        self.inclusive.clear()
        self.calls.clear()
        self.functions.clear()

    def enter(self, name: str) -> None:
        now = process_time()
        if self.stack:
            self.own[self.stack[-1]] += now - self.mark
        self.stack.append(name)
        self.calls[name] += 1
        if not self.depth[name]:
            self.entered[name] = now
        self.depth[name] += 1
        self.mark = now

    def exit(self, name: str) -> None:
        now = process_time()
        self.own[name] += now - self.mark
        self.stack.pop()
        self.depth[name] -= 1
        if not self.depth[name]:
            self.inclusive[name] += now - self.entered[name]
        self.mark = now

    def wrapped(self, function, name: str):
        qualified = f"{getattr(function, '__qualname__', function)}"

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            self.functions[qualified] += 1
            self.enter(name)
            try:
                return function(*args, **kwargs)
            finally:
                self.exit(name)

        return wrapper

    def wrap(self, owner, attribute: str, name: str) -> None:
        setattr(owner, attribute, self.wrapped(getattr(owner, attribute), name))

    def install(self) -> None:
        """Wrap every layer's entry points. Call before the WSGI handler is created (it
        builds the middleware chain once)."""
        import redis.client
        from django.conf import settings
        from django.core.cache import caches
        from django.core.handlers.base import BaseHandler
        from django.db.backends.base.base import BaseDatabaseWrapper
        from django.db.backends.utils import CursorWrapper
        from django.db.models.query import QuerySet
        from django.db.models.sql import compiler
        from django.template import base
        from django.template.backends import django as django_backend

        import articles.reads.counting

        for dotted in settings.MIDDLEWARE:
            module_name, attribute = dotted.rsplit(".", 1)
            module = importlib.import_module(module_name)
            factory = getattr(module, attribute)
            label = f"middleware: {attribute}"
            if isinstance(factory, type):
                self.wrap(factory, "__call__", label)
            else:  # a function middleware: wrap the callable its factory returns
                setattr(module, attribute, self._middleware_factory(factory, label))
        self.wrap(BaseHandler, "_get_response", VIEW)
        self.wrap(django_backend.Template, "render", TEMPLATES)
        self.wrap(base.Template, "render", TEMPLATES)
        self.wrap(QuerySet, "_fetch_all", DATABASE)
        for klass in (
            compiler.SQLCompiler,
            compiler.SQLInsertCompiler,
            compiler.SQLUpdateCompiler,
            compiler.SQLDeleteCompiler,
        ):
            if "execute_sql" in vars(klass):
                self.wrap(klass, "execute_sql", DATABASE)
        for method in ("execute", "executemany"):
            self.wrap(CursorWrapper, method, DATABASE)
        for method in ("ensure_connection", "close_if_unusable_or_obsolete"):
            self.wrap(BaseDatabaseWrapper, method, DATABASE)
        backend = type(caches["default"])
        for method in ("get", "set", "add", "get_many", "set_many", "delete", "incr", "touch"):
            if hasattr(backend, method):
                self.wrap(backend, method, CACHE)
        self.wrap(redis.client.Redis, "execute_command", REDIS)
        self.wrap(redis.client.Pipeline, "execute", REDIS)
        for function in ("record_read", "displayed_count"):
            self.wrap(articles.reads.counting, function, COUNTING)

    def _middleware_factory(self, factory, label: str):
        @functools.wraps(factory)
        def make(get_response):
            return self.wrapped(factory(get_response), label)

        make.sync_capable, make.async_capable = True, False
        return make


class QueryLog:
    """An execute wrapper: how many queries, and which took the longest (wall time)."""

    def __init__(self):
        self.count, self.wall = 0, {}

    def __call__(self, execute, sql, params, many, context):
        start = perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.wall[sql] = self.wall.get(sql, 0.0) + perf_counter() - start

    def summary(self, requests: int) -> dict:
        slowest = sorted(self.wall.items(), key=lambda item: -item[1])[:3]
        return {
            "queries": self.count / requests,
            "slowest": [[seconds * 1000 / requests, _shape(sql)] for sql, seconds in slowest],
        }


def _shape(sql: str) -> str:
    """A query without its select list, shortened: enough to tell which one it is."""
    depth, start = 0, sql.find(" FROM ")
    for position, character in enumerate(sql):  # the FROM of the outer query
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth == 0 and sql.startswith(" FROM ", position):
            start = position
            break
    shape = sql if start < 0 else "SELECT … " + sql[start + 1 :]
    return shape if len(shape) <= 400 else shape[:400] + " …"


def backend_cpu_ms() -> tuple[int | None, float]:
    """(pid, CPU ms so far) of the PostgreSQL backend serving this process."""
    from django.db import connection

    if connection.connection is None:
        return None, 0.0
    pid = connection.connection.info.backend_pid
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return pid, (int(fields[11]) + int(fields[12])) * TICK_MS


def redis_cpu_ms(client) -> float:
    if client is None:
        return 0.0
    info = client.info("cpu")
    return (info["used_cpu_user"] + info["used_cpu_sys"]) * 1000
