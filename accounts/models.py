"""The link between a Vårdpeng user and their account at the region's identity provider."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OidcIdentity(models.Model):
    """A person at an OpenID provider, known by the provider's ``sub`` within its issuer: the only
    thing that identifies them there for good (an e-mail address or user name can change hands)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="oidc_identities",
        verbose_name=_("user"),
    )
    issuer = models.CharField(_("issuer"), max_length=255, help_text=_("The identity provider's issuer address."))
    subject = models.CharField(
        _("subject"), max_length=255, help_text=_("The provider's identifier of the person (the sub claim).")
    )
    created_at = models.DateTimeField(_("first sign-in"), auto_now_add=True)
    last_sign_in_at = models.DateTimeField(_("last sign-in"), null=True, blank=True)
    role_claim = models.JSONField(
        _("role claim"),
        default=list,
        blank=True,
        help_text=_("The Vårdpeng values of the role claim at the last sign-in."),
    )

    class Meta:
        verbose_name = _("account at the region's identity provider")
        verbose_name_plural = _("accounts at the region's identity provider")
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="one_user_per_oidc_subject")]

    def __str__(self) -> str:
        return f"{self.user} ({self.subject} @ {self.issuer})"
