"""Chunking Monte Carlo draws in tests."""

from simulation.core.engine import montecarlo


def set_chunk_cells(monkeypatch, cells: int) -> None:
    """Chunks of about ``cells`` draws × centres, whichever way the draws run: in numpy or through
    the compiled loops, which chunk larger (``montecarlo.COMPILED_CHUNK_CELLS``)."""
    monkeypatch.setattr(montecarlo, "CHUNK_CELLS", cells)
    monkeypatch.setattr(montecarlo, "COMPILED_CHUNK_CELLS", cells)
