"""The home page's figures: every region's baseline, run through the one scenario service.

They are read from the summary stored beside each baseline's projection (``projection_summary``):
the region rows and the base year's centre rows, so that neither the home page nor ``/national/``
unpacks and parses a whole projection (11 MB of JSON for the 1 200-centre national region)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from healthcentres.models import Dataset
from healthcentres.selectors import dataset_summaries, datasets_current
from regions.models import Region
from regions.selectors import region_list
from simulation.core.projection_summary import base_year_centres
from simulation.core.scenario import ScenarioInvalid
from simulation.presentation.dashboards import cost_views_note
from simulation.services.projections import scenario_stored
from simulation.services.selectors import scenario_baselines

#: Centres the home page lists of a region. Every centre would make the page grow with the regions
#: (1 200 rows, most of its 270 KB, for the national one); a larger region lists those with the
#: lowest base-year result and links to its overview, which pages through them all.
HOME_CENTRES = 10


@dataclass(frozen=True)
class RegionOverview:
    region: Region
    dataset: Dataset | None
    summary: dict[str, Any] | None
    first_year: dict[str, Any] | None  # projection region row of the base year
    last_year: dict[str, Any] | None
    #: Base-year centre rows of the baseline: all of them, or the ``HOME_CENTRES`` lowest results.
    centres: list[dict[str, Any]]
    problem: str = ""
    #: In words, when net cost and the consolidated cost tell different stories over the horizon.
    cost_note: str = ""
    #: How many centres the base year has (more than ``centres`` holds when the list is cut).
    centre_count: int = 0

    @property
    def lists_some(self) -> bool:
        """Whether ``centres`` is only the lowest results, not every centre."""
        return len(self.centres) < self.centre_count


def region_overview_list() -> list[RegionOverview]:
    """Key figures of every region's baseline, read from its stored summary (nothing recomputed here).
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
        summarised = scenario_stored(baselines[region.pk], summary_only=True).summarised()
    except ScenarioInvalid as invalid:
        return RegionOverview(region, dataset, summary, None, None, [], "; ".join(map(str, invalid.problems)))
    run = summarised["runs"][0]
    rows = base_year_centres(run)
    shown = rows if len(rows) <= HOME_CENTRES else sorted(rows, key=lambda row: row["result"])[:HOME_CENTRES]
    # Names from the run's own document (as its stored summary has it): the same centres, read in
    # the same query, and no document built or validated.
    names = {c["id"]: c for c in summarised["document"]["centres"]}
    centres = [
        row | {"name": names[row["centre_id"]]["name"], "municipality": names[row["centre_id"]]["municipality"]}
        for row in shown
    ]
    return RegionOverview(
        region,
        dataset,
        summary,
        run["region"][0],
        run["region"][-1],
        centres,
        cost_note=cost_views_note(run),
        centre_count=len(rows),
    )
