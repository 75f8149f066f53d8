"""Sensitivity and break-even (spec §11.4, §11.5): every figure is an engine run of a changed document."""

import copy
import hashlib
import json
import subprocess
import sys

import pytest

from simulation.core.analysis import analyse
from simulation.core.projection import scenario_project
from simulation.core.scenario import ScenarioInvalid, prepare
from tests.conftest import PROJECT, minimal_document


def run_of(document: dict) -> dict:
    return scenario_project(prepare(document))["runs"][0]


def horizon_total(run: dict, field: str) -> float:
    """The metric as the projection document states it (§7), summed by hand."""
    if field == "result.region_run":
        return sum(r["by_form"][f]["result"] for r in run["region"] for f in ("egen_regi", "intraprenad"))
    return sum(r[field] for r in run["region"])


def request(kind: str = "sensitivity", **fields) -> dict:
    return {"schema": "vardpeng.analysis/1", "kind": kind, "scenario": minimal_document()} | fields


def with_budget(budget: float) -> dict:
    document = minimal_document()
    document["compensation"] = document["compensation"] | {"budget_per_listed": budget}
    return document


def refusal(raw: dict) -> list[dict]:
    with pytest.raises(ScenarioInvalid) as refused:
        analyse(raw)
    return [p.as_dict() for p in refused.value.problems]


def test_sensitivity_runs_each_parameter_at_both_ends_and_sorts_by_swing():
    parameters = [
        {"path": "compensation.budget_per_listed", "change": 0.05},
        {"path": "centres.*.staff_cost", "change": 0.1},
        {"path": "compensation.fixed_share", "low": 0.7, "high": 0.95},
    ]

    result = analyse(request(metric="consolidated_cost", parameters=parameters))

    by_path = {row["path"]: row for row in result["rows"]}
    budget = by_path["compensation.budget_per_listed"]
    assert result["base"] == pytest.approx(horizon_total(run_of(minimal_document()), "consolidated_cost"))
    assert (budget["low_value"], budget["high_value"]) == (3800, 4200)
    assert budget["low"] == pytest.approx(horizon_total(run_of(with_budget(3800)), "consolidated_cost"))
    assert budget["swing"] == abs(budget["high"] - budget["low"])
    assert (by_path["centres.*.staff_cost"]["low_value"], by_path["centres.*.staff_cost"]["high_value"]) == (0.9, 1.1)
    assert [row["swing"] for row in result["rows"]] == sorted((row["swing"] for row in result["rows"]), reverse=True)


def test_paths_reach_numbers_in_sections_whose_values_are_all_numbers_and_every_year_of_a_dated_value():
    scenario = minimal_document(assumptions={"wage_growth": 0.03, "price_growth": 0.02})
    scenario["compensation"] = scenario["compensation"] | {"fixed_share": {"2024": 0.9, "2025": 0.8}}
    parameters = [
        {"path": "assumptions.wage_growth", "delta": 0.01},
        {"path": "compensation.fixed_share", "change": 0.1},
    ]

    rows = {r["path"]: r for r in analyse(request(metric="net_cost", scenario=scenario, parameters=parameters))["rows"]}

    assert rows["assumptions.wage_growth"]["high_value"] == pytest.approx(0.04)
    assert rows["compensation.fixed_share"]["low_value"] == pytest.approx({"2024": 0.81, "2025": 0.72})
    assert refusal(request(metric="net_cost", parameters=[{"path": "compensation.fixed_share.2024", "change": 0.1}]))


def test_a_metric_in_one_year_reads_that_year_only():
    parameters = [{"path": "compensation.budget_per_listed", "change": 0.05}]

    result = analyse(request(metric="net_cost", year=2025, parameters=parameters))

    assert result["year"] == 2025
    assert result["base"] == next(r["net_cost"] for r in run_of(minimal_document())["region"] if r["year"] == 2025)


