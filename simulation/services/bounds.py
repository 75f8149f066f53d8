"""What a request may cost before it runs: engine work in cells and the answer's size in values.
Refused work is a 413 that says where it can be done instead."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from simulation.core import numbers
from simulation.core.errors import DomainError
from simulation.core.projection import JSON_BYTES_PER_VALUE, MEMORY_BYTES_PER_VALUE, projection_values
from simulation.core.scenario import PreparedScenario


class TooMuchWork(DomainError):
    """More work than this kind of request may do; the message says where it can be done."""

    status = 413
    path = ""


def refuse_too_much_work(cells: int, limit: int, instead: str) -> None:
    """413 for a run above ``limit`` cells (centres × years × (1 + draws), every run)."""
    if cells > limit:
        raise TooMuchWork(
            f"This is {numbers.number(cells)} cells of work (centres × years × (1 + draws), over every "
            f"run); this kind of request does at most {numbers.number(limit)}. {instead}"
        )


@dataclass(frozen=True)
class Bound:
    """What one kind of request may cost: engine work in cells (centres × years × (1 + draws), over
    every run) and the size of its answer in values (``projection_values``)."""

    cells: int
    values: int
    #: Where the work can be done instead, said when it is refused.
    instead: str


def _megabytes(values: int, per_value: int) -> str:
    return numbers.number(values * per_value / 2**20)


def refuse_too_large(prepared: PreparedScenario, bound: Bound) -> None:
    """413 before anything runs, for work above the bound's cells or a projection above its values:
    the answer's size and memory grow with runs × centres × years, whatever the engine's time."""
    refuse_too_much_work(prepared.cells, bound.cells, bound.instead)
    values = projection_values(prepared)
    if values > bound.values:
        model = prepared.runs[0][1]
        raise TooMuchWork(
            _(
                "Its projection would hold %(values)s values (%(runs)s runs × %(centres)s centres × %(years)s "
                "years, with their units and bands): about %(json)s MB as JSON and %(memory)s MB of memory. "
                "This kind of request answers with at most %(limit)s values (about %(limit_json)s MB). %(instead)s"
            )
            % {
                "values": numbers.number(values),
                "runs": numbers.number(len(prepared.runs)),
                "centres": numbers.number(model.centres.count),
                "years": prepared.horizon,
                "json": _megabytes(values, JSON_BYTES_PER_VALUE),
                "memory": _megabytes(values, MEMORY_BYTES_PER_VALUE),
                "limit": numbers.number(bound.values),
                "limit_json": _megabytes(bound.values, JSON_BYTES_PER_VALUE),
                "instead": bound.instead,
            }
        )


def sync_bound(instead: str | None = None) -> Bound:
    """A request answered at once (POST /simulate, the builder's preview, saving a scenario that
    pages then show): VARDPENG_MAX_SYNC_CELLS and VARDPENG_MAX_SYNC_VALUES."""
    return Bound(settings.VARDPENG_MAX_SYNC_CELLS, settings.VARDPENG_MAX_SYNC_VALUES, instead or sync_instead())


def sync_instead() -> str:
    return _(
        "Ask for fewer variants or years, or start it as a job: POST /api/v1/simulations with the same "
        "document, then follow its Location."
    )


def job_bound() -> Bound:
    """A projection job (POST /api/v1/simulations): its result is stored in the database and read
    back whole, so it is bounded like an answer: VARDPENG_MAX_JOB_CELLS and VARDPENG_MAX_JOB_VALUES."""
    return Bound(
        settings.VARDPENG_MAX_JOB_CELLS,
        settings.VARDPENG_MAX_JOB_VALUES,
        _("Split it into several documents (fewer variants, years or centres each)."),
    )
