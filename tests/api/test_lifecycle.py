"""Datasets' life cycle (draft → current → previous) and scenario management through the API: each
transition, who may do it, and that a refused change leaves the database exactly as it was."""

import pytest
from django.apps import apps

from healthcentres.models import Dataset, HealthCentre
from regions.models import AuditEvent, Role
from simulation.models import Scenario, ScenarioVersion
from simulation.services.scenarios import scenario_restore
from tests.api.conftest import client_for
from tests.api.upload_files import GOOD_ROWS, HEADER, csv_file, post


def everything() -> dict:
    """Every row of every model of the project's apps: what 'exactly as it was' is compared by."""
    rows = {}
    for app in ("regions", "healthcentres", "simulation"):
        for model in apps.get_app_config(app).get_models():
            manager = getattr(model, "all_objects", model.objects)
            rows[model.__name__] = sorted(repr({k: _plain(v) for k, v in row.items()}) for row in manager.values())
    return rows


def _plain(value):
    # PostgreSQL gives binary fields (the cached projection's gzip) as memoryview, whose repr is
    # its address: compare the bytes.
    return bytes(value) if isinstance(value, memoryview) else value


def draft(client, rows=GOOD_ROWS, name="Ny data") -> dict:
    response = post(client, csv_file([HEADER, *rows]), name=name, base_year=2024)
    assert response.status_code == 201, response.json()
    return response.json()


def confirmed_publish(client, pk: int):
    """Publish, confirming the review's warnings: these drafts move every figure by far more than 10 %."""
    return client.post(f"/api/v1/datasets/{pk}/publish", {"confirm": True}, format="json")


def current(code: str = "AA") -> Dataset:
    return Dataset.objects.get(region__code=code, status="current")


def test_an_upload_is_a_draft_that_nobody_else_sees_and_that_the_region_does_not_use(clients):
    before = current()

    body = draft(clients["analyst"])

    assert body["status"] == "draft" and body["url"] == f"/api/v1/datasets/{body['id']}"
    assert current() == before
    assert clients["viewer"].get(body["url"]).status_code == 404
    assert clients["anonymous"].get(body["url"]).status_code in (401, 404)
    listed = [d["id"] for d in clients["viewer"].get("/api/v1/regions/AA/datasets/").json()]
    assert body["id"] not in listed
    assert body["id"] in [d["id"] for d in clients["analyst"].get("/api/v1/regions/AA/datasets/").json()]


def test_a_draft_shows_what_publishing_it_would_change(clients):
    rows = [GOOD_ROWS[0].replace("V1;", "E1;", 1).replace(";V1;", ";E1;"), *GOOD_ROWS[1:]]

    review = clients["analyst"].get(draft(clients["analyst"], rows)["url"]).json()

    assert review["compared_with"] == current().pk
    assert {c["id"] for c in review["added"]} == {"V2", "V3"}
    assert {c["id"] for c in review["removed"]} == {"I1", "P1"}
    e1 = next(c for c in review["changed"] if c["id"] == "E1")
    assert {"field": "listed", "before": 5000.0, "after": 12000.0} in e1["changes"]
    mine, theirs = review["baseline"]
    assert (mine["dataset"], theirs["dataset"]) == (review["id"], current().pk)
    assert mine["listed"] == 23_900 and theirs["listed"] == 15_000
    assert mine["net_cost_total"] and theirs["consolidated_cost_total"]


def test_publishing_makes_a_draft_current_and_publishing_the_previous_one_undoes_it(clients):
    first = current()
    body = draft(clients["analyst"])

    published = confirmed_publish(clients["analyst"], body["id"])
    undone = confirmed_publish(clients["analyst"], first.pk)

    assert published.status_code == 200 and published.json()["status"] == "current"
    assert published.json()["published_by"] == "ada"
    assert undone.json()["status"] == "current"
    assert Dataset.objects.get(pk=body["id"]).status == "previous"
    assert current() == first
    actions = list(AuditEvent.objects.filter(region__code="AA").values_list("action", "user__username"))
    assert actions[:2] == [("dataset.publish", "ada"), ("dataset.publish", "ada")]


def test_publishing_updates_the_health_centres_names_and_forms(clients):
    rows = [GOOD_ROWS[0].replace("V1;Ålidhem vårdcentral;", "E1;Ny Egen;", 1).replace(";V1;", ";E1;")]
    body = draft(clients["analyst"], rows)
    assert HealthCentre.objects.get(region__code="AA", code="E1").name == "Egen"

    confirmed_publish(clients["analyst"], body["id"])

    assert HealthCentre.objects.get(region__code="AA", code="E1").name == "Ny Egen"


