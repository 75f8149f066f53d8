"""The projection cache (issue 27): a hit is keyed by versions and needs no validation, serves the
same bytes every time, and any change of the data, the rules, the scenario, the region or the code
misses, so no stale figure is ever served."""

import gzip
import json

import pytest
from django.test import Client

from healthcentres.services import dataset_create, dataset_publish
from regions.models import Rulebook
from regions.services import rulebook_save
from simulation.core.scenario import ScenarioInvalid
from simulation.models import CachedProjection
from simulation.services import projections
from simulation.services.projections import document_run, scenario_run, scenario_summary
from simulation.services.scenarios import scenario_create, scenario_update
from tests.api.conftest import RULES, make_region
from tests.conftest import minimal_document


@pytest.fixture
def region(db, settings):
    settings.VARDPENG_PUBLIC_READ = True
    return make_region("AA")


def fresh(scenario):
    """What the scenario's projection is, computed now from its document (never from the cache)."""
    return document_run(projections.scenario_document(scenario))


def served(scenario):
    return scenario_run(scenario).projection


def test_a_hit_builds_and_validates_no_document(region, monkeypatch):
    scenario = region.scenarios.get(preset="baseline")
    first = served(scenario)

    def refuse(*args, **kwargs):
        raise AssertionError("a hit must not build or validate the document")

    monkeypatch.setattr(projections, "prepare", refuse)
    monkeypatch.setattr(projections, "scenario_document", refuse)

    assert served(scenario) == first
    assert scenario_summary(scenario)["runs"][0]["region"] == first["runs"][0]["region"]


def test_a_changed_scenario_misses(region):
    scenario = scenario_create(region=region, created_by=None, name="Effektiv")
    before = served(scenario)
    changed = scenario_update(
        scenario_id=scenario.pk, expected_version=1, changes={"overrides": {"compensation": {"fixed_share": 0.5}}}
    )

    assert served(changed) == fresh(changed) != before


def test_a_scenario_renamed_without_a_new_version_misses(region):
    """A restore renames with a queryset update and keeps the version: the name is in the hash."""
    scenario = region.scenarios.get(preset="baseline")
    before = served(scenario)
    type(scenario).objects.filter(pk=scenario.pk).update(name="Omdöpt")
    scenario.refresh_from_db()

    after = served(scenario)
    assert after == fresh(scenario)
    assert after["runs"][0]["scenario_hash"] != before["runs"][0]["scenario_hash"]


def test_changed_rules_miss_also_when_changed_behind_the_services_back(region):
    scenario = region.scenarios.get(preset="baseline")
    before = served(scenario)
    rulebook_save(
        region=region, effective_from=2024, rules=RULES | {"compensation": RULES["compensation"] | {"fixed_share": 0.6}}
    )
    saved = served(scenario)
    assert saved == fresh(scenario) != before
    # A queryset update keeps updated_at: the rules' own digest still changes the key.
    Rulebook.objects.filter(region=region).update(
        rules=RULES | {"compensation": RULES["compensation"] | {"fixed_share": 0.3}}
    )
    updated = served(scenario)

    assert updated == fresh(scenario) != saved


def test_new_data_misses(region):
    preset = region.scenarios.get(preset="baseline")
    before = served(preset)
    rows = minimal_document()["centres"]
    rows[0] = rows[0] | {"listed": 9000}
    dataset_publish(dataset=dataset_create(region=region, base_year=2024, name="ny", rows=rows), user=None)
    preset.refresh_from_db()

    assert served(preset) == fresh(preset) != before  # a preset always runs on the current data


def test_a_renamed_region_misses(region):
    scenario = region.scenarios.get(preset="baseline")
    before = served(scenario)
    type(region).objects.filter(pk=region.pk).update(name="Ny region")
    scenario = type(scenario).objects.select_related("region").get(pk=scenario.pk)

    assert served(scenario) == fresh(scenario) != before


def test_new_code_misses(region, monkeypatch):
    scenario = region.scenarios.get(preset="baseline")
    served(scenario)
    key = projections.projection_key(scenario)
    monkeypatch.setattr(projections, "CODE_VERSION", "9.9+000000000000/000000000000")

    assert projections.projection_key(scenario) != key
    served(scenario)
    assert CachedProjection.objects.count() == 2


def test_a_hit_checks_the_bound_by_the_stored_size(region):
    scenario = region.scenarios.get(preset="baseline")
    served(scenario)
    tiny = projections.Bound(cells=1, values=1, instead="elsewhere")

    with pytest.raises(Exception) as refused:
        scenario_run(scenario, tiny)
    assert refused.value.status == 413


def test_an_invalid_scenario_is_refused_and_nothing_is_stored(region):
    scenario = region.scenarios.get(preset="baseline")
    scenario.levers = [{"type": "no such lever"}]

    with pytest.raises(ScenarioInvalid):
        scenario_run(scenario)
    assert CachedProjection.objects.count() == 0


def test_the_api_serves_the_stored_bytes_gzipped_or_plain_with_the_key_as_etag(region):
    scenario = region.scenarios.get(preset="baseline")
    url = f"/api/v1/scenarios/{scenario.pk}/projection"
    client = Client()

    plain = client.get(url)
    again = client.get(url)
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate")
    refused = client.get(url, HTTP_ACCEPT_ENCODING="gzip;q=0, identity")
    unchanged = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=plain["ETag"])

    assert plain.status_code == 200 and "Content-Encoding" not in plain
    assert again.content == plain.content
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert "Content-Encoding" not in refused and refused.content == plain.content
    assert zipped["ETag"] == plain["ETag"] == f'"{projections.projection_key(scenario)}"'
    assert "Accept-Encoding" in plain["Vary"]
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert json.loads(plain.content) == json.loads(json.dumps(fresh(scenario)))


def test_an_unsaved_scenario_is_run_but_not_kept(region):
    # The builder's previews (anyone's; every change a new key) would fill the table unbounded.
    saved = region.scenarios.get(preset="baseline")
    unsaved = type(saved)(region=region, dataset=saved.dataset, name="Förhandsvisning", levers=[])

    first, again = scenario_run(unsaved).projection, scenario_run(unsaved).projection

    assert first == again == fresh(unsaved)
    assert CachedProjection.objects.count() == 0
    scenario_run(saved)
    assert CachedProjection.objects.count() == 1
