"""Hypothesis strategies: random valid scenario documents."""

from hypothesis import assume
from hypothesis import strategies as st

from simulation.core.scenario import ScenarioInvalid, prepare

FORMS = ["egen_regi", "intraprenad", "private"]
money = st.floats(0, 5e7, allow_nan=False)
share = st.floats(0, 1, allow_nan=False)


@st.composite
def centres(draw, goals_met: bool = False):
    count = draw(st.integers(1, 6))
    rows = []
    for i in range(count):
        form = draw(st.sampled_from(FORMS))
        # Pool some centres: a unit per form, so pooled centres never mix forms.
        unit = draw(st.sampled_from([f"C{i}", f"pool-{form}"]))
        rows.append(
            {
                "id": f"C{i}",
                "name": f"Centre {i}",
                "operating_form": form,
                "unit": unit,
                "rural": draw(st.booleans()),
                "listed": draw(st.floats(500, 20000)),
                "cni": draw(st.floats(0.6, 1.5)),
                "doctor_visits_per_listed": draw(st.floats(0.1, 2)),
                "other_visits_per_listed": draw(st.floats(0, 3)),
                "outside_visits_per_listed": draw(st.floats(0, 0.5)),
                "phone_access": 1.0 if goals_met else draw(share),
                "assessment_3d": 1.0 if goals_met else draw(share),
                "staff_cost": draw(money),
                "hired_cost": draw(st.floats(0, 1e7)),
                "premises_cost": draw(st.floats(0, 3e6)),
                "other_cost": draw(st.floats(0, 3e6)),
                "overhead_cost": draw(st.floats(0, 2e6)),
                "gp_fte": draw(st.floats(0, 10)),
                "opening_balance": draw(st.floats(-5e6, 5e6)),
            }
        )
    return rows


def dated(values):
    return st.one_of(values, st.fixed_dictionaries({"2024": values, "2026": values}))


@st.composite
def ledger_policy(draw, form):
    policy = {
        "deficit": draw(st.sampled_from(["covered", "carried", "borne"])),
        "surplus_retention": draw(share),
        "restoration_years": draw(st.integers(0, 4)),
        "return_requirement": draw(st.floats(0, 1e6)),
        "surplus_cap": draw(st.one_of(st.none(), st.floats(0, 5e6))),
        "surplus_expiry_years": draw(st.one_of(st.none(), st.integers(1, 4))),
    }
    return policy


def levers(ids: list[str], units: list[str]):
    """One lever of any type, naming the document's centres and units."""
    return st.one_of(
        st.builds(
            lambda y, to, pick: {"type": "convert_form", "year": y, "centres": pick, "to": to},
            st.integers(2024, 2029),
            st.sampled_from(FORMS),
            st.lists(st.sampled_from(ids), min_size=1, max_size=len(ids), unique=True),
        ),
        # Into a new unit with start capital, in the base year too (R20, 1.2).
        st.builds(
            lambda y, to, pick, capital: {
                "type": "convert_form",
                "year": y,
                "centres": pick,
                "to": to,
                "unit": f"new-{to}",
                "start_capital": capital,
            },
            st.integers(2024, 2027),
            st.sampled_from(FORMS),
            st.lists(st.sampled_from(ids), min_size=1, max_size=len(ids), unique=True),
            st.floats(0, 5e6),
        ),
        st.builds(
            lambda y, target, forms: {"type": "hired_share", "year": y, "target": target, "forms": forms},
            st.integers(2024, 2030),
            share,
            st.lists(st.sampled_from(FORMS), min_size=1, unique=True),
        ),
        st.builds(
            lambda y, a: {"type": "efficiency", "from_year": y, "annual": a},
            st.integers(2024, 2029),
            st.floats(0, 0.05),
        ),
        st.builds(
            lambda y, s, by: {"type": "overhead_reduction", "from_year": y, "share": s, "funded_by": by},
            st.integers(2024, 2029),
            share,
            st.sampled_from(["region", "saved"]),
        ),
        st.builds(
            lambda goal, y, a, forms: {
                "type": "goal_trend",
                "goal": goal,
                "from_year": y,
                "annual": a,
                "forms": forms,
            },
            st.sampled_from(["phone_access", "assessment_3d"]),
            st.integers(2024, 2029),
            st.floats(-0.2, 0.2),
            st.lists(st.sampled_from(FORMS), min_size=1, unique=True),
        ),
        st.builds(
            lambda y, n, p: {"type": "gp_list_target", "from_year": y, "listed_per_gp": n, "phase_years": p},
            st.integers(2024, 2029),
            st.floats(800, 2000),
            st.integers(1, 4),
        ),
        st.builds(
            lambda unit, y, a: {"type": "drawdown", "unit": unit, "year": y, "amount": a},
            st.sampled_from(units),
            st.integers(2024, 2029),
            st.floats(0, 3e6),
        ),
    )


@st.composite
def documents(draw, goals_met: bool = False, uncertainty: bool = False):
    rows = draw(centres(goals_met))
    ids = [r["id"] for r in rows]
    levers_drawn = draw(st.lists(levers(ids, sorted({r["unit"] for r in rows})), max_size=4))
    if goals_met:  # a falling goal trend would un-meet them (R9)
        levers_drawn = [lever for lever in levers_drawn if lever["type"] != "goal_trend"]
    goal_weight = draw(share)
    document = {
        "schema": "vardpeng.scenario/1",
        "name": "random",
        "base_year": 2024,
        "horizon": draw(st.integers(1, 6)),
        "assumptions": {
            key: draw(dated(st.floats(-0.05, 0.08)))
            for key in ("listed_growth", "wage_growth", "price_growth", "compensation_growth")
        },
        "compensation": {
            "budget_per_listed": draw(dated(st.floats(2000, 6000))),
            "fixed_share": draw(dated(st.floats(0.5, 1))),
            "sparsity_per_listed": draw(st.floats(0, 400)),
            "small_unit_threshold": draw(st.floats(0, 5000)),
            "small_unit_amount": draw(st.floats(0, 1e6)),
            "goal_share": draw(dated(st.floats(0, 0.6))),
            "goals": [
                {"key": "phone_access", "weight": goal_weight, "floor": 0.5, "target": 0.9},
                {"key": "assessment_3d", "weight": 1 - goal_weight, "floor": 0.4, "target": 0.8},
            ],
            "doctor_visit_weight": draw(st.floats(0.5, 3)),
            "patient_fee_per_visit": draw(st.floats(0, 300)),
            "outside_visit_fee": draw(st.floats(0, 800)),
            "vat_compensation_rate": draw(st.floats(0, 0.1)),
        },
        "costs": {"hired_premium": draw(st.floats(1, 2.5)), "gp_cost_per_fte": draw(st.floats(0, 2e6))},
        "ledger": {form: draw(ledger_policy(form)) for form in FORMS},
        "neutrality_compensation": draw(st.booleans()),
        "levers": levers_drawn,
        "centres": rows,
    }
    if uncertainty:
        document["uncertainty"] = {
            "draws": draw(st.integers(2, 40)),
            "seed": draw(st.integers(0, 2**32)),
            **{
                key: draw(st.floats(0, 0.2))
                for key in ("listed_growth_sd", "wage_growth_sd", "price_growth_sd", "visit_rate_sd", "cost_sd")
            },
        }
    return document


def prepared(document):
    """The prepared document, or a rejected example when the random draw is not a valid document
    (a conversion that would mix forms in a unit, supplements over the fixed pot)."""
    try:
        return prepare(document)
    except ScenarioInvalid:
        assume(False)