def test_a_draft_can_be_deleted_with_the_centres_only_it_named(clients):
    body = draft(clients["analyst"])

    response = clients["analyst"].delete(body["url"])

    assert response.status_code == 204
    assert not Dataset.objects.filter(pk=body["id"]).exists()
    assert not HealthCentre.objects.filter(region__code="AA", code__in=["V1", "V2", "V3"]).exists()
    assert AuditEvent.objects.filter(action="dataset.delete", object_id=str(body["id"])).exists()


@pytest.mark.parametrize("action", ["delete current", "delete previous", "publish current"])
def test_a_refused_change_of_a_published_dataset_leaves_everything_as_it_was(clients, action):
    analyst = clients["analyst"]
    previous = current()
    confirmed_publish(analyst, draft(analyst)["id"])
    target = {"delete current": current(), "delete previous": previous, "publish current": current()}[action]
    before = everything()

    if action.startswith("delete"):
        response = analyst.delete(f"/api/v1/datasets/{target.pk}")
    else:
        response = analyst.post(f"/api/v1/datasets/{target.pk}/publish")

    assert response.status_code == 409
    assert response.json()["errors"][0]["path"] == "status"
    assert everything() == before


def test_a_refused_upload_leaves_everything_as_it_was(clients):
    before = everything()

    response = post(clients["analyst"], csv_file([HEADER, GOOD_ROWS[0].replace("12 000", "-5")]), base_year=2024)

    assert response.status_code == 400
    assert everything() == before


def test_a_publish_body_that_is_not_json_is_refused_and_publishes_nothing(clients):
    # A form-encoded body used to parse as no confirmation at all and publish; it must say 415.
    pk = draft(clients["analyst"])["id"]
    before = everything()

    response = clients["analyst"].post(f"/api/v1/datasets/{pk}/publish", {"confirm": "true"})

    assert response.status_code == 415
    assert everything() == before


@pytest.mark.parametrize(
    ("who", "status"),
    # A draft exists only for those who may publish it: others get 404, as for any hidden object.
    [("anonymous", 401), ("viewer", 404), ("analyst of another region", 404), ("analyst", 200), ("admin", 200)],
)
def test_who_may_publish_a_draft(clients, who, status):
    client = client_for("bo", Role.Kind.ANALYST, ["BB"]) if who == "analyst of another region" else clients[who]
    target = draft(clients["analyst"])["id"]
    before = everything()

    response = confirmed_publish(client, target)

    assert response.status_code == status
    assert (everything() == before) == (status != 200)


def test_a_viewer_may_not_publish_again_a_previous_dataset(clients):
    previous = current()
    confirmed_publish(clients["analyst"], draft(clients["analyst"])["id"])

    response = clients["viewer"].post(f"/api/v1/datasets/{previous.pk}/publish")

    assert response.status_code == 403
    assert Dataset.objects.get(pk=previous.pk).status == "previous"


def test_a_scenario_keeps_its_data_until_it_is_moved_to_the_current_data(clients):
    analyst = clients["analyst"]
    created = analyst.post("/api/v1/regions/AA/scenarios/", {"name": "Mitt"}, format="json").json()
    confirmed_publish(analyst, draft(analyst)["id"])

    stale = analyst.get(created["projection_url"].replace("/projection", "/")).json()
    moved = analyst.post(f"/api/v1/scenarios/{created['id']}/rebase", {"version": 1}, format="json")
    versions = analyst.get(f"/api/v1/scenarios/{created['id']}/versions").json()

    assert stale["on_current_data"] is False and stale["dataset"] == created["dataset"]
    assert moved.status_code == 200 and moved.json()["on_current_data"] is True
    assert moved.json()["version"] == 2 and moved.json()["dataset"] == current().pk
    assert [(v["version"], v["change"], v["dataset"]) for v in versions] == [
        (2, "rebased", current().pk),
        (1, "created", created["dataset"]),
    ]


def test_a_rebase_names_the_version_read_in_if_match_or_in_the_body_and_gets_428_with_neither(clients):
    # The schema's If-Match is optional for this reason (tests/api/test_schema_honesty.py).
    analyst = clients["analyst"]
    created = analyst.post("/api/v1/regions/AA/scenarios/", {"name": "Mitt"}, format="json").json()
    confirmed_publish(analyst, draft(analyst)["id"])
    url = f"/api/v1/scenarios/{created['id']}/rebase"

    neither = analyst.post(url, {}, format="json")
    stale = analyst.post(url, {"version": 7}, format="json")
    by_header = analyst.post(url, {}, format="json", HTTP_IF_MATCH='"1"')

    assert (neither.status_code, stale.status_code, by_header.status_code) == (428, 412, 200)
    assert Scenario.objects.get(pk=created["id"]).version == 2  # only the last one moved it


