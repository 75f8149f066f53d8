"""Issue 23's "must show" on the demo regions: Västerbotten's rules over REST, its baseline
following a published change, and Västmanland's model on Västerbotten's data."""

import copy
import io

import pytest
from django.core.management import call_command

from regions.models import Role
from simulation.models import Scenario
from simulation.services.projections import projection_key, scenario_run
from tests.api.conftest import client_for


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    return {
        "analyst": client_for("ada", Role.Kind.ANALYST, ["AC"]),
        "other": client_for("ulla", Role.Kind.ANALYST, ["U"]),
    }


def _baseline_fixed_pot(year: int) -> float:
    """Västerbotten's capitation paid in ``year`` (R5: the fixed share of the budget)."""
    run = scenario_run(Scenario.objects.get(region__code="AC", preset="baseline"))
    return sum(row["revenue_capitation"] for row in run.projection["runs"][0]["centres"] if row["year"] == year)


def test_get_rulebook_shows_the_fixed_share_and_the_ledger(demo):
    body = demo["analyst"].get("/api/v1/regions/AC/rulebook").json()

    assert "fixed_share" in body["rules"]["compensation"]
    assert set(body["rules"]["ledger"]) >= {"egen_regi", "private"}


def test_a_dated_fixed_share_makes_a_new_version_and_the_baseline_follows_it(demo):
    read = demo["analyst"].get("/api/v1/regions/AC/rulebook").json()
    before, first = _baseline_fixed_pot(2027), _baseline_fixed_pot(2024)
    key = projection_key(Scenario.objects.get(region__code="AC", preset="baseline"))
    rules = copy.deepcopy(read["rules"])
    fixed = rules["compensation"]["fixed_share"]
    start = fixed[min(fixed)] if isinstance(fixed, dict) else fixed
    rules["compensation"]["fixed_share"] = {str(read["effective_from"]): start, "2026": start - 0.2}

    response = demo["analyst"].put(
        "/api/v1/regions/AC/rulebook",
        {"version": read["version"], "effective_from": read["effective_from"], "rules": rules},
        format="json",
    )

    assert response.status_code == 200 and response.json()["version"] > read["version"]
    # R5–R7: the fixed pot shrinks with the share (the supplements it also pays stay as they were).
    assert _baseline_fixed_pot(2027) == pytest.approx(before * (start - 0.2) / start, rel=0.02)
    assert _baseline_fixed_pot(2027) < before * 0.85
    assert _baseline_fixed_pot(2024) == pytest.approx(first)
    changed = projection_key(Scenario.objects.get(region__code="AC", preset="baseline"))
    assert changed != key  # the cached projection of the old rules is not served


def test_a_fixed_share_of_one_and_a_half_is_refused_and_another_regions_analyst_too(demo):
    read = demo["analyst"].get("/api/v1/regions/AC/rulebook").json()
    rules = copy.deepcopy(read["rules"])
    rules["compensation"]["fixed_share"] = 1.5
    body = {"effective_from": read["effective_from"], "rules": rules}

    refused = demo["analyst"].put("/api/v1/regions/AC/rulebook", body, format="json")
    foreign = demo["other"].put("/api/v1/regions/AC/rulebook", read | {"version": None}, format="json")

    assert refused.status_code == 400
    assert "rules.compensation.fixed_share" in {e["path"] for e in refused.json()["errors"]}
    assert foreign.status_code == 403


def test_adopting_vastmanlands_model_keeps_vasterbottens_centres_and_budget_and_simulates(demo):
    ac = demo["analyst"].get("/api/v1/regions/AC/rulebook").json()["rules"]
    u = demo["analyst"].get("/api/v1/regions/U/rulebook").json()["rules"]
    own = Scenario.objects.get(region__code="AC", preset="baseline")

    document = demo["analyst"].get("/api/v1/regions/AC/adopt?model=U").json()
    other_budget = demo["analyst"].get("/api/v1/regions/AC/adopt?model=U&budget=other").json()

    assert [c["id"] for c in document["centres"]] == [c["id"] for c in scenario_run(own).document["centres"]]
    assert document["ledger"] == u["ledger"]
    assert document["compensation"]["budget_per_listed"] == ac["compensation"]["budget_per_listed"]
    assert (
        document["compensation"]["fixed_share"] == u["compensation"]["fixed_share"] != ac["compensation"]["fixed_share"]
    )
    assert "Västmanland" in document["description"] and "Västerbotten" in document["description"]
    assert other_budget["compensation"]["budget_per_listed"] == u["compensation"]["budget_per_listed"]
    simulated = demo["analyst"].post("/api/v1/simulate", document, format="json")
    assert simulated.status_code == 200, simulated.content[:300]


def test_adopt_without_a_model_or_with_an_unknown_one_is_refused(demo):
    assert demo["analyst"].get("/api/v1/regions/AC/adopt").status_code == 400
    assert demo["analyst"].get("/api/v1/regions/AC/adopt?model=QQ").status_code == 404
    assert demo["analyst"].get("/api/v1/regions/AC/adopt?model=U&budget=half").status_code == 400


def test_the_demo_loader_leaves_rules_a_person_published(demo):
    read = demo["analyst"].get("/api/v1/regions/AC/rulebook").json()
    rules = copy.deepcopy(read["rules"])
    rules["compensation"]["budget_per_listed"] = 1234
    demo["analyst"].put("/api/v1/regions/AC/rulebook", {"effective_from": 2024, "rules": rules}, format="json")

    call_command("load_demo", stdout=io.StringIO())

    assert demo["analyst"].get("/api/v1/regions/AC/rulebook").json()["rules"] == rules
