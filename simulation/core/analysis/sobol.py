"""Global sensitivity (§11.6): Sobol indices by Saltelli's scheme, exactly as SALib computes them.

The N·(P + 2) evaluations are independent, so they are split into chunks (``sobol_chunk``) that
may run anywhere — in this process, or as a Celery group across workers — and are gathered in
sample order before the indices are computed (``sobol_result``): the answer does not depend on how
the work was split.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

from simulation.core.analysis.batch import BatchEvaluator
from simulation.core.analysis.evaluate import Progress, refusal
from simulation.core.analysis.request import AnalysisRequest
from simulation.core.scenario import ScenarioInvalid

#: Evaluations per chunk: small enough that progress moves and a lost worker loses little.
CHUNK = 64
#: A metric that moves less than this over the whole sample (SEK) has every index 0 (§11.6).
STILL = 1.0


def sobol_problem(request: AnalysisRequest) -> dict[str, Any]:
    names = [p.path.text for p in request.parameters]
    return {"num_vars": len(names), "names": names, "bounds": [[-1.0, 1.0]] * len(names)}


def sobol_samples(request: AnalysisRequest) -> np.ndarray:
    """The sample, (N·(P + 2), P) values of x in [−1, 1] (read-only: shared by every chunk)."""
    return _saltelli(len(request.parameters), request.samples, request.seed)


@functools.lru_cache(maxsize=8)
def _saltelli(parameters: int, samples: int, seed: int) -> np.ndarray:
    """Every chunk of a job reads its rows from the same sample; drawing it (tens of ms at
    N = 1 024) once per process instead of once per chunk. It depends on nothing else: every
    parameter's x has the bounds [−1, 1]."""
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
    total = request.samples * (len(request.parameters) + 2)
    return [(start, min(start + CHUNK, total)) for start in range(0, total, CHUNK)]


def sobol_chunk(request: AnalysisRequest, start: int, stop: int, done=None) -> list[float]:
    """The metric for sample rows [start, stop): each row moves every parameter by its own x, all
    rows evaluated as batches (``BatchEvaluator``). ``done`` is called once per evaluation (for
    progress and cancellation)."""
    rows = sobol_samples(request)[start:stop]
    members = [list(zip(request.parameters, map(float, row), strict=True)) for row in rows]

    def evaluated(count: int) -> None:
        for _ in range(count):
            done()

    answers = BatchEvaluator(request).values(members, evaluated if done is not None else None)
    for row, answer in zip(rows, answers, strict=True):
        if isinstance(answer, ScenarioInvalid):
            raise refusal("parameters", float(row[0]), answer) from None
    return answers


def sobol_result(request: AnalysisRequest, values: list[float]) -> dict[str, Any]:
    """The indices of the gathered metric values (in sample order), §11.6's result fields."""
    y = np.asarray(values, dtype=float)
    paths = [p.path.text for p in request.parameters]
    if float(y.max() - y.min()) <= STILL:
        rows = [{"path": path, "S1": 0.0, "S1_conf": 0.0, "ST": 0.0, "ST_conf": 0.0} for path in paths]
    else:
        indices = sobol_analyze.analyze(
            sobol_problem(request), y, calc_second_order=False, conf_level=0.95, seed=request.seed
        )
        rows = [
            {
                key: (path if key == "path" else float(indices[key][i]))
                for key in ("path", "S1", "S1_conf", "ST", "ST_conf")
            }
            for i, path in enumerate(paths)
        ]
    return {"evaluations": len(values), "samples": request.samples, "seed": request.seed, "rows": rows}


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