def test_a_preset_follows_the_current_data_and_has_nothing_to_move(clients):
    analyst = clients["analyst"]
    preset = Scenario.objects.get(region__code="AA", preset="baseline")
    analyst.post(f"/api/v1/datasets/{draft(analyst)['id']}/publish")

    shown = analyst.get(f"/api/v1/scenarios/{preset.pk}/").json()
    document = analyst.get(f"/api/v1/scenarios/{preset.pk}/document").json()
    moved = analyst.post(f"/api/v1/scenarios/{preset.pk}/rebase", {"version": 1}, format="json")

    assert shown["on_current_data"] is True and shown["dataset"] == current().pk
    assert {c["id"] for c in document["centres"]} == {
        row.centre.code for row in current().rows.select_related("centre")
    }
    assert moved.status_code == 400 and moved.json()["errors"][0]["path"] == "dataset"
    assert Scenario.objects.get(pk=preset.pk).version == 1


def test_a_scenario_cannot_be_saved_on_a_draft(clients):
    body = draft(clients["analyst"])

    response = clients["analyst"].post(
        "/api/v1/regions/AA/scenarios/", {"name": "På utkast", "dataset": body["id"]}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == "dataset"


def test_a_deleted_scenario_disappears_frees_its_name_and_an_admin_restores_it(clients):
    analyst = clients["analyst"]
    created = analyst.post("/api/v1/regions/AA/scenarios/", {"name": "Bort"}, format="json").json()

    deleted = analyst.delete(f"/api/v1/scenarios/{created['id']}/")
    names = [s["name"] for s in analyst.get("/api/v1/regions/AA/scenarios/").json()]
    gone = analyst.get(f"/api/v1/scenarios/{created['id']}/").status_code
    again = analyst.post("/api/v1/regions/AA/scenarios/", {"name": "Bort"}, format="json")
    restored = scenario_restore(scenario=Scenario.all_objects.get(pk=created["id"]))

    assert deleted.status_code == 204 and "Bort" not in names
    assert gone == 404
    assert again.status_code == 201
    assert restored.name == "Bort 2" and Scenario.objects.filter(pk=created["id"]).exists()
    assert list(AuditEvent.objects.filter(object_id=str(created["id"])).values_list("action", flat=True))[:2] == [
        "scenario.restore",
        "scenario.delete",
    ]


def test_a_clone_copies_the_changes_under_a_free_name_with_its_own_history(clients):
    analyst = clients["analyst"]
    created = analyst.post(
        "/api/v1/regions/AA/scenarios/",
        {"name": "Original", "overrides": {"compensation": {"fixed_share": 0.8}}},
        format="json",
    ).json()

    first = analyst.post(f"/api/v1/scenarios/{created['id']}/clone", {}, format="json")
    second = analyst.post(f"/api/v1/scenarios/{created['id']}/clone", {}, format="json")

    assert first.status_code == 201 and first.json()["name"] == "Original (kopia)"
    assert second.json()["name"] == "Original (kopia 2)"
    assert first.json()["overrides"] == created["overrides"] and first.json()["preset"] == ""
    assert ScenarioVersion.objects.get(scenario_id=first.json()["id"]).change == "cloned"


@pytest.mark.parametrize("who", ["anonymous", "viewer"])
def test_only_the_regions_analysts_clone_rebase_or_delete(clients, who):
    scenario = Scenario.objects.get(region__code="AA", preset="baseline")
    before = everything()

    answers = [
        clients[who].post(f"/api/v1/scenarios/{scenario.pk}/clone", {}, format="json").status_code,
        clients[who].post(f"/api/v1/scenarios/{scenario.pk}/rebase", {"version": 1}, format="json").status_code,
        clients[who].delete(f"/api/v1/scenarios/{scenario.pk}/").status_code,
    ]

    assert set(answers) <= {401, 403}
    assert everything() == before


def test_every_edit_is_a_version_with_who_and_when(clients):
    analyst = clients["analyst"]
    created = analyst.post("/api/v1/regions/AA/scenarios/", {"name": "V"}, format="json").json()

    analyst.patch(f"/api/v1/scenarios/{created['id']}/", {"name": "V2"}, format="json", HTTP_IF_MATCH='"1"')
    versions = analyst.get(f"/api/v1/scenarios/{created['id']}/versions").json()

    assert [(v["version"], v["change"], v["name"], v["changed_by"]) for v in versions] == [
        (2, "edited", "V2", "ada"),
        (1, "created", "V", "ada"),
    ]
