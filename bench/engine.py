"""Engine benchmark at national scale: prints figures, asserts nothing (timing goals are not tests).

    .venv/bin/python bench/engine.py [--centres 1200] [--draws 1000] [--quick]

Every time is also given in memory-pass floors measured in the same run: the time of one numpy pass
over 12 M float64 cells (an in-place multiply, the best of several), so that figures from a busy or
a quiet machine can be compared. Goals (issue 27): Monte Carlo at ≤ 20 ns per centre-year-draw
(1 200 × 10 × 1 000); memory growing linearly with draws and centres; the national Monte Carlo CLI
run, output written, within 80 floors beyond a bare interpreter start.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import numpy as np

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from simulation.core.engine import simulate  # noqa: E402
from simulation.core.engine.workers import MONTE_CARLO_WORKERS, fork_is_safe  # noqa: E402
from simulation.core.projection import scenario_project  # noqa: E402
from simulation.core.scenario import prepare  # noqa: E402


def cpu_time() -> float:
    """CPU seconds of this process and of its children waited for: Monte Carlo forks (engine/workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def national_centres(centres: int, seed: int = 1) -> list[dict]:
    """About Sweden's size: 1 200 centres with pooled intraprenad units."""
    rng = np.random.default_rng(seed)
    forms = rng.choice(["egen_regi", "intraprenad", "private"], size=centres, p=[0.45, 0.15, 0.40])
    rows = []
    for i, form in enumerate(forms):
        listed = float(rng.uniform(2000, 20000))
        rows.append(
            {
                "id": f"C{i:04d}",
                "name": f"Centre {i}",
                "operating_form": str(form),
                # Intraprenader pool into 21 units (one per region), the rest are their own unit.
                "unit": f"INTRA-{i % 21}" if form == "intraprenad" else f"C{i:04d}",
                "rural": bool(rng.random() < 0.3),
                "listed": listed,
                "cni": float(rng.uniform(0.8, 1.3)),
                "doctor_visits_per_listed": float(rng.uniform(0.8, 1.3)),
                "other_visits_per_listed": float(rng.uniform(1.6, 2.6)),
                "outside_visits_per_listed": float(rng.uniform(0.05, 0.25)),
                "phone_access": float(rng.uniform(0.6, 0.95)),
                "assessment_3d": float(rng.uniform(0.55, 0.9)),
                "staff_cost": listed * float(rng.uniform(2600, 3100)),
                "hired_cost": listed * float(rng.uniform(200, 600)),
                "premises_cost": listed * 340,
                "other_cost": listed * 600,
                "overhead_cost": 0.0 if form == "private" else listed * 200,
                "gp_fte": listed / 1485,
                "opening_balance": float(rng.uniform(-2e6, 2e6)),
            }
        )
    return rows


def national_document(centres: int, draws: int | None, seed: int = 1) -> dict:
    """A national scenario: every lever type, carried deficits, neutrality compensation."""
    rows = national_centres(centres, seed)
    document = {
        "schema": "vardpeng.scenario/1",
        "name": "national benchmark",
        "base_year": 2024,
        "horizon": 10,
        "assumptions": {
            "listed_growth": 0.005,
            "wage_growth": 0.03,
            "price_growth": 0.02,
            "compensation_growth": 0.025,
        },
        "compensation": {
            "budget_per_listed": 4300,
            "fixed_share": {"2024": 0.87, "2026": 0.70},
            "sparsity_per_listed": 250,
            "small_unit_threshold": 4000,
            "small_unit_amount": 1_500_000,
            "goal_share": 0.3,
            "goals": [
                {"key": "phone_access", "weight": 0.5, "floor": 0.7, "target": 0.9},
                {"key": "assessment_3d", "weight": 0.5, "floor": 0.6, "target": 0.85},
            ],
            "doctor_visit_weight": 2.0,
            "patient_fee_per_visit": 150,
            "outside_visit_fee": 650,
            "vat_compensation_rate": 0.06,
        },
        "costs": {"hired_premium": 1.8, "gp_cost_per_fte": 1_600_000},
        "ledger": {
            "egen_regi": {"surplus_retention": 0.0, "deficit": "carried", "restoration_years": 3},
            "intraprenad": {
                "surplus_retention": 1.0,
                "deficit": "carried",
                "restoration_years": 3,
                "return_requirement": 1_700_000,
                "surplus_cap": 50_000_000,
            },
            "private": {"surplus_retention": 1.0, "deficit": "borne"},
        },
        "neutrality_compensation": True,
        "levers": [
            {
                "type": "convert_form",
                "year": 2027,
                "from": "egen_regi",
                "to": "intraprenad",
                "unit": "NEW-INTRA",
                "start_capital": 50_000_000,
            },
            {"type": "hired_share", "year": 2028, "target": 0.05, "forms": ["intraprenad"]},
            {"type": "efficiency", "from_year": 2026, "annual": 0.01},
            {"type": "overhead_reduction", "from_year": 2026, "share": 0.3, "forms": ["intraprenad"]},
            {"type": "gp_list_target", "from_year": 2026, "listed_per_gp": 1100, "phase_years": 4},
            {"type": "drawdown", "unit": "INTRA-0", "year": 2029, "amount": 1_000_000},
        ],
        "centres": rows,
    }
    if draws:
        document["uncertainty"] = {
            "draws": draws,
            "seed": 42,
            "listed_growth_sd": 0.005,
            "wage_growth_sd": 0.01,
            "price_growth_sd": 0.01,
            "visit_rate_sd": 0.1,
            "cost_sd": 0.03,
        }
    return document


CELLS = 12_000_000  # 1 200 centres × 10 years × 1 000 draws


def timed(function: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def memory_floor(repeat: int = 7) -> float:
    """Seconds of one memory-bound numpy pass over 12 M float64 cells (best of ``repeat``)."""
    cells = np.random.default_rng(0).random(CELLS)
    out = np.empty_like(cells)
    return min(timed(lambda: np.multiply(cells, 1.0000001, out=out), repeat))


def peak_memory(function: Callable[[], object]) -> int:
    """Peak bytes traced while ``function`` runs (numpy's arrays are traced too)."""
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def engine_figures(centres: int, draws: int, floor: float) -> None:
    model = prepare(national_document(centres, None)).runs[0][1]
    simulate(model)  # warm up imports and caches
    times = timed(lambda: simulate(model), 15)
    median = statistics.median(times)
    print(
        f"deterministic engine, {centres} centres × 10 years: median {median * 1e3:.1f} ms "
        f"(best {min(times) * 1e3:.1f} ms) = {median / floor:.1f} floors"
    )
    mc_model = prepare(national_document(centres, draws)).runs[0][1]
    simulate(mc_model)
    wall = timed(lambda: simulate(mc_model), 3)
    cpu_start = cpu_time()
    simulate(mc_model)
    cpu = cpu_time() - cpu_start
    cells = centres * 10 * draws
    best = min(wall)
    print(
        f"Monte Carlo engine, {centres} × 10 × {draws} (its deterministic run included): best {best:.3f} s of "
        f"{', '.join(f'{t:.3f}' for t in wall)} s = {best * 1e9 / cells:.1f} ns per centre-year-draw "
        f"= {best / floor * CELLS / cells:.0f} floors over 12 M cells; CPU {cpu * 1e9 / cells:.1f} ns per cell "
        f"({MONTE_CARLO_WORKERS} {'processes' if fork_is_safe() else 'threads'}, their CPU added)"
    )


def engine_share(centres: int, draws: int, floor: float) -> None:
    """Where a Monte Carlo CLI run's time goes once its modules are imported, measured in process."""
    document = national_document(centres, draws)
    start = time.perf_counter()
    prepared = prepare(document)
    validated = time.perf_counter()
    projection = scenario_project(prepared)
    projected = time.perf_counter()
    json.dumps(projection, ensure_ascii=False)
    written = time.perf_counter()
    steps = {"validate": validated - start, "engine + projection": projected - validated}
    steps["json.dumps"] = written - projected
    print("in process: " + ", ".join(f"{name} {s * 1e3:.0f} ms = {s / floor:.0f} floors" for name, s in steps.items()))


def memory_figures(quick: bool) -> None:
    """Peak traced memory of a Monte Carlo run: it should grow linearly with draws and with centres.
    The chunks run in threads here, so that every allocation is traced in this process (a forked
    child's are its own: bench/mc.py gives their peak RSS)."""
    from simulation.core.engine import workers

    workers.fork_is_safe, forking = (lambda: False), workers.fork_is_safe
    try:
        _memory_figures(quick)
    finally:
        workers.fork_is_safe = forking


def _memory_figures(quick: bool) -> None:
    many = 5000 if quick else 20000
    runs = [(1200, 1000), (1200, 4000), (1200, 200), (many, 200)]
    peaks = {}
    for centres, draws in runs:
        model = prepare(national_document(centres, draws)).runs[0][1]
        peaks[(centres, draws)] = peak_memory(lambda model=model: simulate(model))
        print(f"peak traced memory, {centres} centres × {draws} draws: {peaks[(centres, draws)] / 2**20:,.0f} MiB")
    print(
        f"  draws ×4 → memory ×{peaks[(1200, 4000)] / peaks[(1200, 1000)]:.2f}; "
        f"centres ×{many / 1200:.1f} → memory ×{peaks[(many, 200)] / peaks[(1200, 200)]:.2f}"
    )


def cli_figures(centres: int, draws: int, floor: float) -> None:
    """The whole CLI process, as a user runs it: start, read, validate, run, write the projection."""
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for name, uncertain in (("deterministic", None), ("Monte Carlo", draws)):
            paths[name] = Path(folder) / f"{name[0]}.json"
            paths[name].write_text(json.dumps(national_document(centres, uncertain)))
        output = Path(folder) / "projection.json"

        def run(*command: str) -> float:
            return min(timed(lambda: subprocess.run(command, cwd=PROJECT, check=True, stdout=subprocess.DEVNULL), 3))

        bare = run(sys.executable, "-c", "pass")
        startup = run(sys.executable, "manage.py", "simulate", "--help")
        print(
            f"bare interpreter start {bare * 1e3:.0f} ms; manage.py simulate --help {startup * 1e3:.0f} ms "
            "(its modules imported, no Django)"
        )
        for name, path in paths.items():
            whole = run(sys.executable, "manage.py", "simulate", str(path), "--output", str(output))
            print(
                f"whole CLI, {name} national run ({output.stat().st_size / 2**20:.1f} MiB written): "
                f"{whole:.2f} s = {(whole - bare) / floor:.0f} floors beyond a bare interpreter start "
                f"(of which importing and --help {(startup - bare) / floor:.0f})"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--centres", type=int, default=1200)
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="5 000 rather than 20 000 centres for memory")
    args = parser.parse_args()

    floor = memory_floor()
    print(f"memory-pass floor: {floor * 1e3:.1f} ms for 12 M float64 cells = {floor * 1e9 / CELLS:.2f} ns per cell")
    engine_figures(args.centres, args.draws, floor)
    engine_share(args.centres, args.draws, floor)
    memory_figures(args.quick)
    cli_figures(args.centres, args.draws, floor)
    print(f"memory-pass floor again at the end: {memory_floor() * 1e9 / CELLS:.2f} ns per cell")


if __name__ == "__main__":
    main()
