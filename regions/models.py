"""A region (the payer of primary care) and its rulebook: the compensation, cost and ledger rules
that every scenario of the region starts from (scenario document §2, minus the centres)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from simulation.core.scenario import ScenarioInvalid, validate_rules


class Region(models.Model):
    code = models.CharField(
        _("letter code"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{1,4}$", _("Use the region's letter code, e.g. AC or U."))],
        help_text=_("Official letter code (länsbokstav), e.g. AC for Västerbotten."),
    )
    name = models.CharField(_("name"), max_length=100)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Rulebook(models.Model):
    """The region's rules from ``effective_from`` on; dated values inside may change them by year."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="rulebooks", verbose_name=_("region"))
    effective_from = models.PositiveIntegerField(_("in force from (year)"), validators=[MinValueValidator(1900)])
    rules = models.JSONField(
        _("rules"),
        help_text=_(
            "horizon, assumptions, compensation, costs, ledger and neutrality_compensation, "
            "as in the scenario document."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    #: The RulebookVersion.number that wrote these rules (0: stored before versions were kept).
    version = models.PositiveIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("rulebook")
        verbose_name_plural = _("rulebooks")
        ordering = ["region", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["region", "effective_from"], name="one_rulebook_per_region_year"),
        ]

    def __str__(self) -> str:
        return _("Rules of %(region)s from %(year)s") % {"region": self.region.code, "year": self.effective_from}

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
        VIEWER = "viewer", _("viewer")
        ANALYST = "analyst", _("analyst")
        ADMIN = "admin", _("administrator")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vardpeng_role", verbose_name=_("user")
    )
    kind = models.CharField(
        _("role"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.VIEWER,
        help_text=_(
            "Viewers read and may simulate; analysts also upload data and edit the scenarios of their regions; "
            "administrators do everything. For someone who signs in with the region's account, the role "
            "claim sets this at every sign-in."
        ),
    )
    regions = models.ManyToManyField(
        Region, blank=True, verbose_name=_("regions"), help_text=_("The regions an analyst works on.")
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_kind_display()})"


class AuditEvent(models.Model):
    """A change to a region's data, recorded with who and when, in the transaction that made it:
    datasets published, reverted or deleted, scenarios created, edited, cloned, deleted, restored."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="audit_events", verbose_name=_("region"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("user")
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    action = models.CharField(
        _("action"), max_length=40, help_text=_("What was done, e.g. dataset.publish, scenario.update.")
    )
    object_type = models.CharField(_("object type"), max_length=20)
    object_id = models.CharField(_("object id"), max_length=40)
    summary = models.CharField(_("summary"), max_length=300, help_text=_("The change in words."))
    #: The summary as message ids and their values ([msgid, {name: value}], …), so that it reads in
    #: the language of whoever opens the log; ``summary`` holds it in the site's language.
    parts = models.JSONField(_("parts of the summary"), default=list, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user or '–'}: {self.summary}"

    @property
    def words(self) -> str:
        """The change in the active language (the stored summary when it has no parts)."""
        return summary_words(self.parts) if self.parts else self.summary


def summary_words(parts: list) -> str:
    """A change log summary from its parts, each message translated into the active language."""
    return "".join(gettext(message) % values for message, values in parts)


class RulebookVersion(models.Model):
    """One published state of a region's rules: what the rulebook from ``effective_from`` held
    after a save, with who and when. Numbers count up per region; undo publishes an older version's
    rules again as a new version (``restored_from``), so the history is never rewritten."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, related_name="rulebook_versions", verbose_name=_("region")
    )
    number = models.PositiveIntegerField(_("version"))
    effective_from = models.PositiveIntegerField(_("in force from (year)"), validators=[MinValueValidator(1900)])
    rules = models.JSONField(_("rules"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("by")
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    restored_from = models.PositiveIntegerField(_("restored from version"), null=True, blank=True)

    class Meta:
        verbose_name = _("rulebook version")
        verbose_name_plural = _("rulebook versions")
        ordering = ["region", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["region", "number"], name="one_rulebook_version_number_per_region"),
        ]

    def __str__(self) -> str:
        return f"{self.region.code} v{self.number} ({self.effective_from})"
