"""An analysis request (§11): checked whole, every problem with its path, before anything runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from simulation.core.analysis.metrics import metric_problem
from simulation.core.analysis.paths import Path, PathError, parse_path
from simulation.core.engine.structure import build_structure
from simulation.core.scenario import BASELINE, Problem, ScenarioInvalid, prepare
from simulation.core.scenario.values import ValueChecker

SCHEMA = "vardpeng.analysis/1"
KINDS = ("explain", "sensitivity", "break_even", "sobol")
COMMON_KEYS = ("schema", "kind", "variant", "year", "language", "scenario")
#: Break-even reads its metric from its target.
KIND_KEYS = {
    "explain": ("centre", "unit"),
    "sensitivity": ("metric", "parameters"),
    "break_even": ("parameter", "target"),
    "sobol": ("metric", "parameters", "samples", "seed"),
}
#: Saltelli's N (§11.6): a power of two in this range.
SOBOL_SAMPLES = (2**4, 2**14)
LANGUAGES = ("sv", "en")
MAX_PARAMETERS = 50


@dataclass(frozen=True)
class Parameter:
    """One parameter: its path and how x moves it (§11.2)."""

    path: Path
    change: float | None = None
    delta: float | None = None
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class BreakEven:
    path: Path
    mode: str  # "scale" or "shift"
    bounds: tuple[float, float]
    target: float


@dataclass(frozen=True)
class AnalysisRequest:
    kind: str
    variant: str
    metric: str
    year: int | None
    language: str
    document: dict[str, Any]  # the variant's resolved document, without variants and uncertainty
    parameters: tuple[Parameter, ...] = ()
    break_even: BreakEven | None = None
    centre: str | None = None  # explain: the centre or the unit asked about
    unit: str | None = None
    samples: int = 0  # sobol: N
    seed: int = 0  # sobol


def analysis_request(raw: Any) -> AnalysisRequest:
    """Check a request (§11) and resolve its scenario's variant; raise ScenarioInvalid with paths."""
    check = ValueChecker()
    kind = raw.get("kind") if isinstance(raw, dict) else None
    if isinstance(raw, dict) and kind is not None and kind not in KINDS:
        # Which other keys belong in the request depends on the kind: an unknown kind is the one
        # problem to name (every other key would be "unknown" only because of it).
        check.choice(kind, "kind", KINDS)
        raise ScenarioInvalid(check.problems)
    kind_keys = KIND_KEYS.get(kind, ()) if isinstance(kind, str) else ()
    request = check.object(raw, "", (*COMMON_KEYS, *kind_keys), ("kind", "scenario"))
    if request is None or check.problems:
        raise ScenarioInvalid(check.problems)
    if request.get("schema", SCHEMA) != SCHEMA:
        check.fail("schema", f"must be {SCHEMA}")
    kind = check.choice(kind, "kind", KINDS)
    try:
        prepared = prepare(request["scenario"])
    except ScenarioInvalid as invalid:
        raise ScenarioInvalid([_prefixed(p) for p in invalid.problems]) from None
    variant = request.get("variant", BASELINE)
    if variant not in prepared.resolved:
        check.fail("variant", f"no variant {variant} in the scenario ({', '.join(prepared.resolved)})")
        raise ScenarioInvalid(check.problems)
    document = prepared.evaluated(variant)
    years = range(document["base_year"], document["base_year"] + document["horizon"])
    year = None
    if "year" in request:
        year = check.number(request["year"], "year", years.start, years.stop - 1, whole=True)
    language = check.choice(request.get("language", "sv"), "language", LANGUAGES)
    units = _units(document)
    parameters: tuple[Parameter, ...] = ()
    break_even = None
    subject: dict[str, Any] = {}
    metric = None
    if kind == "explain":
        subject = _explained(check, request, document, year)
    elif kind == "break_even":
        break_even, metric = _break_even(check, request, document, units)
    else:
        metric = request.get("metric")
        if (problem := metric_problem(metric, units)) is not None:
            check.fail("metric", problem)
        parameters = _parameters(check, request.get("parameters"), document)
        if kind == "sobol":
            subject = _sobol(check, request, parameters)
    if check.problems:
        raise ScenarioInvalid(check.problems)
    return AnalysisRequest(kind, variant, metric, year, language, document, parameters, break_even, **subject)


