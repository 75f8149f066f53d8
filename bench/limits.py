"""What a projection costs, against the estimate the request limits are checked with: prints
figures, asserts nothing.

    .venv/bin/python bench/limits.py

For national documents (bench/engine.py's, 1 200 centres) of several horizons and numbers of
variants, each in a fresh child process: the values the estimate counts before anything runs
(``projection_values``), the JSON a `POST /api/v1/simulate` answers (the engine, the projection
document, the API's orjson renderer) and the process's peak resident memory above what it held
before the run. The per-value figures give ``JSON_BYTES_PER_VALUE`` and ``MEMORY_BYTES_PER_VALUE``
(simulation/projection.py) and the memory the README states for each limit.
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
from simulation.projection import projection_values, scenario_project
from simulation.scenario import prepare

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
print(json.dumps({{"values": projection_values(prepared), "bytes": len(body), "before": before,
                  "peak": peak_mib(), "seconds": seconds}}))
"""

#: (centres, years, variants, Monte Carlo draws)
SHAPES = [
    (1200, 10, 0, 0),
    (1200, 10, 0, 1000),
    (1200, 10, 3, 0),
    (1200, 50, 0, 0),
    (1200, 50, 1, 0),
    (1200, 50, 3, 0),
    (1200, 50, 10, 0),
]


def measure(shape: tuple[int, int, int, int]) -> dict:
    code = CHILD.format(project=str(PROJECT), bench=str(PROJECT / "bench"), shape=shape)
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=PROJECT, check=False)
    if child.returncode:
        raise SystemExit(child.stderr.decode()[-2000:])
    return json.loads(child.stdout)


def main() -> None:
    print("centres × years × runs (draws): values estimated, JSON, peak memory of the run, per value")
    for shape in SHAPES:
        centres, years, variants, draws = shape
        found = measure(shape)
        grown = found["peak"] - found["before"]
        mib = 2**20
        print(
            f"{centres} × {years} × {1 + variants}" + (f" ({draws} draws)" if draws else "") + ": "
            f"{found['values'] / 1e6:.2f} M values, JSON {found['bytes'] / mib:.0f} MiB "
            f"({found['bytes'] / found['values']:.1f} B/value), peak +{grown:.0f} MiB "
            f"({grown * mib / found['values']:.0f} B/value), {found['seconds']:.1f} s"
        )


if __name__ == "__main__":
    main()
