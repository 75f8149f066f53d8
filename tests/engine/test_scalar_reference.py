"""A plain loop over one centre, written straight from the spec, agrees with the vectorised engine."""

import numpy as np
import pytest

from simulation.core.projection import scenario_project
from simulation.core.scenario import prepare

BASE_YEAR, HORIZON = 2024, 7


def scalar_projection(c: dict, p: dict) -> list[dict]:
    """R1–R19 for a single centre that is its own carried unit, with the efficiency lever."""
    rows = []
    reserve, deficits = max(c["opening_balance"], 0.0), {BASE_YEAR - 1: max(-c["opening_balance"], 0.0)}
    index_l = index_w = index_p = index_c = 1.0
    for t in range(HORIZON):
        year = BASE_YEAR + t
        if t > 0:
            index_l *= 1 + p["listed_growth"]
            index_w *= 1 + p["wage_growth"]
            index_p *= 1 + p["price_growth"]
            index_c *= 1 + p["compensation_growth"]
        listed = c["listed"] * index_l
        volume = index_l
        dv, ov, xv = (
            listed * c[k] for k in ("doctor_visits_per_listed", "other_visits_per_listed", "outside_visits_per_listed")
        )
        budget = p["budget_per_listed"] * index_c * listed
        fixed_pot = p["fixed_share"] * budget
        variable_pot = budget - fixed_pot
        sparsity = p["sparsity_per_listed"] * index_c * listed
        capitation = fixed_pot - sparsity  # the only centre takes the whole capitation pot
        goal_pot = p["goal_share"] * variable_pot
        phi = min(max((c["phone_access"] - p["floor"]) / (p["target"] - p["floor"]), 0.0), 1.0)
        goals = goal_pot * phi
        visits = variable_pot - goal_pot  # the only centre's visits take the whole visit pot
        fees = p["patient_fee_per_visit"] * (dv + ov)
        deduction = p["outside_visit_fee"] * index_c * xv
        revenue = capitation + sparsity + goals + visits + fees - deduction

        n = year - p["efficiency_from"] + 1
        e = 1 - (1 - p["efficiency"]) ** n if n >= 1 else 0.0
        work0 = c["staff_cost"] + c["hired_cost"] / p["hired_premium"]
        h0 = (c["hired_cost"] / p["hired_premium"]) / work0
        work = work0 * volume * index_w * (1 - e)
        cost = (
            work * (1 - h0)
            + work * h0 * p["hired_premium"]
            + c["premises_cost"] * index_p
            + c["other_cost"] * volume * index_p
            + c["overhead_cost"] * index_p
        )
        result = revenue - cost
        r = result - p["return_requirement"]

        balance_open = reserve - sum(deficits.values())
        recovery, loss_coverage = p["return_requirement"], 0.0
        if r >= 0:
            left = r
            for origin in sorted(deficits):
                paid = min(deficits[origin], left)
                deficits[origin] -= paid
                left -= paid
            reserve += p["surplus_retention"] * left
            recovery += (1 - p["surplus_retention"]) * left
        else:
            taken = min(reserve, -r)
            reserve -= taken
            deficits[year] = -r - taken
        for origin in list(deficits):
            if year - origin >= p["restoration_years"]:
                loss_coverage += deficits.pop(origin)
        rows.append(
            {
                "result": result,
                "revenue_total": revenue,
                "cost_total": cost,
                "balance_open": balance_open,
                "balance_close": reserve - sum(deficits.values()),
                "loss_coverage": loss_coverage,
                "recovery": recovery,
            }
        )
    return rows


@pytest.mark.parametrize("seed", range(5))
def test_plain_loop_over_one_centre_agrees_with_the_engine(seed):
    rng = np.random.default_rng(seed)
    centre = {
        "listed": float(rng.uniform(2000, 15000)),
        "doctor_visits_per_listed": float(rng.uniform(0.5, 1.5)),
        "other_visits_per_listed": float(rng.uniform(1, 3)),
        "outside_visits_per_listed": float(rng.uniform(0, 0.3)),
        "phone_access": float(rng.uniform(0.5, 1)),
        "staff_cost": float(rng.uniform(5e6, 6e7)),
        "hired_cost": float(rng.uniform(0, 8e6)),
        "premises_cost": float(rng.uniform(1e5, 3e6)),
        "other_cost": float(rng.uniform(1e5, 3e6)),
        "overhead_cost": float(rng.uniform(0, 1e6)),
        "opening_balance": float(rng.uniform(-3e6, 3e6)),
    }
    params = {
        "listed_growth": float(rng.uniform(-0.02, 0.03)),
        "wage_growth": float(rng.uniform(0, 0.05)),
        "price_growth": float(rng.uniform(0, 0.04)),
        "compensation_growth": float(rng.uniform(0, 0.04)),
        "budget_per_listed": float(rng.uniform(3500, 5000)),
        "fixed_share": float(rng.uniform(0.6, 0.95)),
        "sparsity_per_listed": float(rng.uniform(0, 300)),
        "goal_share": float(rng.uniform(0, 0.5)),
        "floor": 0.5,
        "target": 0.9,
        "patient_fee_per_visit": float(rng.uniform(0, 200)),
        "outside_visit_fee": float(rng.uniform(0, 700)),
        "hired_premium": float(rng.uniform(1, 2.2)),
        "surplus_retention": float(rng.uniform(0, 1)),
        "restoration_years": int(rng.integers(0, 4)),
        "return_requirement": float(rng.uniform(0, 5e5)),
        "efficiency": float(rng.uniform(0, 0.03)),
        "efficiency_from": 2026,
    }
    document = {
        "schema": "vardpeng.scenario/1",
        "name": "scalar",
        "base_year": BASE_YEAR,
        "horizon": HORIZON,
        "assumptions": {k: params[k] for k in ("listed_growth", "wage_growth", "price_growth", "compensation_growth")},
        "compensation": {
            **{
                k: params[k]
                for k in (
                    "budget_per_listed",
                    "fixed_share",
                    "sparsity_per_listed",
                    "goal_share",
                    "patient_fee_per_visit",
                    "outside_visit_fee",
                )
            },
            "goals": [{"key": "phone_access", "weight": 1, "floor": params["floor"], "target": params["target"]}],
        },
        "costs": {"hired_premium": params["hired_premium"]},
        "ledger": {
            "intraprenad": {
                "deficit": "carried",
                "surplus_retention": params["surplus_retention"],
                "restoration_years": params["restoration_years"],
                "return_requirement": params["return_requirement"],
            }
        },
        "levers": [{"type": "efficiency", "from_year": 2026, "annual": params["efficiency"]}],
        "centres": [{"id": "X", "name": "X", "operating_form": "intraprenad", "rural": True} | centre],
    }

    run = scenario_project(prepare(document))["runs"][0]
    expected = scalar_projection(centre, params)

    for t, want in enumerate(expected):
        got = run["centres"][t] | {k: v for k, v in run["units"][t].items() if k not in ("result",)}
        for key, value in want.items():
            assert got[key] == pytest.approx(value, rel=1e-9, abs=1e-6), (t, key)
