"""Engine benchmark at national scale: prints figures, asserts nothing (timing goals are not tests).

    .venv/bin/python bench/engine.py [--centres 1200] [--draws 1000]

Goals on a 2-core machine (issue 3): deterministic engine ≤ 50 ms for 1 200 centres × 10 years;
Monte Carlo engine ≤ 1.5 s and ≤ 2 GB peak for 1 000 draws; the whole CLI ≤ 5 s for that run.
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
from pathlib import Path

import numpy as np

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from simulation.core.engine import simulate  # noqa: E402
from simulation.core.scenario import prepare  # noqa: E402


def national_document(centres: int, draws: int | None, seed: int = 1) -> dict:
    """About Sweden's size: 1 200 centres, pooled region-run units, every lever type."""
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


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--centres", type=int, default=1200)
    parser.add_argument("--draws", type=int, default=1000)
    args = parser.parse_args()
    years = 10

    model = prepare(national_document(args.centres, None)).runs[0][1]
    simulate(model)  # warm up imports and caches
    times = timed(lambda: simulate(model), 15)
    median = statistics.median(times)
    print(
        f"deterministic engine, {args.centres} centres × {years} years: median {median * 1e3:.1f} ms "
        f"(best {min(times) * 1e3:.1f} ms), {args.centres * years / median:,.0f} centre-years/s"
    )

    # Issue 11: a lever naming centres by id once cost a comparison of every pair per year.
    by_id = national_document(5000, None)
    ids = [c["id"] for c in by_id["centres"]][::3]
    by_id["levers"] = [{"type": "efficiency", "from_year": by_id["base_year"] + 1, "annual": 0.01, "centres": ids}]
    lever_model = prepare(by_id).runs[0][1]
    lever_times = timed(lambda: simulate(lever_model), 5)
    print(
        f"deterministic engine, 5000 centres × {years} years, one lever naming {len(ids)} centres by id: "
        f"median {statistics.median(lever_times) * 1e3:.0f} ms"
    )

    mc_document = national_document(args.centres, args.draws)
    mc_model = prepare(mc_document).runs[0][1]
    tracemalloc.start()
    mc_times = timed(lambda: simulate(mc_model), 1)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    mc_times += timed(lambda: simulate(mc_model), 2)
    best = min(mc_times)
    cells = args.centres * years * args.draws
    print(
        f"Monte Carlo engine, {args.draws} draws: best {best:.2f} s of {len(mc_times)} "
        f"({', '.join(f'{t:.2f}' for t in mc_times)} s; the first under tracemalloc), "
        f"{cells / best:,.0f} centre-year-draws/s, peak traced memory {peak / 2**20:,.0f} MiB, "
        f"process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB"
    )

    with tempfile.TemporaryDirectory() as folder:
        source, output = Path(folder) / "national.json", Path(folder) / "projection.json"
        source.write_text(json.dumps(mc_document))
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", "simulate", str(source), "--output", str(output)], cwd=PROJECT, check=True
        )
        elapsed = time.perf_counter() - start
        print(
            f"whole CLI process (Django start-up, parse, validate, baseline + {args.draws} draws, JSON to a file): "
            f"{elapsed:.2f} s, output {output.stat().st_size / 2**20:.1f} MiB"
        )


if __name__ == "__main__":
    main()
