"""Moving saved scenarios to their region's current data, one or all at once: each move is a new
version (the old one, on the data it was saved with, stays in the history)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from healthcentres.selectors import dataset_current
from regions.models import Region
from simulation.core.scenario import Problem, ScenarioInvalid
from simulation.models import Scenario
from simulation.services.scenarios import StaleWrite, scenario_update


def scenario_rebase(*, scenario: Scenario, expected_version: int, user) -> Scenario:
    """Run the scenario on its region's current dataset from now on: a new version (the old one,
    on the data it was saved with, stays in the history)."""
    if scenario.is_preset:
        raise ScenarioInvalid([Problem("dataset", "a preset always runs on the region's current data")])
    current = dataset_current(scenario.region)
    if current is None or current.pk == scenario.dataset_id:
        raise ScenarioInvalid([Problem("dataset", "the scenario already runs on the region's current data")])
    return scenario_update(
        scenario_id=scenario.pk,
        expected_version=expected_version,
        changes={"dataset": current},
        user=user,
        change="rebased",
    )


@dataclass(frozen=True)
class RebaseAll:
    """What moving a region's saved scenarios to its current data did: the scenarios moved (each
    as a new version) and those the current data refuses, with why (they keep their data)."""

    moved: list[Scenario]
    refused: list[tuple[Scenario, list[Problem]]]


def scenarios_on_older_data(region: Region) -> list[Scenario]:
    """The region's saved scenarios (not presets: they follow the data) on other than its current data."""
    current = dataset_current(region)
    if current is None:
        return []
    return list(region.scenarios.filter(preset="").exclude(dataset=current).select_related("dataset").order_by("name"))


@transaction.atomic
def scenario_rebase_all(*, region: Region, user) -> RebaseAll:
    """Move every saved scenario of the region that runs on older data to its current data, each
    as a new version (``scenario_rebase``: the old versions stay in their histories). A scenario
    the current data refuses (a lever naming a centre it no longer has, say), or that someone
    changed meanwhile, is left exactly as it was and listed with why."""
    moved, refused = [], []
    for scenario in scenarios_on_older_data(region):
        try:
            with transaction.atomic():
                moved.append(scenario_rebase(scenario=scenario, expected_version=scenario.version, user=user))
        except ScenarioInvalid as invalid:
            refused.append((scenario, list(invalid.problems)))
        except StaleWrite as stale:
            refused.append((scenario, [Problem("version", str(stale))]))
    return RebaseAll(moved, refused)
