"""Storing datasets: validated with the scenario validator, written in one transaction."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from healthcentres.models import CentreFacts, Dataset, HealthCentre
from healthcentres.uploads.reading import ImportRefused, RowProblem, read_centre_file, rows_problems
from regions.models import Region
from regions.services import audit_record
from simulation.core.errors import DomainError
from simulation.core.scenario import ScenarioInvalid, validate_centres

MAX_FILENAME = Dataset._meta.get_field("source_filename").max_length
MAX_NAME = Dataset._meta.get_field("name").max_length
#: Stricter than a document's text: no tab or line break either, in a file name.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
DESCRIPTIVE_FIELDS = ("name", "municipality", "operating_form", "unit", "rural")
FACT_FIELDS = tuple(
    f.name for f in CentreFacts._meta.concrete_fields if f.name not in ("id", "dataset", "centre", "position")
)


def rows_checksum(centres: Sequence[Mapping]) -> str:
    """SHA-256 of the validated rows, independent of how the file spelled its numbers."""
    canonical = json.dumps(list(centres), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def dataset_create(
    *,
    region: Region,
    base_year: int,
    name: str,
    rows: Sequence[Mapping],
    source_filename: str = "",
    uploaded_by: AbstractBaseUser | None = None,
    is_demo: bool = False,
) -> Dataset:
    """Validate centre rows (spec §2.1) and store them as a new, immutable *draft* dataset: it
    changes nothing anyone sees until it is published (``dataset_publish``).

    Raises ScenarioInvalid, with paths ``centres[i].field``, before anything is written. Centres are
    matched to the region's health centres by code; a new code makes a new health centre.
    """
    centres = validate_centres(rows, base_year)
    with transaction.atomic():
        dataset = Dataset.objects.create(
            region=region,
            base_year=base_year,
            name=name,
            source_filename=source_filename,
            uploaded_by=uploaded_by,
            checksum=rows_checksum(centres),
            is_demo=is_demo,
        )
        codes = [c["id"] for c in centres]
        # New centres in one statement that skips codes another upload created meanwhile (the unique
        # constraint decides, so parallel uploads of the same new centre both succeed), then read back.
        HealthCentre.objects.bulk_create(
            [HealthCentre(region=region, code=row["id"], **{f: row[f] for f in DESCRIPTIVE_FIELDS}) for row in centres],
            ignore_conflicts=True,
        )
        known = {c.code: c for c in HealthCentre.objects.filter(region=region, code__in=codes)}
        CentreFacts.objects.bulk_create(
            CentreFacts(dataset=dataset, centre=known[row["id"]], position=position, **{f: row[f] for f in FACT_FIELDS})
            for position, row in enumerate(centres)
        )
    return dataset


class DatasetStateRefused(DomainError):
    """The dataset is not in a state that allows this (publish a current one, delete a published one)."""

    status = 409
    path = "status"


class DatasetGone(DomainError):
    """The dataset was deleted by someone else between the request and its turn (a race)."""

    status = 404
    path = ""


def _gone() -> DatasetGone:
    return DatasetGone(_("The dataset no longer exists: someone deleted it a moment ago."))


def dataset_publish(*, dataset: Dataset, user: AbstractBaseUser | None) -> Dataset:
    """Publish a draft, or a previous dataset again (undo), for its base year, in one transaction:
    the dataset published for that year becomes previous. The latest published year is the region's
    current data: a dataset of a later year than the current one takes its place (which stays
    published, in the history), one of an earlier year is published beside it and changes nothing
    about the current data. A dataset published for an earlier year that is published again becomes
    the current data once more: every later year's dataset becomes previous (undo of publishing a
    new year). The health centres take the names, forms and units of the current data's rows, and
    the change is recorded (who, when)."""
    with transaction.atomic():
        locked = list(Dataset.objects.select_for_update().filter(region_id=dataset.region_id).order_by("pk"))
        dataset = next((d for d in locked if d.pk == dataset.pk), None)
        if dataset is None:  # a delete that held the row committed first
            raise _gone()
        if dataset.status == Dataset.Status.CURRENT:
            raise DatasetStateRefused(f"{dataset.name} is already the region's current dataset.")
        replaced, becomes = publish_plan(dataset, locked)
        # Those that leave their place first: each partial unique constraint holds after every statement.
        for other, status in replaced:
            Dataset.objects.filter(pk=other.pk).update(status=status)
        Dataset.objects.filter(pk=dataset.pk).update(
            status=becomes, published_at=timezone.now(), published_by=user_or_none(user)
        )
        if becomes == Dataset.Status.CURRENT:
            _centres_follow(dataset)
        parts = _publish_summary(dataset, [other for other, _status in replaced])
        audit_record(region=dataset.region, user=user, action="dataset.publish", obj=dataset, parts=parts)
    dataset.refresh_from_db()
    return dataset


def publish_plan(dataset: Dataset, datasets: list[Dataset]) -> tuple[list[tuple[Dataset, str]], str]:
    """What publishing ``dataset`` does to the region's other ``datasets`` — (dataset, its new
    status) for each whose status changes — and the status ``dataset`` takes."""
    history = {d.base_year: d for d in datasets if d.status in Dataset.IN_HISTORY and d.pk != dataset.pk}
    if dataset.status == Dataset.Status.PUBLISHED:
        later = [d for year, d in history.items() if year > dataset.base_year]
        return [(d, Dataset.Status.PREVIOUS) for d in later], Dataset.Status.CURRENT
    replaced: list[tuple[Dataset, str]] = []
    same_year = history.pop(dataset.base_year, None)
    if same_year is not None:
        replaced.append((same_year, Dataset.Status.PREVIOUS))
    if history and max(history) > dataset.base_year:
        return replaced, Dataset.Status.PUBLISHED
    current = next((d for d in history.values() if d.status == Dataset.Status.CURRENT), None)
    if current is not None:
        replaced.append((current, Dataset.Status.PUBLISHED))
    return replaced, Dataset.Status.CURRENT


def _publish_summary(dataset: Dataset, replaced: list[Dataset]) -> list[tuple[str, dict]]:
    """The change log's words (as parts: they read in the reader's language): what was published,
    whether again, and what it replaced (in its year, or as the current data)."""
    named = {"name": dataset.name, "year": dataset.base_year}
    if dataset.status in (Dataset.Status.PREVIOUS, Dataset.Status.PUBLISHED):
        parts = [(gettext_noop("%(name)s (%(year)s) published again"), named)]
    else:
        parts = [(gettext_noop("%(name)s (%(year)s) published"), named)]
    if replaced:
        parts.append((gettext_noop(", replacing %(name)s"), {"name": ", ".join(d.name for d in replaced)}))
    return parts


def dataset_delete(*, dataset: Dataset, user: AbstractBaseUser | None) -> None:
    """Delete a draft and the health centres only it named; a published dataset is kept for good
    (scenarios and reports point at it)."""
    with transaction.atomic():
        dataset = Dataset.objects.select_for_update().filter(pk=dataset.pk).first()
        if dataset is None:
            raise _gone()
        if dataset.status != Dataset.Status.DRAFT:
            raise DatasetStateRefused("Only a draft can be deleted; a published dataset is kept for traceability.")
        centre_ids = list(dataset.rows.values_list("centre_id", flat=True))
        deleted = (gettext_noop("Draft %(name)s (%(year)s) deleted"), {"name": dataset.name, "year": dataset.base_year})
        audit_record(region=dataset.region, user=user, action="dataset.delete", obj=dataset, parts=[deleted])
        dataset.rows.all().delete()
        Dataset.objects.filter(pk=dataset.pk).delete()
        HealthCentre.objects.filter(pk__in=centre_ids, facts__isnull=True).delete()


def _centres_follow(dataset: Dataset) -> None:
    """The region's health centres take the descriptive attributes of the published rows."""
    for row in dataset.rows.select_related("centre"):
        centre = row.centre
        descriptive = {field: getattr(row, field) for field in DESCRIPTIVE_FIELDS}
        if any(getattr(centre, f) != v for f, v in descriptive.items()):
            HealthCentre.objects.filter(pk=centre.pk).update(**descriptive)


def user_or_none(user):
    return user if user is not None and user.is_authenticated else None


def refuse_filename(filename: str) -> None:
    """An uploaded file's name must fit the record and hold no control characters."""
    if len(filename) > MAX_FILENAME or _CONTROL.search(filename):
        raise ImportRefused(
            [
                RowProblem(
                    None,
                    None,
                    _("Give the file a shorter plain name (at most %(most)s characters).") % {"most": MAX_FILENAME},
                )
            ]
        )


def dataset_import(
    *,
    region: Region,
    filename: str,
    data: bytes,
    base_year: int,
    name: str = "",
    uploaded_by: AbstractBaseUser | None = None,
) -> Dataset:
    """Read an uploaded CSV/Excel file and store it as a new draft dataset, or refuse it whole.

    Raises ImportRefused with every problem by data row and column; nothing is stored then.
    """
    refuse_filename(filename)
    table = read_centre_file(filename, data)
    try:
        return dataset_create(
            region=region,
            base_year=base_year,
            name=name or filename[:MAX_NAME],
            rows=table.records,
            source_filename=filename,
            uploaded_by=uploaded_by,
        )
    except ScenarioInvalid as invalid:
        raise ImportRefused(rows_problems(invalid.problems, table)) from None
