"""The region's rules over REST (issue 23): read, publish a version, refuse with paths, undo."""

import copy

from regions.models import AuditEvent, Rulebook, RulebookVersion
from tests.api.conftest import RULES

#: The rules as the API reads and writes them: every published section, no horizon (kept as stored).
SENT = {"assumptions": {}, "compensation": RULES["compensation"], "costs": {}, "ledger": {}}
SENT["neutrality_compensation"] = False


def _put(client, code="AA", **body):
    return client.put(f"/api/v1/regions/{code}/rulebook", body, format="json")


def test_get_rulebook_answers_the_rules_in_force_with_their_version(clients):
    response = clients["anonymous"].get("/api/v1/regions/AA/rulebook")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"version", "effective_from", "rules"}
    assert body["effective_from"] == 2024 and body["version"] >= 1
    assert body["rules"]["compensation"]["fixed_share"] == RULES["compensation"]["fixed_share"]


def test_an_analyst_publishes_a_dated_fixed_share_as_a_new_version(clients):
    before = clients["analyst"].get("/api/v1/regions/AA/rulebook").json()
    rules = copy.deepcopy(before["rules"])
    rules["compensation"]["fixed_share"] = {"2024": 0.9, "2025": 0.7}

    response = _put(clients["analyst"], effective_from=2024, rules=rules, version=before["version"])

    assert response.status_code == 200, response.content
    assert response.json()["version"] == before["version"] + 1
    assert Rulebook.objects.get(region__code="AA", effective_from=2024).rules == rules | {"horizon": RULES["horizon"]}
    versions = clients["viewer"].get("/api/v1/regions/AA/rulebook/versions").json()
    assert versions[0]["version"] == before["version"] + 1 and versions[0]["by"] == "ada"
    words = "Fast andel: 90 % → från 2024: 90 %, från 2025: 70 %".replace(" %", "\N{NO-BREAK SPACE}%")
    assert words in versions[0]["changes"]
    assert AuditEvent.objects.filter(region__code="AA", action="rulebook.publish").count() == 1


def test_a_fixed_share_of_one_and_a_half_is_refused_at_its_path_and_nothing_changes(clients):
    rules = copy.deepcopy(SENT)
    rules["compensation"]["fixed_share"] = 1.5
    count = RulebookVersion.objects.count()

    response = _put(clients["analyst"], effective_from=2024, rules=rules)

    assert response.status_code == 400
    assert {"path": "rules.compensation.fixed_share", "message": "must be within 0–1"} in response.json()["errors"]
    assert RulebookVersion.objects.count() == count
    assert Rulebook.objects.get(region__code="AA", effective_from=2024).rules == RULES


def test_another_regions_analyst_and_a_viewer_are_refused_and_anonymous_must_sign_in(clients):
    assert _put(clients["analyst"], "BB", effective_from=2024, rules=SENT).status_code == 403
    assert _put(clients["viewer"], effective_from=2024, rules=SENT).status_code == 403
    assert _put(clients["anonymous"], effective_from=2024, rules=SENT).status_code == 401
    assert _put(clients["admin"], "XX", effective_from=2024, rules=SENT).status_code == 404


def test_a_stale_version_is_refused_rather_than_overwriting_a_newer_one(clients):
    read = clients["analyst"].get("/api/v1/regions/AA/rulebook").json()
    newer = SENT | {"neutrality_compensation": True}
    assert _put(clients["admin"], effective_from=2024, rules=newer, version=read["version"]).status_code == 200

    response = _put(clients["analyst"], effective_from=2024, rules=SENT, version=read["version"])

    assert response.status_code == 412 and response.json()["errors"][0]["path"] == "version"


def test_a_year_as_text_and_unknown_keys_are_refused_as_the_schema_says(clients):
    response = _put(clients["admin"], effective_from="2024", rules=SENT, extra=1)

    paths = {e["path"] for e in response.json()["errors"]}
    assert response.status_code == 400 and paths == {"effective_from", "extra"}


