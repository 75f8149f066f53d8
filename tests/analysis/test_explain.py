"""explain (spec §11.3): every money field of a centre-year or unit-year, from the engine's trace."""

import json
import math
import re
import subprocess
import sys

import pytest

from simulation.core.analysis import analyse
from simulation.core.analysis.formula import FormulaError, evaluate
from simulation.core.analysis.request import units_in_year
from simulation.core.projection import scenario_project
from simulation.core.scenario import ScenarioInvalid, prepare
from tests.conftest import PROJECT, example

CENTRE_FIELDS = [
    "revenue_capitation",
    "revenue_sparsity",
    "revenue_small_unit",
    "revenue_goals",
    "revenue_visits",
    "revenue_patient_fees",
    "deduction_outside_visits",
    "revenue_vat",
    "revenue_neutrality",
    "revenue_total",
    "cost_staff",
    "cost_hired",
    "cost_premises",
    "cost_other",
    "cost_overhead",
    "cost_total",
    "result",
    "overhead_funded",
]
UNIT_FIELDS = [
    "result",
    "loss_coverage",
    "recovery",
    "written_off",
    "drawdown",
    "expired",
    "balance_open",
    "balance_close",
]
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def explain(document: dict, **subject) -> dict:
    return analyse({"schema": "vardpeng.analysis/1", "kind": "explain", "scenario": document} | subject)


def plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u2212", "-")


def assert_line_holds(line: dict, figure: float) -> None:
    """§11.3: the value is the projection's figure and the formula gives it with its inputs."""
    assert line["value"] == pytest.approx(figure, rel=1e-9, abs=1e-6), line
    assert all(NAME.match(name) for name in line["inputs"]), line
    assert math.isclose(evaluate(line["formula"], line["inputs"]), figure, rel_tol=1e-9, abs_tol=1e-6), line
    assert re.fullmatch(r"R\d+(, R\d+)*", line["rule"]), line
    assert line["text"].strip()


@pytest.mark.parametrize("name", ["tiny", "ledger"])
def test_every_centre_year_and_unit_year_of_the_worked_examples_is_explained_to_the_projections_figures(name):
    # Our own projection: the example's figures (test_worked_examples) and the fields added beyond them.
    document = example(name)
    projection = scenario_project(prepare(document))
    resolved = prepare(document).resolved
    explained = 0
    for run in projection["runs"]:
        variant = run["variant"]
        for row in run["centres"]:
            result = explain(document, variant=variant, year=row["year"], centre=row["centre_id"])
            assert [line["field"] for line in result["lines"]] == CENTRE_FIELDS
            for line in result["lines"]:
                assert_line_holds(line, row[line["field"]])
            explained += 1
        for row in run["units"]:
            assert row["unit"] in units_in_year(resolved[variant], row["year"])
            result = explain(document, variant=variant, year=row["year"], unit=row["unit"])
            assert [line["field"] for line in result["lines"]] == UNIT_FIELDS
            for line in result["lines"]:
                assert_line_holds(line, row[line["field"]])
            explained += 1
    assert explained > 20


def test_the_capitation_line_reads_as_the_spec_says():
    result = explain(example("tiny"), year=2024, centre="A")

    capitation = result["lines"][0]
    assert capitation["formula"] == "K * L * cni / sum_L_cni"
    assert capitation["inputs"] == {"K": 6_250_000, "L": 1000, "cni": 1.0, "sum_L_cni": 7800}
    assert plain(capitation["text"]) == (
        "Kapitering: 6 250 000 kr delas efter vårdtyngdsviktade listade; centralen har 1 000 av 7 800 → 801 282 kr."
    )
    assert result["centre"] == "A" and result["operating_form"] == "egen_regi"
    assert result["kind"] == "explain" and len(result["scenario_hash"]) == 64


def test_texts_are_english_when_asked():
    result = explain(example("tiny"), year=2024, centre="A", language="en")

    assert plain(result["lines"][0]["text"]).startswith("Capitation: 6,250,000 SEK is shared by care-need-weighted")


def test_neutrality_is_explained_from_the_loss_coverage_of_the_region_run_units():
    result = explain(example("tiny"), year=2024, centre="C")

    neutrality = next(line for line in result["lines"] if line["field"] == "revenue_neutrality")
    assert neutrality["formula"] == "L * LC_rr / sum_L_rr"
    assert neutrality["inputs"]["LC_rr"] == pytest.approx(59_587.51, abs=0.01)  # A's covered deficit (§10)
    assert neutrality["inputs"]["sum_L_rr"] == 4000


def test_a_unit_year_says_what_was_restored_and_kept():
    """§10: unit B opens at −50 000 (an open 2023 deficit), which its 2024 surplus restores first."""
    lines = {line["field"]: line for line in explain(example("tiny"), year=2024, unit="B")["lines"]}

    assert lines["balance_open"]["value"] == -50_000
    assert lines["recovery"]["inputs"]["R"] == 50_000
    assert "återställer 50 000 kr gamla underskott" in plain(lines["recovery"]["text"])


