from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Signing in: with the region's own account (OpenID Connect) and the local demo accounts."""

    name = "accounts"
    verbose_name = _("Sign-in with the region's account")
