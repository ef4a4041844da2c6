"""Sign-in protection: django-axes lockouts and two-factor login."""

from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured

from newsroom.settings.environment import env

# Login protection (django-axes; newsroom/accounts/login_protection.py). Failures are
# counted per pair of account and source (a keyed hash of the client address, never the
# address): LOGIN_FAILURE_LIMIT failures for one account from one source lock that pair
# only, so guessing from one place cannot lock the account out everywhere. A source that
# fails LOGIN_SOURCE_FAILURE_LIMIT times, whatever the accounts (password spraying), is
# locked as a whole. Either lasts LOGIN_COOLOFF_MINUTES after the last counted failure.
# Staff sign in only through the admin; a login whose "next" is unsafe lands on its home.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
NEWSROOM_LOGIN_SOURCE_FAILURE_LIMIT = env.int("LOGIN_SOURCE_FAILURE_LIMIT", default=20)
if not 0 < AXES_FAILURE_LIMIT < NEWSROOM_LOGIN_SOURCE_FAILURE_LIMIT:
    raise ImproperlyConfigured(
        "LOGIN_FAILURE_LIMIT must be positive and LOGIN_SOURCE_FAILURE_LIMIT higher: an office "
        "behind one address shares the source limit."
    )
# Attempts during a lockout do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# A successful login does not wipe the failures: otherwise anyone with one account
# could reset their source's count between guesses at other accounts. (Axes' default,
# stated because it is a security decision an upgrade must not change unnoticed.)
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "newsroom.accounts.login_protection.login_source"
AXES_HANDLER = "newsroom.accounts.login_protection.AddressFreeDatabaseHandler"
AXES_LOCKOUT_CALLABLE = "newsroom.accounts.login_protection.lockout_response"
# Axes' own log lines would name the user agent; newsroom.auth logs these events instead.
AXES_VERBOSE = False
# No record of successful logins (our auth log has them) and no permanent failure log:
# the only rows are the failures of the current window, which axes deletes once they
# are older than the cool-off, at the next login, logout or failure. (No failure log is
# axes' default, stated like AXES_RESET_ON_SUCCESS.)
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# The TOTP code is part of the login: its form field is never stored with a failure.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "otp_token"]

# Two-factor login (django-otp TOTP; newsroom/accounts/two_factor.py), optional per user;
# with REQUIRE_2FA, Editors, Admins and superusers must enrol before using the admin.
NEWSROOM_REQUIRE_2FA = env.bool("REQUIRE_2FA", default=False)
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
