"""One explanation, every edge (§11.3, issue 22): the CLI, the REST API (Accept-Language or the
request's ``language``), a job run by the Celery task and the Varför? page give the same lines in
the same language for the same request."""

import json
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.html import escape

from simulation.models import Job, Scenario
from simulation.services.scenarios import scenario_document
from simulation.tasks import job_task
from tests.conftest import PROJECT

FIRST_WORD = {"sv": "Kapitering:", "en": "Capitation:"}


def request_for(scenario: Scenario, **extra) -> dict:
    document = scenario_document(scenario)
    return {"schema": "vardpeng.analysis/1", "kind": "explain", "year": 2025, "scenario": document} | extra


def through_the_cli(request: dict, tmp_path) -> dict:
    path = tmp_path / "request.json"
    path.write_text(json.dumps(request))
    done = subprocess.run(
        [sys.executable, "manage.py", "analyse", str(path)], cwd=PROJECT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def through_the_api(client, request: dict, **headers) -> dict:
    started = client.post("/api/v1/analyses", request, format="json", **headers)
    job = client.get(started["Location"]).json()
    assert job["status"] == "done", job
    return job["result"]


def through_the_task(request: dict, owner, process_language: str) -> dict:
    """A job as a Celery worker runs it (the task, applied here), in a process whose own language
    is another one."""
    job = Job.objects.create(kind="explain", owner=owner, request=request)
    with translation.override(process_language):
        job_task.apply(args=[str(job.pk)])
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.errors
    return job.result


@pytest.mark.parametrize(("language", "other"), [("sv", "en"), ("en", "sv")])
@pytest.mark.parametrize("subject", [{"centre": "P1"}, {"unit": "I1"}])
def test_the_cli_the_api_a_worker_and_the_page_give_the_same_lines_in_the_language(
    language, other, subject, clients, client, tmp_path
):
    scenario = Scenario.objects.get(region__code="AA", preset="baseline")
    asked = request_for(scenario, language=language, **subject)
    api = clients["viewer"]

    cli = through_the_cli(asked, tmp_path)
    by_header = through_the_api(api, request_for(scenario, **subject), HTTP_ACCEPT_LANGUAGE=language)
    by_body = through_the_api(api, asked, HTTP_ACCEPT_LANGUAGE=other)  # the request's language wins
    by_worker = through_the_task(asked, get_user_model().objects.get(username="vera"), process_language=other)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    query = "&".join(f"{k}={v}" for k, v in subject.items())
    page = client.get(f"/regions/AA/why/?scenario={scenario.pk}&year=2025&{query}").content.decode()

    assert cli["lines"] == by_header["lines"] == by_body["lines"] == by_worker["lines"]
    assert cli["scenario_hash"] == by_header["scenario_hash"] == by_worker["scenario_hash"]
    for line in cli["lines"]:
        assert escape(line["text"]) in page, line["text"]
    if "centre" in subject:
        assert cli["lines"][0]["text"].startswith(FIRST_WORD[language])
    other_texts = through_the_cli(request_for(scenario, language=other, **subject), tmp_path)["lines"]
    assert [line["text"] for line in other_texts] != [line["text"] for line in cli["lines"]]
