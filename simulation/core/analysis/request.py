"""An analysis request (§11): checked whole, every problem with its path, before anything runs.

What every kind shares is checked here: ``schema``, ``kind``, ``variant``, ``year``, ``language``
and the embedded ``scenario``. What a kind asks is checked by its own ``parse`` (its entry in
``kinds.KINDS``), with the helpers here for what several kinds ask (a metric, parameters).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from simulation.core.analysis.metrics import metric_problem
from simulation.core.analysis.paths import Path, PathError, parse_path
from simulation.core.engine.structure import build_structure
from simulation.core.scenario import BASELINE, Problem, ScenarioInvalid, prepare
from simulation.core.scenario.values import ValueChecker

SCHEMA = "vardpeng.analysis/1"
COMMON_KEYS = ("schema", "kind", "variant", "year", "language", "scenario")
LANGUAGES = ("sv", "en")
MAX_PARAMETERS = 50
#: How a parameter may move (§11.2): ``low`` stands for low and high together.
WAYS = ("change", "delta", "low")

Detail = TypeVar("Detail")


@dataclass(frozen=True)
class Parameter:
    """One parameter: its path and how x moves it (§11.2)."""

    path: Path
    change: float | None = None
    delta: float | None = None
    low: float | None = None
    high: float | None = None

    def how(self) -> tuple[str, float]:
        """``("change", r)`` or ``("delta", d)``: how x moves a parameter that has no low and high."""
        if self.change is not None:
            return "change", self.change
        if self.delta is not None:
            return "delta", self.delta
        raise ValueError(f"{self.path.text} is set to low and high, not moved by x")


@dataclass(frozen=True)
class AnalysisRequest:
    """A checked request: the variant's resolved document (without variants and uncertainty),
    what every kind may ask, and ``detail``, what only its kind asks (its ``parse`` makes it)."""

    kind: str
    variant: str
    metric: str | None  # None for a kind that reads no metric (explain)
    year: int | None
    language: str
    document: dict[str, Any]
    parameters: tuple[Parameter, ...] = ()
    detail: object = None

    def required_metric(self) -> str:
        """The metric, for the kinds that read one."""
        if self.metric is None:
            raise TypeError(f"a {self.kind} request reads no metric")
        return self.metric

    def detail_as(self, kind: type[Detail]) -> Detail:
        """``detail``, which a kind's own code knows the type of."""
        if not isinstance(self.detail, kind):
            raise TypeError(f"a {self.kind} request has no {kind.__name__}")
        return self.detail


@dataclass(frozen=True)
class Asked:
    """A request as a kind's ``parse`` reads it; every problem goes to ``check`` with its path."""

    check: ValueChecker
    raw: dict[str, Any]  # the request object, nulls dropped (null means not given)
    document: dict[str, Any]  # the variant's resolved document
    year: int | None
    units: frozenset[str]


@dataclass(frozen=True)
class Parsed:
    """What a kind's ``parse`` found: its metric, its parameters and its own detail."""

    metric: str | None = None
    parameters: tuple[Parameter, ...] = ()
    detail: object = None


class Kind(Protocol):
    """What checking a request needs of a kind (``kinds.AnalysisKind`` has it)."""

    @property
    def keys(self) -> tuple[str, ...]: ...

    @property
    def parse(self) -> Callable[[Asked], Parsed]: ...


