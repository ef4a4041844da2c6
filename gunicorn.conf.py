"""gunicorn settings: ``gunicorn -c gunicorn.conf.py newsroom.wsgi``.

Every value can be overridden from the environment (GUNICORN_BIND, WEB_CONCURRENCY, ...).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers, two per core (4 on this 2-core box). A page served from the page cache
# waits on one Redis round trip (a counted read, a list page's version check), and a
# spare worker uses the core meanwhile; threads lose to the GIL. The bare response, which
# waits on nothing, loses a little to the extra switching. Measured 2026-12-06
# (bench/page_bench.py --targets bare,redis,home --rounds 2 --duration 8 --workers N,
# two passes each, max_requests 20000), req/s of the bare response / the article
# counted in Redis / the home page:
#   sync 3: 3699 / 1957 / 2364 and 3472 / 1891 / 2215
#   sync 4: 3185 / 2041 / 2405 and 3040 / 2016 / 2329
# (When every page was rendered per request, 2 to 5 workers served the same within the
# noise, and 3 was kept for its spare.)
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))  # above 1: the gthread worker
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never take a server down. A new worker
# costs about 0.35 s of CPU (importing the app): every 2000 requests that was 0.17 ms per
# request, most of the bare response's cost (bare, 3 workers: 2066 req/s and p99 43-164 ms
# at 2000; 2700 req/s and p99 16-27 ms at 20000), and workers restarting together stalled
# requests for up to a second.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "2000"))
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# No client address in the access log (UU PDP): method, path, status, size, time.
# The request id (django-guid's X-Request-ID response header) ties a line to the app's logs.
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s" request_id=%({x-request-id}o)s'
