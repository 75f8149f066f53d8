"""The home page's figures: every region's baseline, run through the one scenario service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from healthcentres.models import Dataset
from healthcentres.selectors import dataset_current, dataset_summary
from regions.models import Region
from regions.selectors import region_list

from .scenario import ScenarioInvalid
from .selectors import scenario_baseline
from .services import scenario_run


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
    """Key figures of a region's baseline, read from its projection (nothing recomputed here). A
    service, not a selector: the first call runs the baseline and stores it in the cache."""
    dataset = dataset_current(region)
    if dataset is None:
        return RegionOverview(region, None, None, None, None, [])
    summary = dataset_summary(dataset)
    try:
        projection = scenario_run(scenario_baseline(region, dataset)).projection
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
