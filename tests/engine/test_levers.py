"""§4 lever readings that version 1.1 of the spec makes explicit."""

import pytest

from simulation.core.projection import scenario_project
from simulation.core.scenario import prepare
from tests.conftest import minimal_document


def hired_cost_share(run, centre_id):
    rows = [r for r in run["centres"] if r["centre_id"] == centre_id]
    return [r["cost_hired"] / (r["cost_hired"] + r["cost_staff"]) for r in rows]


def with_hired_share_lever(year, target):
    document = minimal_document(horizon=4, costs={"hired_premium": 1.0})
    document["centres"][0]["hired_cost"] = 2_000_000  # E1: 10 % of 20 mnkr personnel cost
    document["centres"][0]["staff_cost"] = 18_000_000
    document["levers"] = [{"type": "hired_share", "year": year, "target": target, "centres": ["E1"]}]
    return document


def test_a_hired_share_path_that_ends_beyond_the_horizon_is_followed_inside_it():
    # Base 2024 at 10 %, target 30 % in 2034: the straight line gains 2 points a year.
    run = scenario_project(prepare(with_hired_share_lever(2034, 0.30)))["runs"][0]

    assert hired_cost_share(run, "E1") == pytest.approx([0.10, 0.12, 0.14, 0.16], rel=1e-12)


def test_a_hired_share_target_at_or_before_the_base_year_holds_from_the_base_year():
    for year in (2020, 2024):
        run = scenario_project(prepare(with_hired_share_lever(year, 0.30)))["runs"][0]

        assert hired_cost_share(run, "E1") == pytest.approx([0.30] * 4, rel=1e-12)


def test_a_hired_share_path_inside_the_horizon_reaches_its_target_and_stays():
    run = scenario_project(prepare(with_hired_share_lever(2026, 0.30)))["runs"][0]

    assert hired_cost_share(run, "E1") == pytest.approx([0.10, 0.20, 0.30, 0.30], rel=1e-12)


def test_a_selector_by_ids_picks_exactly_the_named_centres_of_the_chosen_forms():
    import numpy as np

    from simulation.core.engine.inputs import Selector
    from simulation.core.engine.structure import named_centres, select

    model = prepare(minimal_document()).runs[0][1]
    centres = model.centres
    by_ids = Selector(forms=None, centres=frozenset({"E1", "P1", "nowhere"}))
    by_ids_and_form = Selector(forms=frozenset({0}), centres=frozenset({"E1", "P1"}))

    named = named_centres(by_ids, centres)
    picked = select(by_ids_and_form, named_centres(by_ids_and_form, centres), centres.forms)

    assert named.tolist() == [c in {"E1", "P1"} for c in centres.ids]
    assert picked.tolist() == [c == "E1" for c in centres.ids]
    assert select(Selector(None, None), named_centres(Selector(None, None), centres), centres.forms).all()
    assert np.array_equal(named, np.isin(np.array(centres.ids, dtype=object), ["E1", "P1"]))
