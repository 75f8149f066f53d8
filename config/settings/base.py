"""Settings shared by every environment. Values that differ come from the environment."""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A .env file is optional; real environment variables win over it.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "regions",
    "healthcentres",
    "simulation",
    "accounts",
]

MIDDLEWARE = [
    # Outermost, so that it compresses what every other middleware wrote; which answers it
    # compresses, and why that is safe from BREACH, is in common/compression.py.
    "common.compression.BreachAwareGZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "common.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Innermost, so that it answers a view's database error before any other middleware sees it.
    "common.unavailable.DatabaseUnavailableMiddleware",
]

# Content-Security-Policy: everything from our own origin, nothing inline but styles (Plotly and
# Swagger UI set element styles at run time), images also as data:/blob: (chart downloads).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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

# SQLite in the project folder unless DATABASE_URL says otherwise (PostgreSQL in production).
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers wait for each other instead of failing with "database is locked": WAL lets
    # readers work during a write, IMMEDIATE takes the write lock when a transaction starts (a lock
    # upgrade mid-transaction cannot wait), and the timeout is how long a writer waits (seconds).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Sign-in with the region's account (OpenID Connect, accounts/oidc.py): on when the issuer, client
# id and secret are all set. Endpoints and keys come from the issuer's discovery document.
VARDPENG_OIDC_ISSUER = env.str("VARDPENG_OIDC_ISSUER", default="")
VARDPENG_OIDC_CLIENT_ID = env.str("VARDPENG_OIDC_CLIENT_ID", default="")
VARDPENG_OIDC_CLIENT_SECRET = env.str("VARDPENG_OIDC_CLIENT_SECRET", default="")
#: The claim that holds the Vårdpeng roles (vardpeng:viewer, vardpeng:analyst:AC, vardpeng:admin).
VARDPENG_OIDC_ROLE_CLAIM = env.str("VARDPENG_OIDC_ROLE_CLAIM", default="roles")
VARDPENG_OIDC_SCOPES = env.str("VARDPENG_OIDC_SCOPES", default="openid email profile")
#: Whom a person whose account has no Vårdpeng role should ask (shown on that page), e.g. an address.
VARDPENG_OIDC_ROLE_CONTACT = env.str("VARDPENG_OIDC_ROLE_CONTACT", default="")
if VARDPENG_OIDC_ISSUER:
    # Sign-out posts here and is redirected to the provider's end_session_endpoint; browsers hold
    # that redirect to form-action too, so the provider's origin is allowed there.
    _issuer = urlsplit(VARDPENG_OIDC_ISSUER)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(f"{_issuer.scheme}://{_issuer.netloc}")

#: Anonymous visitors may read dashboards and GET endpoints (never write or simulate).
VARDPENG_PUBLIC_READ = env.bool("VARDPENG_PUBLIC_READ", default=False)

# A shared cache (throttling across workers) where configured, e.g. dbcache://vardpeng_cache
# (run `manage.py createcachetable`) or rediscache://127.0.0.1:6379/1; per-process memory otherwise.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

#: Request bodies: a scenario document may be up to 5 MB, an uploaded centre file up to 10 MB.
VARDPENG_MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
#: An analysis job still running after this many seconds is taken as dead and marked failed.
VARDPENG_JOB_TIME_LIMIT = env.int("VARDPENG_JOB_TIME_LIMIT", default=30 * 60)
#: Work is counted in cells: centres × projected years × (1 + Monte Carlo draws), summed over a
#: document's runs (variants). A request answered at once (simulate, builder preview) does at most
#: VARDPENG_MAX_SYNC_CELLS (about 5 s of engine time; larger runs go to POST /api/v1/simulations,
#: a job); a job at most VARDPENG_MAX_JOB_CELLS (for an analysis: cells per run × its runs).
VARDPENG_MAX_SYNC_CELLS = env.int("VARDPENG_MAX_SYNC_CELLS", default=60_000_000)
VARDPENG_MAX_JOB_CELLS = env.int("VARDPENG_MAX_JOB_CELLS", default=2_000_000_000)
#: What an answer may hold, in values (simulation.core.projection.projection_values: per run, centres ×
#: years × the figures of a centre-year and a unit-year, plus region rows and bands), known before
#: anything runs. Measured (bench/limits.py): about 24 B of JSON and 95 B of peak memory a value, so
#: 2.5 million are about 60 MB answered and 240 MB of memory in the web process; 1 200 centres × 50
#: years × one run (2.16 million values) fits. A projection job's result (stored as jsonb, whose limit
#: is 255 MB, and read back whole) at most VARDPENG_MAX_JOB_VALUES: 5 million, about 120 MB and 475 MB.
VARDPENG_MAX_SYNC_VALUES = env.int("VARDPENG_MAX_SYNC_VALUES", default=2_500_000)
VARDPENG_MAX_JOB_VALUES = env.int("VARDPENG_MAX_JOB_VALUES", default=5_000_000)
#: Analyses one user may have queued or running at once.
VARDPENG_MAX_OPEN_JOBS = env.int("VARDPENG_MAX_OPEN_JOBS", default=3)
#: Run analysis jobs in the request that starts them (tests); otherwise on workers or the in-process pool.
VARDPENG_JOBS_INLINE = env.bool("VARDPENG_JOBS_INLINE", default=False)
#: A running job with no sign of life (heartbeat) for this many seconds has lost its worker: the
#: next delivery of its task takes it over and runs it again from the start.
VARDPENG_JOB_STALE_AFTER = env.int("VARDPENG_JOB_STALE_AFTER", default=120)

