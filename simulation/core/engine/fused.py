"""Compiled loops for Monte Carlo draws, where they pay (issue 27).

In numpy, every step of a Monte Carlo year is a pass over the chunk's cells: the ledger (R19, R20)
alone took some 40 passes over draws × units a year, a third of a national run's time. The loops of
``fused_kernels`` (numba) compute each cell once, in the same order of operations, so to the same
bits (``tests/engine/test_fused.py``).

They are not free: importing numba and loading the machine code it cached costs a process about
0,38 s and some 150 MiB (README: measurements). A process therefore loads them when a run is large
enough to win that back (``LOAD_CELLS``), or when it lives long enough to run many
(``stay_loaded``: the web and job processes), and the numpy code stays the way for everything
else — a one-shot CLI run of national size is faster without them, and a machine without numba
runs the same numbers. Set ``VARDPENG_FUSED=0`` to keep them unloaded.
"""

from __future__ import annotations

import logging
import os
import threading
from types import ModuleType

import numpy as np

from simulation.core.engine.booking import UnitPolicy

#: A run of at least this many centre-year-draws loads the loops: at some 16 ns of wall time saved
#: per cell (bench/mc.py), 25 M cells win back the 0,38 s that loading costs.
LOAD_CELLS = 25_000_000

_kernels: ModuleType | None = None
_unusable = False  # loading failed once: not tried again in this process
_lock = threading.Lock()
_stay_loaded = False


def enabled() -> bool:
    """Whether this process may use the loops (``VARDPENG_FUSED=0`` turns them off)."""
    return os.environ.get("VARDPENG_FUSED", "1") != "0"


def stay_loaded() -> None:
    """Mark this process as long-lived (a web or job process): its first Monte Carlo run loads the
    loops whatever its size, and every later run uses them (they release the GIL, so the threads
    of a web process run them side by side)."""
    global _stay_loaded
    _stay_loaded = True


def kernels() -> ModuleType | None:
    """The loaded loops, or None: the numpy code is then the way."""
    return _kernels if enabled() else None


def load() -> ModuleType | None:
    """Load the loops (compiled on the first load on a machine, then from numba's cache), or None
    where numba is not installed, cannot load, or is turned off."""
    global _kernels, _unusable
    if not enabled():
        return None
    with _lock:
        if _kernels is None and not _unusable:
            try:
                from simulation.core.engine import fused_kernels

                _warm(fused_kernels)
            except ImportError:  # numba is not installed: numpy is the way
                _unusable = True
            except Exception:  # numba broken here (no folder to cache in, no compiler): numpy is the way
                logging.getLogger(__name__).warning("the compiled loops could not be loaded", exc_info=True)
                _unusable = True
            else:
                _kernels = fused_kernels
    return _kernels


def prepare(cells: int) -> ModuleType | None:
    """Before a Monte Carlo run of ``cells`` centre-year-draws: the loops if they pay (see above)."""
    if _kernels is None and (_stay_loaded or cells >= LOAD_CELLS):
        return load()
    return kernels()


def _warm(module: ModuleType) -> None:
    """Call each loop once on the argument types the engine passes, so that no run pays for the
    first call's dispatch (and a missing cache is compiled here, once)."""
    one = np.zeros((1, 1))
    module.unit_results(one, np.zeros(1, dtype=np.int64), 1, np.zeros((1, 0)), np.zeros(1))
    module.unit_results(one, np.zeros(1, dtype=np.int64), 1, one, np.zeros(1))
    none, index = np.zeros((1, 0)), np.zeros(0, dtype=np.int64)
    row = np.ones(1)
    for noise in (none, one):
        module.centre_results(
            one, one, one, row, row, row, index, none, one, one, index, none, noise, 0.0, np.zeros(1, dtype=np.int64),
            np.empty((1, 1)), np.empty((1, 3)),
        )  # fmt: skip
    module.standard_normals(np.random.default_rng(0), np.empty((2, 2, 1))[:, 0, :])  # a strided view, as drawn
    policy = (np.zeros(1, dtype=np.int64), np.zeros(1), np.zeros(1), np.zeros(1), np.zeros(1), np.zeros(1))
    state = (one.copy(), one.copy(), one.copy(), np.zeros((2, 1, 1)), np.zeros(1, dtype=np.int64))
    module.book(0, 0, one, state, np.ones(1, dtype=bool), (*policy, np.zeros(1, dtype=bool)), np.zeros((6, 1, 1)))


def kernel_policy(policy: UnitPolicy, drawdown: np.ndarray, closing: np.ndarray) -> tuple[np.ndarray, ...] | None:
    """A group's policy in the types the loops take, or None where they cannot book it (a batch's
    policy, one entry per member, is not for draws)."""
    if any(np.ndim(getattr(policy, f)) != 1 for f in UnitPolicy.__dataclass_fields__):
        return None
    return (
        np.asarray(policy.deficit, dtype=np.int64),
        np.asarray(policy.surplus_retention, dtype=float),
        np.asarray(policy.restoration_years, dtype=float),
        np.asarray(policy.return_requirement, dtype=float),
        np.asarray(policy.surplus_cap, dtype=float),
        np.asarray(drawdown, dtype=float),
        np.asarray(closing, dtype=bool),
    )
