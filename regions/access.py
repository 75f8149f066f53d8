"""Who may do what (issue 4's roles), in one place for the API and the pages."""

from __future__ import annotations

from regions.models import Region, Role


def role_of(user) -> str | None:
    """'admin', 'analyst' or 'viewer' for a signed-in user; None for an anonymous visitor."""
    if user is None or not user.is_authenticated:
        return None
    if user.is_superuser:
        return Role.Kind.ADMIN
    role = getattr(user, "vardpeng_role", None)
    return role.kind if role is not None else Role.Kind.VIEWER


def can_edit_region(user, region: Region) -> bool:
    """Upload datasets and create, edit or delete scenarios of this region."""
    kind = role_of(user)
    if kind == Role.Kind.ADMIN:
        return True
    return kind == Role.Kind.ANALYST and user.vardpeng_role.regions.filter(pk=region.pk).exists()