# Celery (analysis jobs on workers). No broker: jobs run on a small pool in the web process, so
# that `make run` needs nothing installed. Redis: redis://127.0.0.1:6379/0 (docker-compose);
# RabbitMQ: amqp://guest:guest@127.0.0.1:5672//. Only the broker is needed (no result backend):
# a job's state, progress, chunks and result live in the database.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
#: The Celery app the web process sends jobs with, loaded when it first sends one (config/__init__.py).
VARDPENG_CELERY_APP = "config.celery.app"
CELERY_TASK_ACKS_LATE = True  # a task lost with its worker is delivered again …
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # … also when the worker process is killed
CELERY_WORKER_PREFETCH_MULTIPLIER = 1  # a busy worker does not hold chunks another could run
CELERY_TASK_TIME_LIMIT = VARDPENG_JOB_TIME_LIMIT
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
#: Redis hands an unacknowledged task to another worker after this many seconds (the lost worker's
#: tasks); a task still running then is recognised by its heartbeat and left alone.
_visibility_timeout = env.int("CELERY_VISIBILITY_TIMEOUT", default=300)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _visibility_timeout,
    # Redis looks for a lost worker's unacknowledged tasks every interval × throttle seconds (kombu's
    # default 10 × 10): a tenth of the visibility timeout, scanned each time, so a lost chunk comes
    # back soon after its timeout instead of up to 100 s later.
    "unacked_restore_interval": max(1, _visibility_timeout // 10),
    "unacked_restore_throttle": 1,
    # The scan holds a Redis lock for milliseconds. A worker killed while holding it leaves it to
    # expire; kombu's 300 s default would then keep every lost task (a lost worker's chunk: its job
    # stuck at 99 %) from coming back for five minutes, whatever the visibility timeout.
    "unacked_mutex_expire": max(5, _visibility_timeout // 10),
}
VARDPENG_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = VARDPENG_MAX_DOCUMENT_BYTES

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "config.openapi.AutoSchema",
    # Token first: an unauthenticated request then gets 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["common.access.ReadPublicOrSignedIn"],
    "DEFAULT_RENDERER_CLASSES": ["common.api.FastJSONRenderer"],
    # Bodies are JSON unless a view says otherwise (the uploads take multipart): a form-encoded or
    # multipart body sent to a JSON endpoint gets 415, never a silently empty ``request.data``.
    "DEFAULT_PARSER_CLASSES": ["common.api.SafeJSONParser"],
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"simulate": env("VARDPENG_SIMULATE_RATE", default="60/min")},
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # ?format=csv selects an export in our views, not a DRF renderer.
    "URL_FORMAT_OVERRIDE": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Vårdpeng API",
    "VERSION": "1",
    "DESCRIPTION": """Projections of Swedish primary-care compensation: what a region pays its health
centres, what they spend, and who bears each surplus or deficit, year by year.

**Getting a token.** An administrator runs
`python manage.py create_api_token USERNAME --role viewer|analyst|admin [--region CODE ...]`;
the token is the last word it prints. Send it as `Authorization: Token <token>`
(the *Authorize* button on this page does that for you).

**Roles.** *viewer*: reads everything and may call `/simulate`. *analyst*: also uploads datasets and
creates, edits and deletes the scenarios of their regions. *admin*: everything. Anonymous visitors may
read regions, scenarios and projections when the server has public read on; otherwise they get 401.

**A typical session.** `GET /api/v1/datasets/template.csv` → fill it in → `POST` it to
`/api/v1/regions/{code}/datasets/` → `POST /api/v1/regions/{code}/scenarios/` with your levers →
`GET /api/v1/scenarios/{id}/projection`. `GET /api/v1/scenarios/{id}/document` returns the complete
scenario document: `python manage.py simulate document.json` reproduces the same projection.

**Errors** always come as `{"errors": [...]}`: each with `path` and `message` (`centres[3].listed: must
be ≥ 0`), or for uploads with `row` (data rows count from 1 after the header; null for the whole file),
`column` and `message`. A refused write changes nothing.

**Editing scenarios** uses optimistic concurrency: send `If-Match` with the ETag from `GET`, or the
`version` you read. A stale write answers 412 and changes nothing.

The scenario and projection documents are defined by the Vårdpeng simulation specification
(`vardpeng.scenario/1`, `vardpeng.projection/1`).""",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",  # served from our own static files, never a CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # 3.1: full JSON Schema (null, propertyNames, const), so the scenario document is described exactly.
    "OAS_VERSION": "3.1.0",
    # Jobs and datasets both have a field called "status"; name their enums apart.
    "ENUM_NAME_OVERRIDES": {
        "JobStatusEnum": "simulation.models.Job.Status",
        "DatasetStatusEnum": ["draft", "current", "published", "previous"],  # healthcentres.models.Dataset.Status
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.openapi.close_request_objects",
    ],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}
