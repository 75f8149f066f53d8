"""Saved scenarios: a dataset, plus the region's rulebook, plus the scenario's own changes."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from healthcentres.models import Dataset
from regions.models import Region


class LiveScenarios(models.Manager):
    """Scenarios that have not been deleted: what every page, list and API sees."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Scenario(models.Model):
    """A saved scenario: a dataset, plus the region's rulebook, plus its own changes. Every write
    raises ``version`` and is kept in its history (``ScenarioVersion``); deleting only hides it
    (``deleted_at``) so that an administrator can restore it."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="scenarios", verbose_name=_("region"))
    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="scenarios", verbose_name=_("dataset"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    overrides = models.JSONField(
        _("rule changes"),
        default=dict,
        blank=True,
        help_text=_("Deep-merged over the rulebook (scenario document §2 keys)."),
    )
    levers = models.JSONField(_("levers"), default=list, blank=True)
    variants = models.JSONField(_("variants"), default=list, blank=True)
    preset = models.SlugField(
        _("preset"),
        max_length=60,
        blank=True,
        help_text=_("Key of a built-in preset (demo data); empty for saved scenarios."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised on every write (optimistic concurrency).")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("updated by"),
    )
    deleted_at = models.DateTimeField(
        _("deleted"), null=True, blank=True, help_text=_("Set when deleted; cleared on restore.")
    )
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("deleted by"),
    )

    objects = LiveScenarios()
    all_objects = models.Manager()  # noqa: DJ012 (two managers: the live ones first, so they are the default)

    class Meta:
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")
        ordering = ["region", "name"]
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                condition=models.Q(deleted_at__isnull=True),
                name="scenario_name_unique_per_region",
            ),
            models.UniqueConstraint(
                fields=["region", "preset"],
                condition=~models.Q(preset=""),
                name="one_preset_per_key_per_region",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region.code}: {self.name}"

    @property
    def is_preset(self) -> bool:
        return bool(self.preset)


class ScenarioVersion(models.Model):
    """A scenario as it was after one write: its history, and what two versions are compared by."""

    scenario = models.ForeignKey(
        Scenario, on_delete=models.CASCADE, related_name="versions", verbose_name=_("scenario")
    )
    version = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="+", verbose_name=_("dataset"))
    overrides = models.JSONField(_("rule changes"), default=dict, blank=True)
    levers = models.JSONField(_("levers"), default=list, blank=True)
    variants = models.JSONField(_("variants"), default=list, blank=True)

    class Change(models.TextChoices):
        CREATED = "created", _("created")
        EDITED = "edited", _("edited")
        RENAMED = "renamed", _("renamed")
        REBASED = "rebased", _("moved to the current data")
        CLONED = "cloned", _("created as a copy")

    change = models.CharField(_("change"), max_length=20, choices=Change.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("changed by")
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("scenario version")
        verbose_name_plural = _("scenario versions")
        ordering = ["scenario", "-version"]
        constraints = [models.UniqueConstraint(fields=["scenario", "version"], name="one_row_per_scenario_version")]

    def __str__(self) -> str:
        return f"{self.scenario} v{self.version}"


class CachedProjection(models.Model):
    """A scenario's projection, keyed by the versions of what determines it (data, rules, scenario,
    region, engine and code: ``simulation.services.projections.projection_key``), so that a hit
    needs no document built or validated and an edit of any of them never serves a stale one.

    ``body`` is the projection's JSON (``json_bytes``), gzipped: served as stored to clients that
    accept gzip. ``summary`` is what the comparison shows (``projection_summary``), gzipped JSON.
    ``cells`` and ``values`` are the work and size the request bounds measure, kept so that a hit
    is checked against a bound without preparing the document."""

    key = models.CharField(_("key"), max_length=64, unique=True)
    engine_version = models.CharField(_("engine version"), max_length=20)
    body = models.BinaryField(_("projection (gzipped JSON)"))
    summary = models.BinaryField(_("summary (gzipped JSON)"))
    cells = models.BigIntegerField(_("cells"), default=0)
    values = models.BigIntegerField(_("values"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("cached projection")
        verbose_name_plural = _("cached projections")

    def __str__(self) -> str:
        return f"projection {self.key[:12]} (engine {self.engine_version})"


def new_job_id() -> str:
    """Opaque and unguessable: a job is found by its id, and only its owner may see it."""
    return secrets.token_urlsafe(16)


class Job(models.Model):
    """An analysis that runs in the background (spec §9): its request, state, progress and result."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    id = models.CharField(_("id"), primary_key=True, max_length=32, default=new_job_id, editable=False)
    kind = models.CharField(_("kind"), max_length=20)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("owner")
    )
    request = models.JSONField(_("request"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(_("progress"), default=0.0, help_text=_("Share of the evaluations done, 0–1."))
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    result = models.JSONField(_("result"), null=True, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    #: The last sign of life of whoever runs it: a running job whose heartbeat is stale has lost
    #: its worker and may be taken over (tasks are idempotent).
    heartbeat = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    #: The process that runs the job, or will (host:pid:start): a job whose process has died is
    #: cancelled at once, and taken up again when a web process starts (simulation.services.jobs).
    runner = models.CharField(_("runner"), max_length=200, blank=True, default="")
    #: Sobol on workers: how many chunks of evaluations (JobChunk) make the whole sample.
    chunks_total = models.PositiveIntegerField(_("chunks"), default=0)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.kind} job {self.id} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.CANCELLED)


class JobChunk(models.Model):
    """The metric values of one chunk of a job's evaluations, stored once whoever computed them
    (a retried chunk writes the same values again), gathered in order when all are in."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="chunks", verbose_name=_("job"))
    index = models.PositiveIntegerField(_("number"))
    values = models.JSONField(_("values"))

    class Meta:
        verbose_name = _("job chunk")
        verbose_name_plural = _("job chunks")
        constraints = [models.UniqueConstraint(fields=["job", "index"], name="one_result_per_chunk")]
        ordering = ["index"]

    def __str__(self) -> str:
        return f"chunk {self.index} of job {self.job_id}"
