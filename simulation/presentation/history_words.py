"""The history and the back-test in words: where the books and the model differ and by how much,
what before and after intraprenad shows (and what it cannot prove), and how often what happened
fell inside a projection's band. Read from the history and the back-test; nothing computed here."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from simulation.core import numbers
from simulation.core.history import BeforeAfter, BookedAgainstModel
from simulation.core.outputs import REGION
from simulation.presentation.charts import form_label
from simulation.presentation.output_labels import figure_label as output_label
from simulation.services.history import Backtest

#: Below this (SEK) the books and the model agree, as far as words go.
MATERIAL_GAP = 1_000_000
#: Years whose books hold the pandemic's temporary grants, which no compensation rule does.
PANDEMIC_YEARS = frozenset({2020, 2021, 2022})

FIGURE_LABELS = {
    "listed": gettext_lazy("Listed at region-run centres"),
    "personnel_cost": gettext_lazy("Personnel cost, region-run centres"),
    "hired_share": gettext_lazy("Hired staff's share of personnel cost"),
    "result.region_run": gettext_lazy("Result, region-run units"),
    "region_run_balance": output_label(REGION, "region_run_balance"),
}


def figure_label(figure: str) -> str:
    if figure.startswith("result.") and figure != "result.region_run":
        return _("Result, %(form)s") % {"form": form_label(figure.removeprefix("result."))}
    return str(FIGURE_LABELS[figure])


def figure_text(figure: str, value: float | None) -> str:
    """A back-test figure's value as people read it: persons, a percentage or mnkr."""
    if figure == "listed":
        return numbers.number(value)
    if figure == "hired_share":
        return numbers.percent(value)
    return numbers.mnkr(value)


def error_text(figure: str, value: float) -> str:
    if figure == "listed":
        return ("+" if value > 0 else "") + numbers.number(value)
    if figure == "hired_share":
        return numbers.points(value)
    return numbers.signed_mnkr(value)


def gap_words(rows: list[BookedAgainstModel]) -> list[str]:
    """Where the books and the model differ, and by how much: the largest difference, and the years
    they differ by more than a million kronor, or that they agree."""
    if not rows:
        return [_("No outturn is uploaded yet: the history shows what the model says of each year only.")]
    largest = max(rows, key=lambda r: abs(r.gap))
    material = [r for r in rows if abs(r.gap) >= MATERIAL_GAP]
    if not material:
        return [
            _("The books and the model agree within %(most)s every year (%(first)s–%(last)s).")
            % {"most": numbers.mnkr(MATERIAL_GAP), "first": rows[0].year, "last": rows[-1].year}
        ]
    words = [_largest_words(largest)]
    years = ", ".join(f"{r.year} ({numbers.signed_mnkr(r.gap)})" for r in material)
    words.append(
        _(
            "The books and the model differ by more than %(most)s in %(years)s (the books less the model); in the "
            "other years by less."
        )
        % {"most": numbers.mnkr(MATERIAL_GAP), "years": years}
    )
    words.append(
        _(
            "A difference is what the books hold beyond the compensation rules — temporary grants, costs the rules "
            "do not know — or a difference between the data and the books."
        )
    )
    return words


def _largest_words(row: BookedAgainstModel) -> str:
    named = {
        "year": row.year,
        "booked": numbers.mnkr(row.booked),
        "model": numbers.mnkr(row.model),
        "gap": numbers.mnkr(abs(row.gap)),
    }
    if row.gap > 0:
        return (
            _(
                "The books and the model differ most in %(year)s: the books show %(booked)s, the model %(model)s — "
                "%(gap)s more in the books."
            )
            % named
        )
    return (
        _(
            "The books and the model differ most in %(year)s: the books show %(booked)s, the model %(model)s — "
            "%(gap)s less in the books."
        )
        % named
    )


