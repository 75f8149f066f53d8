"""Fixtures of the engine's tests."""

import pytest

from simulation.core.engine import fused


@pytest.fixture(params=["numpy", "compiled"])
def draws_path(request, monkeypatch):
    """Run a test's Monte Carlo draws both ways: in numpy, and through the compiled loops
    (``engine/fused``), which a process loads for large runs or when it lives long. Either way the
    process is left as it was (the loops unloaded unless they were)."""
    monkeypatch.setattr(fused, "_kernels", None)  # restored after the test, whatever load() sets
    if request.param == "compiled" and fused.load() is None:
        pytest.skip("numba is not installed")
    return request.param