def checked_request(raw: Any, kinds: Mapping[str, Kind]) -> AnalysisRequest:
    """Check a request (§11) against its kind and resolve its scenario's variant; raise
    ScenarioInvalid with every problem and its path."""
    check = ValueChecker()
    names = tuple(kinds)
    kind = raw.get("kind") if isinstance(raw, dict) else None
    if kind is not None and (not isinstance(kind, str) or kind not in kinds):
        # Which other keys belong in the request depends on the kind: an unknown kind is the one
        # problem to name (every other key would be "unknown" only because of it).
        check.choice(kind, "kind", names)
        raise ScenarioInvalid(check.problems)
    own = kinds[kind].keys if kind is not None else ()
    request = check.object(raw, "", (*COMMON_KEYS, *own), ("kind", "scenario"))
    if request is None or check.problems:
        raise ScenarioInvalid(check.problems)
    if request.get("schema", SCHEMA) != SCHEMA:
        check.fail("schema", f"must be {SCHEMA}")
    try:
        prepared = prepare(request["scenario"])
    except ScenarioInvalid as invalid:
        raise ScenarioInvalid([_prefixed(p) for p in invalid.problems]) from None
    variant = request.get("variant", BASELINE)
    if variant not in prepared.resolved:
        check.fail("variant", f"no variant {variant} in the scenario ({', '.join(prepared.resolved)})")
        raise ScenarioInvalid(check.problems)
    document = prepared.evaluated(variant)
    first = document["base_year"]
    year = None
    if "year" in request:
        found = check.number(request["year"], "year", first, first + document["horizon"] - 1, whole=True)
        year = None if found is None else int(found)
    language = check.choice(request.get("language", "sv"), "language", LANGUAGES)
    parsed = kinds[request["kind"]].parse(Asked(check, request, document, year, frozenset(_units(document))))
    if check.problems or language is None:
        raise ScenarioInvalid(check.problems)
    return AnalysisRequest(
        request["kind"], variant, parsed.metric, year, language, document, parsed.parameters, parsed.detail
    )


def _prefixed(problem: Problem) -> Problem:
    return Problem(f"scenario.{problem.path}" if problem.path else "scenario", problem.message)


def units_in_year(document: dict[str, Any], year: int) -> set[str]:
    """The units that have centres in ``year`` (after the document's conversions, R20)."""
    model = prepare(document).runs[0][1]
    structure, _ = build_structure(model.centres, model.levers, model.years)
    t = year - model.base_year
    return {structure.unit_ids[u] for u in range(len(structure.unit_ids)) if structure.unit_forms[t, u] >= 0}


def _units(document: dict[str, Any]) -> set[str]:
    units = {c["unit"] for c in document["centres"]}
    return units | {lever["unit"] for lever in document["levers"] if lever.get("unit")}


def metric_parsed(asked: Asked, value: Any, at: str) -> str | None:
    """A metric of §11.1 (``balance.UNIT`` of a unit the scenario has), or None with the problem."""
    problem = metric_problem(value, set(asked.units))
    if problem is not None:
        asked.check.fail(at, problem)
        return None
    return str(value)


def parameters_parsed(asked: Asked, ways: tuple[str, ...] = WAYS) -> tuple[Parameter, ...]:
    """``parameters`` (§11.2): at least one, at most MAX_PARAMETERS, each moved exactly one way."""
    check, value = asked.check, asked.raw.get("parameters")
    rows = check.items(value, "parameters")
    if not rows and isinstance(value, list | type(None)):
        check.fail("parameters", "name at least one parameter")
    if len(rows) > MAX_PARAMETERS:
        check.fail("parameters", f"at most {MAX_PARAMETERS} parameters")
        return ()
    found = []
    for i, raw in enumerate(rows):
        parameter = _parameter(check, raw, f"parameters[{i}]", asked, ways)
        if parameter is not None:
            found.append(parameter)
    return tuple(found)


def _parameter(check: ValueChecker, raw: Any, at: str, asked: Asked, ways: tuple[str, ...]) -> Parameter | None:
    row = check.object(raw, at, ("path", "change", "delta", "low", "high"), ("path",))
    if row is None:
        return None
    given = [k for k in WAYS if k in row]
    if ("low" in row) != ("high" in row):
        check.fail(at, "low and high come together")
        return None
    if len(given) != 1:
        check.fail(at, "needs exactly one of change, delta, or low and high")
        return None
    if given[0] not in ways:
        check.fail(at, f"{asked.raw['kind']} moves a parameter by change or delta, not low and high")
        return None
    try:
        path = parse_path(row["path"], asked.document, nullable=given[0] == "low")
    except PathError as error:
        check.fail(f"{at}.path", str(error))
        return None
    if path.all_centres and given[0] == "low":
        check.fail(at, "low and high cannot set centres.* (use change or delta)")
        return None
    numbers = {k: check.number(row[k], f"{at}.{k}") for k in ("change", "delta", "low", "high") if k in row}
    if None in numbers.values():
        return None
    return Parameter(path, **numbers)
