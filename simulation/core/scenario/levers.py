"""The lever types of §4, one entry each: the keys a document writes, their bounds and defaults,
and how a checked lever becomes the engine's lever. Adding a lever type is one entry here, its
engine dataclass (``engine.inputs``) and its effect (``engine.levers.EFFECTS``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from simulation.core.engine.inputs import (
    FORMS,
    ConvertForm,
    Drawdown,
    Efficiency,
    GoalTrend,
    GpListTarget,
    HiredShare,
    OverheadReduction,
    Selector,
)
from simulation.core.scenario.fields import MAX_HORIZON, MAX_LISTED, MAX_MONEY

SELECTOR_KEYS = ("forms", "centres")


@dataclass(frozen=True)
class Bound:
    """A numeric key's bounds: low ≤ value ≤ high (low < value when ``strict_low``; value < high
    when ``strict_high``)."""

    low: float
    high: float
    strict_low: bool = False
    strict_high: bool = False


@dataclass(frozen=True)
class LeverType:
    required: tuple[str, ...]  # besides "type"
    optional: tuple[str, ...]
    numbers: dict[str, Bound]
    build: Callable[[dict[str, Any]], Any]  # a checked, normalised lever → the engine's lever
    defaults: dict[str, Any] = field(default_factory=dict)
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)  # text keys and their values

    @property
    def year_key(self) -> str:
        return "from_year" if "from_year" in self.required else "year"


def selector(lever: dict[str, Any], forms_key: str = "forms") -> Selector:
    """Which centres a lever applies to: by form (judged each year) and/or by id (§4)."""
    forms = lever.get(forms_key)
    centres = lever.get("centres")
    return Selector(
        forms=None if forms is None else frozenset(FORMS.index(f) for f in forms),
        centres=None if centres is None or centres == "all" else frozenset(centres),
    )


SHARE = Bound(0, 1)

LEVER_TYPES: dict[str, LeverType] = {
    "convert_form": LeverType(
        ("year", "to"),
        ("centres", "from", "unit", "start_capital"),
        {"start_capital": Bound(0, MAX_MONEY)},
        lambda v: ConvertForm(v["year"], FORMS.index(v["to"]), selector(v, "from"), v.get("unit"), v["start_capital"]),
        {"start_capital": 0.0},
    ),
    "hired_share": LeverType(
        ("year", "target"),
        SELECTOR_KEYS,
        {"target": SHARE},
        lambda v: HiredShare(v["year"], v["target"], selector(v)),
    ),
    "efficiency": LeverType(
        ("from_year", "annual"),
        SELECTOR_KEYS,
        {"annual": Bound(0, 1, strict_high=True)},  # 100 % a year would leave no work at all
        lambda v: Efficiency(v["from_year"], v["annual"], selector(v)),
    ),
    "overhead_reduction": LeverType(
        ("from_year", "share"),
        ("funded_by", *SELECTOR_KEYS),
        {"share": SHARE},
        lambda v: OverheadReduction(v["from_year"], v["share"], selector(v), saved=v["funded_by"] == "saved"),
        {"funded_by": "region"},
        {"funded_by": ("region", "saved")},
    ),
    # ``goal`` must name a goal of the document's compensation (§4); the checker knows the goals.
    "goal_trend": LeverType(
        ("goal", "from_year", "annual"),
        SELECTOR_KEYS,
        {"annual": Bound(-1, 1)},
        lambda v: GoalTrend(v["goal"], v["from_year"], v["annual"], selector(v)),
    ),
    "gp_list_target": LeverType(
        ("from_year", "listed_per_gp"),
        ("phase_years", *SELECTOR_KEYS),
        {"listed_per_gp": Bound(0, MAX_LISTED, strict_low=True), "phase_years": Bound(0, MAX_HORIZON, True)},
        lambda v: GpListTarget(v["from_year"], v["listed_per_gp"], v["phase_years"], selector(v)),
        {"phase_years": 1.0},
    ),
    "drawdown": LeverType(
        ("unit", "year", "amount"),
        (),
        {"amount": Bound(0, MAX_MONEY)},
        lambda v: Drawdown(v["unit"], v["year"], v["amount"]),
    ),
}


def engine_lever(lever: dict[str, Any]) -> Any:
    return LEVER_TYPES[lever["type"]].build(lever)
