"""Settings for thidua. Everything that differs between machines comes from the environment."""

import contextlib
import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from thidua.core.env import envbool, envint, envlist, envstr, secret_key

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = Path(envstr("THIDUA_HOME", str(Path.cwd())))
VAR_DIR = Path(envstr("THIDUA_VAR", str(PROJECT_DIR / "var")))

SECRET_KEY = secret_key(VAR_DIR)
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "ninja",  # serves Swagger UI's files locally instead of from a CDN
    "django_q",  # the task queue (core/tasks.py)
    "axes",  # lockout after repeated failed logins
    "django_otp",  # two-factor login (core/twofactor.py)
    "django_otp.plugins.otp_totp",
    "thidua.core",
    "thidua.org",
    "thidua.campaigns",
    "thidua.clusters",
    "thidua.indicators",
    "thidua.nominations",
    "thidua.participation",
    "thidua.council",
    "thidua.approvals",
    "thidua.awards",
    "thidua.records",
    "thidua.monitoring",
    "thidua.portal",
    "thidua.documents",
    "thidua.communication",
    "thidua.distribution",
    "thidua.exchange",
    "thidua.web",
    "thidua.api",
    "thidua.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "thidua.core.middleware.KeptMiddleware",  # the reader's kept entries in two round trips
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): second step done
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "thidua.core.middleware.SecurityMiddleware",
    "thidua.core.replica.ReplicaReadsMiddleware",  # heavy read-only pages on a replica, if any
    "thidua.web.twofactor.TwoFactorMiddleware",  # nothing else before the second step
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thidua.urls"
WSGI_APPLICATION = "thidua.wsgi.application"

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
                "thidua.web.context_processors.navigation",
            ],
        },
    },
]

_default_db = f"sqlite:///{VAR_DIR / 'thidua.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(envstr("DATABASE_URL", _default_db))}
except Exception as exc:  # dj_database_url raises several kinds; all mean the same thing
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Tests use a file too (one per test process), not Django's shared in-memory database:
    # its table locks ignore busy_timeout, so concurrency tests would fail where production
    # waits for the lock.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"thidua-test-{os.getpid()}.sqlite3")
    }
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
    }
# Each process keeps its connection between requests (PostgreSQL and SQLite alike): opening
# one costs more than a simple page (SQLite's init_command takes the file's lock each time).
DATABASES["default"]["CONN_MAX_AGE"] = envint("DB_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# An optional PostgreSQL read replica (streaming replication of the primary): the heavy
# read-only pages below read from it (core/replica.py); everything else uses the primary.
REPLICA_DATABASE_URL = envstr("REPLICA_DATABASE_URL")
if REPLICA_DATABASE_URL:
    try:
        DATABASES["replica"] = dj_database_url.parse(REPLICA_DATABASE_URL)
    except Exception as exc:
        raise ImproperlyConfigured(f"REPLICA_DATABASE_URL is not a valid URL: {exc}") from None
    DATABASES["replica"]["CONN_MAX_AGE"] = envint("DB_CONN_MAX_AGE", 60)
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["thidua.core.replica.ReplicaRouter"]
THIDUA_REPLICA_VIEWS = envlist(
    "THIDUA_REPLICA_VIEWS",
    [
        "web:monitoring_dashboard",
        "web:monitoring_summary",
        "portal:results",
        "portal:result",
        "portal:open_data",
        "portal:open_data_file",
    ],
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "thidua.core.logins.LockoutBackend",  # first: refuses a locked-out account or address
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, whose read of each request's account is kept in Redis. (It took
    # ModelBackend's place in 12/2026: a session signed in before names the old backend and
    # is asked to sign in once more. Keeping both would hash a wrong password twice.)
    "thidua.core.logins.KeptAccountBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2 for new and changed passwords; PBKDF2 hashes already stored still log in and are
# re-hashed with Argon2 at the next login. (Tests set a fast hasher in tests/conftest.py.)
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(VAR_DIR / "static")))
# whitenoise warns on every start when the folder is missing (before collectstatic)
with contextlib.suppress(OSError):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Uploaded and generated files (core/storage.py): a folder on this host by default (MEDIA_ROOT,
# below; several hosts may mount one network folder there), or, with THIDUA_S3_BUCKET set, an
# S3-compatible object store (AWS S3, MinIO, Ceph, a provider's "object storage") through
# django-storages, which every web and worker process of every host then shares. Credentials
# come from THIDUA_S3_ACCESS_KEY / THIDUA_S3_SECRET_KEY, or boto3's own environment variables.
THIDUA_S3_BUCKET = envstr("THIDUA_S3_BUCKET")
if THIDUA_S3_BUCKET:
    _files_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": THIDUA_S3_BUCKET,
            "endpoint_url": envstr("THIDUA_S3_ENDPOINT_URL") or None,
            "region_name": envstr("THIDUA_S3_REGION") or None,
            "access_key": envstr("THIDUA_S3_ACCESS_KEY") or None,
            "secret_key": envstr("THIDUA_S3_SECRET_KEY") or None,
            "location": envstr("THIDUA_S3_PREFIX"),  # a folder inside the bucket
            "default_acl": None,  # the bucket's own policy: private
            "file_overwrite": False,  # a name already taken gets a suffix, as on disk
            "querystring_auth": True,  # never a public URL
        },
    }