def test_a_write_off_names_the_deficits_that_were_not_restored_in_time():
    projection = example("ledger", "projection")
    run = projection["runs"][0]
    row = next(u for u in run["units"] if u["written_off"] > 0 and u["operating_form"] == "intraprenad")

    lines = {line["field"]: line for line in explain(example("ledger"), year=row["year"], unit=row["unit"])["lines"]}

    assert lines["written_off"]["inputs"]["W_due"] == pytest.approx(row["written_off"])
    assert "inte återställts inom" in lines["written_off"]["text"]
    assert "avskrivna underskott" in lines["loss_coverage"]["text"]


@pytest.mark.parametrize(
    ("subject", "path", "message"),
    [
        ({"year": 2024}, "", "exactly one of centre and unit"),
        ({"year": 2024, "centre": "A", "unit": "B"}, "", "exactly one of centre and unit"),
        ({"centre": "A"}, "year", "needs the year"),
        ({"year": 2024, "centre": "Z"}, "centre", "no centre Z"),
        ({"year": 2024, "unit": "Z"}, "unit", "no unit Z"),
        ({"year": 2031, "centre": "A"}, "year", "must be ≤ 2027"),
        ({"year": 2024, "centre": "A", "metric": "net_cost"}, "metric", "unknown key"),
    ],
)
def test_a_broken_explain_request_is_refused_with_paths(subject, path, message):
    with pytest.raises(ScenarioInvalid) as refused:
        explain(example("tiny"), **subject)

    problems = [p.as_dict() for p in refused.value.problems]
    assert any(p["path"] == path and message in p["message"] for p in problems), problems


def test_a_unit_without_centres_in_the_year_has_no_row_to_explain():
    document = example("ledger")
    resolved = prepare(document).resolved["baseline"]
    years = range(resolved["base_year"], resolved["base_year"] + resolved["horizon"])
    every_unit = set().union(*(units_in_year(resolved, y) for y in years))
    unit, year = next((u, y) for y in years for u in sorted(every_unit) if u not in units_in_year(resolved, y))

    with pytest.raises(ScenarioInvalid) as refused:
        explain(document, year=year, unit=unit)

    assert refused.value.problems[0].path == "unit"
    assert f"has no centres in {year}" in refused.value.problems[0].message


@pytest.mark.parametrize(
    "formula",
    ["__import__('os').system('true')", "K ** 2", "K.real", "abs(K)", "K if K else 0", "[K]", "K @ K", "nope"],
)
def test_a_formula_outside_the_grammar_is_refused_not_run(formula):
    with pytest.raises(FormulaError):
        evaluate(formula, {"K": 2.0})


def test_formulas_evaluate_numbers_names_min_max_and_unary_minus():
    assert evaluate("max(0, -r) + W / 2 - min(d, S)", {"r": -10, "W": 4, "d": 3, "S": 1}) == 11


def test_the_cli_explains_a_centre_year(tmp_path):
    request = {"kind": "explain", "year": 2025, "centre": "B", "language": "en", "scenario": example("tiny")}
    path = tmp_path / "request.json"
    path.write_text(json.dumps(request))

    done = subprocess.run(
        [sys.executable, "manage.py", "analyse", str(path)], cwd=PROJECT, capture_output=True, text=True, check=False
    )

    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    row = next(
        r for r in example("tiny", "projection")["runs"][0]["centres"] if r["centre_id"] == "B" and r["year"] == 2025
    )
    assert {line["field"]: line["value"] for line in result["lines"]}["result"] == pytest.approx(row["result"])


def _shown_number(text: str) -> float:
    """A number as an explanation shows it in Swedish: '1 234,5' (thin or no-break spaces)."""
    return float(plain(text).replace(" ", "").replace(",", "."))


ROUNDED = r"( \(avrundade tal\))?"
TWO_FACTORS = {
    # field: a pattern with the two factors and the result, as the Swedish text shows them
    "cost_premises": r"Lokaler: ([\d ,−]+) kr i basåret × prisindex ([\d,]+) → ([\d ,−]+) kr" + ROUNDED,
    "revenue_patient_fees": r"Patientavgifter: ([\d ,]+) besök × ([\d ,]+) kr → ([\d ,]+) kr" + ROUNDED,
    "revenue_sparsity": r"Glesbygdsersättning: ([\d ,]+) kr per listad × ([\d ,]+) listade → ([\d ,]+) kr" + ROUNDED,
}


@pytest.mark.parametrize("name", ["tiny", "ledger"])
def test_a_product_shown_in_words_equals_its_shown_result_or_says_it_is_rounded(name):
    document = example(name)
    checked = rounded = 0
    for row in scenario_project(prepare(document))["runs"][0]["centres"]:
        lines = explain(document, year=row["year"], centre=row["centre_id"])["lines"]
        for line in lines:
            pattern = TWO_FACTORS.get(line["field"])
            match = re.search(pattern, plain(line["text"])) if pattern else None
            if match is None:
                continue
            a, b, result = (_shown_number(match.group(i)) for i in (1, 2, 3))
            if match.group(4):
                rounded += 1
                assert round(a * b) != round(result)
            else:
                assert round(a * b) == round(result), line["text"]
            checked += 1
    assert checked > 10
    if name == "ledger":
        assert rounded > 0  # prices grow 2 % a year: the index shown to three decimals is rounded
