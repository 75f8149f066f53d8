"""The default API permission; kept apart from config.api, which DRF's views import indirectly."""

from django.conf import settings
from rest_framework import permissions


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
