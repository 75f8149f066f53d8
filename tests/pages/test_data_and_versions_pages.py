"""Data and scenario versions on the pages: uploads and their drafts, publishing, scenarios on older
data moving to the current data, a scenario's versions in words."""

import io
import re

import pytest
from django.contrib.auth import get_user_model

from healthcentres.models import Dataset
from healthcentres.services import dataset_create, dataset_publish
from healthcentres.uploads.template import template_csv
from regions.models import Region, Role
from simulation.models import Scenario
from simulation.services.scenarios import scenario_clone, scenario_create, scenario_run, scenario_update
from tests.conftest import minimal_document

pytestmark = pytest.mark.django_db


def test_upload_page_shows_the_error_table_and_stores_nothing(client, demo, analyst):
    before = Dataset.objects.count()
    bad = io.BytesIO(template_csv().replace("12 000", "-12").encode())
    bad.name = "bad.csv"

    response = client.post("/regions/AC/upload/", {"file": bad, "base_year": 2025})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="upload-errors"' in page
    assert "<td>G2</td><td>2</td><td>listed (Listade)</td><td>Måste vara minst 0.</td>" in page  # as Excel shows it
    assert Dataset.objects.count() == before


def test_an_upload_becomes_a_draft_whose_page_shows_what_publishing_would_change(client, demo, analyst):
    good = io.BytesIO(template_csv().encode())
    good.name = "good.csv"

    response = client.post("/regions/AC/upload/", {"file": good, "base_year": 2025, "name": "Ny data"}, follow=True)

    page = response.content.decode()
    draft = Dataset.objects.get(name="Ny data")
    assert response.redirect_chain == [(f"/regions/AC/datasets/{draft.pk}/", 302)]
    assert draft.status == "draft" and "Ny data" in page and "utkast" in page
    assert 'id="centres-removed"' in page and 'id="publish-button"' in page
    assert Region.objects.get(code="AC").datasets.get(status="current").is_demo  # nobody else sees it yet


def test_upload_page_is_refused_to_analysts_of_other_regions(client, demo, analyst):
    assert client.get("/regions/U/upload/").status_code == 403


def test_the_data_pages_publish_and_delete_only_for_the_regions_analysts(client, demo):
    region = Region.objects.get(code="AC")
    current = region.datasets.get(status="current")
    draft = dataset_create(region=region, base_year=2025, name="Utkast", rows=minimal_document()["centres"])
    viewer = get_user_model().objects.create_user("vy")
    other = get_user_model().objects.create_user("ola")
    Role.objects.create(user=other, kind=Role.Kind.ANALYST).regions.set([Region.objects.get(code="U")])

    anonymous = client.post(f"/regions/AC/datasets/{draft.pk}/publish/")
    client.force_login(viewer)
    viewer_sees = client.get(f"/regions/AC/datasets/{draft.pk}/").status_code
    client.force_login(other)
    other_publishes = client.post(f"/regions/AC/datasets/{draft.pk}/publish/").status_code
    other_deletes = client.post(f"/regions/AC/datasets/{draft.pk}/delete/").status_code

    assert anonymous["Location"].startswith("/accounts/login/")
    assert (viewer_sees, other_publishes, other_deletes) == (404, 404, 404)
    assert region.datasets.get(status="current") == current and Dataset.objects.filter(pk=draft.pk).exists()


def publish_new_data(region, name="Ny"):
    rows = minimal_document()["centres"]
    return dataset_publish(dataset=dataset_create(region=region, base_year=2024, name=name, rows=rows), user=None)


def test_a_saved_scenario_on_older_data_says_so_and_moves_to_the_current_data_as_a_new_version(client, demo, analyst):
    region = Region.objects.get(code="AC")
    motion = scenario_clone(scenario=region.scenarios.get(preset="motion-70-30"), name="Vår motion", user=analyst)
    publish_new_data(region)

    page = client.get(f"/regions/AC/?scenario={motion.pk}").content.decode()
    compared = client.get(f"/regions/AC/compare/?s={motion.pk}").content.decode()
    back = f"/regions/AC/?scenario={motion.pk}"
    moved = client.post(f"/regions/AC/scenarios/{motion.pk}/rebase/", {"version": motion.version, "next": back})

    motion.refresh_from_db()
    assert 'id="older-data-note"' in page and 'id="rebase-button"' in page
    assert 'id="compare-data-note"' in compared and "Vår motion räknas på äldre data" in compared
    assert moved.status_code == 302 and moved["Location"] == back
    assert motion.dataset.name == "Ny" and motion.version == 2
    assert "older-data-note" not in client.get(f"/regions/AC/?scenario={motion.pk}").content.decode()


