"""*Varför?* — what the explanation pages show besides the analysis itself: each line's figure by
its label (``simulation.core.outputs``), and the lines made ready for a table (money the Swedish
way, the formula's inputs in order)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from simulation.core import numbers, outputs

#: Fields that sum up others: shown as totals in the table.
TOTALS = ("revenue_total", "cost_total", "result", "balance_close")


def why_lines(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The explanation's lines with a label, the value in kronor and the inputs as ``name = value``."""
    level = outputs.CENTRE if "centre" in result else outputs.UNIT
    return [
        line
        | {
            "label": _field_label(level, line["field"]),
            "value_text": numbers.kr(line["value"]),
            "inputs_text": [f"{name} = {_input(value)}" for name, value in line["inputs"].items()],
            "is_total": line["field"] in TOTALS,
        }
        for line in result["lines"]
    ]


def _field_label(level: str, field: str) -> str:
    """A line's figure by its label in the table of output figures (the field's name if it has none)."""
    try:
        return _(outputs.label(level, field))
    except KeyError:
        return field


def _input(value: float) -> str:
    """Inputs as a calculator takes them: a point, no grouping, up to 6 decimals (0.35, 6250000)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
