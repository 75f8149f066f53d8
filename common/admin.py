"""What the administration may not change: records that change only through the services that
check and record them (uploads, publishing, the rules page) are shown here, never written."""

from __future__ import annotations


class ReadOnly:
    """No add, change or delete, for a ModelAdmin or an inline (Django calls a ModelAdmin's
    ``has_add_permission`` without ``obj``, an inline's with it)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
