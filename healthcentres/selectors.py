from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Sum

from healthcentres.models import CentreFacts, Dataset, Outturn, OutturnRow
from healthcentres.services import FACT_FIELDS
from regions.models import Region
from regions.selectors import rulebook_for_year
from simulation.core.engine.inputs import FORMS
from simulation.core.scenario import SCHEMA, Problem, ScenarioInvalid
from simulation.core.scenario.fields import CENTRE_RECORD
from simulation.core.summary import market_shares


def dataset_current(region: Region) -> Dataset | None:
    """The region's current dataset: the latest year's published one (None before any is)."""
    return region.datasets.filter(status=Dataset.Status.CURRENT).first()


def datasets_in_history(region: Region):
    """The region's history: its published dataset of each base year (the latest is the current
    data), oldest year first."""
    return region.datasets.filter(status__in=Dataset.IN_HISTORY).order_by("base_year")


def dataset_compared(dataset: Dataset) -> Dataset | None:
    """What publishing ``dataset`` is measured against: the dataset it would replace in its year;
    for one published for an earlier year (which publishing again makes current), the current
    data; for a year the history does not have yet, the published year nearest it (the current
    data for a new latest year). None for the current dataset, or before anything is published."""
    if dataset.status == Dataset.Status.CURRENT:
        return None
    history = [d for d in datasets_in_history(dataset.region) if d.pk != dataset.pk]
    if dataset.status == Dataset.Status.PUBLISHED:
        return next((d for d in history if d.status == Dataset.Status.CURRENT), None)
    same_year = next((d for d in history if d.base_year == dataset.base_year), None)
    if same_year is not None or not history:
        return same_year
    return min(history, key=lambda d: (abs(d.base_year - dataset.base_year), -d.base_year))


def dataset_document(dataset: Dataset, name: str | None = None, description: str = "") -> dict[str, Any]:
    """The region's plain rules on ``dataset``: the runnable document (spec §2) of the region's
    rulebook in force in the dataset's base year and the dataset's centres, with no scenario's
    changes. A scenario's document is this with its overrides, levers and variants on top."""
    rulebook = rulebook_for_year(dataset.region, dataset.base_year)
    if rulebook is None:
        raise ScenarioInvalid([Problem("compensation", f"region {dataset.region.code} has no rulebook yet")])
    return {
        "schema": SCHEMA,
        "name": dataset.name if name is None else name,
        "description": description,
        "region": {"code": dataset.region.code, "name": dataset.region.name},
        "base_year": dataset.base_year,
        **copy.deepcopy(rulebook.rules),
        "levers": [],
        "variants": [],
        "centres": dataset_centre_records(dataset),
    }


#: A dataset's rows never change once stored, so each process reads them once; keyed by the rows'
#: checksum too, since a deleted dataset's id may be reused.
_records: OrderedDict[tuple[int, str], list[dict[str, Any]]] = OrderedDict()
_records_lock = threading.Lock()
RECORDS_KEPT = 16


def dataset_centre_records(dataset: Dataset) -> list[dict[str, Any]]:
    """The dataset's rows as centre records of the scenario document (spec §2.1); the caller's own
    copies."""
    key = (dataset.pk, dataset.checksum)
    with _records_lock:
        records = _records.get(key)
        if records is not None:
            _records.move_to_end(key)
    if records is None:
        rows = dataset.rows.select_related("centre").order_by("position")
        records = [{"id": row.centre.code} | {field: getattr(row, field) for field in FACT_FIELDS} for row in rows]
        with _records_lock:
            _records[key] = records
            while len(_records) > RECORDS_KEPT:
                _records.popitem(last=False)
    return [dict(record) for record in records]


def dataset_summary(dataset: Dataset) -> dict[str, Any]:
    """Centres and listed patients, in total and by operating form with its market share."""
    return dataset_summaries([dataset])[dataset.pk]