def test_break_even_finds_the_budget_at_which_region_run_centres_break_even():
    result = analyse(
        request(
            "break_even",
            parameter={"path": "compensation.budget_per_listed", "mode": "scale"},
            target={"metric": "result.region_run"},
        )
    )

    check = horizon_total(run_of(with_budget(4000 * result["x"])), "result.region_run")
    assert abs(check) <= 1.0
    assert result["parameter_value"] == pytest.approx(4000 * result["x"])
    assert abs(result["achieved"]) <= 1.0
    assert result["evaluations"] >= 3  # both bounds and at least one step between


def test_break_even_refuses_a_target_the_metric_never_reaches():
    problems = refusal(
        request(
            "break_even",
            parameter={"path": "compensation.budget_per_listed", "mode": "scale", "bounds": [1, 2]},
            target={"metric": "result.region_run", "value": -1e12},
        )
    )

    assert problems[0]["path"] == "target"
    assert "never reaches -1e+12" in problems[0]["message"]


def test_a_changed_document_the_validator_refuses_refuses_the_request_naming_the_parameter():
    problems = refusal(request(metric="net_cost", parameters=[{"path": "compensation.fixed_share", "change": 0.5}]))

    assert problems == [
        {
            "path": "parameters[0]",
            "message": "at x = +1 the scenario is refused: compensation.fixed_share: must be within 0–1",
        }
    ]


@pytest.mark.parametrize(
    ("changes", "path", "message"),
    [
        ({"colour": "blue"}, "colour", "unknown key"),
        ({"parameters": [{"path": "levers.0.annual", "change": 0.1}]}, "parameters[0].path", "levers cannot"),
        ({"parameters": [{"path": "compensation.nothing", "change": 0.1}]}, "parameters[0].path", "not a number"),
        ({"parameters": [{"path": "horizon", "change": 0.1}]}, "parameters[0].path", "horizon cannot"),
        ({"parameters": [{"path": "compensation.fixed_share", "low": 0.5}]}, "parameters[0]", "come together"),
        ({"metric": "balance.NOWHERE"}, "metric", "unknown unit NOWHERE"),
        ({"variant": "nope"}, "variant", "no variant nope"),
        ({"year": 2030}, "year", "must be ≤ 2026"),
        ({"kind": "sobol"}, "samples", "required"),
        ({"kind": "sobol", "samples": 100, "seed": 1}, "samples", "power of two"),
    ],
)
def test_a_broken_request_is_refused_with_the_path_of_each_problem(changes, path, message):
    raw = request(metric="net_cost", parameters=[{"path": "compensation.budget_per_listed", "change": 0.1}])

    problems = refusal(raw | changes)

    assert any(p["path"] == path and message in p["message"] for p in problems), problems


def test_problems_inside_the_scenario_carry_its_prefix():
    broken = minimal_document()
    broken["centres"][0]["listed"] = -1

    problems = refusal(request(metric="net_cost", scenario=broken, parameters=[]))

    assert {"path": "scenario.centres[0].listed", "message": "must be ≥ 0"} in problems


