"""Django settings, read from the environment (see docs/settings.md).

Safe defaults: DEBUG off, no default secret in production, SQLite in the data
directory for local use.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from bronwijzer.lib.env import (
    SettingError,
    env_bool,
    env_cache_url,
    env_choice,
    env_http_url,
    env_int,
    env_list,
    env_networks,
    env_origins,
    env_private_networks,
    env_str,
)
from bronwijzer.lib.secret import secret_key_from_file

PACKAGE_DIR = Path(__file__).resolve().parent

try:
    ENVIRONMENT = env_choice("BRONWIJZER_ENV", "development", ("development", "production"))
    PRODUCTION = ENVIRONMENT == "production"
    DATA_DIR = Path(env_str("BRONWIJZER_DATA_DIR", "var")).resolve()
    # Collected static files; several data directories may share one (the browser tests do).
    STATIC_ROOT = Path(env_str("BRONWIJZER_STATIC_ROOT", str(DATA_DIR / "static"))).resolve()
    DEBUG = env_bool("DEBUG", False)

    _secret = env_str("SECRET_KEY")
    if _secret is None and PRODUCTION:
        raise SettingError("SECRET_KEY must be set when BRONWIJZER_ENV=production")
    if _secret is not None and len(_secret) < 32:
        raise SettingError("SECRET_KEY is too short; use at least 32 random characters")
    SECRET_KEY = _secret or secret_key_from_file(DATA_DIR / "secret_key")

    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
    if PRODUCTION and not ALLOWED_HOSTS:
        raise SettingError("ALLOWED_HOSTS must be set when BRONWIJZER_ENV=production")

    _database_url = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'bronwijzer.sqlite3'}")
    if urlsplit(_database_url).scheme not in ("sqlite", "postgres", "postgresql"):
        raise SettingError(f"DATABASE_URL={_database_url!r}: only sqlite:// and postgresql:// are supported")
    QUICK_EXIT_URL = env_http_url("BRONWIJZER_QUICK_EXIT_URL", "https://www.google.nl/")
    PUBLIC_URL = env_http_url("BRONWIJZER_PUBLIC_URL", "").rstrip("/")
    if PRODUCTION and not PUBLIC_URL:
        # Absolute links (feed, sitemap, kit links and their QR codes) are built on it: without
        # it they would come from the Host header a client sends (lib.siteurl.site_base).
        raise SettingError("BRONWIJZER_PUBLIC_URL must be set when BRONWIJZER_ENV=production")
    EMBED_ORIGINS = env_origins("BRONWIJZER_EMBED_ORIGINS", [])
    REVIEW_AFTER_MONTHS = env_int("BRONWIJZER_REVIEW_AFTER_MONTHS", 12, minimum=1, maximum=120)
    MAX_IMPORT_BYTES = env_int("BRONWIJZER_MAX_IMPORT_BYTES", 5 * 1024 * 1024, minimum=1024)
    MAX_RESTORE_BYTES = env_int("BRONWIJZER_MAX_RESTORE_BYTES", 256 * 1024 * 1024, minimum=1024 * 1024)
    # half the processor cores (at least 1): ordinary pages keep the rest
    PDF_CONCURRENCY = env_int(
        "BRONWIJZER_PDF_CONCURRENCY", max(1, (os.cpu_count() or 2) // 2), minimum=1, maximum=64
    )
    PDF_WAIT_SECONDS = env_int("BRONWIJZER_PDF_WAIT_SECONDS", 2, minimum=0, maximum=60)
    WEB_WORKERS = env_int("BRONWIJZER_WORKERS", 2, minimum=1, maximum=64)
    # Threads per worker: a slow client holds one thread, the others keep answering (lib/gunicornworker).
    WEB_THREADS = env_int("BRONWIJZER_THREADS", 32, minimum=1, maximum=256)
    # Seconds a client may take to send a whole request, and to take each response.
    REQUEST_TIMEOUT = env_int("BRONWIJZER_REQUEST_TIMEOUT", 30, minimum=2, maximum=600)
    PAGE_CACHE_BYTES = env_int("BRONWIJZER_PAGE_CACHE_BYTES", 32 * 1024 * 1024, minimum=0)
    STAFF_SESSION_MINUTES = env_int("BRONWIJZER_STAFF_SESSION_MINUTES", 60, minimum=5, maximum=24 * 60)
    LOGIN_FAILURE_LIMIT = env_int("BRONWIJZER_LOGIN_FAILURE_LIMIT", 5, minimum=1, maximum=100)
    LOGIN_LOCKOUT_MINUTES = env_int("BRONWIJZER_LOGIN_LOCKOUT_MINUTES", 15, minimum=1, maximum=24 * 60)
    # Proxies whose X-Forwarded-For is believed (docs/security.md#client-addresses); none by default.
    TRUSTED_PROXIES = env_networks("BRONWIJZER_TRUSTED_PROXIES", [])
    # A shared cache server (redis://, memcached://); unset: the database's own cache table.
    SHARED_CACHE = env_cache_url("BRONWIJZER_CACHE_URL")
    ZERO_RESULT_DAILY_LIMIT = env_int("BRONWIJZER_ZERO_RESULT_DAILY_LIMIT", 1000, minimum=0)
    # How a process's search index follows the content (docs/search.md): "background" builds the new
    # index beside the one it serves and swaps it in, so no request waits; "inline" rebuilds in the
    # request that notices the change, so the next search sees it (tests, one editor in development).
    SEARCH_REFRESH = env_choice(
        "BRONWIJZER_SEARCH_REFRESH", "background" if PRODUCTION else "inline", ("background", "inline")
    )
    # Internal networks the link checker may reach (an intranet in the map): none by default.
    LINKCHECK_ALLOW_NETWORKS = env_private_networks("BRONWIJZER_LINKCHECK_ALLOW_PRIVATE")
    LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR"))
except SettingError as error:
    raise ImproperlyConfigured(f"Bronwijzer configuration error: {error}") from None

if _database_url.startswith("sqlite"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Django's backend, except that it never creates the file: a missing file is a 503, not a new,
    # empty database that makes SQLite drop the write-ahead log of the real one (lib/sqlitefile).
    DATABASES["default"]["ENGINE"] = "bronwijzer.lib.sqlitefile"
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["TEST"] = {"NAME": None}

# Rate limits, and the pages kept for anonymous visitors, live in Django's cache framework, so
# every worker and every server agrees on them. By default that is a table in the database
# (DatabaseCache, created by `migrate`): shared by everything that shares the database, and its
# `add` is atomic (a primary key), which the rate limits count with. BRONWIJZER_CACHE_URL moves it
# to Redis or Memcached. Login lockouts stay in django-axes' own table (AccessAttempt) in the same
# database, where the back office shows and lifts them.
# Pages have caches of their own (bronwijzer.web.pagecache), so that many pages never push the rate
# limits' counts out: "pages", shared like the rest, and "pages-local", each process's own memory,
# bounded by BRONWIJZER_PAGE_CACHE_BYTES, the only place a page with a visitor's search words is kept.
if SHARED_CACHE is None:
    _database_cache = {"BACKEND": "django.core.cache.backends.db.DatabaseCache"}
    CACHES = {
        "default": {**_database_cache, "LOCATION": "bronwijzer_cache", "OPTIONS": {"MAX_ENTRIES": 20_000}},
        "pages": {**_database_cache, "LOCATION": "bronwijzer_pages", "OPTIONS": {"MAX_ENTRIES": 2_000}},
    }
else:
    CACHES = {
        "default": {**SHARED_CACHE, "KEY_PREFIX": "bronwijzer"},
        "pages": {**SHARED_CACHE, "KEY_PREFIX": "bronwijzer-pages"},
    }
CACHES["pages-local"] = {
    "BACKEND": "bronwijzer.lib.memorycache.BoundedMemoryCache",
    "LOCATION": "bronwijzer-pages",
    "OPTIONS": {"MAX_BYTES": PAGE_CACHE_BYTES},
}

INSTALLED_APPS = [
    "bronwijzer.staff",  # before the admin: its login and base templates extend the admin's
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "bronwijzer.lib.staticfiles.StaticFiles",  # django.contrib.staticfiles, PDF-only fonts left out
    "django.contrib.sitemaps",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ninja",  # serves its Swagger UI from local static files, not a CDN
    "bronwijzer.catalog",
    "bronwijzer.search",
    "bronwijzer.ui",  # the template tags every face loads ({% load bronwijzer %})
    "bronwijzer.web",
    "bronwijzer.api",
    "bronwijzer.kit",
    "bronwijzer.incident",
    "bronwijzer.exports",
    "bronwijzer.linkcheck",
    "bronwijzer.reports",
    "bronwijzer.backup",  # backup and restore of every app above (no models of its own)
    "bronwijzer.server",  # `serve` and `migrate` (no models of its own)
    "bronwijzer.synth",  # `synthmap`: synthetic maps for scale tests (no models of its own)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "bronwijzer.web.pagecache.PageCacheMiddleware",  # before the rest: a hit skips their work
    "csp.middleware.CSPMiddleware",
    "bronwijzer.lib.logprivacy.LogContextMiddleware",  # log records see the request (to mask its values)
    "bronwijzer.web.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, which answers static files itself (already compressed, or not worth it),
    # and before everything that writes the body. Django's middleware pads each gzip answer with
    # random bytes against BREACH (Django 4.2+).
    "bronwijzer.web.compression.TextGZipMiddleware",
    "bronwijzer.lib.dbfaults.SessionMiddleware",  # Django's, quiet when the database is down
    "django.middleware.locale.LocaleMiddleware",
    "bronwijzer.staff.middleware.BackOfficeLanguageMiddleware",  # /redactie/ is always Dutch
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "bronwijzer.lib.dbfaults.DatabaseFaultMiddleware",
    "bronwijzer.web.middleware.BusyMiddleware",  # every PDF render slot busy: a 503 page
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

# With SEARCH_REFRESH "background": how often (seconds) each process's watcher thread reads the
# content version; a search itself asks the database nothing for it (docs/search.md).
SEARCH_VERSION_CHECK_SECONDS = 1.0

ROOT_URLCONF = "bronwijzer.urls"
WSGI_APPLICATION = "bronwijzer.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bronwijzer.web.context.site",
            ],
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
# The project's catalogue first (Dutch source strings; English), then Dutch for the third-party
# apps that ship none (django-axes, django-otp, django-simple-history): see docs/editing.md.
LOCALE_PATHS = [PACKAGE_DIR / "locale", PACKAGE_DIR / "staff" / "nl_overrides"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

STATIC_URL = "/static/"
# The fonts the PDFs embed (lib/fonts) are static files too, at /static/fonts/: a screen without a
# font for a script the site shows (Tigrinya's Ge'ez) gets it from this server, never elsewhere.
STATICFILES_DIRS = [("fonts", PACKAGE_DIR / "lib" / "fonts")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 3600
# Files browsers ask for at the site's root (/favicon.ico), served by WhiteNoise like static files.
WHITENOISE_ROOT = PACKAGE_DIR / "web" / "root"
# Source maps are for developers' tools, not visitors: compressing the API docs' multi-megabyte
# maps with Brotli took most of collectstatic's half minute, at every `bronwijzer serve`.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Staff only: sessions are for editors, short and never for visitors. A session ends after
# BRONWIJZER_STAFF_SESSION_MINUTES without a request, and when the browser closes.
SESSION_COOKIE_AGE = STAFF_SESSION_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
X_FRAME_OPTIONS = "DENY"

# A strict Content-Security-Policy: everything from this site, nothing inline, nothing else.
# The embeddable view widens frame-ancestors to BRONWIJZER_EMBED_ORIGINS (exports.views).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "manifest-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
if PRODUCTION:
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# No SECURE_PROXY_SSL_HEADER: Django would believe X-Forwarded-Proto from any peer. gunicorn sets
# the request's scheme from it only when the peer is in BRONWIJZER_TRUSTED_PROXIES (serve.py).

SIMPLE_HISTORY_REVERT_DISABLED = False

# After logging in without a usable "next" page: the back office's start page, not Django's
# /accounts/profile/ (which does not exist here). See staff.views.staff_login.
LOGIN_REDIRECT_URL = "admin:index"

# Login throttling (django-axes): after BRONWIJZER_LOGIN_FAILURE_LIMIT failed logins for one user
# name from one network, that pair is locked out for BRONWIJZER_LOGIN_LOCKOUT_MINUTES. Axes sees a
# masked address (IPv4 /24, IPv6 /48: bronwijzer.lib.ipmask), never the full one, and keeps no log
# of successful logins.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "bronwijzer.lib.ipmask.masked_client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
AXES_VERBOSE = False

# Two-factor login (django-otp, TOTP) is optional per staff member: whoever set it up
# (/redactie/tweestaps/) must give a code at every login.
OTP_TOTP_ISSUER = "Bronwijzer"

# Every log line goes through one handler whose filter writes a path as its route and masks
# whatever the visitor sent (bronwijzer.lib.logprivacy; docs/operations.md#what-the-logs-hold).
# Django's own "django" and "django.server" handlers (and mail_admins) are replaced by it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"private": {"()": "bronwijzer.lib.logprivacy.PrivateLogFilter"}},
    "formatters": {  # as gunicorn's error log, which shares stderr with it
        "plain": {
            "format": "[%(asctime)s] [%(process)d] [%(levelname)s] %(name)s: %(message)s",
            "datefmt": "%Y-%m-%d %H:%M:%S %z",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["private"], "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.server": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        # Never below INFO, whatever LOG_LEVEL says: at DEBUG these write SQL with its parameters
        # (search words, report text) and whole template contexts (a kit's decoded answers).
        "django.db.backends": {"level": "INFO"},
        "django.template": {"level": "INFO"},
        # WeasyPrint reports every rendering step at INFO; only its warnings matter here.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
