"""What publishing a dataset would change: its centres against the data it would replace (the
region's current data, or the dataset published for its year: ``dataset_compared``), and the
headline figures of the region's plain rules (its rulebook, no scenario changes) on both, with a
warning for every published figure it would move by more than a tenth, and for opening balances
that look repeated on each centre of a pooled unit.

Read from projections the core makes of the region's plain rules; nothing here computes money.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from healthcentres.models import Dataset
from healthcentres.selectors import (
    TOTALLED_FIELDS,
    DatasetChanges,
    dataset_centre_records,
    dataset_changes,
    dataset_column_totals,
    dataset_compared,
    dataset_document,
    dataset_summary,
)
from simulation.core import numbers, summary
from simulation.core.projection import projection_values, scenario_project
from simulation.core.scenario import ScenarioInvalid, prepare
from simulation.core.scenario.fields import centre_field_label

#: A published figure that publishing would move by more than this share is called out on the
#: review, and publishing then needs a second, explicit confirmation (issue 20: a file without its
#: staff costs took the net cost from 1 193,7 to 552,8 mnkr, one click from being published).
MOVE_WARNING = 0.10
#: The figures people see on the region's pages, in the review's order: (name, label, kind).
FIGURES = (
    ("centres", gettext_lazy("Health centres"), "count"),
    ("listed", gettext_lazy("Listed patients"), "count"),
    ("net_cost_first", gettext_lazy("Net cost, base year"), "money"),
    ("net_cost_last", gettext_lazy("Net cost, last year"), "money"),
    ("net_cost_total", gettext_lazy("Net cost over the period"), "money"),
    ("consolidated_cost_total", gettext_lazy("Cost in the consolidated view over the period"), "money"),
    ("loss_coverage_total", gettext_lazy("Loss coverage over the period"), "money"),
)
#: Loss coverage is shown but not watched: it is often near zero, where any change is "large", and
#: it reaches the net cost, which is watched.
WATCHED_FIGURES = tuple(name for name, _label, _kind in FIGURES if name != "loss_coverage_total")


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
class Move:
    """A figure (or a column's total) from the current data (``before``) to this dataset (``after``)."""

    name: str
    before: float
    after: float

    @property
    def change(self) -> float | None:
        """The relative change (None from zero)."""
        return None if self.before == 0 else (self.after - self.before) / abs(self.before)

    @property
    def large(self) -> bool:
        return self.after != self.before and (self.before == 0 or abs(self.change or 0) > MOVE_WARNING)


@dataclass(frozen=True)
class RepeatedBalance:
    """A pooled unit whose centres all carry the same non-zero opening balance: the unit opens with
    their sum (spec §2.1), so a unit's balance written on each of its rows is counted once per row."""

    unit: str
    centres: tuple[str, ...]
    balance: float


@dataclass(frozen=True)
class DatasetReview:
    dataset: Dataset
    #: What it is measured against (``dataset_compared``): the region's current dataset, or the one
    #: published for the dataset's year (its name says which), when there is one.
    current: Dataset | None
    changes: DatasetChanges
    figures: list[BaselineFigures]  # this dataset first, then the current one
    figure_moves: list[Move] = field(default_factory=list)  # watched figures moving more than MOVE_WARNING
    column_moves: list[Move] = field(default_factory=list)  # column totals moving more than MOVE_WARNING
    repeated_balances: list[RepeatedBalance] = field(default_factory=list)

    def difference(self, name: str) -> float | None:
        """This dataset's figure less the current one's (None without both)."""
        if len(self.figures) < 2:
            return None
        mine, theirs = getattr(self.figures[0], name), getattr(self.figures[1], name)
        return None if mine is None or theirs is None else mine - theirs

    @property
    def needs_confirmation(self) -> bool:
        """Publishing would move a figure people see by more than MOVE_WARNING: publishing asks for
        an explicit confirmation (a draft, or a previous dataset published again alike)."""
        return self.dataset.status != Dataset.Status.CURRENT and bool(self.figure_moves)


def dataset_review(dataset: Dataset) -> DatasetReview:
    against = dataset_compared(dataset)
    figures = [baseline_figures(dataset)] + ([baseline_figures(against)] if against is not None else [])
    figure_moves: list[Move] = []
    column_moves: list[Move] = []
    if against is not None:
        mine, theirs = figures
        for name in WATCHED_FIGURES:
            after, before = getattr(mine, name), getattr(theirs, name)
            if after is not None and before is not None and Move(name, before, after).large:
                figure_moves.append(Move(name, float(before), float(after)))
        after_totals, before_totals = dataset_column_totals(dataset), dataset_column_totals(against)
        column_moves = [
            move for name in TOTALLED_FIELDS if (move := Move(name, before_totals[name], after_totals[name])).large
        ]
    return DatasetReview(
        dataset,
        against,
        dataset_changes(dataset, against),
        figures,
        figure_moves,
        column_moves,
        repeated_balances(dataset),
    )


def repeated_balances(dataset: Dataset) -> list[RepeatedBalance]:
    """Pooled units (two or more centres) whose centres all carry one and the same non-zero opening
    balance: most likely the unit's balance repeated on each row, where §2.1 wants each centre's part."""
    members: dict[str, list[dict]] = defaultdict(list)
    for record in dataset_centre_records(dataset):
        members[record["unit"]].append(record)
    found = []
    for unit, centres in members.items():
        balances = {c["opening_balance"] for c in centres}
        if len(centres) >= 2 and len(balances) == 1 and next(iter(balances)) != 0:
            found.append(RepeatedBalance(unit, tuple(c["id"] for c in centres), centres[0]["opening_balance"]))
    return found


def figure_label(name: str) -> str:
    return str(next(label for figure, label, _kind in FIGURES if figure == name))


def _figure_value(name: str, value: float) -> str:
    kind = next(kind for figure, _label, kind in FIGURES if figure == name)
    return numbers.mnkr(value) if kind == "money" else numbers.number(value)


def _change_words(move: Move) -> str:
    return numbers.signed_percent(move.change) if move.change is not None else _("from zero")


def move_words(review: DatasetReview, move: Move) -> str:
    """A watched figure's move in words: "Net cost 2024 would go from 1 193,7 to 552,8 mnkr (−53,7 %)."."""
    label = figure_label(move.name)
    mine, theirs = review.figures[0], review.figures[1] if len(review.figures) > 1 else None
    if move.name in ("net_cost_first", "net_cost_last") and theirs is not None:
        attribute = "first_year" if move.name == "net_cost_first" else "last_year"
        year_after, year_before = getattr(mine, attribute), getattr(theirs, attribute)
        years = str(year_after) if year_after == year_before else f"{year_before} → {year_after}"
        label = _("Net cost %(years)s") % {"years": years}
    return _("%(figure)s would go from %(before)s to %(after)s (%(change)s).") % {
        "figure": label,
        "before": _figure_value(move.name, move.before),
        "after": _figure_value(move.name, move.after),
        "change": _change_words(move),
    }


def column_move_words(move: Move, language: str) -> str:
    """A column total's move: "The total of staff_cost (Personalkostnad) falls from 640,9 to 0,0 mnkr (−100,0 %)."."""
    value = numbers.number if move.name == "listed" else numbers.mnkr
    named = {
        "column": f"{move.name} ({centre_field_label(move.name, language)})",
        "before": value(move.before),
        "after": value(move.after),
        "change": _change_words(move),
    }
    if move.after < move.before:
        return _("The total of %(column)s falls from %(before)s to %(after)s (%(change)s).") % named
    return _("The total of %(column)s rises from %(before)s to %(after)s (%(change)s).") % named


def repeated_balance_words(found: RepeatedBalance) -> str:
    return _(
        "Result unit %(unit)s: its %(count)s centres all carry the same opening balance, %(balance)s, so the unit "
        "opens with %(count)s × %(balance)s. The opening balance is each centre's part, summed per unit: if the "
        "file repeats the unit's balance on each of its rows, write it on one row only (or split it)."
    ) % {"unit": found.unit, "count": len(found.centres), "balance": numbers.mnkr(found.balance)}


def baseline_figures(dataset: Dataset) -> BaselineFigures:
    """The region's plain rules run on ``dataset`` by the core (its rulebook and the dataset's
    centres, no scenario's changes), within the size an answer given at once may have."""
    counts = dataset_summary(dataset)
    try:
        prepared = prepare(dataset_document(dataset))
        if projection_values(prepared) > settings.VARDPENG_MAX_SYNC_VALUES:
            too_large = _("The region's rules on this data are too large a run to show here.")
            return BaselineFigures(dataset, counts["centres"], counts["listed"], problems=(too_large,))
        run = scenario_project(prepared)["runs"][0]
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