def test_a_variant_is_analysed_on_its_own_resolved_document_and_traced_by_its_hash():
    scenario = minimal_document(variants=[{"name": "lägre", "overrides": {"compensation": {"fixed_share": 0.7}}}])
    parameters = [{"path": "compensation.budget_per_listed", "change": 0.05}]

    base = analyse(request(metric="net_cost", scenario=scenario, parameters=parameters))
    variant = analyse(request(metric="net_cost", scenario=scenario, variant="lägre", parameters=parameters))

    resolved = copy.deepcopy(prepare(scenario).resolved["lägre"])
    resolved.pop("uncertainty")
    text = json.dumps(resolved, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert variant["scenario_hash"] == hashlib.sha256(text.encode()).hexdigest()
    assert variant["scenario_hash"] != base["scenario_hash"]
    assert variant["variant"] == "lägre"


@pytest.mark.slow  # runs the CLI in another process
def test_the_cli_writes_the_result_and_refuses_with_exit_2(tmp_path):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    bad_request = request(metric="net_cost", parameters=[{"path": "compensation.budget_per_listed", "change": 0.1}])
    good.write_text(json.dumps(bad_request))
    bad.write_text(json.dumps(bad_request | {"metric": "wealth"}))

    done = subprocess.run(
        [sys.executable, "manage.py", "analyse", str(good)], cwd=PROJECT, capture_output=True, text=True, check=False
    )
    refused = subprocess.run(
        [sys.executable, "manage.py", "analyse", str(bad)], cwd=PROJECT, capture_output=True, text=True, check=False
    )

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["schema"] == "vardpeng.analysis-result/1"
    assert refused.returncode == 2
    assert "metric: must be one of" in refused.stderr
    assert "Traceback" not in refused.stderr


@pytest.mark.parametrize(
    ("metric", "year", "expected"),
    [
        ("region_run_balance", None, lambda run: run["region"][-1]["region_run_balance"]),
        ("balance.I1", None, lambda run: [u for u in run["units"] if u["unit"] == "I1"][-1]["balance_close"]),
        (
            "balance.I1",
            2025,
            lambda run: next(u for u in run["units"] if (u["unit"], u["year"]) == ("I1", 2025))["balance_close"],
        ),
        ("written_off", None, lambda run: sum(u["written_off"] for u in run["units"])),
        ("result.private", None, lambda run: sum(r["by_form"]["private"]["result"] for r in run["region"])),
        ("loss_coverage", 2026, lambda run: run["region"][-1]["loss_coverage"]),
    ],
)
def test_every_metric_reads_the_figure_the_projection_states(metric, year, expected):
    from simulation.core.analysis.metrics import metric_value
    from simulation.core.engine import simulate

    document = minimal_document()

    value = metric_value(simulate(prepare(document).runs[0][1]), metric, year)

    assert value == pytest.approx(expected(run_of(document)), abs=1e-6)


def test_break_even_prefers_the_lower_bound_when_both_already_meet_the_target():
    # The private centres' result does not depend on the intraprenad's return requirement.
    private = metric_at(minimal_document(), "result.private")

    result = analyse(
        request(
            "break_even",
            parameter={"path": "ledger.intraprenad.return_requirement", "mode": "shift", "bounds": [0, 1e6]},
            target={"metric": "result.private", "value": private},
        )
    )

    assert (result["x"], result["evaluations"]) == (0, 2)


def metric_at(document: dict, metric: str) -> float:
    from simulation.core.analysis.metrics import metric_value
    from simulation.core.engine import simulate

    return metric_value(simulate(prepare(document).runs[0][1]), metric, None)


def test_a_centre_field_moved_out_of_its_bounds_refuses_the_request_with_the_parameter():
    """Analyses check only the moved field of the centres again (the rest was checked once): a
    moved field outside its bounds is still refused, naming the parameter and the centre."""
    raw = request(metric="net_cost", parameters=[{"path": "centres.*.staff_cost", "change": 2.0}])

    problems = refusal(raw)

    assert problems[0]["path"] == "parameters[0]"
    assert "at x = -1" in problems[0]["message"] and "centres[0].staff_cost" in problems[0]["message"]


def test_an_unknown_kind_is_refused_at_kind_with_the_kinds_listed_by_the_cli(tmp_path):
    path = tmp_path / "tornado.json"
    path.write_text(
        json.dumps(
            request(
                kind="tornado", metric="net_cost", parameters=[{"path": "compensation.budget_per_listed", "change": 1}]
            )
        )
    )

    refused = subprocess.run(
        [sys.executable, "manage.py", "analyse", str(path)], cwd=PROJECT, capture_output=True, text=True, check=False
    )

    assert refused.returncode == 2
    assert "kind: must be one of explain, sensitivity, break_even, sobol" in refused.stderr
    assert "metric" not in refused.stderr and "parameters" not in refused.stderr  # not blamed on the kind's keys
