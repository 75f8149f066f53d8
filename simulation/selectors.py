from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from healthcentres.models import Dataset
from healthcentres.selectors import dataset_current, dataset_summary
from regions.models import Region
from regions.selectors import region_list

from .models import Scenario
from .scenario import ScenarioInvalid
from .services import scenario_projection

BASELINE_PRESET = "baseline"


def scenario_baseline(region: Region, dataset: Dataset) -> Scenario:
    """The region's baseline: its baseline preset, or an unsaved scenario of plain rules and data."""
    preset = region.scenarios.filter(preset=BASELINE_PRESET, dataset=dataset).first()
    return preset or Scenario(region=region, dataset=dataset, name="Basscenario")


@dataclass(frozen=True)
class RegionOverview:
    region: Region
    dataset: Dataset | None
    summary: dict[str, Any] | None
    first_year: dict[str, Any] | None  # projection region row of the base year
    last_year: dict[str, Any] | None
    centres: list[dict[str, Any]]  # base-year centre rows of the baseline projection
    problem: str = ""


def region_overview(region: Region) -> RegionOverview:
    """Key figures of a region's baseline, read from its projection (nothing recomputed here)."""
    dataset = dataset_current(region)
    if dataset is None:
        return RegionOverview(region, None, None, None, None, [])
    summary = dataset_summary(dataset)
    try:
        projection = scenario_projection(scenario_baseline(region, dataset))
    except ScenarioInvalid as invalid:
        return RegionOverview(region, dataset, summary, None, None, [], "; ".join(map(str, invalid.problems)))
    run = projection["runs"][0]
    names = {row.centre.code: row for row in dataset.rows.select_related("centre")}
    base_year = projection["base_year"]
    centres = [
        row | {"name": names[row["centre_id"]].name, "municipality": names[row["centre_id"]].municipality}
        for row in run["centres"]
        if row["year"] == base_year
    ]
    return RegionOverview(region, dataset, summary, run["region"][0], run["region"][-1], centres)


def region_overview_list() -> list[RegionOverview]:
    return [region_overview(region) for region in region_list()]
