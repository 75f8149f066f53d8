"""Settings for the test suite: the database comes from DATABASE_URL (SQLite by default)."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-not-secret-vardpeng-key-0123456789-abcdefghijklmnop"
VARDPENG_PUBLIC_READ = env.bool("VARDPENG_PUBLIC_READ", default=True)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Serve static files from the app folders without collectstatic (no STATIC_ROOT needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Jobs run in the request that starts them: a test's database transaction is not visible to a thread.
VARDPENG_JOBS_INLINE = True
