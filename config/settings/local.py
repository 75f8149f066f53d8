"""Settings for a developer's machine and ``make run``: debug on, public read on."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# Only for local use; production settings refuse to start without DJANGO_SECRET_KEY.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-only-not-secret-vardpeng-development-key-0123456789")
VARDPENG_PUBLIC_READ = env.bool("VARDPENG_PUBLIC_READ", default=True)

# Serve static files from the app folders without collectstatic (no STATIC_ROOT needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
