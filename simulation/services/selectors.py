from __future__ import annotations

from django.utils.translation import gettext as _

from healthcentres.models import Dataset
from healthcentres.selectors import dataset_centre_records
from regions.models import Region
from simulation.core.scenario import ScenarioInvalid, prepare
from simulation.models import Scenario, ScenarioVersion
from simulation.services.scenarios import VERSIONED_FIELDS, scenario_document

BASELINE_PRESET = "baseline"


def scenario_baseline(region: Region, dataset: Dataset) -> Scenario:
    """The region's baseline on ``dataset``, "Dagens regler och data": on the current dataset its
    baseline preset (a preset always runs on the current data), on any other dataset — the one a
    saved scenario keeps, say — or without a preset an unsaved scenario of plain rules and data."""
    return scenario_baselines({region.pk: dataset}, [region])[region.pk]


def scenario_baselines(datasets: dict[int, Dataset], regions: list[Region]) -> dict[int, Scenario]:
    """scenario_baseline of many regions (region id → its dataset) in one query."""
    current = {
        region_id: dataset
        for region_id, dataset in datasets.items()
        if dataset is not None and dataset.status == Dataset.Status.CURRENT
    }
    presets = {
        s.region_id: s
        for s in Scenario.objects.filter(preset=BASELINE_PRESET, region_id__in=list(current)).select_related(
            "region", "dataset"
        )
    }
    return {
        region.pk: presets.get(region.pk)
        or Scenario(region=region, dataset=datasets[region.pk], name=_("Current rules and data"))
        for region in regions
        if datasets.get(region.pk) is not None
    }


def centre_names(dataset: Dataset) -> dict[str, str]:
    """Centre code → name in a dataset: from the rows each process reads once per dataset (a
    national dataset's 1 200 rows took 60 ms to read again for every page)."""
    return {record["id"]: record["name"] for record in dataset_centre_records(dataset)}


def scenario_version_documents(scenario: Scenario, chosen: list[ScenarioVersion]) -> tuple[list[dict], list[str]]:
    """The normalised documents of some versions of a scenario, each run through the validator as
    it was saved; a version that no longer validates is named in the problems instead."""
    documents, problems = [], []
    for version in chosen:
        as_it_was = Scenario(region=scenario.region, **{f: getattr(version, f) for f in VERSIONED_FIELDS})
        try:
            documents.append(prepare(scenario_document(as_it_was)).document)
        except ScenarioInvalid as invalid:
            problems += [f"v{version.version}: {p}" for p in invalid.problems]
    return documents, problems
