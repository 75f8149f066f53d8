from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from healthcentres.models import Dataset
from healthcentres.selectors import dataset_current
from regions.models import Region
from regions.selectors import region_get
from simulation.core.scenario import Problem, ScenarioInvalid, prepare
from simulation.models import Scenario, ScenarioVersion
from simulation.pages.builder import Kept, kept_parts
from simulation.presentation import describe
from simulation.services.scenarios import VERSIONED_FIELDS, scenario_dataset, scenario_document

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
    """Centre code → name in a dataset."""
    return {row.centre.code: row.name for row in dataset.rows.select_related("centre")}


@dataclass(frozen=True)
class BuilderStart:
    """Where the builder starts: a saved scenario (its data, its whole document, what the form
    cannot show), or the region's rules on its current data."""

    region: Region
    dataset: Dataset | None
    scenario: Scenario | None  # the saved scenario being edited, if any
    document: dict[str, Any] | None  # normalised: the form's starting values
    kept: Kept
    egen_regi: list[tuple[str, str]]  # (id, name) of the centres a conversion may pick
    problems: tuple[Problem, ...] = ()

    @property
    def years(self) -> tuple[int, int]:
        first = self.document["base_year"]
        return first, first + self.document["horizon"] - 1


def builder_start(code: str, scenario_id: Any = None) -> BuilderStart:
    """The builder's starting point for ``?scenario=ID`` (a live scenario of the region) or none."""
    region = region_get(code)
    scenario = None
    if scenario_id is not None and str(scenario_id).isdigit():
        scenario = region.scenarios.select_related("dataset").filter(pk=int(scenario_id)).first()
    dataset = scenario_dataset(scenario) if scenario is not None else dataset_current(region)
    if dataset is None:
        return BuilderStart(region, None, None, None, Kept(), [])
    start = scenario or Scenario(region=region, dataset=dataset, name=_("New scenario"))
    try:
        document = prepare(scenario_document(start)).document
    except ScenarioInvalid as invalid:
        return BuilderStart(region, dataset, scenario, None, Kept(), [], tuple(invalid.problems))
    kept = kept_parts(scenario.overrides, scenario.levers) if scenario is not None else Kept()
    egen_regi = [(c["id"], c["name"]) for c in document["centres"] if c["operating_form"] == "egen_regi"]
    return BuilderStart(region, dataset, scenario, document, kept, egen_regi)


def scenario_versions_difference(scenario: Scenario, chosen: list[ScenarioVersion]) -> dict[str, Any]:
    """What differs between two versions of a scenario: name, data, and every parameter in words
    (each version run through the validator as it was saved; one that no longer validates is
    listed under ``problems`` instead)."""
    documents, problems = [], []
    for version in chosen:
        as_it_was = Scenario(region=scenario.region, **{f: getattr(version, f) for f in VERSIONED_FIELDS})
        try:
            documents.append(prepare(scenario_document(as_it_was)).document)
        except ScenarioInvalid as invalid:
            problems += [f"v{version.version}: {p}" for p in invalid.problems]
    rows = []
    if chosen[0].name != chosen[1].name:
        rows.append({"parameter": _("Name"), "values": [v.name for v in chosen]})
    if chosen[0].dataset_id != chosen[1].dataset_id:
        rows.append({"parameter": _("Data"), "values": [v.dataset.name for v in chosen]})
    if len(documents) == 2:
        rows += describe.parameter_differences(documents)
    return {"rows": rows, "problems": problems}
