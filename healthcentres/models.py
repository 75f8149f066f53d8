"""Health centres (vårdcentraler / hälsocentraler) and the datasets of their yearly facts.

A dataset never changes once stored: a new upload is a new dataset, so every projection can be
traced to the exact data it used.
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from regions.models import Region
from simulation.core.scenario import TEXT_LIMITS
from simulation.core.scenario.fields import centre_field_label


def _centre_label(name: str) -> str:
    # The record's own words (simulation/scenario/fields.py), as the upload template shows them:
    # its Swedish label, or in English its description (makemigrations, with no language, writes that).
    language = translation.get_language() or "en"
    return centre_field_label(name, "sv" if language.startswith("sv") else "en")


centre_label = lazy(_centre_label, str)

#: The years a dataset or an outturn may describe (a base year, an outturn's year): the one bound of
#: every form, API and file that takes such a year.
DATA_YEARS = (1990, 2100)


class OperatingForm(models.TextChoices):
    """*egen regi*: run by the region; *intraprenad*: region-run with its own equity and freedom;
    *private*: run by a private provider under the region's choice system (vårdval)."""

    # The one place the forms get their labels (Swedish "privat" through the translations); the
    # codes are the engine's FORMS, in its order (a test holds them equal).
    EGEN_REGI = "egen_regi", _("egen regi")
    INTRAPRENAD = "intraprenad", _("intraprenad")
    PRIVATE = "private", _("private")


