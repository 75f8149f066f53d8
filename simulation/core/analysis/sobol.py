"""Global sensitivity (§11.6): Sobol indices by Saltelli's scheme, exactly as SALib computes them.

The N·(P + 2) evaluations are independent, so they are split into chunks (``sobol_chunk``) that
may run anywhere — in this process, or as a Celery group across workers — and are gathered in
sample order before the indices are computed (``sobol_result``): the answer does not depend on how
the work was split.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from simulation.core.analysis import schema_parts as schema
from simulation.core.analysis.batch import BatchEvaluator, Move
from simulation.core.analysis.evaluate import Progress, refusal
from simulation.core.analysis.request import AnalysisRequest, Asked, Parsed, metric_parsed, parameters_parsed
from simulation.core.scenario import ScenarioInvalid

#: Evaluations per chunk: small enough that progress moves and a lost worker loses little.
CHUNK = 64
#: A metric that moves less than this over the whole sample (SEK) has every index 0 (§11.6).
STILL = 1.0
#: Saltelli's N (§11.6): a power of two in this range.
SAMPLES = (2**4, 2**14)
SEEDS = (1, 2**32 - 1)
KEYS = ("metric", "parameters", "samples", "seed")
INDICES = ("S1", "S1_conf", "ST", "ST_conf")


@dataclass(frozen=True)
class Sample:
    """Saltelli's N and the seed that makes the sample repeatable (§11.6)."""

    samples: int
    seed: int


def parse(asked: Asked) -> Parsed:
    """§11.6: a metric, parameters moved by change or delta only (x is drawn from [−1, 1]), N a
    power of two, a seed ≥ 1."""
    check, raw = asked.check, asked.raw
    metric = metric_parsed(asked, raw.get("metric"), "metric")
    parameters = parameters_parsed(asked, ("change", "delta"))
    samples = check.number(raw.get("samples"), "samples", *SAMPLES, whole=True)
    if "samples" not in raw:
        check.fail("samples", "required: N, a power of two from 16 to 16384")
    elif samples is not None and int(samples) & (int(samples) - 1):
        check.fail("samples", "must be a power of two (16, 32, …, 16384)")
    seed = check.number(raw.get("seed"), "seed", *SEEDS, whole=True)
    if "seed" not in raw:
        check.fail("seed", "required: a whole number ≥ 1, so that the sample can be repeated")
    return Parsed(metric, parameters, Sample(int(samples or 0), int(seed or 0)))


def runs(request: AnalysisRequest) -> int:
    """N·(P + 2) evaluations."""
    return request.detail_as(Sample).samples * (len(request.parameters) + 2)


def request_schema() -> schema.Schema:
    samples = schema.number(SAMPLES[0], SAMPLES[1], whole=True) | {
        "description": "Saltelli's N, a power of two (16, 32, …, 16384): N·(P + 2) evaluations"
    }
    seed = schema.number(*SEEDS, whole=True) | {"description": "Makes the sample repeatable"}
    own = {"metric": schema.METRIC, "parameters": schema.parameters(("change", "delta")), "samples": samples}
    return schema.kind_request("sobol", own | {"seed": seed}, KEYS)


RESULT: dict[str, schema.Schema] = {
    "evaluations": schema.INTEGER,
    "samples": schema.INTEGER,
    "seed": schema.INTEGER,
    "rows": schema.rows(
        {"path": schema.TEXT} | dict.fromkeys(INDICES, schema.FLOAT),
        "One per parameter in the request's order: first-order and total indices with 95 % half-widths",
    ),
}


def sobol_problem(request: AnalysisRequest) -> dict[str, Any]:
    names = [p.path.text for p in request.parameters]
    return {"num_vars": len(names), "names": names, "bounds": [[-1.0, 1.0]] * len(names)}


def sobol_samples(request: AnalysisRequest) -> np.ndarray:
    """The sample, (N·(P + 2), P) values of x in [−1, 1] (read-only: shared by every chunk)."""
    sample = request.detail_as(Sample)
    return _saltelli(len(request.parameters), sample.samples, sample.seed)


@functools.lru_cache(maxsize=8)
def _saltelli(parameters: int, samples: int, seed: int) -> np.ndarray:
    """Every chunk of a job reads its rows from the same sample; drawing it (tens of ms at
    N = 1 024) once per process instead of once per chunk. It depends on nothing else: every
    parameter's x has the bounds [−1, 1]. SALib is imported here and in ``sobol_result``, when a
    Sobol analysis runs, not when the module is (with SciPy it takes most of a second)."""
    from SALib.sample import sobol as sobol_sample

    problem = {
        "num_vars": parameters,
        "names": [f"x{i}" for i in range(parameters)],
        "bounds": [[-1.0, 1.0]] * parameters,
    }
    sample = sobol_sample.sample(problem, samples, calc_second_order=False, scramble=True, seed=seed)
    sample.flags.writeable = False
    return sample


def sobol_chunks(request: AnalysisRequest) -> list[tuple[int, int]]:
    """[start, stop) of each chunk of the sample, in order."""
    total = runs(request)
    return [(start, min(start + CHUNK, total)) for start in range(0, total, CHUNK)]


def sobol_chunk(request: AnalysisRequest, start: int, stop: int, done: Callable[[], None] | None = None) -> list[float]:
    """The metric for sample rows [start, stop): each row moves every parameter by its own x, all
    rows evaluated as batches (``BatchEvaluator``). ``done`` is called once per evaluation (for
    progress and cancellation)."""
    rows = sobol_samples(request)[start:stop]
    members: list[list[Move]] = [list(zip(request.parameters, map(float, row), strict=True)) for row in rows]

    def evaluated(count: int) -> None:
        for _ in range(count):
            if done is not None:
                done()

    values = []
    for row, answer in zip(rows, BatchEvaluator(request).values(members, evaluated), strict=True):
        if isinstance(answer, ScenarioInvalid):
            raise refusal("parameters", float(row[0]), answer) from None
        values.append(answer)
    return values


def sobol_result(request: AnalysisRequest, values: list[float]) -> dict[str, Any]:
    """The indices of the gathered metric values (in sample order), §11.6's result fields."""
    from SALib.analyze import sobol as sobol_analyze

    sample = request.detail_as(Sample)
    y = np.asarray(values, dtype=float)
    paths = [p.path.text for p in request.parameters]
    if float(y.max() - y.min()) <= STILL:
        rows: list[dict[str, Any]] = [{"path": path} | dict.fromkeys(INDICES, 0.0) for path in paths]
    else:
        indices = sobol_analyze.analyze(
            sobol_problem(request), y, calc_second_order=False, conf_level=0.95, seed=sample.seed
        )
        rows = [
            {key: (path if key == "path" else float(indices[key][i])) for key in ("path", *INDICES)}
            for i, path in enumerate(paths)
        ]
    return {"evaluations": len(values), "samples": sample.samples, "seed": sample.seed, "rows": rows}


def sobol(request: AnalysisRequest, progress: Progress | None = None) -> dict[str, Any]:
    """Every chunk in this process, one after the other."""
    chunks = sobol_chunks(request)
    total = chunks[-1][1]
    done = [0]

    def one_more() -> None:
        done[0] += 1
        if progress is not None:
            progress(done[0] / total)

    values = [v for start, stop in chunks for v in sobol_chunk(request, start, stop, one_more)]
    return sobol_result(request, values)
