"""Who may read: everyone when VARDPENG_PUBLIC_READ is on, otherwise signed-in users — for pages
(``public_read``) and for the API (``ReadPublicOrSignedIn``, the default permission)."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from rest_framework import permissions


def public_read(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.VARDPENG_PUBLIC_READ and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


class ReadPublicOrSignedIn(permissions.BasePermission):
    """Signed-in users may call any view (views check region rights for writes). Anonymous
    visitors may only read, only views marked ``public_read``, and only when public read is on."""

    def has_permission(self, request, view) -> bool:
        if request.user and request.user.is_authenticated:
            return True
        return (
            request.method in permissions.SAFE_METHODS
            and getattr(view, "public_read", False)
            and settings.VARDPENG_PUBLIC_READ
        )
