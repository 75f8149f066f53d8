"""Running saved scenarios: build the runnable document, validate it, project it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from healthcentres.models import Dataset
from healthcentres.selectors import dataset_current, dataset_document
from regions.models import Region
from regions.services import audit_record
from simulation.core import numbers, projection
from simulation.core.analysis import analyse
from simulation.core.engine import ENGINE_VERSION
from simulation.core.errors import DomainError
from simulation.core.projection import JSON_BYTES_PER_VALUE, MEMORY_BYTES_PER_VALUE, projection_values, scenario_project
from simulation.core.scenario import RULE_KEYS, PreparedScenario, Problem, ScenarioInvalid, deep_merge, prepare
from simulation.models import CachedProjection, Scenario, ScenarioVersion


class StaleWrite(DomainError):
    """The scenario changed since the client read it (optimistic concurrency)."""

    status = 412
    path = "version"


class TooMuchWork(DomainError):
    """More work than this kind of request may do; the message says where it can be done."""

    status = 413
    path = ""


def refuse_too_much_work(cells: int, limit: int, instead: str) -> None:
    """413 for a run above ``limit`` cells (centres × years × (1 + draws), every run)."""
    if cells > limit:
        raise TooMuchWork(
            f"This is {numbers.number(cells)} cells of work (centres × years × (1 + draws), over every "
            f"run); this kind of request does at most {numbers.number(limit)}. {instead}"
        )


@dataclass(frozen=True)
class Bound:
    """What one kind of request may cost: engine work in cells (centres × years × (1 + draws), over
    every run) and the size of its answer in values (``projection_values``)."""

    cells: int
    values: int
    #: Where the work can be done instead, said when it is refused.
    instead: str


def _megabytes(values: int, per_value: int) -> str:
    return numbers.number(values * per_value / 2**20)


def refuse_too_large(prepared: PreparedScenario, bound: Bound) -> None:
    """413 before anything runs, for work above the bound's cells or a projection above its values:
    the answer's size and memory grow with runs × centres × years, whatever the engine's time."""
    refuse_too_much_work(prepared.cells, bound.cells, bound.instead)
    values = projection_values(prepared)
    if values > bound.values:
        model = prepared.runs[0][1]
        raise TooMuchWork(
            _(
                "Its projection would hold %(values)s values (%(runs)s runs × %(centres)s centres × %(years)s "
                "years, with their units and bands): about %(json)s MB as JSON and %(memory)s MB of memory. "
                "This kind of request answers with at most %(limit)s values (about %(limit_json)s MB). %(instead)s"
            )
            % {
                "values": numbers.number(values),
                "runs": numbers.number(len(prepared.runs)),
                "centres": numbers.number(model.centres.count),
                "years": prepared.horizon,
                "json": _megabytes(values, JSON_BYTES_PER_VALUE),
                "memory": _megabytes(values, MEMORY_BYTES_PER_VALUE),
                "limit": numbers.number(bound.values),
                "limit_json": _megabytes(bound.values, JSON_BYTES_PER_VALUE),
                "instead": bound.instead,
            }
        )


def sync_bound(instead: str | None = None) -> Bound:
    """A request answered at once (POST /simulate, the builder's preview, saving a scenario that
    pages then show): VARDPENG_MAX_SYNC_CELLS and VARDPENG_MAX_SYNC_VALUES."""
    return Bound(settings.VARDPENG_MAX_SYNC_CELLS, settings.VARDPENG_MAX_SYNC_VALUES, instead or sync_instead())


def sync_instead() -> str:
    return _(
        "Ask for fewer variants or years, or start it as a job: POST /api/v1/simulations with the same "
        "document, then follow its Location."
    )


def job_bound() -> Bound:
    """A projection job (POST /api/v1/simulations): its result is stored in the database and read
    back whole, so it is bounded like an answer: VARDPENG_MAX_JOB_CELLS and VARDPENG_MAX_JOB_VALUES."""
    return Bound(
        settings.VARDPENG_MAX_JOB_CELLS,
        settings.VARDPENG_MAX_JOB_VALUES,
        _("Split it into several documents (fewer variants, years or centres each)."),
    )


class PreconditionRequired(DomainError):
    """A write without If-Match or version: refused so that no edit is silently lost."""

    status = 428
    path = "version"


SCENARIO_FIELDS = ("name", "description", "dataset", "overrides", "levers", "variants")


def scenario_dataset(scenario: Scenario) -> Dataset:
    """The data a scenario runs on. A preset is the region's template: it always runs on the
    region's current dataset. Any other scenario keeps the data it was saved with until someone
    moves it (``scenario_rebase``), so that a saved answer does not change under its reader."""
    if scenario.is_preset and scenario.dataset.status != Dataset.Status.CURRENT:
        current = dataset_current(scenario.region)
        if current is not None:
            return current
    return scenario.dataset


def scenario_document(scenario: Scenario) -> dict[str, Any]:
    """The complete runnable document (spec §2): the region's plain rules on the scenario's data
    (``scenario_dataset``, ``dataset_document``) with the scenario's overrides, levers and
    variants on top."""
    plain = dataset_document(scenario_dataset(scenario), scenario.name, scenario.description)
    changed = deep_merge({k: v for k, v in plain.items() if k in RULE_KEYS}, scenario.overrides or {})
    return {
        **{k: changed.get(k, v) for k, v in plain.items()},
        **changed,
        "levers": list(scenario.levers or []),
        "variants": list(scenario.variants or []),
        "centres": plain["centres"],
    }


@dataclass(frozen=True)
class ScenarioRun:
    """A scenario run: its runnable document (normalised, defaults filled in) and its projection."""

    document: dict[str, Any]
    projection: dict[str, Any]


def scenario_run(scenario: Scenario, bound: Bound | None = None) -> ScenarioRun:
    """The one way to run a scenario, saved or not (pages, API, builder, comparison): its document
    is validated once and its projection comes from the cache when nothing changed. ``bound``
    refuses larger work or a larger projection (413) before it starts."""
    prepared = prepare(scenario_document(scenario))
    if bound is not None:
        refuse_too_large(prepared, bound)
    return ScenarioRun(prepared.document, _projection_cached(prepared))


def scenario_projection_json(scenario: Scenario) -> str:
    """A scenario's projection as JSON text, the REST API's answer: read from the cache as the
    database holds it, without parsing and writing out again what may be a megabyte of figures."""
    prepared = prepare(scenario_document(scenario))
    cached = (
        CachedProjection.objects.filter(key=projection_cache_key(prepared.document))
        .annotate(text=Cast("projection", TextField()))
        .values_list("text", flat=True)
        .first()
    )
    if cached is not None:
        return cached
    return json.dumps(_projection_cached(prepared), ensure_ascii=False, separators=(",", ":"))


def scenario_explain(
    scenario: Scenario, year: int, *, centre: str | None = None, unit: str | None = None, language: str = "sv"
) -> dict[str, Any]:
    """Explain one centre-year or unit-year of a scenario (§11.3): the same analysis a job or the
    CLI runs (one engine run of the baseline), for the pages' *Varför?*. Refused requests raise
    ScenarioInvalid with paths."""
    subject = {"centre": centre} if centre is not None else {"unit": unit}
    request = {
        "schema": "vardpeng.analysis/1",
        "kind": "explain",
        "scenario": scenario_document(scenario),
        "year": year,
        "language": language,
        **subject,
    }
    return analyse(request)


def document_run(document: Any, bound: Bound | None = None) -> dict[str, Any]:
    """The projection of any scenario document (POST /simulate, the CLI, projection jobs). Not
    cached: anyone may send any document, and the cache is for the region's own scenarios.
    ``bound`` refuses larger work or a larger projection (413) before it starts."""
    prepared = prepare(document)
    if bound is not None:
        refuse_too_large(prepared, bound)
    return scenario_project(prepared)


#: What makes a projection besides its document: the engine (its version is derived from its source)
#: and the code that shapes the projection document.
_PROJECTION_CODE = hashlib.sha256(Path(projection.__file__).read_bytes()).hexdigest()[:12]


def projection_cache_key(document: dict[str, Any]) -> str:
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{ENGINE_VERSION}\n{_PROJECTION_CODE}\n{canonical}".encode()).hexdigest()


def _projection_cached(prepared: PreparedScenario) -> dict[str, Any]:
    """Projections keyed by the normalised runnable document and the engine version: any edit
    (of the scenario, its rulebook or its data) changes the key, so nothing stale is served."""
    key = projection_cache_key(prepared.document)
    cached = CachedProjection.objects.filter(key=key).values_list("projection", flat=True).first()
    if cached is not None:
        return cached
    projection = scenario_project(prepared)
    try:
        with transaction.atomic():
            CachedProjection.objects.create(key=key, engine_version=ENGINE_VERSION, projection=projection)
    except IntegrityError:
        pass  # another request stored the same projection meanwhile
    return projection


def scenario_check(scenario: Scenario) -> None:
    """Refuse (ScenarioInvalid) what the scenario document would refuse, with paths of the runnable
    document: what every write checks first (the admin's form too)."""
    problems = []
    if not isinstance(scenario.overrides, dict):
        problems.append(Problem("overrides", "must be an object"))
    else:
        problems += [
            Problem(f"overrides.{key}", f"cannot be overridden here (allowed: {', '.join(RULE_KEYS)})")
            for key in scenario.overrides
            if key not in RULE_KEYS
        ]
    for field in ("levers", "variants"):
        if not isinstance(getattr(scenario, field), list):
            problems.append(Problem(field, "must be a list"))
    if scenario.dataset.region_id != scenario.region_id:
        problems.append(Problem("dataset", "belongs to another region"))
    elif scenario.dataset.status == Dataset.Status.DRAFT:
        problems.append(Problem("dataset", "is a draft: it changes nothing until an analyst publishes it"))
    clash = Scenario.objects.filter(region=scenario.region, name=scenario.name).exclude(pk=scenario.pk)
    if clash.exists():
        problems.append(Problem("name", NAME_TAKEN))
    if problems:
        raise ScenarioInvalid(problems)
    # Pages show a saved scenario at once: it may not be larger than a request answered at once.
    refuse_too_large(prepare(scenario_document(scenario)), sync_bound(_("Save fewer variants, or a shorter horizon.")))


NAME_TAKEN = "a scenario of this region already has this name"


def _save_named(scenario: Scenario) -> None:
    """Save, refusing a name another write took since it was checked (the unique constraint
    decides between two writers; the loser gets the same refusal as a name taken before)."""
    try:
        with transaction.atomic():
            scenario.save()
    except IntegrityError:
        raise ScenarioInvalid([Problem("name", NAME_TAKEN)]) from None


def _name_taken(invalid: ScenarioInvalid) -> bool:
    return [(p.path, p.message) for p in invalid.problems] == [("name", NAME_TAKEN)]


#: What a version of a scenario holds (its history row and what two versions are compared by).
VERSIONED_FIELDS = ("name", "description", "dataset", "overrides", "levers", "variants")


def _remember(scenario: Scenario, change: str, user) -> None:
    """Keep the scenario as it now is in its history, in the caller's transaction."""
    ScenarioVersion.objects.create(
        scenario=scenario,
        version=scenario.version,
        change=change,
        changed_by=_user_or_none(user),
        **{field: getattr(scenario, field) for field in VERSIONED_FIELDS},
    )


def _user_or_none(user):
    return user if user is not None and user.is_authenticated else None


@transaction.atomic
def scenario_create(*, region: Region, created_by, change: str = "created", **fields: Any) -> Scenario:
    """A new saved scenario, on the region's current dataset unless one is given (never a draft:
    a draft changes nothing anyone sees until it is published)."""
    dataset = fields.pop("dataset", None) or dataset_current(region)
    if dataset is None:
        raise ScenarioInvalid([Problem("dataset", f"region {region.code} has no dataset yet; upload one first")])
    scenario = Scenario(
        region=region, dataset=dataset, created_by=_user_or_none(created_by), updated_by=_user_or_none(created_by)
    )
    for field, value in fields.items():
        setattr(scenario, field, value)
    scenario_check(scenario)
    _save_named(scenario)
    _remember(scenario, change, created_by)
    audit_record(region=region, user=created_by, action=f"scenario.{change}", obj=scenario, summary=scenario.name)
    return scenario


@transaction.atomic
def scenario_update(
    *, scenario_id: int, expected_version: int | None, changes: dict[str, Any], user=None, change: str = "edited"
) -> Scenario:
    """Apply changes if the scenario is still at ``expected_version``; raise StaleWrite otherwise.
    The new version is kept in the scenario's history and the change recorded.

    The row is locked for the check, so of two concurrent writes from the same version exactly one
    succeeds and the other gets StaleWrite.
    """
    if expected_version is None:
        raise PreconditionRequired("Send If-Match with the scenario's ETag, or its current version.")
    scenario = Scenario.objects.select_for_update().get(pk=scenario_id)
    current_version = scenario.version
    before = scenario.name
    for field, value in changes.items():
        setattr(scenario, field, value)
    # What is wrong with the change is answered before whether it came too late: an invalid body
    # is invalid on any version, and the client should fix it before it reloads (nothing is saved).
    scenario_check(scenario)
    if current_version != expected_version:
        raise StaleWrite(
            f"The scenario was changed by someone else (now version {current_version}, you sent "
            f"{expected_version}); reload it and apply your change again."
        )
    scenario.version = F("version") + 1
    scenario.updated_by = _user_or_none(user)
    _save_named(scenario)
    scenario.refresh_from_db()
    _remember(scenario, change, user)
    named = scenario.name if before == scenario.name else f"{before} → {scenario.name}"
    summary = f"{named} (v{scenario.version})"
    audit_record(region=scenario.region, user=user, action=f"scenario.{change}", obj=scenario, summary=summary)
    return scenario


def scenario_rename(*, scenario: Scenario, name: str, expected_version: int, user) -> Scenario:
    return scenario_update(
        scenario_id=scenario.pk, expected_version=expected_version, changes={"name": name}, user=user, change="renamed"
    )


def scenario_rebase(*, scenario: Scenario, expected_version: int, user) -> Scenario:
    """Run the scenario on its region's current dataset from now on: a new version (the old one,
    on the data it was saved with, stays in the history)."""
    if scenario.is_preset:
        raise ScenarioInvalid([Problem("dataset", "a preset always runs on the region's current data")])
    current = dataset_current(scenario.region)
    if current is None or current.pk == scenario.dataset_id:
        raise ScenarioInvalid([Problem("dataset", "the scenario already runs on the region's current data")])
    return scenario_update(
        scenario_id=scenario.pk,
        expected_version=expected_version,
        changes={"dataset": current},
        user=user,
        change="rebased",
    )


@dataclass(frozen=True)
class RebaseAll:
    """What moving a region's saved scenarios to its current data did: the scenarios moved (each
    as a new version) and those the current data refuses, with why (they keep their data)."""

    moved: list[Scenario]
    refused: list[tuple[Scenario, list[Problem]]]


def scenarios_on_older_data(region: Region) -> list[Scenario]:
    """The region's saved scenarios (not presets: they follow the data) on other than its current data."""
    current = dataset_current(region)
    if current is None:
        return []
    return list(region.scenarios.filter(preset="").exclude(dataset=current).select_related("dataset").order_by("name"))


@transaction.atomic
def scenario_rebase_all(*, region: Region, user) -> RebaseAll:
    """Move every saved scenario of the region that runs on older data to its current data, each
    as a new version (``scenario_rebase``: the old versions stay in their histories). A scenario
    the current data refuses (a lever naming a centre it no longer has, say), or that someone
    changed meanwhile, is left exactly as it was and listed with why."""
    moved, refused = [], []
    for scenario in scenarios_on_older_data(region):
        try:
            with transaction.atomic():
                moved.append(scenario_rebase(scenario=scenario, expected_version=scenario.version, user=user))
        except ScenarioInvalid as invalid:
            refused.append((scenario, list(invalid.problems)))
        except StaleWrite as stale:
            refused.append((scenario, [Problem("version", str(stale))]))
    return RebaseAll(moved, refused)


#: Copies made at the same moment each try the next free name this many times before giving up.
CLONE_ATTEMPTS = 20
NAME_LENGTH = Scenario._meta.get_field("name").max_length


def scenario_clone(*, scenario: Scenario, name: str | None, user) -> Scenario:
    """A copy under a new name (default "NAME (kopia)", then "NAME (kopia 2)", … the first free):
    the same data and changes, its own history; never a preset. Copies made at the same moment
    each get their own name: a name another copy took meanwhile is tried again with the next."""
    for _attempt in range(CLONE_ATTEMPTS if name is None else 1):
        try:
            return scenario_create(
                region=scenario.region,
                created_by=user,
                change="cloned",
                name=name or _free_name(scenario.region, scenario.name, _copy_name),
                description=scenario.description,
                dataset=scenario_dataset(scenario),
                overrides=scenario.overrides,
                levers=scenario.levers,
                variants=scenario.variants,
            )
        except ScenarioInvalid as invalid:
            if name is not None or not _name_taken(invalid):
                raise
    raise ScenarioInvalid([Problem("name", "many copies are being made at once; give the copy a name")])


def _copy_name(name: str, n: int) -> str:
    """ "NAME (kopia)", "NAME (kopia 2)", …, NAME shortened so that the whole fits a name."""
    suffix = " (kopia)" if n == 1 else f" (kopia {n})"
    return name[: NAME_LENGTH - len(suffix)] + suffix


def _numbered_name(name: str, n: int) -> str:
    """ "NAME", "NAME 2", …, NAME shortened so that the whole fits a name."""
    suffix = "" if n == 1 else f" {n}"
    return name[: NAME_LENGTH - len(suffix)] + suffix


def _free_name(region: Region, name: str, numbered=_numbered_name) -> str:
    """The first of numbered(name, 1), numbered(name, 2), … that no scenario of the region has."""
    stem = name[:150]  # what every candidate starts with: a suffix shortens only longer names
    taken = set(Scenario.objects.filter(region=region, name__startswith=stem).values_list("name", flat=True))
    return next(numbered(name, n) for n in range(1, len(taken) + 2) if numbered(name, n) not in taken)


@transaction.atomic
def scenario_delete(*, scenario: Scenario, user=None) -> None:
    """Hide a scenario from everyone (an administrator can restore it); recorded."""
    Scenario.objects.filter(pk=scenario.pk).update(deleted_at=timezone.now(), deleted_by=_user_or_none(user))
    audit_record(region=scenario.region, user=user, action="scenario.delete", obj=scenario, summary=scenario.name)


@transaction.atomic
def scenario_restore(*, scenario: Scenario, user=None) -> Scenario:
    """Bring a deleted scenario back, renamed when its name was taken meanwhile; recorded."""
    scenario = Scenario.all_objects.select_for_update().get(pk=scenario.pk)
    if scenario.deleted_at is None:
        return scenario
    name = _free_name(scenario.region, scenario.name)
    Scenario.all_objects.filter(pk=scenario.pk).update(deleted_at=None, deleted_by=None, name=name)
    scenario.refresh_from_db()
    audit_record(region=scenario.region, user=user, action="scenario.restore", obj=scenario, summary=scenario.name)
    return scenario


@transaction.atomic
def scenario_preset_save(
    *,
    region: Region,
    dataset: Dataset,
    preset: str,
    name: str,
    description: str = "",
    overrides: dict | None = None,
    levers: list | None = None,
) -> Scenario:
    """Create or refresh a built-in preset; validated as a runnable document before it is stored.
    A preset someone deleted stays deleted (an administrator may restore it), and one a person
    edited, renamed or moved to newer data stays as they left it: `make run` loads the demo on
    every start, and a restart must not undo an analyst's work (it would come back only from the
    history)."""
    values = {
        "name": name,
        "description": description,
        "dataset": dataset,
        "overrides": overrides or {},
        "levers": levers or [],
        "variants": [],
    }
    scenario = Scenario.all_objects.select_for_update().filter(region=region, preset=preset).first()
    if scenario is None:
        scenario = Scenario(region=region, preset=preset)
    elif scenario.deleted_at is not None or scenario.updated_by_id is not None:
        return scenario
    created = scenario._state.adding
    changed = created or any(getattr(scenario, f) != v for f, v in values.items())
    for field, value in values.items():
        setattr(scenario, field, value)
    prepare(scenario_document(scenario))  # raises ScenarioInvalid before anything is written
    if changed:
        if not created:
            scenario.version += 1
        scenario.save()
        _remember(scenario, "created" if created else "edited", None)
    return scenario
