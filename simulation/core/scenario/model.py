"""A checked, normalised document → the engine's model (§2 → ``engine.inputs``)."""

from __future__ import annotations

from typing import Any

import numpy as np

from simulation.core.engine import dated
from simulation.core.engine.inputs import (
    DEFICIT_POLICIES,
    FORMS,
    GOAL_KEYS,
    Assumptions,
    Centres,
    Compensation,
    Costs,
    Goal,
    LedgerPolicy,
    Model,
    Uncertainty,
)
from simulation.core.scenario.fields import ASSUMPTIONS, CENTRE_NUMBERS, COMPENSATION
from simulation.core.scenario.levers import engine_lever
from simulation.core.scenario.values import keyed


def document_model(doc: dict) -> Model:
    years = np.arange(doc["base_year"], doc["base_year"] + doc["horizon"])

    def series(value: Any) -> np.ndarray:
        return dated.resolve(keyed(value), years)

    comp = doc["compensation"]
    uncertainty = doc["uncertainty"]
    return Model(
        base_year=doc["base_year"],
        horizon=doc["horizon"],
        assumptions=Assumptions(*(series(doc["assumptions"][k]) for k in ASSUMPTIONS)),
        compensation=Compensation(
            **{k: series(comp[k]) for k in COMPENSATION},
            goals=tuple(
                Goal(g["key"], series(g["weight"]), series(g["floor"]), series(g["target"])) for g in comp["goals"]
            ),
        ),
        costs=Costs(series(doc["costs"]["hired_premium"]), series(doc["costs"]["gp_cost_per_fte"])),
        ledger={
            f: LedgerPolicy(
                deficit=DEFICIT_POLICIES.index(p["deficit"]),
                surplus_retention=series(p["surplus_retention"]),
                restoration_years=series(p["restoration_years"]),
                return_requirement=series(p["return_requirement"]),
                surplus_cap=np.full(len(years), np.inf) if p["surplus_cap"] is None else series(p["surplus_cap"]),
                surplus_expiry_years=np.full(len(years), np.inf)
                if p["surplus_expiry_years"] is None
                else series(p["surplus_expiry_years"]),
            )
            for f, p in ((FORMS.index(name), policy) for name, policy in doc["ledger"].items())
        },
        neutrality_compensation=doc["neutrality_compensation"],
        centres=centre_arrays(doc["centres"]),
        levers=tuple(engine_lever(lever) for lever in doc["levers"]),
        uncertainty=Uncertainty(**uncertainty) if uncertainty else None,
    )


def centre_arrays(rows: list[dict]) -> Centres:
    def column(name: str) -> np.ndarray:
        return np.array([float(row[name]) for row in rows])

    return Centres(
        ids=tuple(r["id"] for r in rows),
        names=tuple(r["name"] for r in rows),
        units=tuple(r["unit"] for r in rows),
        forms=np.array([FORMS.index(r["operating_form"]) for r in rows], dtype=np.int8),
        rural=np.array([bool(r["rural"]) for r in rows]),
        achievements={key: column(key) for key in GOAL_KEYS},
        **{name: column(name) for name in CENTRE_NUMBERS if name not in GOAL_KEYS},
    )
