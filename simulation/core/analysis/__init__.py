"""Analyses of a scenario (spec §11): explain, sensitivity, break-even and Sobol. Pure: no Django.

Every figure comes from running the engine on the scenario's resolved document, changed as the
analysis says (``evaluate``); nothing recomputes a rule. ``analyse`` takes a request document
(``vardpeng.analysis/1``) and returns the result document (``vardpeng.analysis-result/1``), or
raises ``ScenarioInvalid`` with every problem and its path.
"""

from __future__ import annotations

from typing import Any

from simulation.core.analysis.break_even import MAX_RUNS as BREAK_EVEN_RUNS
from simulation.core.analysis.break_even import break_even
from simulation.core.analysis.evaluate import Progress
from simulation.core.analysis.explain import explain
from simulation.core.analysis.request import AnalysisRequest, analysis_request
from simulation.core.analysis.sensitivity import sensitivity
from simulation.core.analysis.sobol import sobol
from simulation.core.engine import ENGINE_VERSION
from simulation.core.scenario.prepare import scenario_hash

RESULT_SCHEMA = "vardpeng.analysis-result/1"
KIND_FUNCTIONS = {"explain": explain, "sensitivity": sensitivity, "break_even": break_even, "sobol": sobol}


def analyse(raw: Any, progress: Progress | None = None) -> dict[str, Any]:
    """Check a request, run its analysis and return the result document (§11.7)."""
    request = analysis_request(raw)
    return result_document(request, KIND_FUNCTIONS[request.kind](request, progress))


def result_document(request: AnalysisRequest, answer: dict[str, Any]) -> dict[str, Any]:
    """The kind's answer in the result document (§11.7), with what traces it."""
    return {
        "schema": RESULT_SCHEMA,
        "kind": request.kind,
        "variant": request.variant,
        "metric": request.metric,
        "year": request.year,
        "currency": "SEK",
        **answer,
        "scenario_hash": scenario_hash(request.document),
        "engine_version": ENGINE_VERSION,
    }


def work_cells(request: AnalysisRequest) -> int:
    """The most work an analysis may take, in cells (centres × years per run × runs): what a job
    limit is checked against before the job is accepted."""
    document = request.document
    per_run = len(document["centres"]) * document["horizon"]
    parameters = len(request.parameters)
    runs = {
        "explain": 1,
        "sensitivity": 1 + 2 * parameters,
        "break_even": BREAK_EVEN_RUNS,
        "sobol": request.samples * (parameters + 2),
    }[request.kind]
    return per_run * runs


__all__ = [
    "RESULT_SCHEMA",
    "AnalysisRequest",
    "analyse",
    "analysis_request",
    "result_document",
    "scenario_hash",
    "work_cells",
]
