"""Running saved scenarios: build the runnable document, validate it, project it."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from healthcentres.models import Dataset
from healthcentres.selectors import dataset_centre_records
from regions.models import Region
from regions.selectors import rulebook_for_year

from .models import Scenario
from .projection import scenario_project
from .scenario import SCHEMA, PreparedScenario, Problem, ScenarioInvalid, deep_merge, prepare


def scenario_document(scenario: Scenario) -> dict[str, Any]:
    """The complete runnable document (spec §2): the dataset's centres, the region's rulebook for
    the dataset's base year, and the scenario's overrides, levers and variants on top."""
    dataset = scenario.dataset
    rulebook = rulebook_for_year(scenario.region, dataset.base_year)
    if rulebook is None:
        raise ScenarioInvalid([Problem("compensation", f"region {scenario.region.code} has no rulebook yet")])
    document = {
        "schema": SCHEMA,
        "name": scenario.name,
        "description": scenario.description,
        "region": {"code": scenario.region.code, "name": scenario.region.name},
        "base_year": dataset.base_year,
    }
    document |= deep_merge(rulebook.rules, scenario.overrides or {})
    document["levers"] = list(scenario.levers or [])
    document["variants"] = list(scenario.variants or [])
    document["centres"] = dataset_centre_records(dataset)
    return document


def scenario_prepare(scenario: Scenario) -> PreparedScenario:
    return prepare(scenario_document(scenario))


def scenario_projection(scenario: Scenario) -> dict[str, Any]:
    """The projection document (spec §7) of a saved scenario."""
    return scenario_project(scenario_prepare(scenario))


@transaction.atomic
def scenario_preset_save(
    *,
    region: Region,
    dataset: Dataset,
    preset: str,
    name: str,
    description: str = "",
    overrides: dict | None = None,
    levers: list | None = None,
) -> Scenario:
    """Create or refresh a built-in preset; validated as a runnable document before it is stored."""
    values = {
        "name": name,
        "description": description,
        "dataset": dataset,
        "overrides": overrides or {},
        "levers": levers or [],
        "variants": [],
    }
    scenario = Scenario.objects.select_for_update().filter(region=region, preset=preset).first()
    if scenario is None:
        scenario = Scenario(region=region, preset=preset)
    changed = scenario._state.adding or any(getattr(scenario, f) != v for f, v in values.items())
    for field, value in values.items():
        setattr(scenario, field, value)
    scenario_prepare(scenario)  # raises ScenarioInvalid before anything is written
    if changed:
        if not scenario._state.adding:
            scenario.version += 1
        scenario.save()
    return scenario
