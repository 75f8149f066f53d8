"""The lines of an explanation (§11.3): one per money field, each checked before it is shown."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from simulation.core.analysis.formula import agrees, evaluate


class ExplanationError(RuntimeError):
    """A line whose formula does not give the projection's figure: a fault in the explainer, never
    in the user's input, so it is not shown as a refusal."""


class Lines:
    """Collects lines for the money fields of one projection row, in the row's field order."""

    def __init__(self, row: Mapping[str, float]) -> None:
        self.row = row
        self.lines: list[dict[str, Any]] = []

    def add(self, field: str, rule: str, formula: str, inputs: Mapping[str, float], text: str) -> None:
        """One line: ``value`` is the projection's own figure, and the formula must give it."""
        value = float(self.row[field])
        clean = {name: float(number) for name, number in inputs.items()}
        if not agrees(formula, clean, value):
            raise ExplanationError(f"{field}: {formula} gives {evaluate(formula, clean)!r}, the projection {value!r}")
        self.lines.append(
            {"field": field, "rule": rule, "value": value, "formula": formula, "inputs": clean, "text": text}
        )
