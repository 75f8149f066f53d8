"""Analyses of a scenario (spec §11): explain, sensitivity, break-even and Sobol. Pure: no Django.

Every figure comes from running the engine on the scenario's resolved document, changed as the
analysis says (``evaluate``); nothing recomputes a rule. ``analyse`` takes a request document
(``vardpeng.analysis/1``) and returns the result document (``vardpeng.analysis-result/1``), or
raises ``ScenarioInvalid`` with every problem and its path. What differs between the kinds is one
registry, ``kinds.KINDS``.
"""

from __future__ import annotations

from simulation.core.analysis.kinds import (
    KINDS,
    RESULT_SCHEMA,
    AnalysisKind,
    analyse,
    analysis_request,
    result_document,
    work_cells,
)
from simulation.core.analysis.request import AnalysisRequest
from simulation.core.scenario.prepare import scenario_hash

__all__ = [
    "KINDS",
    "RESULT_SCHEMA",
    "AnalysisKind",
    "AnalysisRequest",
    "analyse",
    "analysis_request",
    "result_document",
    "scenario_hash",
    "work_cells",
]
