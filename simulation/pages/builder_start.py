"""Where the scenario builder starts: a saved scenario, or the region's rules on its current data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from common.query import whole_number
from healthcentres.models import Dataset
from healthcentres.selectors import dataset_current
from regions.models import Region
from regions.selectors import region_get
from simulation.core.scenario import Problem, ScenarioInvalid, prepare
from simulation.models import Scenario
from simulation.pages.builder_levers import Kept, kept_parts
from simulation.services.scenarios import scenario_dataset, scenario_document


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
    chosen = whole_number(scenario_id)
    if chosen is not None:
        scenario = region.scenarios.select_related("dataset").filter(pk=chosen).first()
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
