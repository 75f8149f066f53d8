"""The spec's worked examples (§10) must come out to every figure (relative 1e-9, absolute 1e-6)."""

import math

import pytest

from simulation.core.projection import scenario_project
from simulation.core.scenario import prepare
from tests.conftest import EXAMPLES, SPEC_EXAMPLES, example


def mismatches(got, want, path=""):
    if isinstance(want, dict):
        for key, value in want.items():
            if key not in got:
                yield f"{path}.{key}: missing"
            else:
                yield from mismatches(got[key], value, f"{path}.{key}")
    elif isinstance(want, list):
        if len(got) != len(want):
            yield f"{path}: {len(got)} rows, expected {len(want)}"
            return
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            yield from mismatches(g, w, f"{path}[{i}]")
    elif isinstance(want, float | int) and not isinstance(want, bool):
        if not math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-6):
            yield f"{path}: {got!r} != {want!r}"
    elif got != want:
        yield f"{path}: {got!r} != {want!r}"


@pytest.mark.skipif(not SPEC_EXAMPLES.exists(), reason="the spec is not beside the checkout to compare with")
def test_the_shipped_worked_examples_are_the_specs():
    shipped = {path.name: path.read_bytes() for path in EXAMPLES.glob("*.json")}

    spec = {path.name: path.read_bytes() for path in SPEC_EXAMPLES.glob("*.json")}

    assert shipped == spec, "copy ../shared/spec/examples/*.json to examples/spec/ again"


@pytest.mark.parametrize("name", ["tiny", "ledger"])
def test_worked_example_matches_every_figure(name):
    document, expected = example(name), example(name, "projection")

    projection = scenario_project(prepare(document))

    assert list(mismatches(projection, expected)) == []


def test_tiny_hand_check_of_centre_a_in_2024(tiny):
    projection = scenario_project(prepare(tiny))

    a = next(r for r in projection["runs"][0]["centres"] if r["centre_id"] == "A" and r["year"] == 2024)
    c = next(r for r in projection["runs"][0]["centres"] if r["centre_id"] == "C" and r["year"] == 2024)
    assert a["revenue_capitation"] == pytest.approx(801_282.05, abs=0.01)
    assert a["revenue_goals"] == pytest.approx(50_000)
    assert a["result"] == pytest.approx(-59_587.51, abs=0.01)
    assert c["revenue_neutrality"] == pytest.approx(59_587.51, abs=0.01)
