"""Parameters of an analysis (§11.2): a path to numbers in a resolved scenario document, and a
change that moves them by x ∈ [−1, 1] (or, for break-even, scales or shifts them by x)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from simulation.core.scenario.fields import CENTRE_NUMBERS

#: Whole numbers, levers and Monte Carlo settings are not parameters (§11.2).
REFUSED_ROOTS = ("base_year", "horizon", "levers", "uncertainty", "variants", "centres")
WHOLE_FIELDS = ("restoration_years", "surplus_expiry_years")


class PathError(ValueError):
    """The path names no number of the document (the message says why)."""


@dataclass(frozen=True)
class Path:
    """A parsed path: ``keys`` into the document, or every centre's ``centre_field``."""

    text: str
    keys: tuple[str | int, ...] = ()
    centre_field: str | None = None

    @property
    def all_centres(self) -> bool:
        return self.centre_field is not None


def parse_path(text: Any, document: dict[str, Any], nullable: bool = False) -> Path:
    """Check that ``text`` names numbers (or a dated value) in ``document``; ``nullable``: it may
    also name a value that is null by default (set with low/high)."""
    if not isinstance(text, str) or not text.strip():
        raise PathError("must be a path such as compensation.budget_per_listed")
    parts = text.split(".")
    if parts[0] == "centres":
        if len(parts) != 3 or parts[1] != "*":
            raise PathError("a centre field is written centres.*.FIELD (every centre)")
        if parts[2] not in CENTRE_NUMBERS:
            raise PathError(f"{parts[2]} is not a numeric centre field ({', '.join(CENTRE_NUMBERS)})")
        return Path(text, centre_field=parts[2])
    if parts[0] in REFUSED_ROOTS:
        raise PathError(f"{parts[0]} cannot be a parameter (whole numbers, levers and uncertainty are fixed)")
    if parts[-1] in WHOLE_FIELDS:
        raise PathError(f"{parts[-1]} is a whole number and cannot be a parameter")
    keys: list[str | int] = []
    node: Any = document
    for part in parts:
        if isinstance(node, list):
            if not part.isdigit() or int(part) >= len(node):
                raise PathError(f"not a number in the scenario ({part} is not an index of the list)")
            keys.append(int(part))
            node = node[int(part)]
        elif isinstance(node, dict) and part in node and not _is_dated(node):
            keys.append(part)
            node = node[part]
        else:
            raise PathError("not a number in the scenario")
    if node is None and nullable:
        return Path(text, tuple(keys))
    if not (_is_number(node) or _is_dated(node)):
        raise PathError("not a number in the scenario")
    return Path(text, tuple(keys))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_dated(value: Any) -> bool:
    """A step function {"YEAR": number} (§1) — not any object whose values happen to be numbers."""
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(k, str) and k.isascii() and k.isdigit() and len(k) == 4 for k in value)
        and all(_is_number(v) for v in value.values())
    )


def value_at(document: dict[str, Any], path: Path) -> Any:
    node: Any = document
    for key in path.keys:
        node = node[key]
    return node


def changed(
    document: dict[str, Any], path: Path, move: Callable[[float], float] | None, value: Any = None
) -> dict[str, Any]:
    """A copy of ``document`` with every number at ``path`` moved (``move``), or replaced by
    ``value``. Only the objects on the path are copied; the rest is shared, never changed."""
    result = dict(document)
    field = path.centre_field
    if field is not None:
        if move is None:
            raise ValueError("every centre's field is moved, never set to one value (§11.2)")
        result["centres"] = [centre | {field: move(float(centre[field]))} for centre in document["centres"]]
        return result
    parent: Any = result
    for key in path.keys[:-1]:
        parent[key] = copy.copy(parent[key])
        parent = parent[key]
    last = path.keys[-1]
    current = parent[last]
    if move is None:
        parent[last] = value
    elif isinstance(current, dict):
        parent[last] = {year: move(float(v)) for year, v in current.items()}
    else:
        parent[last] = move(float(current))
    return result
