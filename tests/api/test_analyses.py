"""POST /api/v1/analyses and /api/v1/jobs/{id} (spec §9): checked at once, run as a job, visible
to its owner and administrators only. The test settings run jobs inline (VARDPENG_JOBS_INLINE)."""

import io
import re
from datetime import timedelta

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft202012Validator

from simulation.core.analysis.kinds import KINDS, figure_kinds
from simulation.models import Job, Scenario
from simulation.presentation.figures import FIGURES
from simulation.services.scenarios import scenario_document, scenario_explain
from tests.analysis.test_kinds import request as kind_request
from tests.conftest import minimal_document

SENSITIVITY = {
    "schema": "vardpeng.analysis/1",
    "kind": "sensitivity",
    "metric": "consolidated_cost",
    "scenario": minimal_document(),
    "parameters": [{"path": "compensation.budget_per_listed", "change": 0.05}],
}


def start(client, body=SENSITIVITY, **headers):
    return client.post("/api/v1/analyses", body, format="json", **headers)


def test_a_signed_in_user_starts_an_analysis_and_reads_its_result_at_the_location(clients):
    client = clients["viewer"]

    started = start(client)
    job = client.get(started["Location"])

    assert started.status_code == 202
    assert set(started.json()) >= {"id", "kind", "status", "progress", "url"}
    assert job.status_code == 200
    body = job.json()
    assert (body["status"], body["progress"], body["errors"]) == ("done", 1.0, [])
    assert body["result"]["schema"] == "vardpeng.analysis-result/1"
    assert body["result"]["rows"][0]["path"] == "compensation.budget_per_listed"


def test_anonymous_visitors_cannot_start_one(clients):
    assert start(clients["anonymous"]).status_code in (401, 403)
    assert Job.objects.count() == 0


def test_a_refused_request_answers_400_with_paths_and_stores_no_job(clients):
    broken = SENSITIVITY | {"parameters": [{"path": "compensation.nothing", "change": 0.1}]}

    response = start(clients["viewer"], broken)

    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == "parameters[0].path"
    assert Job.objects.count() == 0


def test_a_job_is_visible_to_its_owner_and_administrators_only(clients):
    url = start(clients["viewer"]).json()["url"]

    assert clients["analyst"].get(url).status_code == 404
    assert clients["admin"].get(url).status_code == 200
    assert clients["anonymous"].get(url).status_code in (401, 403)


def test_a_finished_job_cannot_be_cancelled_but_a_queued_one_can(clients):
    client = clients["viewer"]
    done_url = start(client).json()["url"]
    queued = Job.objects.create(kind="sensitivity", owner=Job.objects.get().owner, request=SENSITIVITY)

    finished = client.delete(done_url)
    cancelled = client.delete(f"/api/v1/jobs/{queued.pk}")

    assert finished.status_code == 409
    assert cancelled.status_code == 202
    assert cancelled.json()["status"] == "cancelled"


