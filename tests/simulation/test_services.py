"""The scenario services, called directly (the API and pages are thin layers over them)."""

import pytest

from simulation.core.scenario import ScenarioInvalid
from simulation.models import CachedProjection, Scenario
from simulation.services.scenarios import (
    PreconditionRequired,
    StaleWrite,
    document_run,
    scenario_create,
    scenario_run,
    scenario_update,
)
from tests.api.conftest import make_region


@pytest.fixture
def region(db):
    return make_region("AA")


def test_a_run_is_computed_once_and_then_read_from_the_cache(region):
    scenario = region.scenarios.get(preset="baseline")

    first = scenario_run(scenario)
    again = scenario_run(scenario)

    assert CachedProjection.objects.count() == 1
    assert again.projection == first.projection
    assert first.document["horizon"] == 3  # the runnable document, defaults filled in
    assert first.projection == document_run(first.document)


def test_an_unsaved_scenario_runs_the_same_way_as_a_saved_one(region):
    saved = region.scenarios.get(preset="baseline")
    unsaved = Scenario(region=region, dataset=saved.dataset, name="Prova")

    def figures(run):
        return [{k: v for k, v in r.items() if k != "scenario_hash"} for r in run.projection["runs"]]

    # The same figures; the hashes differ only because the documents carry different names.
    assert figures(scenario_run(unsaved)) == figures(scenario_run(saved))


def test_updates_need_the_version_read_and_refuse_a_stale_one(region):
    scenario = scenario_create(region=region, created_by=None, name="Effektiv")

    with pytest.raises(PreconditionRequired) as missing:
        scenario_update(scenario_id=scenario.pk, expected_version=None, changes={"description": "a"})
    updated = scenario_update(scenario_id=scenario.pk, expected_version=1, changes={"description": "b"})
    with pytest.raises(StaleWrite) as stale:
        scenario_update(scenario_id=scenario.pk, expected_version=1, changes={"description": "c"})

    assert (missing.value.status, stale.value.status) == (428, 412)
    assert updated.version == 2
    assert Scenario.objects.get(pk=scenario.pk).description == "b"


def test_a_scenario_the_document_would_refuse_is_not_stored(region):
    before = Scenario.objects.count()

    with pytest.raises(ScenarioInvalid) as refused:
        scenario_create(region=region, created_by=None, name="Fel", overrides={"compensation": {"fixed_share": 2}})

    assert refused.value.problem_dicts() == [{"path": "compensation.fixed_share", "message": "must be within 0–1"}]
    assert Scenario.objects.count() == before
