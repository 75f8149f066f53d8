"""Explain one centre-year (§11.3): what every line of it reads, and its result (R18).

Each line reads its inputs from the year's ``YearDetail`` (the arrays the engine computed the row
from) and from the model's own per-year parameters; the formula only states the rule the engine
applied, and ``Lines`` checks that it gives the projection's figure. The revenue lines are in
``explain_revenue``, the cost lines in ``explain_costs``; ``explain.centre_lines`` puts them in the
row's order. Sentences are catalogue msgids (``wording``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from simulation.core.analysis.lines import Lines
from simulation.core.analysis.wording import Words
from simulation.core.engine.detail import YearDetail
from simulation.core.engine.inputs import PRIVATE, Compensation, Model

#: The parts of the compensation a centre earns (R13's base), by the names the formulas use.
EARNED = {
    "CAP": "revenue_capitation",
    "S1": "revenue_sparsity",
    "S2": "revenue_small_unit",
    "GOAL": "revenue_goals",
    "VIS": "revenue_visits",
}
REVENUE = EARNED | {
    "PF": "revenue_patient_fees",
    "DED": "deduction_outside_visits",
    "VAT": "revenue_vat",
    "NEU": "revenue_neutrality",
}
COSTS = {
    "STAFF": "cost_staff",
    "HIRED": "cost_hired",
    "PREMISES": "cost_premises",
    "OTHER": "cost_other",
    "OVERHEAD": "cost_overhead",
}


@dataclass(frozen=True)
class CentreYear:
    """What the lines of centre ``c`` in year index ``detail.t`` read: the model, the engine's own
    figures of the year, the projection row (``lines.row``) and the reader's words."""

    model: Model
    detail: YearDetail
    c: int
    lines: Lines
    words: Words

    @property
    def row(self) -> Mapping[str, float]:
        return self.lines.row

    @property
    def t(self) -> int:
        return self.detail.t

    @property
    def comp(self) -> Compensation:
        return self.model.compensation

    @property
    def listed(self) -> float:
        return float(self.detail.volumes.listed[0, self.c])

    @property
    def index_c(self) -> float:
        """I_C(t): one number in the deterministic run an explanation reads."""
        return float(np.ravel(self.detail.pay.index_c)[0])

    @property
    def private(self) -> bool:
        return int(self.detail.unit_forms[self.detail.unit_of[self.c]]) == PRIVATE

    def centre_value(self, values: np.ndarray) -> float:
        """The centre's figure in one of the year's (1, N) arrays."""
        return float(values[0, self.c])


def result_line(centre: CentreYear) -> None:
    row, w = centre.row, centre.words
    centre.lines.add(
        "result",
        "R18",
        "REV - COST",
        {"REV": row["revenue_total"], "COST": row["cost_total"]},
        w.gettext(
            "Result: revenue %(revenue)s less costs %(costs)s → %(result)s.",
            revenue=w.kr(row["revenue_total"]),
            costs=w.kr(row["cost_total"]),
            result=w.kr(row["result"]),
        ),
    )
