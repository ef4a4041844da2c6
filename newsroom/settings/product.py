"""The newsroom's own settings: the site's defaults, Redis and the page cache, read
counting, and the benchmark view."""

from django.core.exceptions import ImproperlyConfigured

from newsroom.redis_guard import cache_settings
from newsroom.settings.environment import env

# Defaults for the site settings that staff edit in the admin (Pengaturan situs).
NEWSROOM_SITE_NAME = env.str("SITE_NAME", default="Berita PROKOPIM")
# The name an authenticator app shows next to the account (two-factor login).
OTP_TOTP_ISSUER = NEWSROOM_SITE_NAME
NEWSROOM_OFFICE_NAME = env.str("OFFICE_NAME", default="Bagian Protokol dan Komunikasi Pimpinan")
NEWSROOM_DEFAULT_SOURCE = env.str("DEFAULT_SOURCE", default="PROKOPIM")
NEWSROOM_PAGE_SIZE = env.int("PAGE_SIZE", default=10)
# The site's public address, for links in e-mails sent outside a request.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# How long a signed preview link for people without an account stays valid.
NEWSROOM_PREVIEW_LINK_HOURS = env.int("PREVIEW_LINK_HOURS", default=48)
# The largest body of a release, in bytes of HTML (articles/models/limits.py): a long
# release is about 30 KB of text, so the default is ten times that.
NEWSROOM_ARTICLE_BODY_MAX_BYTES = env.int("ARTICLE_BODY_MAX_BYTES", default=300 * 1024)

# With REDIS_URL, Redis is the cache every app server shares (else each has local memory)
# and buffers the read counts (articles/reads/counting.py) that `manage.py
# flush_view_counts` applies every minute. VIEW_BUFFER_REDIS_URL puts the buffer in another
# Redis (or database) than the cache, one that never evicts (README, Running Redis in
# production); empty, the buffer shares REDIS_URL.
REDIS_URL = env.str("REDIS_URL", default="")
NEWSROOM_VIEW_BUFFER_URL = env.str("VIEW_BUFFER_REDIS_URL", default="")
if NEWSROOM_VIEW_BUFFER_URL and not REDIS_URL:
    raise ImproperlyConfigured("VIEW_BUFFER_REDIS_URL needs REDIS_URL (the cache) as well.")
# Redis down or slow costs a page little (newsroom/redis_guard.py): clients connect and
# read within REDIS_TIMEOUT_MS; a server that failed is left alone by that process for
# REDIS_BREAKER_SECONDS. Pages then come from the database and reads are counted in it.
NEWSROOM_REDIS_TIMEOUT_MS = env.int("REDIS_TIMEOUT_MS", default=50)
NEWSROOM_REDIS_BREAKER_SECONDS = env.int("REDIS_BREAKER_SECONDS", default=5)
# A cache failure is a miss, never an error, and django-redis logs it.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
if REDIS_URL:
    CACHES = {"default": cache_settings(REDIS_URL, NEWSROOM_REDIS_TIMEOUT_MS)}
# How long anonymous list pages stay cached (0: no page cache). Edits invalidate at once.
NEWSROOM_PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# How long a release's PDF stays cached; any change to the site's content starts a new one.
NEWSROOM_PDF_CACHE_SECONDS = env.int("PDF_CACHE_SECONDS", default=86400)
NEWSROOM_VIEW_DEDUP_MINUTES = env.int("VIEW_DEDUP_MINUTES", default=30)
# "inline" counts in the page view; "beacon" counts through a same-origin POST
# from the page, for sites with a page cache or CDN in front; "off" counts nothing.
NEWSROOM_VIEW_COUNT_MODE = env.str("VIEW_COUNT_MODE", default="inline")
if NEWSROOM_VIEW_COUNT_MODE not in ("inline", "beacon", "off"):
    raise ImproperlyConfigured("VIEW_COUNT_MODE must be inline, beacon or off.")
NEWSROOM_BEACON_RATE_PER_MINUTE = env.int("BEACON_RATE_PER_MINUTE", default=30)
# The most reads one source address (an IPv6 /64 as one) adds to one article in one clock
# hour, whatever user agents it sends; later ones are tallied as excluded. Mobile carriers
# put many readers behind one address (CGNAT), hence well above one. 0: no cap.
NEWSROOM_READS_PER_SOURCE_PER_HOUR = env.int("READS_PER_SOURCE_PER_HOUR", default=30)
# How many proxies in front append to X-Forwarded-For (0: use REMOTE_ADDR).
NEWSROOM_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# The content API (/api/v1/, articles/api): requests per client (a keyed hash of its
# address, an IPv6 /64 as one) in each clock minute; past it, 429. 0: no limit.
NEWSROOM_API_RATE_PER_MINUTE = env.int("API_RATE_PER_MINUTE", default=120)
# Any site may read the API from a browser (GET only, no cookies); nothing else gets CORS.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]
# /_bench/bare, the bare response bench/page_bench.py compares pages with; never on a site.
NEWSROOM_BENCHMARK_VIEWS = env.bool("BENCHMARK_VIEWS", default=False)
