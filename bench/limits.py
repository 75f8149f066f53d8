"""What a projection costs, against the estimate the request limits are checked with: prints
figures, asserts nothing.

    .venv/bin/python bench/limits.py

For national documents (bench/engine.py's, 1 200 centres) of several horizons and numbers of
variants, each in a fresh child process: the values the estimate counts before anything runs
(``projection_values``), the JSON a `POST /api/v1/simulate` answers (the engine, the projection
document, the API's orjson renderer) and the process's peak resident memory above what it held
before the run. Then a national Sobol analysis at two sample sizes: a job's work grows with its
cells, its memory does not (evaluations run in chunks). The per-value figures give
``JSON_BYTES_PER_VALUE`` and ``MEMORY_BYTES_PER_VALUE`` (simulation/projection.py) and the memory
the README states for each limit.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

CHILD = """
import json, os, sys, time
sys.path.insert(0, {project!r}); sys.path.insert(0, {bench!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
import django
django.setup()
from engine import national_document
from common.api import FastJSONRenderer
from simulation.core.projection import projection_values, scenario_project
from simulation.core.scenario import prepare

def peak_mib():
    status = open('/proc/self/status').read()
    return int(status.split('VmHWM:')[1].split()[0]) / 1024

def current_mib():
    status = open('/proc/self/status').read()
    return int(status.split('VmRSS:')[1].split()[0]) / 1024

centres, horizon, variants, draws = {shape}
document = national_document(centres, draws or None)
document["horizon"] = horizon
document["variants"] = [{{"name": f"variant {{i}}"}} for i in range(variants)]
prepared = prepare(document)
before = current_mib()
started = time.perf_counter()
body = FastJSONRenderer().render(scenario_project(prepared))
seconds = time.perf_counter() - started
print(json.dumps({{"values": projection_values(prepared), "cells": prepared.cells, "bytes": len(body), "before": before,
                  "peak": peak_mib(), "seconds": seconds}}))
"""

#: (centres, years, variants, Monte Carlo draws)
SHAPES = [
    (1200, 10, 0, 0),
    (1200, 10, 0, 1000),
    # VARDPENG_MAX_SYNC_CELLS: 1 200 × 10 × (1 + 4 999) = 60 million cells.
    (1200, 10, 0, 4999),
    (1200, 10, 3, 0),
    (1200, 50, 0, 0),
    (1200, 50, 1, 0),
    (1200, 50, 3, 0),
    (1200, 50, 10, 0),
]


ANALYSIS_CHILD = """
import json, os, sys, time
sys.path.insert(0, {project!r}); sys.path.insert(0, {bench!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
import django
django.setup()
from engine import national_document
from sobol import PARAMETERS
from simulation.core.analysis import analyse, analysis_request, work_cells

def rss(field):
    return int(open('/proc/self/status').read().split(field + ':')[1].split()[0]) / 1024

request = {{"schema": "vardpeng.analysis/1", "kind": "sobol", "metric": "consolidated_cost", "samples": {samples},
           "seed": 1, "scenario": national_document(1200, None), "parameters": PARAMETERS}}
cells = work_cells(analysis_request(request))
before = rss("VmRSS")
started = time.perf_counter()
analyse(request)
print(json.dumps({{"cells": cells, "seconds": time.perf_counter() - started, "grown": rss("VmHWM") - before}}))
"""


def measure_analysis(samples: int) -> dict:
    """A national Sobol analysis in a child process: an analysis job's work (cells) and memory."""
    code = ANALYSIS_CHILD.format(project=str(PROJECT), bench=str(PROJECT / "bench"), samples=samples)
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=PROJECT, check=False)
    if child.returncode:
        raise SystemExit(child.stderr.decode()[-2000:])
    return json.loads(child.stdout)


def measure(shape: tuple[int, int, int, int]) -> dict:
    code = CHILD.format(project=str(PROJECT), bench=str(PROJECT / "bench"), shape=shape)
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=PROJECT, check=False)
    if child.returncode:
        raise SystemExit(child.stderr.decode()[-2000:])
    return json.loads(child.stdout)


def main() -> None:
    print("centres × years × runs (draws): cells, values estimated, JSON, peak memory of the run, per value")
    for shape in SHAPES:
        centres, years, variants, draws = shape
        found = measure(shape)
        grown = found["peak"] - found["before"]
        mib = 2**20
        print(
            f"{centres} × {years} × {1 + variants}" + (f" ({draws} draws)" if draws else "") + ": "
            f"{found['cells'] / 1e6:.1f} M cells, {found['values'] / 1e6:.2f} M values, "
            f"JSON {found['bytes'] / mib:.0f} MiB "
            f"({found['bytes'] / found['values']:.1f} B/value), peak +{grown:.0f} MiB "
            f"({grown * mib / found['values']:.0f} B/value), {found['seconds']:.1f} s"
        )
    print("an analysis job (national Sobol, 8 parameters): its work and memory (evaluated in chunks)")
    for samples in (64, 256):
        found = measure_analysis(samples)
        print(
            f"N = {samples}: {found['cells'] / 1e6:.0f} M cells, peak +{found['grown']:.0f} MiB, "
            f"{found['seconds']:.1f} s ({found['cells'] / found['seconds'] / 1e6:.0f} M cells/s)"
        )


if __name__ == "__main__":
    main()
