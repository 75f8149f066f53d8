"""Saved scenarios: create, edit, rename, copy, delete and restore them, each write checked as a
runnable document first and kept in the scenario's history. Running them is
``simulation.services.projections``; moving them to newer data, ``simulation.services.rebase``."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from healthcentres.models import Dataset
from healthcentres.selectors import dataset_current
from regions.models import Region
from regions.services import audit_record
from simulation.core.errors import DomainError
from simulation.core.scenario import RULE_KEYS, Problem, ScenarioInvalid, prepare
from simulation.models import Scenario, ScenarioVersion

# Where callers have long found them: the bounds and the runs are their own modules now.
from simulation.services.bounds import (  # noqa: F401
    Bound,
    TooMuchWork,
    job_bound,
    refuse_too_large,
    refuse_too_much_work,
    sync_bound,
    sync_instead,
)
from simulation.services.projections import (  # noqa: F401
    ScenarioRun,
    document_run,
    projection_key,
    scenario_dataset,
    scenario_document,
    scenario_explain,
    scenario_run,
)


class StaleWrite(DomainError):
    """The scenario changed since the client read it (optimistic concurrency)."""

    status = 412
    path = "version"


class PreconditionRequired(DomainError):
    """A write without If-Match or version: refused so that no edit is silently lost."""

    status = 428
    path = "version"


SCENARIO_FIELDS = ("name", "description", "dataset", "overrides", "levers", "variants")


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
