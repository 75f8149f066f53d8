"""What one request may cost (issue 21, item 1): a run's answer is estimated before anything runs
and refused above the documented limits with a short answer that names the limit; a document has
at most MAX_VARIANTS variants; a projection job's result is bounded the same way, and a result the
database does not take fails the job at once."""

import pytest
import yaml

from simulation.core.projection import projection_values, scenario_project
from simulation.core.scenario import MAX_VARIANTS, ScenarioInvalid, prepare
from simulation.core.scenario.json_schema import document as document_schema
from simulation.models import Job, Scenario
from tests.conftest import minimal_document

#: A refusal is a sentence or two, whatever the size of what was asked for.
SMALL_BODY = 2_000


def national(centres: int = 1200, horizon: int = 50, variants: int = 0) -> dict:
    """A document of ``centres`` centres (the minimal document's three, repeated) and empty variants."""
    document = minimal_document(horizon=horizon)
    base = document["centres"]
    document["centres"] = [dict(base[i % 3], id=f"C{i}", name=f"Centre {i}") for i in range(centres)]
    document["variants"] = [{"name": f"Variant {i}"} for i in range(variants)]
    return document


def values_in(projection) -> int:
    """Every number, text and truth value of a projection (what the estimate counts)."""
    if isinstance(projection, dict):
        return sum(values_in(v) for v in projection.values())
    if isinstance(projection, list):
        return sum(values_in(v) for v in projection)
    return 1


def test_simulate_of_1200_centres_50_years_and_15_variants_is_refused_at_once_and_healthz_answers(clients):
    client = clients["viewer"]

    refused = client.post("/api/v1/simulate", national(variants=15), format="json")
    health = client.get("/healthz")

    assert refused.status_code == 400
    assert len(refused.content) < SMALL_BODY
    problem = refused.json()["errors"][0]
    assert problem["path"] == "variants"
    assert f"at most {MAX_VARIANTS} variants" in problem["message"]
    assert health.status_code == 200


def test_a_projection_larger_than_an_answer_may_be_is_refused_with_413_naming_the_limit(clients):
    client = clients["viewer"]

    refused = client.post("/api/v1/simulate", national(variants=3), format="json")
    health = client.get("/healthz")

    assert refused.status_code == 413
    assert len(refused.content) < SMALL_BODY
    message = refused.json()["errors"][0]["message"]
    assert "2\u00a0500\u00a0000" in message  # the limit, in values
    assert "/api/v1/simulations" in message  # where it can be done instead
    assert "4 " in message and "1\u00a0200" in message  # runs and centres, so the asker sees why
    assert health.status_code == 200


def test_a_national_run_of_50_years_is_still_answered_at_once(settings):
    prepared = prepare(national(variants=0))

    assert projection_values(prepared) <= settings.VARDPENG_MAX_SYNC_VALUES


@pytest.mark.parametrize("uncertain", [False, True])
def test_the_estimate_counts_at_least_every_value_the_projection_holds(uncertain):
    document = national(centres=9, horizon=4, variants=2)
    document["levers"] = [
        {"type": "convert_form", "year": 2025, "from": "egen_regi", "to": "intraprenad", "unit": "NEW"}
    ]
    if uncertain:
        document["uncertainty"] = {"draws": 20, "seed": 3, "wage_growth_sd": 0.01}
    prepared = prepare(document)

    counted = values_in(scenario_project(prepared)["runs"])

    assert counted <= projection_values(prepared) <= 1.6 * counted


def test_a_document_may_have_ten_variants_and_not_eleven():
    prepare(national(centres=3, horizon=2, variants=MAX_VARIANTS))

    with pytest.raises(ScenarioInvalid) as refused:
        prepare(national(centres=3, horizon=2, variants=MAX_VARIANTS + 1))

    assert [p.path for p in refused.value.problems] == ["variants"]


def test_the_schema_says_how_many_variants_a_document_may_have(clients):
    schema = yaml.safe_load(clients["viewer"].get("/api/v1/schema/").content)

    variants = document_schema()["properties"]["variants"]["anyOf"][0]  # or null: not given
    served = schema["components"]["schemas"]["ScenarioDocument"]["properties"]["variants"]["anyOf"][0]
    saved = schema["components"]["schemas"]["ScenarioInputRequest"]["properties"]["variants"]
    assert variants["maxItems"] == served["maxItems"] == saved["maxItems"] == MAX_VARIANTS


def test_a_projection_job_above_the_result_limit_is_refused_before_it_is_queued(clients, settings):
    document = minimal_document()
    settings.VARDPENG_MAX_JOB_VALUES = projection_values(prepare(document)) - 1

    refused = clients["viewer"].post("/api/v1/simulations", document, format="json")

    assert refused.status_code == 413
    assert "Dela upp" in refused.json()["errors"][0]["message"]
    assert Job.objects.count() == 0


def test_a_scenario_larger_than_a_page_may_show_is_refused_when_saved(clients, settings):
    settings.VARDPENG_MAX_SYNC_VALUES = 100
    before = Scenario.objects.count()

    refused = clients["analyst"].post("/api/v1/regions/AA/scenarios/", {"name": "Stor"}, format="json")

    assert refused.status_code == 413
    assert "variant" in refused.json()["errors"][0]["message"]
    assert Scenario.objects.count() == before


def test_the_refusal_is_in_the_language_the_visitor_chose(clients, settings):
    settings.VARDPENG_MAX_SYNC_VALUES = 100

    swedish = clients["viewer"].post("/api/v1/simulate", minimal_document(), format="json")
    clients["viewer"].cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = clients["viewer"].post("/api/v1/simulate", minimal_document(), format="json")

    assert swedish.status_code == english.status_code == 413
    assert "värden" in swedish.json()["errors"][0]["message"]
    assert "values" in english.json()["errors"][0]["message"]


def test_a_job_whose_result_the_database_does_not_take_fails_at_once_with_a_message(clients, monkeypatch):
    from simulation.services import jobs

    # What the database refuses, on PostgreSQL and SQLite alike (JSON has no NaN); a result beyond
    # jsonb's 255 MB is refused the same way, only much more slowly.
    monkeypatch.setattr(jobs, "document_run", lambda document: {"runs": [float("nan")]})

    started = clients["viewer"].post("/api/v1/simulations", minimal_document(), format="json")
    job = clients["viewer"].get(started["Location"]).json()

    assert started.status_code == 202
    assert job["status"] == "failed"
    assert job["result"] is None
    assert "kunde inte sparas" in job["errors"][0]["message"]
