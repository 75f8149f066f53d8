"""Versioned rulebooks: publishing a region's rules (a new version, with who and when), undoing by
publishing an older version again, and the history with each version's difference in words.

A rulebook is the region's rules from ``effective_from`` on (dated values inside may change them by
year, §1); a projection runs on the rulebook in force in its base year (``rulebook_for_year``).
Every save is a new ``RulebookVersion``; the ``Rulebook`` row of that year holds the newest one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_noop

from regions.models import Region, Rulebook, RulebookVersion
from regions.services import audit_record
from simulation.core.errors import DomainError
from simulation.core.scenario import Problem, ScenarioInvalid, validate_rules
from simulation.core.scenario.fields import YEAR_RANGE
from simulation.core.scenario.rule_words import changes_words


class RulebookStale(DomainError):
    """The rulebook changed since the caller read it: saving would silently undo someone's edit."""

    status = 412
    path = "version"


class VersionNotFound(DomainError):
    status = 404
    path = "version"


def _prefixed(invalid: ScenarioInvalid, prefix: str) -> ScenarioInvalid:
    return ScenarioInvalid([Problem(f"{prefix}.{p.path}" if p.path else prefix, p.message) for p in invalid.problems])


def rulebook_check(rules: Any, effective_from: Any, prefix: str = "rules") -> dict:
    """The rules normalised, or ScenarioInvalid with every problem at ``rules.…`` and ``effective_from``."""
    problems = []
    if isinstance(effective_from, bool) or not isinstance(effective_from, int):
        problems.append(Problem("effective_from", "must be a whole year such as 2026"))
    elif not YEAR_RANGE[0] <= effective_from <= YEAR_RANGE[1]:
        problems.append(Problem("effective_from", f"must be within {YEAR_RANGE[0]}–{YEAR_RANGE[1]}"))
    try:
        normal = validate_rules(rules)
    except ScenarioInvalid as invalid:
        problems += _prefixed(invalid, prefix).problems
        normal = {}
    if problems:
        raise ScenarioInvalid(problems)
    return normal


@transaction.atomic
def rulebook_publish(
    *,
    region: Region,
    effective_from: int,
    rules: dict,
    user=None,
    expected_version: int | None = None,
    restored_from: int | None = None,
    audit: bool = True,
) -> RulebookVersion:
    """Publish ``rules`` as the region's rulebook from ``effective_from``: a new version, the
    rulebook of that year replaced, an audit event — all or nothing (validated before any write).
    ``expected_version``: the version of that year's rulebook the caller read (412 when stale).
    ``audit``: False only for the demo loader's own rules (no person changed anything)."""
    rulebook_check(rules, effective_from)
    Region.objects.select_for_update().filter(pk=region.pk).first()  # one publisher at a time
    current = Rulebook.objects.filter(region=region, effective_from=effective_from).first()
    if expected_version is not None and current is not None and current.version != expected_version:
        raise RulebookStale(
            f"the rulebook from {effective_from} is at version {current.version} now, not {expected_version}: "
            "read it again and repeat your change"
        )
    previous = version_before(region, effective_from)
    number = (region.rulebook_versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = RulebookVersion.objects.create(
        region=region,
        number=number,
        effective_from=effective_from,
        rules=rules,
        created_by=user if user is not None and user.is_authenticated else None,
        restored_from=restored_from,
    )
    Rulebook.objects.update_or_create(
        region=region, effective_from=effective_from, defaults={"rules": rules, "version": number}
    )
    if audit:
        _audit(region, user, version, previous)
    return version


def _audit(region: Region, user, version: RulebookVersion, previous) -> None:
    year, number, restored_from = version.effective_from, version.number, version.restored_from
    changes = changes_words(validate_rules(previous.rules), validate_rules(version.rules)) if previous else None
    parts: list = [
        [gettext_noop("Rules from %(year)s published as version %(number)s"), {"year": year, "number": number}]
    ]
    if restored_from is not None:
        parts.append([gettext_noop(" (version %(old)s restored)"), {"old": restored_from}])
    if changes:
        parts.append([gettext_noop(": %(changes)s"), {"changes": changes[:200]}])
    audit_record(region=region, user=user, action="rulebook.publish", obj=version, parts=parts)


def rulebook_restore(*, region: Region, number: int, user=None) -> RulebookVersion:
    """Undo: publish version ``number``'s rules again, from its year, as a new version."""
    old = region.rulebook_versions.filter(number=number).first()
    if old is None:
        raise VersionNotFound(f"{region.code} has no rulebook version {number}")
    return rulebook_publish(
        region=region, effective_from=old.effective_from, rules=old.rules, user=user, restored_from=number
    )


def version_before(region: Region, effective_from: int, number: int | None = None) -> Rulebook | RulebookVersion | None:
    """What a new version of the rulebook from ``effective_from`` is compared with: the newest
    earlier version of the same year, else the rulebook in force before that year."""
    versions = region.rulebook_versions.filter(effective_from=effective_from)
    if number is not None:
        versions = versions.filter(number__lt=number)
    same_year = versions.order_by("-number").first()
    if same_year is not None:
        return same_year
    if number is None:
        stored = Rulebook.objects.filter(region=region, effective_from=effective_from).first()
        if stored is not None:
            return stored
    return region.rulebooks.filter(effective_from__lt=effective_from).order_by("-effective_from").first()


@dataclass(frozen=True)
class VersionEntry:
    number: int
    effective_from: int
    by: str
    at: Any
    restored_from: int | None
    changes: str
    current: bool


def rulebook_versions(region: Region, language: str = "sv") -> list[VersionEntry]:
    """The region's versions, newest first, each with its difference from the one before in words."""
    versions = list(region.rulebook_versions.select_related("created_by").order_by("-number"))
    in_force = dict(region.rulebooks.values_list("effective_from", "version"))
    entries = []
    for version in versions:
        earlier = next(
            (v for v in versions if v.effective_from == version.effective_from and v.number < version.number), None
        )
        if earlier is None:
            earlier = version_before(region, version.effective_from, version.number)
        if earlier is None:
            changes = "första versionen" if language == "sv" else "first version"
        else:
            changes = changes_words(validate_rules(earlier.rules), validate_rules(version.rules), language)
        entries.append(
            VersionEntry(
                number=version.number,
                effective_from=version.effective_from,
                by=version.created_by.get_username() if version.created_by else "",
                at=version.created_at,
                restored_from=version.restored_from,
                changes=changes,
                current=in_force.get(version.effective_from) == version.number,
            )
        )
    return entries
