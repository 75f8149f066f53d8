"""Engine results → the projection document (``vardpeng.projection/1``, spec §7) and its CSV form.

Nothing here computes money: it only reshapes the engine's tables.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from .engine import FORMS, RunResult, simulate
from .scenario import PreparedScenario

SCHEMA = "vardpeng.projection/1"
REGION_FIELDS = (
    "year",
    "listed",
    "budget",
    "compensation_paid",
    "goal_unpaid",
    "loss_coverage",
    "recovery",
    "drawdown",
    "neutrality_paid",
    "net_cost",
)


def scenario_project(prepared: PreparedScenario) -> dict[str, Any]:
    """Run the baseline and every variant of a prepared scenario and build the projection (§5, §7)."""
    runs = [(name, simulate(model)) for name, model in prepared.runs]
    return projection_document(prepared, runs)


def projection_document(prepared: PreparedScenario, runs: list[tuple[str, RunResult]]) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "scenario": prepared.name,
        "base_year": prepared.base_year,
        "years": list(range(prepared.base_year, prepared.base_year + prepared.horizon)),
        "runs": [_run(name, result) for name, result in runs],
    }


def _run(name: str, result: RunResult) -> dict[str, Any]:
    return {
        "variant": name,
        "centres": _records(result.centres),
        "units": _records(result.units),
        "region": [_region_row(row) for row in _records(result.region)],
        "bands": result.bands,
    }


def _records(frame) -> list[dict[str, Any]]:
    """Rows as plain Python values (numpy scalars do not serialise to JSON)."""
    columns = list(frame.columns)
    values = [frame[c].tolist() for c in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def _region_row(row: dict[str, Any]) -> dict[str, Any]:
    nested = {field: row[field] for field in REGION_FIELDS}
    nested["by_form"] = {
        form: {key: row[f"{form}.{key}"] for key in ("listed", "market_share", "result")} for form in FORMS
    }
    return nested


def centres_csv(projection: dict[str, Any]) -> str:
    """The CSV form of a projection: the centres table, one row per variant, centre and year (§7)."""
    rows = [{"variant": run["variant"]} | row for run in projection["runs"] for row in run["centres"]]
    if not rows:
        return ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
