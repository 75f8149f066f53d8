"""Monte Carlo at national scale (issue 27, item 1): prints figures, asserts nothing.

    .venv/bin/python bench/mc.py [--repeat 5] [--large-draws 1000] [--against ../other-checkout] [--no-cli]

Each configuration runs in a child process of its own, so that its peak RSS is its own: the engine
(``simulate``) at 1 200 centres × 10 years × 1 000 draws and at 20 000 × 10 × ``--large-draws``, in
wall-clock ns per centre-year-draw (best of ``--repeat``, its deterministic run included) and in
CPU ns. Then the "Must show" of issue 27: the national Monte Carlo CLI run (``manage.py simulate``,
1 200 × 10 × 1 000, the projection written) beyond a bare interpreter start.

Every time is also given in one-pass memory floors measured in the same run: the best time of
``np.add(a, b, out=c)`` over 12 M float64 cells, so that a busy and a quiet machine compare.
``--against DIR`` runs another checkout's engine in the same way, in turns with this one, so that
before and after come from the same machine state. Goals: ≤ 20 ns per centre-year-draw; memory
growing linearly; the Monte Carlo CLI within 80 floors beyond a bare interpreter.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench.engine import national_document  # noqa: E402

CELLS = 12_000_000  # 1 200 centres × 10 years × 1 000 draws
#: numpy all the way (a one-shot run below fused.LOAD_CELLS), and the compiled loops loaded as a web
#: or job process loads them for its first Monte Carlo run (engine/fused); the run that loads them
#: is the child's untimed first.
WAYS = ("numpy", "compiled")

#: The child: time ``simulate`` on a document in the checkout given, print JSON figures.
CHILD = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
def cpu_time():  # this process and the children it forked for Monte Carlo (engine/workers)
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
import os
if sys.argv[4] == "numpy":
    os.environ["VARDPENG_FUSED"] = "0"
else:  # as a web or job process runs: its first Monte Carlo run loads the compiled loops
    try:
        from simulation.core.engine import fused
        fused.stay_loaded()
    except ImportError:  # a checkout from before them
        pass
from simulation.core.engine import simulate
from simulation.core.scenario import prepare
model = prepare(json.loads(open(sys.argv[2]).read())).runs[0][1]
simulate(model)
wall = []
for _ in range(int(sys.argv[3])):
    start, cpu = time.perf_counter(), cpu_time()
    simulate(model)
    wall.append((time.perf_counter() - start, cpu_time() - cpu))
best = min(wall)
# VmHWM, not ru_maxrss: the latter keeps the parent's peak across exec. The children forked for
# Monte Carlo (engine/workers) have their own peak: the largest of them, from RUSAGE_CHILDREN.
hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM:")][0]
rss = int(hwm.split()[1]) * 1024
child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(json.dumps({"wall": best[0], "cpu": min(c for _, c in wall), "rss": rss, "child_rss": child}))
"""


def memory_floor(repeat: int = 9) -> float:
    """Seconds of one memory-bound pass over 12 M float64 cells: ``np.add(a, b, out=c)``, best of ``repeat``."""
    a, b = np.random.default_rng(0).random((2, CELLS))
    c = np.empty_like(a)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        np.add(a, b, out=c)
        times.append(time.perf_counter() - start)
    return min(times)


def engine_run(checkout: Path, document: Path, repeat: int, way: str) -> dict:
    command = [sys.executable, "-c", CHILD, str(checkout), str(document), str(repeat), way]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def engine_figures(checkouts: dict[str, Path], args: argparse.Namespace, folder: Path, floor: float) -> None:
    for centres, draws in ((1200, 1000), (20000, args.large_draws)):
        document = folder / f"mc-{centres}-{draws}.json"
        document.write_text(json.dumps(national_document(centres, draws)))
        cells = centres * 10 * draws
        runs: dict[str, list[dict]] = {f"{name}, {way}": [] for name in checkouts for way in WAYS}
        floors = [floor]
        for _ in range(args.turns):  # in turns, so that every checkout sees the same machine states
            for name, checkout in checkouts.items():
                for way in WAYS:
                    floors.append(memory_floor())  # the floor of this machine state, beside the run
                    runs[f"{name}, {way}"].append(engine_run(checkout, document, args.repeat, way))
        floor = min(floors)
        for name, results in runs.items():
            wall = min(r["wall"] for r in results)
            cpu = min(r["cpu"] for r in results)
            rss = max(r["rss"] for r in results)
            child_rss = max(r.get("child_rss", 0) for r in results)
            print(
                f"{name}: Monte Carlo engine {centres} × 10 × {draws}: best {wall:.3f} s = "
                f"{wall * 1e9 / cells:.1f} ns per centre-year-draw = {wall / floor * CELLS / cells:.0f} floors "
                f"per 12 M cells; CPU {cpu * 1e9 / cells:.1f} ns per cell; peak RSS {rss / 2**20:,.0f} MiB "
                f"(largest forked child {child_rss / 2**20:,.0f} MiB, pages shared with the parent counted in both)"
            )


def cli_figures(checkouts: dict[str, Path], args: argparse.Namespace, folder: Path, floor: float) -> None:
    """The Must show: a national Monte Carlo CLI run, output written, beyond a bare interpreter start."""
    document = folder / "mc-cli.json"
    document.write_text(json.dumps(national_document(1200, 1000)))
    output = folder / "projection.json"

    def best(command: list[str], cwd: Path) -> float:
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
        return min(times)

    bare = best([sys.executable, "-c", "pass"], PROJECT)
    floor = min(floor, memory_floor())
    print(f"bare interpreter start {bare * 1e3:.0f} ms; one-pass floor {floor * 1e9 / CELLS:.2f} ns per cell")
    for name, checkout in checkouts.items():
        whole = best([sys.executable, "manage.py", "simulate", str(document), "--output", str(output)], checkout)
        print(
            f"{name}: Monte Carlo CLI, 1 200 × 10 × 1 000, {output.stat().st_size / 2**20:.1f} MiB written: "
            f"{whole:.2f} s = {(whole - bare) / floor:.0f} floors beyond a bare interpreter (goal ≤ 80)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="runs per child, the best taken")
    parser.add_argument("--turns", type=int, default=2, help="children per checkout, in turns")
    parser.add_argument("--large-draws", type=int, default=1000, help="draws at 20 000 centres")
    parser.add_argument("--against", type=Path, help="another checkout, timed in turns with this one")
    parser.add_argument("--no-cli", action="store_true", help="skip the CLI runs")
    args = parser.parse_args()

    checkouts = {"this": PROJECT} | ({"against": args.against.resolve()} if args.against else {})
    floor = memory_floor()
    per_cell = floor * 1e9 / CELLS
    print(f"one-pass floor: np.add over 12 M float64 cells {floor * 1e3:.1f} ms = {per_cell:.2f} ns per cell")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        engine_figures(checkouts, args, folder, floor)
        if not args.no_cli:
            cli_figures(checkouts, args, folder, floor)
    print(f"one-pass floor again at the end: {memory_floor() * 1e9 / CELLS:.2f} ns per cell")


if __name__ == "__main__":
    main()
