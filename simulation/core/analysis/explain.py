"""``explain`` (§11.3): one centre-year or unit-year, field by field, from a trace of the run.

The lines' texts are in the request's language, made here in the core from the project's one
catalogue (``wording`` says why), so the CLI, the API, jobs on workers and the pages all hand out
the same words for the same request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simulation.core.analysis.evaluate import Progress
from simulation.core.analysis.explain_centre import CentreYear, result_line
from simulation.core.analysis.explain_costs import cost_lines, overhead_funded_line
from simulation.core.analysis.explain_revenue import revenue_lines
from simulation.core.analysis.explain_unit import unit_lines
from simulation.core.analysis.lines import ExplanationError, Lines
from simulation.core.analysis.request import AnalysisRequest
from simulation.core.analysis.subject import Subject
from simulation.core.analysis.wording import Words
from simulation.core.engine import ModelError, simulate
from simulation.core.engine.detail import YearDetail
from simulation.core.engine.inputs import Model
from simulation.core.scenario import Problem, ScenarioInvalid, prepare


def explain(request: AnalysisRequest, progress: Progress | None = None) -> dict[str, Any]:
    """Run the variant's document once, keeping the year's intermediate figures, and explain the
    centre's or the unit's row of that year."""
    model = prepare(request.document).runs[0][1]
    if request.year is None:  # the request's check demands a year for explain (§11.3)
        raise ScenarioInvalid([Problem("year", "explain needs the year to explain")])
    year = int(request.year)
    try:
        result = simulate(model, explain_year=year)
    except ModelError as error:
        raise ScenarioInvalid([Problem("scenario", p.message) for p in error.problems]) from None
    detail, words, subject = result.detail, Words(request.language), request.detail_as(Subject)
    if detail is None:
        raise ExplanationError(f"the engine kept no detail of {year}")
    if subject.centre is not None:
        c = model.centres.ids.index(subject.centre)
        table = result.centres
        row = table[(table["centre_id"] == subject.centre) & (table["year"] == year)].iloc[0]
        answer = {
            "centre": subject.centre,
            "name": model.centres.names[c],
            "operating_form": row["operating_form"],
            "unit": row["unit"],
            "lines": centre_lines(model, detail, c, row.to_dict(), words),
        }
    elif subject.unit is not None:
        u = detail.unit_ids.index(subject.unit)
        table = result.units
        row = table[(table["unit"] == subject.unit) & (table["year"] == year)].iloc[0]
        members = [model.centres.ids[i] for i in range(model.centres.count) if detail.unit_of[i] == u]
        answer = {
            "unit": subject.unit,
            "operating_form": row["operating_form"],
            "centres": members,
            "lines": unit_lines(model, detail, u, row.to_dict(), _names(model, members), words),
        }
    else:
        raise ExplanationError("explain names a centre or a unit")
    if progress is not None:
        progress(1.0)
    return answer


def centre_lines(
    model: Model, detail: YearDetail, c: int, row: Mapping[str, float], words: Words
) -> list[dict[str, Any]]:
    """The lines of centre c's row (``row`` is its projection row) in year index ``detail.t``."""
    centre = CentreYear(model, detail, c, Lines(row), words)
    revenue_lines(centre)
    cost_lines(centre)
    result_line(centre)
    overhead_funded_line(centre)
    return centre.lines.lines


def _names(model: Model, ids: list[str]) -> list[str]:
    """The centres' names (for the unit's sentences), in the order of ``ids``."""
    names = dict(zip(model.centres.ids, model.centres.names, strict=True))
    return [names[i] for i in ids]
