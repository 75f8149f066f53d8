"""Analyses of a scenario (spec §11): explain, sensitivity and break-even. Pure: no Django.

Every figure comes from running the engine on the scenario's resolved document, changed as the
analysis says (``evaluate``); nothing recomputes a rule. ``analyse`` takes a request document
(``vardpeng.analysis/1``) and returns the result document (``vardpeng.analysis-result/1``), or
raises ``ScenarioInvalid`` with every problem and its path.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..engine import ENGINE_VERSION
from .break_even import break_even
from .evaluate import Progress
from .explain import explain
from .request import AnalysisRequest, analysis_request
from .sensitivity import sensitivity

RESULT_SCHEMA = "vardpeng.analysis-result/1"
KIND_FUNCTIONS = {"explain": explain, "sensitivity": sensitivity, "break_even": break_even}


def analyse(raw: Any, progress: Progress | None = None) -> dict[str, Any]:
    """Check a request, run its analysis and return the result document (§11.7)."""
    request = analysis_request(raw)
    answer = KIND_FUNCTIONS[request.kind](request, progress)
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


def scenario_hash(document: dict[str, Any]) -> str:
    """SHA-256 of the resolved document as evaluated (§11.7)."""
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


__all__ = ["RESULT_SCHEMA", "AnalysisRequest", "analyse", "analysis_request", "scenario_hash"]
