"""The home page's figures: every region's baseline, run through the one scenario service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from healthcentres.models import Dataset
from healthcentres.selectors import dataset_summaries, datasets_current
from regions.models import Region
from regions.selectors import region_list
from simulation.core.scenario import ScenarioInvalid
from simulation.presentation.dashboards import cost_views_note
from simulation.services.projections import scenario_stored
from simulation.services.selectors import scenario_baselines


@dataclass(frozen=True)
class RegionOverview:
    region: Region
    dataset: Dataset | None
    summary: dict[str, Any] | None
    first_year: dict[str, Any] | None  # projection region row of the base year
    last_year: dict[str, Any] | None
    centres: list[dict[str, Any]]  # base-year centre rows of the baseline projection
    problem: str = ""
    #: In words, when net cost and the consolidated cost tell different stories over the horizon.
    cost_note: str = ""


def region_overview_list() -> list[RegionOverview]:
    """Key figures of every region's baseline, read from its projection (nothing recomputed here).
    A service, not a selector: the first call runs each baseline and stores it in the cache. The
    datasets, their summaries and the baselines are read for all regions at once."""
    regions = region_list()
    current = datasets_current(regions)
    summaries = dataset_summaries(list(current.values()))
    baselines = scenario_baselines(current, regions)
    return [_overview(r, current.get(r.pk), summaries, baselines) for r in regions]


def _overview(region: Region, dataset: Dataset | None, summaries: dict, baselines: dict) -> RegionOverview:
    if dataset is None:
        return RegionOverview(region, None, None, None, None, [])
    summary = summaries[dataset.pk]
    try:
        stored = scenario_stored(baselines[region.pk])
    except ScenarioInvalid as invalid:
        return RegionOverview(region, dataset, summary, None, None, [], "; ".join(map(str, invalid.problems)))
    projection = stored.projection()
    run, base_year = projection["runs"][0], projection["base_year"]
    # Names from the run's own document (as its stored summary has it): the same centres, read in
    # the same query as the projection, and no document built or validated.
    names = {c["id"]: c for c in stored.summarised()["document"]["centres"]}
    centres = [
        row | {"name": names[row["centre_id"]]["name"], "municipality": names[row["centre_id"]]["municipality"]}
        for row in run["centres"]
        if row["year"] == base_year
    ]
    return RegionOverview(
        region, dataset, summary, run["region"][0], run["region"][-1], centres, cost_note=cost_views_note(run)
    )
