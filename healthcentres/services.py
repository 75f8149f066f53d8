"""Storing datasets: validated with the scenario validator, written in one transaction."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max

from regions.models import Region
from simulation.scenario import ScenarioInvalid, validate_centres

from .importing import ImportRefused, RowProblem, read_centre_file, rows_problems
from .models import CentreFacts, Dataset, HealthCentre

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
    """Validate centre rows (spec §2.1) and store them as a new, immutable dataset.

    Raises ScenarioInvalid, with paths ``centres[i].field``, before anything is written. Centres are
    matched to the region's health centres by code; the descriptive attributes of a centre follow
    the newest base year.
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
        newest_year = region.datasets.aggregate(year=Max("base_year"))["year"]
        is_newest = newest_year is None or base_year >= newest_year
        codes = [c["id"] for c in centres]
        # New centres in one statement that skips codes another upload created meanwhile (the unique
        # constraint decides, so parallel uploads of the same new centre both succeed), then read back.
        HealthCentre.objects.bulk_create(
            [HealthCentre(region=region, code=row["id"], **{f: row[f] for f in DESCRIPTIVE_FIELDS}) for row in centres],
            ignore_conflicts=True,
        )
        known = {c.code: c for c in HealthCentre.objects.filter(region=region, code__in=codes)}
        facts = []
        for position, row in enumerate(centres):
            centre = known[row["id"]]
            descriptive = {field: row[field] for field in DESCRIPTIVE_FIELDS}
            if is_newest and any(getattr(centre, f) != v for f, v in descriptive.items()):
                for field, value in descriptive.items():
                    setattr(centre, field, value)
                centre.save(update_fields=list(DESCRIPTIVE_FIELDS))
            facts.append(
                CentreFacts(dataset=dataset, centre=centre, position=position, **{f: row[f] for f in FACT_FIELDS})
            )
        CentreFacts.objects.bulk_create(facts)
    return dataset


def dataset_import(
    *,
    region: Region,
    filename: str,
    data: bytes,
    base_year: int,
    name: str = "",
    uploaded_by: AbstractBaseUser | None = None,
) -> Dataset:
    """Read an uploaded CSV/Excel file and store it as a new dataset, or refuse it whole.

    Raises ImportRefused with every problem by data row and column; nothing is stored then.
    """
    if len(filename) > MAX_FILENAME or _CONTROL.search(filename):
        raise ImportRefused(
            [RowProblem(None, None, f"Give the file a shorter plain name (at most {MAX_FILENAME} characters).")]
        )
    rows = read_centre_file(filename, data)
    try:
        return dataset_create(
            region=region,
            base_year=base_year,
            name=name or filename[:MAX_NAME],
            rows=rows,
            source_filename=filename,
            uploaded_by=uploaded_by,
        )
    except ScenarioInvalid as invalid:
        raise ImportRefused(rows_problems(invalid.problems)) from None