class HealthCentre(models.Model):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="centres", verbose_name=_("region"))
    code = models.CharField(
        _("code"), max_length=TEXT_LIMITS["id"], help_text=_("Stable identifier, the `id` column of an upload.")
    )
    name = models.CharField(_("name"), max_length=TEXT_LIMITS["name"])
    municipality = models.CharField(_("municipality"), max_length=TEXT_LIMITS["municipality"], blank=True)
    operating_form = models.CharField(_("operating form"), max_length=20, choices=OperatingForm.choices)
    unit = models.CharField(
        _("result unit"), max_length=TEXT_LIMITS["unit"], help_text=_("Result unit whose balance the centre shares.")
    )
    rural = models.BooleanField(
        _("sparsity area"), default=False, help_text=_("Entitled to the sparsity supplement (glesbygd).")
    )

    class Meta:
        verbose_name = _("health centre")
        verbose_name_plural = _("health centres")
        ordering = ["region", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="centre_code_unique_per_region"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class ImmutableError(Exception):
    """Raised on an attempt to change stored data that must stay as it was."""


class Dataset(models.Model):
    """An upload of centre facts for one base year. Its rows never change; its ``status`` is its
    place in the region's life cycle: an upload is a *draft* that changes nothing anyone sees until
    an analyst publishes it. A region's published datasets form its history, one per base year: the
    latest year's is the region's *current* data (what its pages and new scenarios use), an earlier
    year's is *published* (the history shows it). Publishing a dataset replaces the one of its year,
    which becomes *previous* and can be published again (undo); publishing an earlier year changes
    nothing about the current data. Exactly one dataset of a region is current once any is
    published, and at most one is published (current or not) per base year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        CURRENT = "current", _("current")
        PUBLISHED = "published", _("published (earlier year)")
        PREVIOUS = "previous", _("previous")

    #: The statuses of the region's history: one dataset per base year.
    IN_HISTORY = (Status.CURRENT, Status.PUBLISHED)

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="datasets", verbose_name=_("region"))
    base_year = models.PositiveIntegerField(_("base year"))
    name = models.CharField(_("name"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    source_filename = models.CharField(_("file name"), max_length=255, blank=True)
    checksum = models.CharField(_("checksum"), max_length=64, help_text=_("SHA-256 of the centre rows as stored."))
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Synthetic demo data, marked as such wherever shown.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("published"), null=True, blank=True, help_text=_("When it was last published.")
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        ordering = ["region", "-uploaded_at", "-id"]
        get_latest_by = ["uploaded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region"], condition=models.Q(status="current"), name="one_current_dataset_per_region"
            ),
            models.UniqueConstraint(
                fields=["region", "base_year"],
                condition=models.Q(status__in=["current", "published"]),
                name="one_published_dataset_per_region_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region.code} {self.base_year}: {self.name}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ImmutableError(
                "A dataset never changes after it is stored; upload a new one (its status changes through "
                "healthcentres.services)."
            )
        super().save(*args, **kwargs)


class CentreFacts(models.Model):
    """One centre's facts in one dataset: a row of the upload file (spec §2.1), money in SEK/year."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="rows", verbose_name=_("dataset"))
    centre = models.ForeignKey(
        HealthCentre, on_delete=models.PROTECT, related_name="facts", verbose_name=_("health centre")
    )
    position = models.PositiveIntegerField(_("row"), help_text=_("Row order in the source file."))
    name = models.CharField(centre_label("name"), max_length=TEXT_LIMITS["name"])
    municipality = models.CharField(centre_label("municipality"), max_length=TEXT_LIMITS["municipality"], blank=True)
    unit = models.CharField(centre_label("unit"), max_length=TEXT_LIMITS["unit"])
    operating_form = models.CharField(centre_label("operating_form"), max_length=20, choices=OperatingForm.choices)
    rural = models.BooleanField(centre_label("rural"), default=False)
    listed = models.FloatField(centre_label("listed"))
    cni = models.FloatField(centre_label("cni"), default=1.0)
    doctor_visits_per_listed = models.FloatField(centre_label("doctor_visits_per_listed"), default=0)
    other_visits_per_listed = models.FloatField(centre_label("other_visits_per_listed"), default=0)
    outside_visits_per_listed = models.FloatField(centre_label("outside_visits_per_listed"), default=0)
    phone_access = models.FloatField(centre_label("phone_access"), default=0)
    assessment_3d = models.FloatField(centre_label("assessment_3d"), default=0)
    staff_cost = models.FloatField(centre_label("staff_cost"), default=0)
    hired_cost = models.FloatField(centre_label("hired_cost"), default=0)
    premises_cost = models.FloatField(centre_label("premises_cost"), default=0)
    other_cost = models.FloatField(centre_label("other_cost"), default=0)
    overhead_cost = models.FloatField(centre_label("overhead_cost"), default=0)
    gp_fte = models.FloatField(centre_label("gp_fte"), default=0)
    opening_balance = models.FloatField(centre_label("opening_balance"), default=0)

    class Meta:
        verbose_name = _("centre's facts")
        verbose_name_plural = _("centres' facts")
        ordering = ["dataset", "position"]
        constraints = [
            models.UniqueConstraint(fields=["dataset", "centre"], name="one_row_per_centre_in_dataset"),
        ]

    def __str__(self) -> str:
        return f"{self.name} in {self.dataset}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ImmutableError("Dataset rows never change after they are stored.")
        super().save(*args, **kwargs)


class Outturn(models.Model):
    """Booked results (*utfall*) of a region's result units for one year, as an analyst uploaded them:
    what the books say, beside what the model says of that year. Versioned like datasets: an upload
    makes each year it holds that year's *current* outturn, and the version it replaces *previous*
    (which can be made current again); its rows never change."""

    class Status(models.TextChoices):
        CURRENT = "current", _("current")
        PREVIOUS = "previous", _("previous")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="outturns", verbose_name=_("region"))
    year = models.PositiveIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CURRENT)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    source_filename = models.CharField(_("file name"), max_length=255, blank=True)
    checksum = models.CharField(_("checksum"), max_length=64, help_text=_("SHA-256 of the rows as stored."))
    is_demo = models.BooleanField(
        _("demo data"), default=False, help_text=_("Synthetic demo data, marked as such wherever shown.")
    )

    class Meta:
        verbose_name = _("outturn")
        verbose_name_plural = _("outturns")
        ordering = ["region", "-year", "-uploaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year"], condition=models.Q(status="current"), name="one_current_outturn_per_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region.code} {self.year}: {self.source_filename or self.pk}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ImmutableError("An outturn never changes after it is stored; upload a new one.")
        super().save(*args, **kwargs)


class OutturnRow(models.Model):
    """One result unit's booked year: its result (after the return requirement, as R19's unit
    result) and its balance at year end, in SEK."""

    outturn = models.ForeignKey(Outturn, on_delete=models.CASCADE, related_name="rows", verbose_name=_("outturn"))
    position = models.PositiveIntegerField(_("row"), help_text=_("Row order in the source file."))
    unit = models.CharField(_("result unit"), max_length=TEXT_LIMITS["unit"])
    result_sek = models.FloatField(_("result (SEK)"))
    balance_close_sek = models.FloatField(_("balance at year end (SEK)"))

    class Meta:
        verbose_name = _("booked result")
        verbose_name_plural = _("booked results")
        ordering = ["outturn", "position"]
        constraints = [models.UniqueConstraint(fields=["outturn", "unit"], name="one_row_per_unit_in_outturn")]

    def __str__(self) -> str:
        return f"{self.unit} in {self.outturn}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ImmutableError("Outturn rows never change after they are stored.")
        super().save(*args, **kwargs)
