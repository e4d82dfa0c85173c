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
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
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
DEBUG = os.environ.get("SSEPOT_DEBUG", "") in {"1", "true", "yes", "on"}
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
    "ssepot.catalogue",
    "ssepot.commitments",
    "ssepot.projects",
    "ssepot.indicators",
    "ssepot.development",
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
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
