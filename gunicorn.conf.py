"""gunicorn settings: ``gunicorn -c gunicorn.conf.py newsroom.wsgi``.

Every value can be overridden from the environment (GUNICORN_BIND, WEB_CONCURRENCY, ...).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers, one per core plus one (3 on this 2-core box): the pages are CPU-bound
# (Python and PostgreSQL on the same cores), so more workers only add memory (~80 MB each),
# threads lose to the GIL, and the spare keeps a slow request (a photo upload) from halving
# the site. Measured 2026-12-06 (bench/page_bench.py --targets bare,redis --rounds 2
# --duration 8, two passes, max_requests 20000), req/s of the bare response / the article
# counted in Redis:
#   sync 2: 2698-2861 / 105-106 (and a pass disturbed by other work: 1380-1602 / 43-44)
#   sync 3: 2568-2808 / 94-101    sync 4: 2606-2772 / 96-103    sync 5: 2514-2759 / 93-99
#   gthread 2 x 4: 1061-3178 / 54-97, and article p99 639-890 ms against 498-556 for sync
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
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
