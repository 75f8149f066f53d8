"""The analysis kinds (§11), one registry: what a request of each kind may hold and how it is
checked, how it runs, how much work it may take, its JSON Schema, and the figures the job API
draws of its result.

Everything that differs between kinds is read from here: the request's checks
(``analysis_request``), the run (``analyse``), the job limit (``work_cells``), the OpenAPI
components (``json_schema``), the job API's figure addresses and the job runner's fan-out over
workers. Adding a kind is one ``AnalysisKind`` below plus its computation: a module beside this
one with its ``parse``, its run, its ``runs`` and its schemas (``sensitivity.py`` is the smallest).
A figure it names is drawn by a builder in ``simulation.presentation.analyses.FIGURES`` (the web
layer: words go through the pages' translations); a test holds the two lists together.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from simulation.core.analysis import break_even, sensitivity, sobol, subject
from simulation.core.analysis.evaluate import Progress
from simulation.core.analysis.explain import explain
from simulation.core.analysis.request import AnalysisRequest, Asked, Parsed, checked_request
from simulation.core.analysis.schema_parts import Schema
from simulation.core.engine import ENGINE_VERSION
from simulation.core.scenario.prepare import scenario_hash

RESULT_SCHEMA = "vardpeng.analysis-result/1"


@dataclass(frozen=True)
class Chunked:
    """Work split into independent chunks of evaluations that may run on many workers, gathered in
    order; the result does not depend on how the chunks were spread (§11.6)."""

    #: [start, stop) of each chunk, in order.
    chunks: Callable[[AnalysisRequest], list[tuple[int, int]]]
    #: The values of one chunk; the callback is called once per evaluation (progress, cancelling).
    chunk: Callable[[AnalysisRequest, int, int, Callable[[], None] | None], list[float]]
    #: The kind's result fields from every chunk's values, in order.
    gather: Callable[[AnalysisRequest, list[float]], dict[str, Any]]


@dataclass(frozen=True)
class AnalysisKind:
    name: str
    #: The kind in an English sentence ("only a finished break-even job has this").
    title: str
    #: The request's keys beyond those every request has (``request.COMMON_KEYS``).
    keys: tuple[str, ...]
    #: Checks those keys, every problem with its path: the metric, parameters and detail.
    parse: Callable[[Asked], Parsed]
    #: Runs it: the kind's fields of the result document (§11.7).
    run: Callable[[AnalysisRequest, Progress | None], dict[str, Any]]
    #: The most engine runs it may take: × centres × years, the work a job limit is checked against.
    runs: Callable[[AnalysisRequest], int]
    #: Its branch of the request's JSON Schema (``AnalysisRequest``'s oneOf).
    request_schema: Callable[[], Schema]
    #: Its fields of the result document, as JSON Schema.
    result_schema: Mapping[str, Schema]
    #: What the job API draws of a finished job of this kind, at ``jobs/{id}/{figure}``.
    figures: tuple[str, ...] = ()
    #: Set when its evaluations may be spread over workers as chunks.
    chunked: Chunked | None = None


def _registry(*kinds: AnalysisKind) -> dict[str, AnalysisKind]:
    return {kind.name: kind for kind in kinds}


KINDS: dict[str, AnalysisKind] = _registry(
    AnalysisKind(
        name="explain",
        title="explain",
        keys=subject.KEYS,
        parse=subject.parse,
        run=explain,
        runs=subject.runs,
        request_schema=subject.request_schema,
        result_schema=subject.RESULT,
    ),
    AnalysisKind(
        name="sensitivity",
        title="sensitivity",
        keys=sensitivity.KEYS,
        parse=sensitivity.parse,
        run=sensitivity.sensitivity,
        runs=sensitivity.runs,
        request_schema=sensitivity.request_schema,
        result_schema=sensitivity.RESULT,
        figures=("tornado",),
    ),
    AnalysisKind(
        name="break_even",
        title="break-even",
        keys=break_even.KEYS,
        parse=break_even.parse,
        run=break_even.break_even,
        runs=break_even.runs,
        request_schema=break_even.request_schema,
        result_schema=break_even.RESULT,
        figures=("answer",),
    ),
    AnalysisKind(
        name="sobol",
        title="Sobol",
        keys=sobol.KEYS,
        parse=sobol.parse,
        run=sobol.sobol,
        runs=sobol.runs,
        request_schema=sobol.request_schema,
        result_schema=sobol.RESULT,
        figures=("sobol",),
        chunked=Chunked(sobol.sobol_chunks, sobol.sobol_chunk, sobol.sobol_result),
    ),
)


def analysis_request(raw: Any) -> AnalysisRequest:
    """Check a request (§11) and resolve its scenario's variant; raise ScenarioInvalid with paths."""
    return checked_request(raw, KINDS)


def analyse(raw: Any, progress: Progress | None = None) -> dict[str, Any]:
    """Check a request, run its analysis and return the result document (§11.7)."""
    request = analysis_request(raw)
    return result_document(request, KINDS[request.kind].run(request, progress))


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
    return len(document["centres"]) * document["horizon"] * KINDS[request.kind].runs(request)


def figure_kinds() -> dict[str, AnalysisKind]:
    """Each figure the job API draws, and the kind it draws."""
    return {figure: kind for kind in KINDS.values() for figure in kind.figures}