def test_the_language_comes_from_accept_language_when_the_request_has_none(clients):
    start(clients["viewer"], HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")

    assert Job.objects.get().request["language"] == "en"


def test_a_job_running_past_the_time_limit_is_reported_as_failed(clients, settings):
    owner_job = start(clients["viewer"]).json()
    long_ago = timezone.now() - timedelta(seconds=settings.VARDPENG_JOB_TIME_LIMIT + 1)
    Job.objects.filter(pk=owner_job["id"]).update(status="running", finished=None, started=long_ago)

    body = clients["viewer"].get(owner_job["url"]).json()

    assert body["status"] == "failed"
    assert "start it again" in body["errors"][0]["message"]


def test_a_finished_sensitivity_job_draws_its_tornado_in_words_the_page_shows(clients):
    client = clients["viewer"]
    two = SENSITIVITY | {"parameters": [*SENSITIVITY["parameters"], {"path": "centres.*.staff_cost", "change": 0.1}]}
    url = start(client, two).json()["url"]

    tornado = client.get(f"{url}/tornado").json()

    assert [trace["orientation"] for trace in tornado["figure"]["data"]] == ["h", "h"]
    assert len(tornado["figure"]["data"][0]["y"]) == 2
    assert tornado["rows"][0]["parameter"] == "Personalkostnader"  # Swedish by default, largest swing first
    assert tornado["rows"][0]["moved"] == "±10\u00a0%"
    assert tornado["scenario_hash"] == client.get(url).json()["result"]["scenario_hash"]


def test_every_figure_a_kind_names_has_a_builder_and_an_address_and_no_other_does():
    named = figure_kinds()

    assert set(named) == set(FIGURES)
    assert [reverse(f"api-job-{name}", args=["x"]) for name in named] == [f"/api/v1/jobs/x/{name}" for name in named]


def test_each_figures_body_fits_the_schema_the_api_documents_for_it(clients):
    client = clients["viewer"]
    drawn = {kind.name for kind in figure_kinds().values()}
    # Each kind's valid request of the registry's tests: a kind added there is drawn here too.
    urls = {kind: start(client, kind_request(kind)).json()["url"] for kind in drawn}

    for name, kind in figure_kinds().items():
        body = client.get(f"{urls[kind.name]}/{name}").json()

        assert list(Draft202012Validator(FIGURES[name].body_schema()).iter_errors(body)) == [], name


def test_a_job_that_is_not_done_has_no_tornado_yet_and_says_so_as_a_conflict(clients):
    client = clients["viewer"]
    owner = start(client).json()
    queued = Job.objects.create(kind="sensitivity", owner=Job.objects.get(pk=owner["id"]).owner, request=SENSITIVITY)

    response = client.get(f"/api/v1/jobs/{queued.pk}/tornado")

    assert response.status_code == 409
    assert response.json()["errors"][0]["path"] == "status"
    assert "queued" in response.json()["errors"][0]["message"]


def test_a_sensitivity_job_has_no_break_even_answer_or_sobol_indices(clients):
    client = clients["viewer"]
    url = start(client).json()["url"]

    answer, sobol = client.get(f"{url}/answer"), client.get(f"{url}/sobol")

    assert (answer.status_code, sobol.status_code) == (409, 409)
    assert "sensitivity job" in answer.json()["errors"][0]["message"]


def test_a_break_even_job_answers_in_one_swedish_sentence_with_the_figure_to_cite(clients):
    client = clients["viewer"]
    request = {
        "kind": "break_even",
        "scenario": minimal_document(),
        "parameter": {"path": "compensation.budget_per_listed", "mode": "scale", "bounds": [0.5, 2]},
        "target": {"metric": "result.region_run", "value": 0},
    }
    url = start(client, request).json()["url"]
    result = client.get(url).json()["result"]

    answer = client.get(f"{url}/answer").json()

    budget = f"{round(result['parameter_value']):,}".replace(",", "\u00a0")
    assert answer["sentence"].startswith(f"Med budget per listad på {budget}\u00a0kr (")
    assert answer["sentence"].endswith("går de regiondrivna vårdcentralerna jämnt upp över perioden.")
    assert answer["evaluations"] == result["evaluations"]


def test_a_user_may_have_only_a_few_analyses_under_way(clients, settings):
    client = clients["viewer"]
    owner = Job.objects.get(pk=start(client).json()["id"]).owner
    for _ in range(settings.VARDPENG_MAX_OPEN_JOBS):
        Job.objects.create(kind="sensitivity", owner=owner, request=SENSITIVITY, status="running")

    refused = start(client)

    assert refused.status_code == 429
    assert "under way" in refused.json()["errors"][0]["message"]
    assert Job.objects.filter(owner=owner).count() == 1 + settings.VARDPENG_MAX_OPEN_JOBS


def test_an_explanation_job_gives_the_same_lines_as_the_overviews_why_page(clients):
    call_command("load_demo", stdout=io.StringIO())
    scenario = Scenario.objects.get(region__code="AC", preset="baseline")
    body = {"kind": "explain", "year": 2026, "centre": "AC03", "scenario": scenario_document(scenario)}

    job = clients["viewer"].get(start(clients["viewer"], body, HTTP_ACCEPT_LANGUAGE="en")["Location"]).json()

    page = scenario_explain(scenario, 2026, centre="AC03", language="en")
    assert job["status"] == "done"
    assert job["result"]["lines"] == page["lines"]
    assert job["result"]["lines"][0]["text"].startswith("Capitation:")
    assert job["result"]["scenario_hash"] == page["scenario_hash"]


def test_a_run_too_large_to_answer_at_once_is_refused_with_413_and_runs_as_a_job(clients, settings):
    document = minimal_document()
    cells = len(document["centres"]) * document["horizon"]
    settings.VARDPENG_MAX_SYNC_CELLS = cells - 1
    client = clients["viewer"]

    refused = client.post("/api/v1/simulate", document, format="json")
    started = client.post("/api/v1/simulations", document, format="json")
    job = client.get(started["Location"]).json()

    assert refused.status_code == 413
    assert "/api/v1/simulations" in refused.json()["errors"][0]["message"]
    assert started.status_code == 202 and job["kind"] == "projection" and job["status"] == "done"
    settings.VARDPENG_MAX_SYNC_CELLS = cells
    assert job["result"] == client.post("/api/v1/simulate", document, format="json").json()


def test_an_analysis_above_the_job_limit_is_refused_before_it_is_queued(clients, settings):
    settings.VARDPENG_MAX_JOB_CELLS = 10

    response = start(clients["viewer"])

    assert response.status_code == 413
    assert "cells of work" in response.json()["errors"][0]["message"]
    assert Job.objects.count() == 0


def test_a_projection_job_checks_its_document_at_once(clients):
    response = clients["viewer"].post("/api/v1/simulations", {"horizon": 3}, format="json")

    assert response.status_code == 400
    assert {e["path"] for e in response.json()["errors"]} >= {"centres"}
    assert Job.objects.count() == 0


def test_an_unknown_kind_is_refused_at_kind_with_the_kinds_listed(clients):
    response = start(clients["viewer"], SENSITIVITY | {"kind": "tornado"})

    assert response.status_code == 400
    assert response.json()["errors"] == [{"path": "kind", "message": f"must be one of {', '.join(KINDS)}"}]
    assert Job.objects.count() == 0


BREAK_EVEN = {
    "schema": "vardpeng.analysis/1",
    "kind": "break_even",
    "scenario": minimal_document(),
    "parameter": {"path": "compensation.budget_per_listed", "mode": "scale", "bounds": [1.0, 1.01]},
    "target": {"metric": "result.region_run", "value": 0},
}


def test_a_break_even_goal_not_reached_within_the_bounds_is_answered_in_swedish_words(clients):
    client = clients["viewer"]

    job = client.get(start(client, BREAK_EVEN)["Location"]).json()
    answer = client.get(job["url"] + "/answer")
    english = clients["viewer"].get(start(client, BREAK_EVEN, HTTP_ACCEPT_LANGUAGE="en")["Location"] + "/answer").json()

    assert job["status"] == "failed" and job["errors"][0]["path"] == "target"  # the API keeps §11.5's error
    assert job["errors"][0]["message"].startswith("result.region_run goes from ")
    body = answer.json()
    assert answer.status_code == 200 and body["reached"] is False
    assert Draft202012Validator(FIGURES["answer"].body_schema()).is_valid(body)
    sentence = body["sentence"]
    assert sentence.startswith(
        "Målet nås inte inom gränserna: med budget per listad från 4\u00a0000\u00a0kr till 4\u00a0040\u00a0kr"
    )
    assert "går de regiondrivna vårdcentralernas sammanlagda resultat över perioden från " in sentence
    assert re.search(r"från −?\d+,\d\u00a0mnkr till −?\d+,\d\u00a0mnkr och når aldrig", sentence)
    assert "når aldrig 0,0\u00a0mnkr" in sentence and "goes from" not in sentence
    assert english["sentence"].startswith(
        "The goal is not reached within the bounds: with budget per listed from 4,000"
    )


def test_a_break_even_refused_at_a_bound_says_where_in_words(clients):
    request = BREAK_EVEN | {"parameter": {"path": "compensation.fixed_share", "mode": "scale", "bounds": [1.0, 1.2]}}
    client = clients["viewer"]

    job = client.get(start(client, request)["Location"]).json()
    answer = client.get(job["url"] + "/answer").json()

    assert job["status"] == "failed" and job["errors"][0]["path"] == "parameter.bounds"
    assert answer["reached"] is False
    assert answer["sentence"].startswith("Målet kan inte prövas inom de här gränserna: med fast andel på 108,0\u00a0%")
    assert "fast andel hamnar utanför" in answer["sentence"].split("(")[1]


def test_a_break_even_answer_that_is_found_is_reached(clients):
    request = BREAK_EVEN | {
        "parameter": {"path": "compensation.budget_per_listed", "mode": "scale", "bounds": [0.5, 3]}
    }
    client = clients["viewer"]

    url = start(client, request)["Location"]
    answer = client.get(url + "/answer").json()

    assert answer["reached"] is True and answer["sentence"].startswith("Med budget per listad på ")
