"""A region (the payer of primary care) and its rulebook: the compensation, cost and ledger rules
that every scenario of the region starts from (scenario document §2, minus the centres)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from simulation.scenario import ScenarioInvalid, validate_rules


class Region(models.Model):
    code = models.CharField(
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{1,4}$", "Use the region's letter code, e.g. AC or U.")],
        help_text="Official letter code (länsbokstav), e.g. AC for Västerbotten.",
    )
    name = models.CharField(max_length=100)
    population = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Rulebook(models.Model):
    """The region's rules from ``effective_from`` on; dated values inside may change them by year."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="rulebooks")
    effective_from = models.PositiveIntegerField(validators=[MinValueValidator(1900)])
    rules = models.JSONField(
        help_text="horizon, assumptions, compensation, costs, ledger and neutrality_compensation, "
        "as in the scenario document."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rulebook")
        verbose_name_plural = _("rulebooks")
        ordering = ["region", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["region", "effective_from"], name="one_rulebook_per_region_year"),
        ]

    def __str__(self) -> str:
        return f"{self.region.code} rules from {self.effective_from}"

    def clean(self) -> None:
        # The same validator as the engine's documents, so the admin refuses what a run would refuse.
        try:
            validate_rules(self.rules)
        except ScenarioInvalid as invalid:
            raise ValidationError({"rules": [str(p) for p in invalid.problems]}) from None


class Role(models.Model):
    """What a user may do. Viewers read; analysts also upload datasets and edit the scenarios of
    their regions; admins do everything. A signed-in user without a role is a viewer."""

    class Kind(models.TextChoices):
        VIEWER = "viewer", "viewer"
        ANALYST = "analyst", "analyst"
        ADMIN = "admin", "admin"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vardpeng_role")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.VIEWER)
    regions = models.ManyToManyField(Region, blank=True, help_text="The regions an analyst works on.")

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return f"{self.user} ({self.kind})"


class AuditEvent(models.Model):
    """A change to a region's data, recorded with who and when, in the transaction that made it:
    datasets published, reverted or deleted, scenarios created, edited, cloned, deleted, restored."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="audit_events")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField(max_length=40, help_text="What was done, e.g. dataset.publish, scenario.update.")
    object_type = models.CharField(max_length=20)
    object_id = models.CharField(max_length=40)
    summary = models.CharField(max_length=300, help_text="The change in words.")

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user or '–'}: {self.summary}"
