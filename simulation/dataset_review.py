"""What publishing a dataset would change: its centres against the region's current data, and the
headline figures of the region's plain rules (its rulebook, no scenario changes) on both.

Read from projections through the one scenario service; nothing here computes money.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from healthcentres.models import Dataset
from healthcentres.selectors import DatasetChanges, dataset_changes, dataset_current, dataset_summary

from . import summary
from .models import Scenario
from .scenario import ScenarioInvalid
from .services import scenario_run


@dataclass(frozen=True)
class BaselineFigures:
    """The region's rules on one dataset: what the pages' headline cards show."""

    dataset: Dataset
    centres: int
    listed: float
    first_year: int | None = None
    last_year: int | None = None
    net_cost_first: float | None = None
    net_cost_last: float | None = None
    net_cost_total: float | None = None
    consolidated_cost_total: float | None = None
    loss_coverage_total: float | None = None
    result_by_form_first: dict[str, float] = field(default_factory=dict)
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class DatasetReview:
    dataset: Dataset
    current: Dataset | None  # the region's current dataset, when it is another one
    changes: DatasetChanges
    figures: list[BaselineFigures]  # this dataset first, then the current one

    def difference(self, name: str) -> float | None:
        """This dataset's figure less the current one's (None without both)."""
        if len(self.figures) < 2:
            return None
        mine, theirs = getattr(self.figures[0], name), getattr(self.figures[1], name)
        return None if mine is None or theirs is None else mine - theirs


def dataset_review(dataset: Dataset) -> DatasetReview:
    current = dataset_current(dataset.region)
    against = current if current is not None and current.pk != dataset.pk else None
    figures = [baseline_figures(dataset)] + ([baseline_figures(against)] if against is not None else [])
    return DatasetReview(dataset, against, dataset_changes(dataset, against), figures)


def baseline_figures(dataset: Dataset) -> BaselineFigures:
    """The region's plain rules run on ``dataset`` (an unsaved scenario, through the cache)."""
    counts = dataset_summary(dataset)
    plain = Scenario(region=dataset.region, dataset=dataset, name=dataset.name)
    try:
        run = scenario_run(plain).projection["runs"][0]
    except ScenarioInvalid as invalid:
        return BaselineFigures(dataset, counts["centres"], counts["listed"], problems=tuple(map(str, invalid.problems)))
    first, last = run["region"][0], run["region"][-1]
    views = summary.cost_views(run)
    by_form: dict[str, Any] = first["by_form"]
    return BaselineFigures(
        dataset,
        counts["centres"],
        counts["listed"],
        first_year=first["year"],
        last_year=last["year"],
        net_cost_first=first["net_cost"],
        net_cost_last=last["net_cost"],
        net_cost_total=views.net_cost,
        consolidated_cost_total=views.consolidated_cost,
        loss_coverage_total=summary.horizon_sum(run, "loss_coverage"),
        result_by_form_first={form: figures["result"] for form, figures in by_form.items()},
    )