def dataset_summaries(datasets: list[Dataset]) -> dict[int, dict[str, Any]]:
    """dataset_summary of many datasets in one query (list endpoints must not query per row)."""
    summaries = {
        d.pk: {"centres": 0, "listed": 0.0, "by_form": {f: {"centres": 0, "listed": 0.0} for f in FORMS}}
        for d in datasets
    }
    rows = (
        CentreFacts.objects.filter(dataset__in=list(summaries))
        .values("dataset_id", "operating_form")
        .annotate(centres=Count("id"), listed=Sum("listed"))
    )
    for row in rows:
        summary = summaries[row["dataset_id"]]
        summary["by_form"][row["operating_form"]] = {"centres": row["centres"], "listed": row["listed"] or 0.0}
        summary["centres"] += row["centres"]
        summary["listed"] += row["listed"] or 0.0
    for summary in summaries.values():
        shares = market_shares({form: figures["listed"] for form, figures in summary["by_form"].items()})
        for form, share in shares.items():
            summary["by_form"][form]["market_share"] = share
    return summaries


#: Columns whose totals a dataset's review compares: what a centre spends and holds, and how many
#: are listed (rates and shares have no meaningful total).
TOTALLED_FIELDS = tuple(
    f.name for f in CENTRE_RECORD if f.kind == "number" and (f.unit in ("SEK", "SEK per year", "persons"))
)


def dataset_column_totals(dataset: Dataset) -> dict[str, float]:
    """Each money column's total over the dataset's centres, and the listed patients': the input
    data as the file gave it (no figure of the projection)."""
    totals = CentreFacts.objects.filter(dataset=dataset).aggregate(**{name: Sum(name) for name in TOTALLED_FIELDS})
    return {name: float(totals[name] or 0.0) for name in TOTALLED_FIELDS}


def datasets_current(regions: list[Region]) -> dict[int, Dataset]:
    """The current dataset of each region (as dataset_current), in one query."""
    return {d.region_id: d for d in Dataset.objects.filter(region__in=regions, status=Dataset.Status.CURRENT)}


#: The fields a dataset's review compares, in the order of the upload template (the one field table).
COMPARED_FIELDS = tuple(f.name for f in CENTRE_RECORD if f.name != "id")


@dataclass(frozen=True)
class CentreChange:
    id: str
    name: str
    changes: tuple[tuple[str, Any, Any], ...]  # (field, before, after)


@dataclass(frozen=True)
class DatasetChanges:
    """What publishing ``dataset`` would change against ``against`` (the region's current data)."""

    added: list[dict[str, Any]]  # centre records only in the dataset
    removed: list[dict[str, Any]]  # centre records only in ``against``
    changed: list[CentreChange]

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.removed or self.changed)


def dataset_changes(dataset: Dataset, against: Dataset | None) -> DatasetChanges:
    """Centres added, removed and changed (every field of the record that differs), matched by id."""
    mine = {r["id"]: r for r in dataset_centre_records(dataset)}
    theirs = {r["id"]: r for r in dataset_centre_records(against)} if against is not None else {}
    changed = []
    for code, record in mine.items():
        before = theirs.get(code)
        if before is None:
            continue
        differences = tuple((f, before[f], record[f]) for f in COMPARED_FIELDS if before[f] != record[f])
        if differences:
            changed.append(CentreChange(code, record["name"], differences))
    return DatasetChanges(
        added=[r for code, r in mine.items() if code not in theirs],
        removed=[r for code, r in theirs.items() if code not in mine],
        changed=changed,
    )


def datasets_visible(region: Region, editor: bool):
    """A region's datasets, newest first: drafts only for those who may publish them."""
    datasets = region.datasets.select_related("uploaded_by", "published_by").order_by("-uploaded_at", "-id")
    return datasets if editor else datasets.exclude(status=Dataset.Status.DRAFT)


def outturn_booked(region: Region) -> dict[int, dict[str, tuple[float, float]]]:
    """The current outturn of each year: unit → (booked result, balance at year end), SEK."""
    booked: dict[int, dict[str, tuple[float, float]]] = {}
    rows = OutturnRow.objects.filter(outturn__region=region, outturn__status=Outturn.Status.CURRENT).values_list(
        "outturn__year", "unit", "result_sek", "balance_close_sek"
    )
    for year, unit, result, balance in rows:
        booked.setdefault(year, {})[unit] = (result, balance)
    return dict(sorted(booked.items()))


def outturns_visible(region: Region):
    """Every version of the region's outturn, the latest year and upload first, with its row count."""
    return region.outturns.select_related("uploaded_by").annotate(
        unit_count=Count("rows"), result_total=Sum("rows__result_sek")
    )
