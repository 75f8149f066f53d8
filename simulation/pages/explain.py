"""*Varför?* — what the explanation pages show besides the analysis itself: a label per row field,
and the lines made ready for a table (money the Swedish way, the formula's inputs in order)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from simulation.core import numbers
from simulation.presentation.charts import COST_PARTS, REVENUE_PARTS

FIELD_LABELS = {key: label for key, label, _sign in REVENUE_PARTS} | {
    "revenue_total": gettext_noop("Revenue"),
    **dict(COST_PARTS),
    "cost_total": gettext_noop("Costs"),
    "result": gettext_noop("Result"),
    "loss_coverage": gettext_noop("Loss coverage"),
    "recovery": gettext_noop("Recovery (returned to the region)"),
    "written_off": gettext_noop("Written off"),
    "drawdown": gettext_noop("Drawdown of reserves"),
    "balance_open": gettext_noop("Balance at year start"),
    "balance_close": gettext_noop("Balance at year end"),
}
#: Fields that sum up others: shown as totals in the table.
TOTALS = ("revenue_total", "cost_total", "result", "balance_close")


def why_lines(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The explanation's lines with a label, the value in kronor and the inputs as ``name = value``."""
    return [
        line
        | {
            "label": _(FIELD_LABELS.get(line["field"], line["field"])),
            "value_text": numbers.kr(line["value"]),
            "inputs_text": [f"{name} = {_input(value)}" for name, value in line["inputs"].items()],
            "is_total": line["field"] in TOTALS,
        }
        for line in result["lines"]
    ]


def _input(value: float) -> str:
    """Inputs as a calculator takes them: a point, no grouping, up to 6 decimals (0.35, 6250000)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