def test_restore_publishes_an_earlier_version_again_as_a_new_one(clients):
    first = clients["admin"].get("/api/v1/regions/AA/rulebook").json()
    changed = copy.deepcopy(SENT)
    changed["compensation"]["budget_per_listed"] = 4500
    _put(clients["admin"], effective_from=2024, rules=changed)

    response = clients["analyst"].post(f"/api/v1/regions/AA/rulebook/versions/{first['version']}/restore")

    assert response.status_code == 200
    assert response.json()["rules"] == first["rules"] and response.json()["version"] == first["version"] + 2
    newest = clients["admin"].get("/api/v1/regions/AA/rulebook/versions").json()[0]
    assert newest["restored_from"] == first["version"] and "4\N{NO-BREAK SPACE}500" in newest["changes"]
    assert clients["viewer"].post(f"/api/v1/regions/AA/rulebook/versions/{first['version']}/restore").status_code == 403
    assert clients["admin"].post("/api/v1/regions/AA/rulebook/versions/999/restore").status_code == 404


def test_rules_with_which_the_baseline_cannot_run_are_refused_and_nothing_changes(clients):
    """Supplements over the fixed pot (R8) only show on the region's centres: the PUT runs the
    same check a run does, on the region's current data, before it saves anything."""
    rules = copy.deepcopy(SENT)
    rules["compensation"] |= {"small_unit_threshold": 100_000, "small_unit_amount": 100_000_000}
    count = RulebookVersion.objects.count()

    response = _put(clients["analyst"], effective_from=2024, rules=rules)

    assert response.status_code == 400, response.content
    paths = [e["path"] for e in response.json()["errors"]]
    assert "rules.compensation" in paths
    assert RulebookVersion.objects.count() == count
    assert Rulebook.objects.get(region__code="AA", effective_from=2024).rules == RULES


def test_get_rulebook_answers_exactly_the_published_sections_with_neutrality_by_default(clients):
    rules = clients["anonymous"].get("/api/v1/regions/AA/rulebook").json()["rules"]

    assert set(rules) == {"assumptions", "compensation", "costs", "ledger", "neutrality_compensation"}
    assert rules["neutrality_compensation"] is False


def test_a_put_without_the_ledger_is_refused_rather_than_resetting_it_and_horizon_is_kept(clients):
    without = {k: v for k, v in SENT.items() if k != "ledger"}
    count = RulebookVersion.objects.count()

    refused = _put(clients["analyst"], effective_from=2024, rules=without)
    null = _put(clients["analyst"], effective_from=2024, rules=SENT | {"costs": None})
    assert null.status_code == 400 and null.json()["errors"][0]["path"] == "rules.costs"
    saved = _put(clients["analyst"], effective_from=2024, rules=SENT | {"neutrality_compensation": True})

    assert refused.status_code == 400
    assert {"path": "rules.ledger", "message": "required"} in refused.json()["errors"]
    assert saved.status_code == 200 and RulebookVersion.objects.count() == count + 1
    assert Rulebook.objects.get(region__code="AA", effective_from=2024).rules["horizon"] == RULES["horizon"]


def test_the_openapi_schema_requires_every_rule_section(clients):
    schema = clients["anonymous"].get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()

    rules = schema["components"]["schemas"]["RulebookRules"]
    assert set(rules["required"]) == {"assumptions", "compensation", "costs", "ledger", "neutrality_compensation"}


def test_a_put_of_the_rules_in_force_is_refused_as_nothing_to_save(clients):
    read = clients["analyst"].get("/api/v1/regions/AA/rulebook").json()
    count = RulebookVersion.objects.count()

    response = _put(clients["analyst"], effective_from=2024, rules=read["rules"], version=read["version"])

    assert response.status_code == 400 and response.json()["errors"][0]["path"] == "rules"
    assert RulebookVersion.objects.count() == count


def test_a_rulebook_from_before_any_data_year_is_refused_as_the_schema_says(clients):
    from healthcentres.models import DATA_YEARS

    schema = clients["anonymous"].get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    response = _put(clients["analyst"], effective_from=DATA_YEARS[0] - 1, rules=SENT)

    assert response.status_code == 400 and response.json()["errors"][0]["path"] == "effective_from"
    put = schema["paths"]["/api/v1/regions/{code}/rulebook"]["put"]["requestBody"]["content"]["application/json"]
    assert put["schema"]["properties"]["effective_from"]["minimum"] == DATA_YEARS[0]


def test_only_version_one_is_called_the_first_version(clients):
    """Rules published for an earlier year have nothing before them, yet are not the first version."""
    assert _put(clients["analyst"], effective_from=2022, rules=SENT).status_code == 200

    versions = clients["viewer"].get("/api/v1/regions/AA/rulebook/versions").json()

    newest = versions[0]
    assert newest["changes"] == "första versionen av regelboken från 2022"
    assert [v["in_force_now"] for v in versions].count(True) == 1
