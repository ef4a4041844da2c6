"""gunicorn settings: ``gunicorn -c gunicorn.conf.py newsroom.wsgi``.

Every value can be overridden from the environment (GUNICORN_BIND, WEB_CONCURRENCY, ...).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two workers per core plus one: the pages wait on the database more than they compute.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never take a server down.
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# No client address in the access log (UU PDP): method, path, status, size, time.
# The request id (django-guid's X-Request-ID response header) ties a line to the app's logs.
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s" request_id=%({x-request-id}o)s'
