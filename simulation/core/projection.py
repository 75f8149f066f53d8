"""Engine results → the projection document (``vardpeng.projection/1``, spec §7) and its CSV form.

Nothing here computes money: it only reshapes the engine's tables.
"""

from __future__ import annotations

from typing import Any

from simulation.core import outputs
from simulation.core.engine import ENGINE_VERSION, FORMS, ModelError, RunResult, simulate
from simulation.core.engine.frames import records
from simulation.core.engine.montecarlo import PERCENTILES
from simulation.core.exports import csv_text
from simulation.core.scenario import PreparedScenario, Problem, ScenarioInvalid

SCHEMA = "vardpeng.projection/1"
#: A region row's fields (§7), ``by_form`` aside: the year, then the region's figures in the order of
#: the table of output figures (which is the document's field order).
REGION_FIELDS = ("year", *outputs.names(outputs.REGION))
CENTRE_FIELDS = outputs.names(outputs.CENTRE)
UNIT_FIELDS = outputs.names(outputs.UNIT)
BY_FORM_FIELDS = outputs.names(outputs.FORM)


#: Values in one row of each table: the figures and what names the row (centre, year, form, unit).
CENTRE_ROW_VALUES = len(CENTRE_FIELDS) + 4
UNIT_ROW_VALUES = len(UNIT_FIELDS) + 3
REGION_ROW_VALUES = len(REGION_FIELDS) + len(BY_FORM_FIELDS) * len(FORMS)
#: The region-level series a run with uncertainty has bands of (R25, R26), each one per percentile.
BAND_SERIES = 4 + len(FORMS)
#: Measured on national documents (bench/limits.py, 1 200 centres, 10–50 years, 1–11 runs: 23–24 B
#: and 85–94 B): a projection written as JSON takes about this many bytes per value, and building it
#: (tables, Python objects, the JSON text) about this much memory at its peak.
JSON_BYTES_PER_VALUE = 24
MEMORY_BYTES_PER_VALUE = 95


def projection_values(prepared: PreparedScenario) -> int:
    """How many values the projection of ``prepared`` holds at most, known before anything runs:
    per run, centres × years rows of the centres table, as many unit-years at most (a unit has
    centres in every year it has a row), a region row per year, and bands when uncertain."""
    total = 0
    for _name, model in prepared.runs:
        centre_years = model.centres.count * model.horizon
        total += centre_years * (CENTRE_ROW_VALUES + UNIT_ROW_VALUES) + model.horizon * REGION_ROW_VALUES
        if model.uncertainty is not None:
            total += BAND_SERIES * len(PERCENTILES) * model.horizon + model.centres.count * (1 + model.horizon)
    return total


def scenario_project(prepared: PreparedScenario) -> dict[str, Any]:
    """Run the baseline and every variant of a prepared scenario and build the projection (§5, §7)."""
    try:
        runs = [(name, simulate(model)) for name, model in prepared.runs]
    except ModelError as error:
        raise ScenarioInvalid([Problem("", p.message) for p in error.problems]) from None
    return projection_document(prepared, runs)


def projection_document(prepared: PreparedScenario, runs: list[tuple[str, RunResult]]) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "scenario": prepared.name,
        "base_year": prepared.base_year,
        "years": list(range(prepared.base_year, prepared.base_year + prepared.horizon)),
        "engine_version": ENGINE_VERSION,
        "runs": [_run(name, prepared.run_hash(name), result) for name, result in runs],
    }


def _run(name: str, scenario_hash: str, result: RunResult) -> dict[str, Any]:
    return {
        "variant": name,
        "scenario_hash": scenario_hash,
        "centres": records(result.centre_columns),
        "units": records(result.unit_columns),
        "region": [_region_row(row) for row in records(result.region_columns)],
        "bands": result.bands,
    }


def _region_row(row: dict[str, Any]) -> dict[str, Any]:
    nested = {field: row[field] for field in REGION_FIELDS}
    nested["by_form"] = {form: {key: row[f"{form}.{key}"] for key in BY_FORM_FIELDS} for form in FORMS}
    return nested


def centres_csv(projection: dict[str, Any]) -> str:
    """The CSV form of a projection: the centres table, one row per variant, centre and year (§7)."""
    return table_csv(projection, "centres")


def table_csv(projection: dict[str, Any], table: str) -> str:
    """One table of the projection as CSV: ``centres`` (§7's CSV form), ``units`` or ``region``."""
    columns, rows = CSV_TABLES[table](projection)
    return csv_text(columns, rows)


def centre_rows(projection: dict[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
    rows = [{"variant": run["variant"]} | row for run in projection["runs"] for row in run["centres"]]
    return (list(rows[0]) if rows else ["variant"]), rows


def unit_rows(projection: dict[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
    rows = [{"variant": run["variant"]} | row for run in projection["runs"] for row in run["units"]]
    return (list(rows[0]) if rows else ["variant"]), rows


def region_rows(projection: dict[str, Any]) -> tuple[list[str], list[dict[str, Any]]]:
    """The region table flat: by_form becomes columns such as ``private_result``."""
    rows = []
    for run in projection["runs"]:
        for row in run["region"]:
            flat = {"variant": run["variant"]} | {k: v for k, v in row.items() if k != "by_form"}
            for form, figures in row["by_form"].items():
                flat |= {f"{form}_{key}": value for key, value in figures.items()}
            rows.append(flat)
    return (list(rows[0]) if rows else ["variant"]), rows


#: The tables a projection exports, by the name a client asks for.
CSV_TABLES = {"centres": centre_rows, "units": unit_rows, "region": region_rows}
