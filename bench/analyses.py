"""Analysis benchmark: prints figures, asserts nothing (timing goals are not tests).

    .venv/bin/python bench/analyses.py [--centres 1200]

A national-scale document (bench/engine.py's, without uncertainty): a sensitivity of twelve
parameters (25 engine runs) and a break-even of the budget per listed at which the region-run
centres break even, each timed end to end through ``simulation.core.analysis.analyse``.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from simulation.core.analysis import analyse  # noqa: E402

spec = importlib.util.spec_from_file_location("bench_engine", PROJECT / "bench" / "engine.py")
bench_engine = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_engine)

PARAMETERS = [
    {"path": "compensation.budget_per_listed", "change": 0.05},
    {"path": "compensation.fixed_share", "delta": 0.05},
    {"path": "assumptions.wage_growth", "delta": 0.01},
    {"path": "assumptions.listed_growth", "delta": 0.005},
    {"path": "centres.*.staff_cost", "change": 0.05},
    {"path": "centres.*.hired_cost", "change": 0.2},
    {"path": "centres.*.doctor_visits_per_listed", "change": 0.1},
    {"path": "costs.hired_premium", "change": 0.1},
    {"path": "assumptions.price_growth", "delta": 0.01},
    {"path": "assumptions.compensation_growth", "delta": 0.01},
    {"path": "compensation.sparsity_per_listed", "change": 0.2},
    {"path": "ledger.intraprenad.return_requirement", "delta": 1_000_000},
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--centres", type=int, default=1200)
    args = parser.parse_args()
    document = bench_engine.national_document(args.centres, None)

    started = time.perf_counter()
    result = analyse(
        {"kind": "sensitivity", "metric": "consolidated_cost", "scenario": document, "parameters": PARAMETERS}
    )
    elapsed = time.perf_counter() - started
    print(
        f"sensitivity, {args.centres} centres, {len(PARAMETERS)} parameters ({1 + 2 * len(PARAMETERS)} runs): "
        f"{elapsed:.2f} s; largest swing {result['rows'][0]['path']} {result['rows'][0]['swing'] / 1e6:,.1f} mnkr"
    )

    started = time.perf_counter()
    result = analyse(
        {
            "kind": "break_even",
            "scenario": document,
            "parameter": {"path": "compensation.budget_per_listed", "mode": "scale", "bounds": [0.5, 2.0]},
            "target": {"metric": "result.region_run", "value": 0},
        }
    )
    elapsed = time.perf_counter() - started
    print(
        f"break-even budget per listed, {args.centres} centres: {elapsed:.2f} s, {result['evaluations']} runs, "
        f"x = {result['x']:.4f} (budget {result['parameter_value']:,.0f} SEK), result {result['achieved']:,.2f} SEK"
    )


if __name__ == "__main__":
    main()
