"""Django settings for Mildkracht, read from the environment.

MILDKRACHT_DATA_DIR        data directory (default: the platform's user data directory)
DATABASE_URL               PostgreSQL instead of the SQLite database in the data directory
MILDKRACHT_DEBUG=1         Django's debug mode (never on a server)
MILDKRACHT_SECURE=1        served behind an HTTPS proxy: secure cookies, HSTS, redirect to HTTPS
MILDKRACHT_TRUSTED_PROXIES comma-separated addresses of the reverse proxy whose
                           X-Forwarded-For and X-Forwarded-Proto are believed (default:
                           127.0.0.1 and ::1 when secure, none otherwise)
MILDKRACHT_ALLOWED_HOSTS   comma-separated host names (default: localhost only)
MILDKRACHT_CSRF_TRUSTED_ORIGINS  comma-separated origins, e.g. https://mildkracht.example.org
MILDKRACHT_BASE_URL        the public address people open, e.g. https://mildkracht.example.org:
                           every address the app hands out (calendar feed, links in e-mails,
                           the address for a phone) starts with it; without it, with the host
                           the request came to. Its host is allowed and its origin trusted.
MILDKRACHT_SECRET_KEY, MILDKRACHT_ENCRYPTION_KEY
                           shared secrets for several app servers; otherwise both are
                           generated into the data directory on the first start
MILDKRACHT_KEY_FILE        the encryption key's file, outside the data directory (made there
                           on the first start), so that a backup of the data reveals nothing
"""

import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import django_stubs_ext
import platformdirs
from django.utils.translation import gettext_lazy as _

from mildkracht.web.links import normalise_base_url
from mildkracht.web.secret_files import ensure_secrets

# Django's generic classes (ModelForm[User], TextField[str, str], ...) as the types name them.
django_stubs_ext.monkeypatch()


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] or default


def _data_dir() -> Path:
    if os.environ.get("MILDKRACHT_DATA_DIR"):
        return Path(os.environ["MILDKRACHT_DATA_DIR"]).expanduser().resolve()
    if "PYTEST_VERSION" in os.environ:
        # pytest-django reads these settings before any conftest runs: a test run must never
        # write into a person's real data directory.
        return Path(tempfile.mkdtemp(prefix=TEST_DATA_DIR_PREFIX)).resolve()
    return Path(platformdirs.user_data_dir("mildkracht")).resolve()


TEST_DATA_DIR_PREFIX = "mildkracht-test-"
WEB_DIR = Path(__file__).resolve().parent
DATA_DIR = _data_dir()

_secrets = ensure_secrets(DATA_DIR)
SECRET_KEY = os.environ.get("MILDKRACHT_SECRET_KEY") or _secrets.secret_key
# Fernet key(s) for free text at rest (journal, notes); a comma-separated list, newest
# first, while the keys are rotated (mildkracht.web.crypto, `rotate_encryption_key`).
MILDKRACHT_ENCRYPTION_KEY = (
    os.environ.get("MILDKRACHT_ENCRYPTION_KEY", "").encode("ascii") or _secrets.encryption_key
)

DEBUG = _flag("MILDKRACHT_DEBUG")
SECURE = _flag("MILDKRACHT_SECURE")
ALLOWED_HOSTS = _list("MILDKRACHT_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = _list("MILDKRACHT_CSRF_TRUSTED_ORIGINS", [])
MILDKRACHT_BASE_URL = ""
if os.environ.get("MILDKRACHT_BASE_URL", "").strip():
    MILDKRACHT_BASE_URL = normalise_base_url(os.environ["MILDKRACHT_BASE_URL"])
    _public = urlsplit(MILDKRACHT_BASE_URL)
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, _public.hostname or ""]
    CSRF_TRUSTED_ORIGINS = [*CSRF_TRUSTED_ORIGINS, f"{_public.scheme}://{_public.netloc}"]
