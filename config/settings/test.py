"""Settings for the test suite: the database comes from DATABASE_URL (SQLite by default)."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = False
SECRET_KEY = "test-only-not-secret-vardpeng-key-0123456789-abcdefghijklmnop"
VARDPENG_PUBLIC_READ = env.bool("VARDPENG_PUBLIC_READ", default=True)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Serve static files from the app folders without collectstatic (no STATIC_ROOT needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Jobs run in the request that starts them: a test's database transaction is not visible to a thread.
# The worker tests turn this off (and start Celery workers of their own).
VARDPENG_JOBS_INLINE = env.bool("VARDPENG_JOBS_INLINE", default=True)

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A test database in a file (not in memory), so that a Celery worker started by a test reads
    # the same data (tests/simulation/test_workers.py); pytest-xdist adds a suffix per process.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".pytest-db.sqlite3")}  # noqa: F405
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # The test databases are thrown away: a commit need not wait for the disk (CI runs the whole
    # suite on PostgreSQL, and its transactional tests commit and flush again and again).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
