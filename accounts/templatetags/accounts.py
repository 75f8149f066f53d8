from django import template

from accounts.oidc import oidc_settings

register = template.Library()


@register.simple_tag
def oidc_sign_in_enabled() -> bool:
    """Whether the sign-in page offers the region's account (VARDPENG_OIDC_* are set)."""
    return oidc_settings() is not None