else:
    _files_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _files_storage,
    "private": _files_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded files live outside the web root and are served only through permission checks.
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))
# Nothing is routed here: uploads are served by views after a permission check.
MEDIA_URL = "/media-not-served/"

# Uploads: Excel imports are read in memory; the limit is checked by the import service too.
THIDUA_MAX_IMPORT_BYTES = envint("THIDUA_MAX_IMPORT_BYTES", 20 * 1024 * 1024)
# Documents units upload (plans, dossiers): PDF, Word, OpenDocument, judged by content.
THIDUA_MAX_UPLOAD_BYTES = envint("THIDUA_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# Where links in e-mails point.
THIDUA_BASE_URL = envstr("THIDUA_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Personal digital signatures (awards.services.decision_sign): the time-stamping authority, the
# trusted root certificates (a PEM bundle: e.g. the national root CA) and the PKCS#11 modules a
# signer's credential may name (comma-separated paths; nothing else is ever loaded).
THIDUA_SIGNING_TSA_URL = envstr("THIDUA_SIGNING_TSA_URL")
THIDUA_SIGNING_TRUST_ROOTS = envstr("THIDUA_SIGNING_TRUST_ROOTS")
# The issuing body's certificate that signs generated PDFs (decisions, certificates) when set
# (documents.signing): a PKCS#12 file and its password; PAdES B-B, or B-LT (a timestamp from the
# TSA above and the revocation data of the chain, fetched once per batch) when the level says so.
THIDUA_SIGNING_PKCS12 = envstr("THIDUA_SIGNING_PKCS12")
THIDUA_SIGNING_PASSWORD = envstr("THIDUA_SIGNING_PASSWORD")
THIDUA_SIGNING_LEVEL = envstr("THIDUA_SIGNING_LEVEL", "B-B").upper()
if THIDUA_SIGNING_LEVEL not in ("B-B", "B-LT"):
    raise ImproperlyConfigured(f"THIDUA_SIGNING_LEVEL={THIDUA_SIGNING_LEVEL!r}: B-B or B-LT")
# The demo's CA certificate, written by `thidua demo` (its private key is thrown away once the
# demo's signers are certified, so nothing else can be issued under it). Empty: none.
THIDUA_DEMO_TRUST_ROOTS = envstr("THIDUA_DEMO_TRUST_ROOTS", str(VAR_DIR / "demo-pki" / "ca.pem"))
THIDUA_PKCS11_MODULES = [p.strip() for p in envstr("THIDUA_PKCS11_MODULES").split(",") if p.strip()]
# Remote-signing services (CSC API base URLs) people may sign through, comma-separated.
THIDUA_CSC_SERVICES = [u.strip() for u in envstr("THIDUA_CSC_SERVICES").split(",") if u.strip()]
# The licence line of the open data at /du-lieu-mo/ (the publishing body decides it).
THIDUA_OPEN_DATA_LICENCE = envstr(
    "THIDUA_OPEN_DATA_LICENCE",
    "Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0): được sao chép, sử dụng lại, kể cả cho "
    "mục đích thương mại, với điều kiện ghi rõ nguồn.",
)
# What one address may send to the public pages (participation: comments on a disclosed list,
# citizens' proposals) per window; more is refused with "try again later" (core.ratelimit).
THIDUA_PUBLIC_COMMENTS_PER_WINDOW = envint("THIDUA_PUBLIC_COMMENTS_PER_WINDOW", 5)
THIDUA_PUBLIC_PROPOSALS_PER_WINDOW = envint("THIDUA_PUBLIC_PROPOSALS_PER_WINDOW", 3)
THIDUA_PUBLIC_WINDOW_SECONDS = envint("THIDUA_PUBLIC_WINDOW_SECONDS", 3600)
# Evidence a citizen attaches to a proposal: PDF, Word, photos, judged by content.
THIDUA_PUBLIC_EVIDENCE_BYTES = envint("THIDUA_PUBLIC_EVIDENCE_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = max(THIDUA_MAX_IMPORT_BYTES, THIDUA_MAX_UPLOAD_BYTES) + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A file past the larger of the two limits is cut off while it arrives (core.uploads).
FILE_UPLOAD_HANDLERS = [
    "thidua.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Spreadsheets are measured before they are read: cells in a sheet's extent (declared or
# real), and bytes once decompressed (an .xlsx is a zip; a "zip bomb" expands a thousandfold).
THIDUA_MAX_IMPORT_CELLS = envint("THIDUA_MAX_IMPORT_CELLS", 3_000_000)
THIDUA_MAX_IMPORT_UNCOMPRESSED = envint("THIDUA_MAX_IMPORT_UNCOMPRESSED", 400 * 1024 * 1024)
# Optional virus scan of every upload by ClamAV's clamd: a socket path or host:port (empty: off).
THIDUA_CLAMD = envstr("THIDUA_CLAMD", "")
THIDUA_CLAMD_TIMEOUT = envint("THIDUA_CLAMD_TIMEOUT", 30)

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "thidua@localhost")

# Logins: after THIDUA_LOGIN_FAILURES failed attempts on one account, or from one address,
# further attempts are refused for THIDUA_LOCKOUT_MINUTES (django-axes); the secretariat and
# administrators can unlock earlier from "Tài khoản bị khóa".
AXES_FAILURE_LIMIT = envint("THIDUA_LOGIN_FAILURES", 5)
AXES_COOLOFF_TIME = envint("THIDUA_LOCKOUT_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "thidua.web.logins.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in the audit log
THIDUA_PROXY_COUNT = envint("THIDUA_PROXY_COUNT", 0)  # 1 behind the documented nginx
AXES_CLIENT_IP_CALLABLE = "thidua.core.logins.client_ip"
AXES_VERBOSE = False

# Two-factor login (TOTP from an authenticator app, with single-use recovery codes):
# THIDUA_2FA_REQUIRED=1 makes it compulsory for the roles that decide (secretariat, council,
# administrators, and any account with access to Django admin): they must enrol at their next
# login and reach nothing else before the second step. A user who has enrolled always passes it.
THIDUA_2FA_REQUIRED = envbool("THIDUA_2FA_REQUIRED", False)
OTP_TOTP_ISSUER = envstr("THIDUA_2FA_ISSUER", "Thi đua – Khen thưởng")
OTP_TOTP_THROTTLE_FACTOR = 1  # after n wrong codes in a row, wait 2^(n-1) seconds
THIDUA_RECOVERY_CODES = 10

# Sessions end after THIDUA_SESSION_IDLE_MINUTES without a request (core.middleware), and
# after 12 hours in any case.
THIDUA_SESSION_IDLE_SECONDS = envint("THIDUA_SESSION_IDLE_MINUTES", 30) * 60
SESSION_COOKIE_AGE = 12 * 3600
# Sessions live in the database, which every process of every host shares, so they survive a
# restart. With Redis (below) they are also kept in it (`cached_db`): a request reads its
# session from Redis, not the database, and every write still goes to both. Without Redis
# they are read from the database each request: a per-process memory cache would let another
# worker or host keep serving a session after a logout or a second-step verification made
# elsewhere (Django's docs advise against cached sessions on the local-memory cache).
SESSION_COOKIE_HTTPONLY = True

# HTTPS=true: the site is served over TLS by the reverse proxy of docs/deployment.md, which
# sets X-Forwarded-Proto. Then cookies are secure, HTTP is redirected, and HSTS is sent.
HTTPS = envbool("HTTPS", False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts only from our own files (web/app.js, htmx,
# Swagger UI; no inline script or on*= handler anywhere), nothing framed, forms post home.
# Inline style attributes remain allowed (the templates use some; they run no code).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Sent by core.middleware on every response: the product uses none of these features.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "accelerometer=(), gyroscope=(), magnetometer=(), interest-cohort=()"
)

# One cache for every web and worker process: Redis when REDIS_URL is set (production, several
# processes or hosts), else a table in the database (core.CacheEntry), never per-process memory.
REDIS_URL = envstr("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's RedisCache, whose clear() spares keys outside KEY_PREFIX.
            "BACKEND": "thidua.core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": envstr("CACHE_KEY_PREFIX", "thidua"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "thidua_cache",
            "KEY_PREFIX": envstr("CACHE_KEY_PREFIX", "thidua"),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# The task queue (core/tasks.py): django-q2 with its queue in the database. A task whose worker
# died (kill -9, a lost host) is delivered again after `retry` seconds, so retry > timeout.
THIDUA_TASK_TIMEOUT = envint("THIDUA_TASK_TIMEOUT", 1800)
Q_CLUSTER = {
    "name": "thidua",
    "orm": "default",
    "workers": envint("THIDUA_TASK_WORKERS", 2),
    "timeout": THIDUA_TASK_TIMEOUT,
    "retry": envint("THIDUA_TASK_RETRY", THIDUA_TASK_TIMEOUT + 60),
    "max_attempts": 10,
    "ack_failures": True,  # our tasks record their own failures and schedule their own retries
    "catch_up": False,
    "save_limit": 2000,
    "poll": 1,
    "label": "Việc chạy nền",
}
THIDUA_TASKS_SYNC = envbool("THIDUA_TASKS_SYNC", False)

PAGE_SIZE = envint("THIDUA_PAGE_SIZE", 50)
# Lifetime of the list caches in Redis (core/counts.py: big lists' row counts per scope and
# filter, the people list's rows, the menu, the unread count): at most this long and never past
# the next audited change; 0 turns them off. Without Redis they are off. The environment's old
# name, THIDUA_COUNT_CACHE_SECONDS, is still read when the new one is not set.
THIDUA_LIST_CACHE_SECONDS = envint(
    "THIDUA_LIST_CACHE_SECONDS", envint("THIDUA_COUNT_CACHE_SECONDS", 600)
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}
