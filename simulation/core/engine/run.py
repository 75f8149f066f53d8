"""Project a model year by year (R1–R22), for one path, for many Monte Carlo draws at once, or for
a batch of scenarios that differ only in numbers (``inputs``: batch shapes).

Everything is vectorised over centres and draws (or batch members); only years are looped, because
the ledger makes year t depend on year t − 1. Each year is computed once (``year.project_year``) and
handed to a recorder, which keeps what its kind of run needs (``recorders``, ``rows``).
"""

from __future__ import annotations

from simulation.core.engine import fused
from simulation.core.engine.drawn_year import project_drawn_year
from simulation.core.engine.recorders import BandRecorder, Recorder
from simulation.core.engine.year import Setting, project_year


def project(setting: Setting, recorder: Recorder) -> None:
    """Run the year loop of ``setting``, handing every year to ``recorder`` in order."""
    ledger = setting.ledger()
    for t in range(setting.model.horizon):
        recorder.record(project_year(setting, ledger, t, detail=t == recorder.detail_year))


def project_draws(setting: Setting, recorder: BandRecorder) -> None:
    """Run the year loop of Monte Carlo draws (``setting`` with shocks), handing the bands' figures
    of every year to ``recorder`` in order (``drawn_year.project_drawn_year``)."""
    ledger = setting.ledger()
    kernels = fused.kernels()  # one way for the whole run: a ledger booked compiled stays so
    for t in range(setting.model.horizon):
        recorder.record(project_drawn_year(setting, ledger, t, kernels))
