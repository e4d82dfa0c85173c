"""Django settings for SSEPOT, read from the environment.

Environment variables (documented in docs/operacion.md):
- ``DATABASE_URL``: e.g. ``postgres://user:pass@host:5432/ssepot``; default a SQLite file in the data folder.
- ``SSEPOT_DATA_DIR``: where the SQLite database, the secret key and uploaded files live (default ``var/``
  at the repository root).
- ``SSEPOT_SECRET_KEY``: overrides the key generated and kept in the data folder on first run.
- ``SSEPOT_DEBUG``: ``1`` turns DEBUG on; it is off otherwise.
- ``SSEPOT_ALLOWED_HOSTS``: comma-separated host names (default localhost names).
- ``SSEPOT_SHARED_DATA``: the folder of real public data the demo loads (default ``../shared/data``).
- ``SSEPOT_CACHE_DIR``: a folder for a cache shared by every web worker of the machine (computed figures,
  page fragments); unset, each worker keeps its own cache in memory.
- ``SSEPOT_HTTPS``: ``1`` when the site is served over HTTPS: redirects HTTP to HTTPS, marks the session and
  CSRF cookies secure and sends HSTS for a year; each can be set on its own with ``SSEPOT_SSL_REDIRECT``,
  ``SSEPOT_SECURE_COOKIES`` and ``SSEPOT_HSTS_SECONDS`` (``SSEPOT_HSTS_SUBDOMAINS``, ``SSEPOT_HSTS_PRELOAD``).
  Off by default, for the local demo. ``SSEPOT_BEHIND_PROXY=1`` trusts the proxy's ``X-Forwarded-Proto``.
- ``SSEPOT_LOGIN_FAILURES`` (default 10) and ``SSEPOT_LOGIN_COOLOFF_MINUTES`` (default 30): wrong passwords
  for one user from one address before signing in is locked, and for how long (django-axes).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("SSEPOT_DATA_DIR", BASE_DIR.parent / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
# The real public data the demo loads (boundaries, DIVIPOLA, development-plan sheets): ``../shared/data``.
SHARED_DATA_DIR = Path(
    os.environ.get("SSEPOT_SHARED_DATA", BASE_DIR.parent.parent / "shared" / "data")
).resolve()


def _secret_key() -> str:
    """The key from the environment, or the one generated on first run and kept in the data folder."""
    if key := os.environ.get("SSEPOT_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _flag("SSEPOT_DEBUG")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("SSEPOT_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "simple_history",
    "axes",
    "ssepot.catalogue",
    "ssepot.commitments",
    "ssepot.projects",
    "ssepot.indicators",
    "ssepot.development",
    "ssepot.opendata",
    "ssepot.accounts",
    "ssepot.reporting",
    "ssepot.archive",
    "ssepot.report",
    "ssepot.audit",
    "ssepot.figures",
    "ssepot.importers",
    "ssepot.demo",
    "ssepot.front",
    "ssepot.charts",
    "ssepot.api",
    "ssepot.operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # a NUL or another control character in a page's address is a 400 (ssepot/front/errors.py)
    "ssepot.front.errors.RefuseControlCharacters",
    # anonymous visitors' public pages, from the cache before the rest (ssepot/front/pagecache.py)
    "ssepot.front.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ssepot.front.middleware.SpanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # the user of a catalogue edit, for its history (ADR 0006)
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # the answer to a locked-out sign-in (django-axes); last, as axes asks
    "axes.middleware.AxesMiddleware",
]

# Computed figures and page fragments are cached per publication (releases are immutable): in memory per
# worker by default, or in a folder every worker of the machine shares (gunicorn with several workers).
if os.environ.get("SSEPOT_CACHE_DIR"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(Path(os.environ["SSEPOT_CACHE_DIR"]).resolve()),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ssepot"}}
# what must not be kept (a page asked with unknown query parameters) goes through a cache that keeps nothing
CACHES["uncached"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}

ROOT_URLCONF = "ssepot.urls"
WSGI_APPLICATION = "ssepot.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],  # project-wide overrides, e.g. admin/base_site.html
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'ssepot.sqlite3'}",
        conn_max_age=int(os.environ.get("SSEPOT_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # NB: the demo server and a CLI import may write at the same time; WAL and a timeout avoid "locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Wrong passwords for one user from one address lock signing in for a while (django-axes, ADR 0003); the
# lock and the attempts are in the admin, and ``ssepot axes_reset_username USUARIO`` lifts one.
AUTHENTICATION_BACKENDS = [
    "ssepot.accounts.throttling.ThrottledSignIn",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("SSEPOT_LOGIN_FAILURES", "10"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("SSEPOT_LOGIN_COOLOFF_MINUTES", "30")))
# NB: user and address together: a stranger cannot lock an agency out, nor an office behind one address
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "ssepot.accounts.throttling.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
_BEHIND_PROXY = _flag("SSEPOT_BEHIND_PROXY")
if _BEHIND_PROXY:
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# HTTPS: off for the local demo, on in production with SSEPOT_HTTPS=1 (docs/operacion.md)
_HTTPS = _flag("SSEPOT_HTTPS")
SECURE_SSL_REDIRECT = _flag("SSEPOT_SSL_REDIRECT", _HTTPS)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _flag("SSEPOT_SECURE_COOKIES", _HTTPS)
SECURE_HSTS_SECONDS = int(os.environ.get("SSEPOT_HSTS_SECONDS", "31536000" if _HTTPS else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("SSEPOT_HSTS_SUBDOMAINS")
SECURE_HSTS_PRELOAD = _flag("SSEPOT_HSTS_PRELOAD")
if _BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): scripts only from the site's own files (no inline script, no eval:
# the charts evaluate Vega expressions with its interpreter, ``ast`` in ssepot/charts/base.py); inline
# styles are allowed because vega-embed and Vega's SVG write style attributes and a <style> element.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "es"  # with Colombian formats from ssepot.formats.es
LANGUAGES = [("es", _("Español")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Bogota"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
# "es" uses Colombian number and date formats (5.733.749; 17,74); see ssepot/formats/es/formats.py.
FORMAT_MODULE_PATH = ["ssepot.formats"]

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns at every start when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# NB: static files are served by WhiteNoise straight from the apps, so no collectstatic step is needed.
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "reporting:home"
LOGOUT_REDIRECT_URL = "front:home"

# Upload limits for evidence and workbooks (bytes).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The public address of the site, for links in e-mails (sent by background tasks, outside any request).
SSEPOT_SITE_URL = os.environ.get("SSEPOT_SITE_URL", "http://127.0.0.1:8000")
EMAIL_BACKEND = os.environ.get("SSEPOT_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# Background tasks (notifications) wait in the database until a worker runs them: ``ssepot db_worker``, or
# the thread the demo starts beside its server. See docs/decisions/0004-task-queue.md.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SSEPOT_LOG_LEVEL", "WARNING")},
}