def before_after_words(found: BeforeAfter) -> dict[str, Any]:
    """The evaluation's question answered from the books, with the caveat that a comparison of
    before and after proves no cause."""
    named = {
        "before": _years(found.before),
        "after": _years(found.after),
        "booked_before": numbers.signed_mnkr(found.booked_before),
        "booked_after": numbers.signed_mnkr(found.booked_after),
        "last_before_year": found.last_before.year,
        "last_before": numbers.signed_mnkr(found.last_before.booked),
        "last_after_year": found.last_after.year,
        "last_after": numbers.signed_mnkr(found.last_after.booked),
        "change": numbers.mnkr(abs(found.change)),
        "model_change": numbers.signed_mnkr(found.model_change),
    }
    answer = [
        _(
            "Before intraprenad (%(before)s) the region-run centres' booked result was %(booked_before)s a year on "
            "average (%(last_before)s in %(last_before_year)s); with intraprenad (%(after)s) it has been "
            "%(booked_after)s a year (%(last_after)s in %(last_after_year)s)."
        )
        % named,
        (
            _("The booked result is %(change)s a year better after than before.")
            if found.change > 0
            else _("The booked result is %(change)s a year worse after than before.")
        )
        % named,
        _(
            "The region's rules run on each year's data give a change of %(model_change)s a year: the rest of the "
            "change is in the books only (grants and costs outside the compensation rules)."
        )
        % named,
    ]
    if set(found.after) & PANDEMIC_YEARS:
        caveat = _(
            "A comparison of before and after is no proof of cause: in the same years the pandemic brought "
            "temporary grants, compensation, population and staffing changed, and the region may have done other "
            "things at the same time. It shows what happened with intraprenad, not what would have happened "
            "without it."
        )
    else:
        caveat = _(
            "A comparison of before and after is no proof of cause: in the same years compensation, population and "
            "staffing changed, and the region may have done other things at the same time. It shows what happened "
            "with intraprenad, not what would have happened without it."
        )
    return {"question": _("Has intraprenad improved the result?"), "answer": answer, "caveat": caveat}


def _years(years: tuple[int, ...]) -> str:
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])


def backtest_words(done: Backtest) -> list[str]:
    """What the back-test shows: what was projected from where, how far off the region-run result
    came, and how often the books fell inside the projection's band."""
    words = [
        _("A projection made in %(year)s — %(what)s, run forward — against what later years' data and books show.")
        % {
            "year": done.start,
            "what": done.scenario.name
            if done.scenario
            else _("the rules in force in %(year)s on that year's data") % {"year": done.start},
        }
    ]
    result = [r for r in done.rows if r.figure == "result.region_run"]
    if result:
        worst = max(result, key=lambda r: abs(r.error))
        words.append(
            _(
                "The region-run result was off by %(mean)s a year on average, most in %(year)s (projected "
                "%(projected)s, booked %(actual)s)."
            )
            % {
                "mean": numbers.mnkr(sum(abs(r.error) for r in result) / len(result)),
                "year": worst.year,
                "projected": numbers.mnkr(worst.projected),
                "actual": numbers.mnkr(worst.actual),
            }
        )
    unforeseen = sorted({r.figure for r in done.rows if r.figure.startswith("result.") and _unforeseen(done, r)})
    for figure in unforeseen:
        words.append(
            _("The projection has no %(form)s units: the rules of %(year)s knew nothing of the change that came later.")
            % {"form": form_label(figure.removeprefix("result.")), "year": done.start}
        )
    if done.banded:
        words.append(
            _("The booked value fell inside the projection's 5–95 %% band in %(inside)s of %(count)s cases.")
            % {"inside": done.inside, "count": len(done.banded)}
        )
    else:
        words.append(_("The rules of that year set no uncertainty, so the projection has no band."))
    return words


def _unforeseen(done: Backtest, row) -> bool:
    form = row.figure.removeprefix("result.")
    return form != "region_run" and not any(u["operating_form"] == form for u in done.run["units"])