def test_a_preset_always_runs_on_the_regions_current_data(client, demo, analyst):
    region = Region.objects.get(code="AC")
    preset = region.scenarios.get(preset="motion-70-30")
    publish_new_data(region)

    document = scenario_run(preset).document
    dashboard = client.get(f"/regions/AC/?scenario={preset.pk}").content.decode()
    listing = client.get("/regions/AC/scenarios/").content.decode()
    refused = client.post(f"/regions/AC/scenarios/{preset.pk}/rebase/", {"version": preset.version}, follow=True)

    assert [c["id"] for c in document["centres"]] == ["E1", "I1", "P1"]
    assert "older-data-note" not in dashboard and "Ny · basår 2024" in dashboard
    presets = listing.split('id="presets"')[1]
    assert "äldre data" not in presets and "Ny" in presets
    assert "a preset always runs on the region&#x27;s current data" in refused.content.decode()
    preset.refresh_from_db()
    assert preset.version == 1
    picker = re.findall(
        r"<option[^>]*>([^<]*)</option>", dashboard.split('id="scenario-select"')[1].split("</select>")[0]
    )
    assert "Dagens regler och data · förval" in picker and not [o for o in picker if "förval · äldre data" in o]


def test_one_click_moves_every_saved_scenario_on_older_data_and_keeps_one_the_new_data_refuses(client, demo, analyst):
    region = Region.objects.get(code="AC")
    motion = region.scenarios.get(preset="motion-70-30")
    first = scenario_clone(scenario=motion, name="Första", user=analyst)
    second = scenario_clone(scenario=region.scenarios.get(preset="neutrality"), name="Andra", user=analyst)
    lever = {"type": "convert_form", "year": 2026, "centres": ["AC03"], "to": "intraprenad", "unit": "Tegs AB"}
    named = scenario_create(region=region, created_by=analyst, name="Tegs som intraprenad", levers=[lever])
    publish_new_data(region)

    listing = client.get("/regions/AC/scenarios/").content.decode()
    done = client.post("/regions/AC/scenarios/rebase-all/", follow=True)

    assert 'id="older-data-all"' in listing and 'id="rebase-all-button"' in listing
    assert "3 sparade scenarier räknas på äldre data" in listing
    for scenario in (first, second, named, motion):
        scenario.refresh_from_db()
    assert (first.dataset.name, first.version, second.dataset.name, second.version) == ("Ny", 2, "Ny", 2)
    assert named.dataset.name.startswith("Demodata") and named.version == 1  # refused: exactly as it was
    assert motion.version == 1  # a preset is never moved: it follows the data by itself
    page = done.content.decode()
    assert "2 scenarier räknas nu på aktuella data" in page
    assert "Tegs som intraprenad behåller sina data" in page and "AC03" in page
    assert 'id="rebase-all-button"' in page  # the refused one is still on older data


def test_only_the_regions_analysts_move_its_scenarios(client, demo):
    region = Region.objects.get(code="AC")
    viewer = get_user_model().objects.create_user("vy")
    saved = scenario_clone(scenario=region.scenarios.get(preset="motion-70-30"), name="Sparad", user=viewer)
    publish_new_data(region)

    anonymous = client.post("/regions/AC/scenarios/rebase-all/")
    client.force_login(viewer)
    listing = client.get("/regions/AC/scenarios/").content.decode()
    refused = client.post("/regions/AC/scenarios/rebase-all/", follow=True)

    saved.refresh_from_db()
    assert anonymous["Location"].startswith("/accounts/login/")
    assert 'id="older-data-all"' in listing and 'id="rebase-all-button"' not in listing
    assert "Bara regionens analytiker" in refused.content.decode() and saved.version == 1


def test_the_scenario_history_shows_what_differs_between_two_versions_in_words(client, demo, analyst):
    motion = Scenario.objects.get(region__code="AC", preset="motion-70-30")
    overrides = motion.overrides | {"compensation": motion.overrides["compensation"] | {"fixed_share": 0.75}}
    scenario_update(scenario_id=motion.pk, expected_version=1, changes={"overrides": overrides}, user=analyst)

    page = client.get(f"/regions/AC/scenarios/{motion.pk}/history/?a=1&b=2").content.decode()

    assert "Version 1 mot version 2" in page
    assert '<th scope="row">Fast andel</th><td>87\u00a0%, från 2026: 70\u00a0%</td><td>75\u00a0%</td>' in page
    assert "ada" in page