# The proxy in front of the server: only its X-Forwarded-For and X-Forwarded-Proto are
# taken as the client's address and scheme (mildkracht.web.wsgi); anyone else's are ignored.
TRUSTED_PROXIES = _list("MILDKRACHT_TRUSTED_PROXIES", ["127.0.0.1", "::1"] if SECURE else [])

INSTALLED_APPS = [
    "mildkracht.web.accounts",
    "mildkracht.web.pages",
    "mildkracht.web.assessments",
    "mildkracht.web.practice",
    "mildkracht.web.program",
    "mildkracht.web.reflect",
    "mildkracht.web.courses",
    "django_tasks",
    "django_tasks_db",
    # A teacher's second factor: TOTP devices and one-time recovery codes (courses app).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with a second factor in this session
    "django_otp.middleware.OTPMiddleware",
    # after a password login, a person with a second factor gives its code first
    "mildkracht.web.courses.middleware.SecondFactorMiddleware",
    "mildkracht.web.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "mildkracht.web.middleware.PrivacyHeadersMiddleware",
]

ROOT_URLCONF = "mildkracht.web.urls"
WSGI_APPLICATION = "mildkracht.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mildkracht.web.context_processors.help_lines",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    # PostgreSQL through psycopg 3 with Django's connection pool: each app process keeps a
    # few open connections and hands them to its threads (CONN_MAX_AGE must then be 0).
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=0)}
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 2,
        "max_size": int(os.environ.get("MILDKRACHT_DB_POOL_SIZE", "8")),
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "mildkracht.sqlite3"),
            # Each server thread keeps its connection, so that a request does not pay for
            # opening one and running the pragmas.
            "CONN_MAX_AGE": None,
            "OPTIONS": {
                # WAL lets readers and the writer work at once; synchronous=FULL makes an
                # acknowledged write survive a power cut, not only a crash of the process.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
                # Take the write lock when a transaction starts, so concurrent writers wait
                # (up to the timeout) instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache that every app process shares: a table in the database, or Redis on a server
# (MILDKRACHT_REDIS_URL). It holds nothing that cannot be recomputed; keys name the person
# and a version of their data.
if os.environ.get("MILDKRACHT_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["MILDKRACHT_REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "mildkracht_shared_cache",
        }
    }

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "pages:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [WEB_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security. The Content-Security-Policy and Cache-Control headers are set in middleware.py.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "mildkracht.web.pages.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if SECURE:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading HSTS is a lasting commitment for a whole domain, which only the domain's owner
# can make; the header alone does not enrol anyone.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING"},
    },
}

# Background tasks (reminders), with the backport of Django 6's task framework. Tasks are
# queued in the database, so none is lost while no worker runs and the web app can enqueue
# too; `mildkracht worker` enqueues due reminders every minute and runs the queued tasks.
# Sending is idempotent (program.ReminderSent), however often a task runs.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# E-mail (reminders): printed to the console unless an SMTP server is configured.
#   MILDKRACHT_EMAIL_HOST, _PORT (587), _USER, _PASSWORD, _USE_TLS (on), MILDKRACHT_EMAIL_FROM
EMAIL_HOST = os.environ.get("MILDKRACHT_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("MILDKRACHT_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("MILDKRACHT_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("MILDKRACHT_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("MILDKRACHT_EMAIL_USE_TLS", "1") != "0"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("MILDKRACHT_EMAIL_FROM", "mildkracht@localhost")

# Reliable change of the SCS total: the reference SD and reliability. The defaults live in
# mildkracht.core.progress_report (SCS_TOTAL_REFERENCE: Garcia-Campayo et al. 2014, checked);
# set these to override them, e.g. with a reference group closer to this installation's users.
if os.environ.get("MILDKRACHT_SCS_REFERENCE_SD"):
    MILDKRACHT_SCS_REFERENCE_SD = float(os.environ["MILDKRACHT_SCS_REFERENCE_SD"])
if os.environ.get("MILDKRACHT_SCS_REFERENCE_RELIABILITY"):
    MILDKRACHT_SCS_REFERENCE_RELIABILITY = float(os.environ["MILDKRACHT_SCS_REFERENCE_RELIABILITY"])
