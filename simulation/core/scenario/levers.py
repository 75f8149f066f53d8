"""The lever types of §4, one entry each: the keys a document writes, their bounds and defaults,
how a checked lever becomes the engine's lever, and how it reads (its label and its sentence).
Adding a lever type is one entry here, its engine dataclass (``engine.inputs``) and its effect
(``engine.levers.EFFECTS``).

The words are English msgids of the project's one catalogue (marked with ``gettext_noop`` for
``make messages``); the edge translates them and says each value in the reader's language
(``presentation.describe``): the registry names only how a value reads (a share, an amount…).
"""

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
from simulation.core.outputs import gettext_noop
from simulation.core.scenario.fields import MAX_HORIZON, MAX_LISTED, MAX_MONEY

SELECTOR_KEYS = ("forms", "centres")

#: How a lever's value reads in its sentence: which centres (by the key naming their forms), an
#: operating form, a share, an amount in kronor, a year or a name as written, percentage points a
#: year, a goal, a count of listed, a number of years.
WHICH, FORM, SHARE_OF, KR, AS_IS, POINTS, GOAL, LISTED, YEARS = (
    "which",
    "form",
    "share",
    "kr",
    "as_is",
    "points",
    "goal",
    "listed",
    "years",
)


@dataclass(frozen=True)
class Bound:
    """A numeric key's bounds: low ≤ value ≤ high (low < value when ``strict_low``; value < high
    when ``strict_high``)."""

    low: float
    high: float
    strict_low: bool = False
    strict_high: bool = False


#: A placeholder of a sentence → (the lever's key it reads, how its value reads).
Say = dict[str, tuple[str, str]]


@dataclass(frozen=True)
class Clause:
    """A part a lever's sentence gains after a comma: when the lever has ``key`` (not empty), or,
    with ``value``, when its ``key`` (or the default) is that value."""

    text: str  # msgid
    key: str
    value: Any = None
    say: Say = field(default_factory=dict)


@dataclass(frozen=True)
class Sentence:
    text: str  # msgid with %(placeholder)s
    say: Say
    clauses: tuple[Clause, ...] = ()


@dataclass(frozen=True)
class LeverType:
    required: tuple[str, ...]  # besides "type"
    optional: tuple[str, ...]
    numbers: dict[str, Bound]
    build: Callable[[dict[str, Any]], Any]  # a checked, normalised lever → the engine's lever
    defaults: dict[str, Any] = field(default_factory=dict)
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)  # text keys and their values
    label: str = field(kw_only=True)  # msgid: the lever's name
    sentence: Sentence = field(kw_only=True)  # how one lever of the type reads

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
        label=gettext_noop("Change of operating form"),
        sentence=Sentence(
            gettext_noop("%(which)s become %(to)s from %(year)s"),
            {"which": ("from", WHICH), "to": ("to", FORM), "year": ("year", AS_IS)},
            (
                Clause(gettext_noop("in the unit %(unit)s"), "unit", say={"unit": ("unit", AS_IS)}),
                Clause(
                    gettext_noop("start capital %(amount)s"), "start_capital", say={"amount": ("start_capital", KR)}
                ),
            ),
        ),
    ),
    "hired_share": LeverType(
        ("year", "target"),
        SELECTOR_KEYS,
        {"target": SHARE},
        lambda v: HiredShare(v["year"], v["target"], selector(v)),
        label=gettext_noop("Hired staff's share"),
        sentence=Sentence(
            gettext_noop("Hired staff's share of personnel cost moves to %(target)s by %(year)s (%(which)s)"),
            {"target": ("target", SHARE_OF), "year": ("year", AS_IS), "which": ("forms", WHICH)},
        ),
    ),
    "efficiency": LeverType(
        ("from_year", "annual"),
        SELECTOR_KEYS,
        {"annual": Bound(0, 1, strict_high=True)},  # 100 % a year would leave no work at all
        lambda v: Efficiency(v["from_year"], v["annual"], selector(v)),
        label=gettext_noop("Efficiency gain"),
        sentence=Sentence(
            gettext_noop("Efficiency gain of %(annual)s a year from %(year)s (%(which)s)"),
            {"annual": ("annual", SHARE_OF), "year": ("from_year", AS_IS), "which": ("forms", WHICH)},
        ),
    ),
    "overhead_reduction": LeverType(
        ("from_year", "share"),
        ("funded_by", *SELECTOR_KEYS),
        {"share": SHARE},
        lambda v: OverheadReduction(v["from_year"], v["share"], selector(v), saved=v["funded_by"] == "saved"),
        {"funded_by": "region"},
        {"funded_by": ("region", "saved")},
        label=gettext_noop("Lower central overhead"),
        sentence=Sentence(
            gettext_noop("Central overhead falls by %(share)s from %(year)s (%(which)s)"),
            {"share": ("share", SHARE_OF), "year": ("from_year", AS_IS), "which": ("forms", WHICH)},
            (
                Clause(gettext_noop("the services are cut"), "funded_by", "saved"),
                Clause(gettext_noop("the region pays centrally"), "funded_by", "region"),
            ),
        ),
    ),
    # ``goal`` must name a goal of the document's compensation (§4); the checker knows the goals.
    "goal_trend": LeverType(
        ("goal", "from_year", "annual"),
        SELECTOR_KEYS,
        {"annual": Bound(-1, 1)},
        lambda v: GoalTrend(v["goal"], v["from_year"], v["annual"], selector(v)),
        label=gettext_noop("Trend in goal achievement"),
        sentence=Sentence(
            gettext_noop("Achievement of %(goal)s changes by %(points)s a year from %(year)s (%(which)s)"),
            {
                "goal": ("goal", GOAL),
                "points": ("annual", POINTS),
                "year": ("from_year", AS_IS),
                "which": ("forms", WHICH),
            },
        ),
    ),
    "gp_list_target": LeverType(
        ("from_year", "listed_per_gp"),
        ("phase_years", *SELECTOR_KEYS),
        {"listed_per_gp": Bound(0, MAX_LISTED, strict_low=True), "phase_years": Bound(0, MAX_HORIZON, True)},
        lambda v: GpListTarget(v["from_year"], v["listed_per_gp"], v["phase_years"], selector(v)),
        {"phase_years": 1.0},
        label=gettext_noop("GPs for a list size"),
        sentence=Sentence(
            gettext_noop("GPs added until each has %(listed)s, from %(year)s over %(phase)s (%(which)s)"),
            {
                "listed": ("listed_per_gp", LISTED),
                "year": ("from_year", AS_IS),
                "phase": ("phase_years", YEARS),
                "which": ("forms", WHICH),
            },
        ),
    ),
    "drawdown": LeverType(
        ("unit", "year", "amount"),
        (),
        {"amount": Bound(0, MAX_MONEY)},
        lambda v: Drawdown(v["unit"], v["year"], v["amount"]),
        label=gettext_noop("Drawdown from equity"),
        sentence=Sentence(
            gettext_noop("The unit %(unit)s takes %(amount)s out of its equity in %(year)s"),
            {"unit": ("unit", AS_IS), "amount": ("amount", KR), "year": ("year", AS_IS)},
        ),
    ),
}


def engine_lever(lever: dict[str, Any]) -> Any:
    return LEVER_TYPES[lever["type"]].build(lever)
