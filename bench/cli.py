"""The whole CLI at national scale (issue 27, item 2): prints figures, asserts nothing.

    .venv/bin/python bench/cli.py [--centres 1200] [--draws 1000] [--repeat 7]

Runs ``manage.py simulate`` as a subprocess on the national document (``bench/engine.py``),
deterministic and with Monte Carlo, the projection written to a file, and a bare ``python -c pass``;
prints the medians (wall time, and the child's CPU time, which other work on the machine disturbs
less). Then the same run stage by stage in a child process: where the time goes between the
interpreter's start and the file on disk, which heavy modules were never imported, and what the
standard library's ``json.dumps`` would have cost instead of ``json_bytes`` (orjson).

Goals on this 2-core machine: the deterministic run within 0,6 s, the Monte Carlo run (1 000
draws) within about 0,65 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.engine import national_document  # noqa: E402

#: What start-up must not import (issue 27): the analyses' libraries, the job broker, spreadsheets.
HEAVY = ("django", "pandas", "scipy", "SALib", "celery", "openpyxl", "yaml", "simulation.services")

#: The CLI's work in a fresh interpreter, with the time at the end of each stage (the collector
#: handled as manage.py does for a command that runs once).
STAGES = """
import gc, json, os, sys, time
from pathlib import Path
gc.disable()  # as manage.py starts a command that runs once
marks = [("start", time.perf_counter())]
def mark(name):
    marks.append((name, time.perf_counter()))
source, output = sys.argv[1], sys.argv[2]
import numpy
mark("numpy (the engine's)")
from simulation.core import cli
from simulation.core.exports import json_bytes
from simulation.core.projection import scenario_project
from simulation.core.scenario import load_text, prepare
gc.freeze()
gc.enable()
mark("the CLI and the engine's modules (no Django)")
prepared = prepare(load_text(Path(source).read_text(encoding="utf-8-sig"), source))
mark("read, parse and validate the document")
projection = scenario_project(prepared)
mark("engine and projection document")
Path(output).write_bytes(json_bytes(projection))
mark("JSON written (orjson)")
start = time.perf_counter()
json.dumps(projection, ensure_ascii=False)
dumps = time.perf_counter() - start
heavy = sorted(m for m in sys.modules if m.split(".")[0] in HEAVY or m.startswith("simulation.services"))
print(json.dumps({"stages": [[b[0], b[1] - a[1]] for a, b in zip(marks, marks[1:])], "dumps": dumps, "heavy": heavy}))
""".replace("HEAVY", repr(HEAVY))


def child_runs(commands: list[tuple[list[str], Path]], repeat: int) -> list[tuple[float, float]]:
    """Median wall time and median CPU time (user + system) of each command (run in its folder),
    the commands taking turns so that the machine's other work weighs on each alike."""
    walls: list[list[float]] = [[] for _ in commands]
    cpus: list[list[float]] = [[] for _ in commands]
    for _ in range(repeat):
        for i, (command, cwd) in enumerate(commands):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
            walls[i].append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[i].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return [(statistics.median(w), statistics.median(c)) for w, c in zip(walls, cpus, strict=True)]


def stages(source: Path, output: Path, repeat: int) -> tuple[list[tuple[str, float]], float, list[str]]:
    """The median time of each stage of the CLI's work in a fresh interpreter."""
    found = []
    for _ in range(repeat):
        answer = subprocess.run(
            [sys.executable, "-c", STAGES, str(source), str(output)],
            cwd=PROJECT,
            check=True,
            capture_output=True,
            text=True,
            env=os.environ | {"PYTHONPATH": str(PROJECT)},
        )
        found.append(json.loads(answer.stdout))
    names = [name for name, _ in found[0]["stages"]]
    medians = [(name, statistics.median(run["stages"][i][1] for run in found)) for i, name in enumerate(names)]
    return medians, statistics.median(run["dumps"] for run in found), found[0]["heavy"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--centres", type=int, default=1200)
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--against", type=Path, help="another checkout of the project (an earlier commit): its CLI is timed too"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        documents = {
            "deterministic": national_document(args.centres, None),
            f"Monte Carlo ({args.draws} draws)": national_document(args.centres, args.draws),
        }
        [(bare, bare_cpu)] = child_runs([([sys.executable, "-c", "pass"], PROJECT)], args.repeat)
        print(f"national document: {args.centres} centres × 10 years; medians of {args.repeat} runs")
        print(f"  bare interpreter (python -c pass): {bare:.3f} s wall, {bare_cpu:.3f} s CPU")
        for name, document in documents.items():
            source, output = Path(folder) / "national.json", Path(folder) / "projection.json"
            source.write_text(json.dumps(document))
            folders = [PROJECT, *([args.against] if args.against else [])]
            outputs = [Path(folder) / f"projection-{i}.json" for i in range(len(folders))]
            commands = [
                ([sys.executable, "manage.py", "simulate", str(source), "--output", str(out)], here)
                for here, out in zip(folders, outputs, strict=True)
            ]
            timed = child_runs(commands, args.repeat)
            for here, out, (wall, cpu) in zip(folders, outputs, timed, strict=True):
                where = "" if here == PROJECT else f" in {here}"
                size = out.stat().st_size / 2**20
                print(f"  manage.py simulate{where}, {name}: {wall:.3f} s wall, {cpu:.3f} s CPU ({size:.1f} MiB)")
            medians, dumps, heavy = stages(source, output, args.repeat)
            total = sum(seconds for _, seconds in medians)
            start_up = sum(seconds for stage, seconds in medians[:2])
            print(f"    stage by stage in a child ({total:.3f} s after the interpreter's start):")
            for stage, seconds in medians:
                print(f"      {stage:<42} {seconds * 1e3:7.1f} ms")
            print(
                f"    start-up (interpreter + first two stages): {(bare + start_up) * 1e3:.0f} ms; "
                f"output (JSON written): {medians[-1][1] * 1e3:.0f} ms, where json.dumps would take "
                f"{dumps * 1e3:.0f} ms"
            )
            print(f"    heavy modules imported: {', '.join(heavy) or 'none'} (of {', '.join(HEAVY)})")


if __name__ == "__main__":
    main()
