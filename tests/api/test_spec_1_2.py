"""Spec 1.2 through the REST API on Västerbotten's demo baseline (issue 20's "must show")."""

import copy
import io

import pytest
from django.core.management import call_command

from simulation.models import Scenario
from simulation.services.scenarios import scenario_document
from tests.api.test_analyses import start

YEARS_CLOSE = {"rel": 1e-9, "abs": 1e-3}


@pytest.fixture
def baseline(db):
    call_command("load_demo", stdout=io.StringIO())
    document = scenario_document(Scenario.objects.get(region__code="AC", preset="baseline"))
    document["horizon"] = 5  # enough years to see every rule; keeps the test quick
    return document


def simulate(client, document):
    response = client.post("/api/v1/simulate", document, format="json")
    assert response.status_code == 200, response.content[:500]
    return response.json()


def region_rows(projection):
    return projection["runs"][0]["region"]


def with_lever(document, lever):
    changed = copy.deepcopy(document)
    changed["levers"] = [*changed.get("levers", []), lever]
    return changed


OVERHEAD_CUT = {"type": "overhead_reduction", "from_year": 2024, "share": 0.5, "forms": ["egen_regi", "intraprenad"]}


def test_an_overhead_cut_the_region_still_pays_for_leaves_the_consolidated_cost_unchanged(clients, baseline):
    before = region_rows(simulate(clients["viewer"], baseline))
    after = region_rows(simulate(clients["viewer"], with_lever(baseline, OVERHEAD_CUT)))

    for old, new in zip(before, after, strict=True):
        assert new["consolidated_cost"] == pytest.approx(old["consolidated_cost"], **YEARS_CLOSE)
        assert old["overhead_funded"] == 0
        assert new["overhead_funded"] > 1e6  # half of Västerbotten's region-run overhead, paid centrally


def test_an_overhead_cut_that_really_cuts_the_services_lowers_the_consolidated_cost_by_about_that_much(
    clients, baseline
):
    funded = region_rows(simulate(clients["viewer"], with_lever(baseline, OVERHEAD_CUT)))
    saved = region_rows(simulate(clients["viewer"], with_lever(baseline, OVERHEAD_CUT | {"funded_by": "saved"})))
    before = region_rows(simulate(clients["viewer"], baseline))

    for old, cut, paid in zip(before, saved, funded, strict=True):
        no_longer_charged = paid["overhead_funded"]
        assert cut["overhead_funded"] == 0
        # Neutrality compensation follows region-run loss coverage, so "about": within 1 %.
        assert old["consolidated_cost"] - cut["consolidated_cost"] == pytest.approx(no_longer_charged, rel=0.01)


def test_a_rising_goal_trend_raises_goal_pay(clients, baseline):
    goal = baseline["compensation"]["goals"][0]["key"]
    trend = {"type": "goal_trend", "goal": goal, "from_year": 2025, "annual": 0.05}

    before = region_rows(simulate(clients["viewer"], baseline))
    after = region_rows(simulate(clients["viewer"], with_lever(baseline, trend)))

    assert after[0]["goal_unpaid"] == pytest.approx(before[0]["goal_unpaid"])  # 2024: before the trend
    assert after[-1]["goal_unpaid"] < before[-1]["goal_unpaid"]  # more goal pay earned, less left unpaid


def test_surplus_expiry_years_runs_and_zero_is_refused_at_its_path(clients, baseline):
    expiring = copy.deepcopy(baseline)
    expiring["ledger"]["intraprenad"]["surplus_expiry_years"] = 3
    refused = copy.deepcopy(baseline)
    refused["ledger"]["intraprenad"]["surplus_expiry_years"] = 0

    projection = simulate(clients["viewer"], expiring)
    response = clients["viewer"].post("/api/v1/simulate", refused, format="json")

    assert all("expired" in unit for unit in projection["runs"][0]["units"])
    assert response.status_code == 400
    assert [e["path"] for e in response.json()["errors"]] == ["ledger.intraprenad.surplus_expiry_years"]


def test_a_goal_trend_for_a_goal_the_document_does_not_define_is_refused(clients, baseline):
    document = copy.deepcopy(baseline)
    document["compensation"]["goals"] = [g for g in document["compensation"]["goals"] if g["key"] == "phone_access"]
    document["compensation"]["goals"][0]["weight"] = 1.0
    trend = {"type": "goal_trend", "goal": "assessment_3d", "from_year": 2025, "annual": 0.05}

    response = clients["viewer"].post("/api/v1/simulate", with_lever(document, trend), format="json")

    assert response.status_code == 400
    assert [e["path"] for e in response.json()["errors"]] == ["levers[0].goal"]


def test_every_projection_names_its_engine_and_each_run_its_scenario_hash(clients, baseline):
    document = copy.deepcopy(baseline)
    document["variants"] = [{"name": "70/30", "overrides": {"compensation": {"fixed_share": 0.7}}}]

    projection = simulate(clients["viewer"], document)

    assert projection["engine_version"].startswith("1.2+")
    hashes = [run["scenario_hash"] for run in projection["runs"]]
    assert all(len(h) == 64 for h in hashes) and hashes[0] != hashes[1]


def test_an_explain_job_carries_the_scenario_hash_of_the_projection_of_the_same_document(clients, baseline):
    projection = simulate(clients["viewer"], baseline)
    body = {"kind": "explain", "year": 2025, "centre": baseline["centres"][0]["id"], "scenario": baseline}

    job = clients["viewer"].get(start(clients["viewer"], body)["Location"]).json()

    assert job["status"] == "done"
    assert job["result"]["scenario_hash"] == projection["runs"][0]["scenario_hash"]
