"""Production settings: secrets only from the environment, HTTPS everywhere, public read off."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# No default: start-up fails with ImproperlyConfigured when the secret is missing.
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
VARDPENG_PUBLIC_READ = env.bool("VARDPENG_PUBLIC_READ", default=False)

# Rate limits must hold across every worker process: a shared cache, never per-process memory.
# The database cache needs nothing more than `manage.py createcachetable`; docker-compose sets
# CACHE_URL to Redis.
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://vardpeng_cache")}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# TLS ends at the proxy in front of gunicorn, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# A health probe speaks plain HTTP from inside the container or the proxy (docker-compose.yml):
# answered, never redirected (it answered 301 to https, so the container counted as unhealthy).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
X_FRAME_OPTIONS = "DENY"
