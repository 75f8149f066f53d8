"""What fusing the centres' year arithmetic would give Monte Carlo (issue 27): prints figures, asserts nothing.

    .venv/bin/python bench/fused.py [--repeat 300]

The arithmetic of one Monte Carlo chunk-year for every centre — listed persons, visits, capitation,
supplements, goal pay, visit pay, fees, deduction, VAT compensation, staff, hired staff, premises,
other and overhead costs, the cost shock, the result and what the region pays (R1–R18 with no lever,
the shapes of ``engine/year.py``: per centre (N,), per draw (D, 1), per cell (D, N)) — written twice
in the same order of operations: as the engine writes it, in numpy, a pass over the chunk per
operation, and as one numba loop that computes each cell once. It prints both in ns per
centre-draw and whether their bits agree: without ``fastmath`` numba neither reorders nor fuses
multiply-adds, so the same order gives the same bits, and the pinned bands (R24, R25) could stay.
It also times what numba adds to a process's start: importing it and loading a kernel it cached.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

try:
    import numba
except ImportError:
    sys.exit("numba is not installed (make install installs it)")

D, N = 54, 1200  # one chunk: 64 Ki cells at the national size, as engine/montecarlo.py chunks them


def inputs(seed: int = 0) -> tuple[tuple[np.ndarray, ...], tuple[np.ndarray, ...], tuple[np.ndarray, ...]]:
    """Per centre, per draw and per cell arrays of a plausible size (the values do not matter)."""
    rng = np.random.default_rng(seed)
    centre = tuple(rng.random(N) + 0.5 for _ in range(13))  # listed, cni, rural, 3 visit rates, achieved, costs…
    draw = tuple(rng.random((D, 1)) + 0.5 for _ in range(7))  # I_L, I_C, I_W, I_P, price, per need, per listed
    cell = (rng.random((D, N)) + 0.5, 1.0 + 0.05 * rng.standard_normal((D, N)))  # visit factor, 1 + ε
    return centre, draw, cell


def numpy_year(centre, draw, cell):
    """As engine/year.py, compensation.py and costs.py write it: one numpy pass per operation."""
    listed0, cni, rural, dv_rate, ov_rate, out_rate, achieved, work0, hired_share, premises0, other0, over0, private = (
        centre
    )
    i_l, i_c, i_w, i_p, price, per_need, per_listed = draw
    visit_factor, noise = cell
    listed = listed0 * i_l
    doctor = listed * dv_rate * visit_factor
    others = listed * ov_rate * visit_factor
    outside = listed * out_rate * visit_factor
    sparsity = listed * (0.3 * i_c * rural)
    small = 5000.0 - listed
    np.maximum(0.0, small, out=small)
    small /= 5000.0
    small *= 2.0 * i_c
    capitation = listed * cni * per_need
    goals = listed * achieved
    goals *= per_listed
    visits = price * (1.5 * doctor + others)
    fees = (doctor + others) * 100.0
    deduction = 0.2 * i_c * outside
    earned = capitation + sparsity + small + goals + visits
    vat = earned * (0.06 * private)
    work = (work0 * i_l) * i_w
    staff = work * (1.0 - hired_share)
    hired = work * (hired_share * 1.3)
    cost = (staff + hired + premises0 * i_p + other0 * i_l * i_p + (over0 * 0.9) * i_p) * noise
    return earned + fees - deduction + vat - cost, earned + vat - deduction


@numba.njit(cache=True, nogil=True)
def fused_year(centre, draw, cell, result, paid):
    """The same operations in the same order, each cell computed once."""
    listed0, cni, rural, dv_rate, ov_rate, out_rate, achieved, work0, hired_share, premises0, other0, over0, private = (
        centre
    )
    i_l, i_c, i_w, i_p, price, per_need, per_listed = draw
    visit_factor, noise = cell
    for d in range(visit_factor.shape[0]):
        il, ic, iw, ip = i_l[d, 0], i_c[d, 0], i_w[d, 0], i_p[d, 0]
        for n in range(visit_factor.shape[1]):
            vf = visit_factor[d, n]
            listed = listed0[n] * il
            doctor = listed * dv_rate[n] * vf
            others = listed * ov_rate[n] * vf
            outside = listed * out_rate[n] * vf
            sparsity = listed * (0.3 * ic * rural[n])
            small = max(0.0, 5000.0 - listed) / 5000.0 * (2.0 * ic)
            capitation = listed * cni[n] * per_need[d, 0]
            goals = listed * achieved[n] * per_listed[d, 0]
            visits = price[d, 0] * (1.5 * doctor + others)
            fees = (doctor + others) * 100.0
            deduction = 0.2 * ic * outside
            earned = capitation + sparsity + small + goals + visits
            vat = earned * (0.06 * private[n])
            work = (work0[n] * il) * iw
            staff = work * (1.0 - hired_share[n])
            hired = work * (hired_share[n] * 1.3)
            cost = (staff + hired + premises0[n] * ip + other0[n] * il * ip + (over0[n] * 0.9) * ip) * noise[d, n]
            result[d, n] = earned + fees - deduction + vat - cost
            paid[d, n] = earned + vat - deduction


def per_cell(function, repeat: int) -> float:
    """Best ns per centre-draw of ``function`` over ``repeat`` calls, in five rounds."""
    function()
    rounds = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeat):
            function()
        rounds.append((time.perf_counter() - start) / repeat)
    return min(rounds) * 1e9 / (D * N)


def start_up(repeat: int = 5) -> tuple[float, float, float]:
    """Median seconds of a fresh interpreter: bare, importing numpy, importing numba and loading the
    kernel this script compiled and cached."""
    load = (
        f"import sys; sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r}); import bench.fused as f; "
        "import numpy as np; c, d, e = f.inputs(); f.fused_year(c, d, e, np.empty((f.D, f.N)), np.empty((f.D, f.N)))"
    )
    commands = (["-c", "pass"], ["-c", "import numpy"], ["-c", load])

    def median(arguments: list[str]) -> float:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run([sys.executable, *arguments], check=True)
            times.append(time.perf_counter() - start)
        return sorted(times)[len(times) // 2]

    return tuple(median(arguments) for arguments in commands)  # type: ignore[return-value]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=300, help="calls per round (five rounds, the best taken)")
    args = parser.parse_args()

    centre, draw, cell = inputs()
    result, paid = np.empty((D, N)), np.empty((D, N))
    expected_result, expected_paid = numpy_year(centre, draw, cell)
    fused_year(centre, draw, cell, result, paid)
    same = np.array_equal(result, expected_result) and np.array_equal(paid, expected_paid)
    numpy_ns = per_cell(lambda: numpy_year(centre, draw, cell), args.repeat)
    fused_ns = per_cell(lambda: fused_year(centre, draw, cell, result, paid), args.repeat)
    print(f"one chunk-year, {D} draws × {N} centres, R1–R18 without levers (numba {numba.__version__}):")
    print(f"  numpy, a pass per operation: {numpy_ns:.1f} ns per centre-draw")
    print(f"  one fused numba loop:        {fused_ns:.2f} ns per centre-draw ({numpy_ns / fused_ns:.0f}× less)")
    print(f"  the same bits: {'yes' if same else 'NO'}")
    bare, with_numpy, with_numba = start_up()
    print(
        f"start of a fresh interpreter: bare {bare * 1e3:.0f} ms, importing numpy {with_numpy * 1e3:.0f} ms, "
        f"importing numba and loading the cached kernel {with_numba * 1e3:.0f} ms "
        f"(+{(with_numba - with_numpy) * 1e3:.0f} ms over numpy)"
    )


if __name__ == "__main__":
    main()