def _explained(check: ValueChecker, request: dict, document: dict, year: int | None) -> dict[str, str]:
    """Explain names exactly one centre or unit, and a year in which it has a row (§11.3)."""
    named = [key for key in ("centre", "unit") if key in request]
    if len(named) != 1:
        check.fail("", "explain names exactly one of centre and unit")
        return {}
    key = named[0]
    wanted = check.text(request[key], key, required=True)
    if "year" not in request:
        check.fail("year", "explain needs the year to explain")
    if wanted is None:
        return {}
    if key == "centre":
        ids = [c["id"] for c in document["centres"]]
        if wanted not in ids:
            check.fail("centre", f"no centre {wanted} in the scenario")
        return {"centre": wanted}
    if wanted not in _units(document):
        check.fail("unit", f"no unit {wanted} in the scenario")
    elif year is not None and wanted not in units_in_year(document, year):
        check.fail("unit", f"unit {wanted} has no centres in {year}, so it has no row to explain")
    return {"unit": wanted}


def _sobol(check: ValueChecker, request: dict, parameters: tuple[Parameter, ...]) -> dict[str, int]:
    """§11.6: change or delta only (x is drawn from [−1, 1]), N a power of two, a seed ≥ 1."""
    for i, parameter in enumerate(parameters):
        if parameter.low is not None:
            check.fail(f"parameters[{i}]", "sobol moves a parameter by change or delta, not low and high")
    low, high = SOBOL_SAMPLES
    samples = check.number(request.get("samples"), "samples", low, high, whole=True)
    if "samples" not in request:
        check.fail("samples", "required: N, a power of two from 16 to 16384")
    elif samples is not None and int(samples) & (int(samples) - 1):
        check.fail("samples", "must be a power of two (16, 32, …, 16384)")
    seed = check.number(request.get("seed"), "seed", 1, 2**32 - 1, whole=True)
    if "seed" not in request:
        check.fail("seed", "required: a whole number ≥ 1, so that the sample can be repeated")
    return {"samples": int(samples or 0), "seed": int(seed or 0)}


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


def _parameters(check: ValueChecker, value: Any, document: dict[str, Any]) -> tuple[Parameter, ...]:
    rows = check.items(value, "parameters")
    if not rows and isinstance(value, list | type(None)):
        check.fail("parameters", "name at least one parameter")
    if len(rows) > MAX_PARAMETERS:
        check.fail("parameters", f"at most {MAX_PARAMETERS} parameters")
        return ()
    found = []
    for i, raw in enumerate(rows):
        at = f"parameters[{i}]"
        row = check.object(raw, at, ("path", "change", "delta", "low", "high"), ("path",))
        if row is None:
            continue
        ways = [k for k in ("change", "delta", "low") if k in row]
        if ("low" in row) != ("high" in row):
            check.fail(at, "low and high come together")
            continue
        if len(ways) != 1:
            check.fail(at, "needs exactly one of change, delta, or low and high")
            continue
        try:
            path = parse_path(row["path"], document, nullable=ways[0] == "low")
        except PathError as error:
            check.fail(f"{at}.path", str(error))
            continue
        if path.all_centres and ways[0] == "low":
            check.fail(at, "low and high cannot set centres.* (use change or delta)")
            continue
        numbers = {k: check.number(row[k], f"{at}.{k}") for k in ("change", "delta", "low", "high") if k in row}
        if None not in numbers.values():
            found.append(Parameter(path, **numbers))
    return tuple(found)


def _break_even(check: ValueChecker, request: dict, document: dict, units: set[str]):
    parameter = check.object(request.get("parameter"), "parameter", ("path", "mode", "bounds"), ("path",)) or {}
    target = check.object(request.get("target"), "target", ("metric", "value"), ("metric",)) or {}
    metric = target.get("metric")
    if metric is not None and (problem := metric_problem(metric, units)) is not None:
        check.fail("target.metric", problem)
    value = check.number(target.get("value", 0.0), "target.value")
    mode = check.choice(parameter.get("mode", "scale"), "parameter.mode", ("scale", "shift"))
    bounds = parameter.get("bounds", [0.25, 4.0] if mode == "scale" else None)
    low = high = None
    if bounds is None:
        check.fail("parameter.bounds", "a shift needs bounds [a, b]")
    elif not isinstance(bounds, list) or len(bounds) != 2:
        check.fail("parameter.bounds", "must be [a, b]")
    else:
        low, high = (check.number(b, f"parameter.bounds[{i}]") for i, b in enumerate(bounds))
        if low is not None and high is not None and not low < high:
            check.fail("parameter.bounds", "a must be below b")
    path = None
    if "path" in parameter:
        try:
            path = parse_path(parameter["path"], document)
        except PathError as error:
            check.fail("parameter.path", str(error))
    if check.problems or None in (path, mode, low, high, value, metric):
        return None, metric
    return BreakEven(path, mode, (low, high), value), metric
