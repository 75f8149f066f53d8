"""Versioned rulebooks: publishing a region's rules (a new version, with who and when), undoing by
publishing an older version again, and the history with each version's difference in words.

A rulebook is the region's rules from ``effective_from`` on (dated values inside may change them by
year, §1); a projection runs on the rulebook in force in its base year (``rulebook_for_year``).
Every save is a new ``RulebookVersion``; the ``Rulebook`` row of that year holds the newest one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from regions.models import Region, RulebookVersion
from regions.selectors import rulebook_current
from regions.services import RulebookStale, rulebook_check, rulebook_publish, version_before
from simulation.core.errors import DomainError
from simulation.core.scenario import validate_rules
from simulation.core.scenario.rule_words import changes_words

__all__ = ["RulebookStale", "VersionNotFound", "rulebook_check", "rulebook_publish", "rulebook_restore"]


class VersionNotFound(DomainError):
    status = 404
    path = "version"


def rulebook_restore(*, region: Region, number: int, user=None) -> RulebookVersion:
    """Undo: publish version ``number``'s rules again, from its year, as a new version."""
    old = region.rulebook_versions.filter(number=number).first()
    if old is None:
        raise VersionNotFound(f"{region.code} has no rulebook version {number}")
    return rulebook_publish(
        region=region, effective_from=old.effective_from, rules=old.rules, user=user, restored_from=number
    )


@dataclass(frozen=True)
class VersionEntry:
    number: int
    effective_from: int
    by: str
    at: Any
    restored_from: int | None
    changes: str
    current: bool  # the newest version of its year's rulebook (restoring it would change nothing)
    in_force_now: bool = False  # the version the region's baseline runs on today


def rulebook_versions(region: Region, language: str = "sv", base_year: int | None = None) -> list[VersionEntry]:
    """The region's versions, newest first, each with its difference from the one before in words.
    ``base_year``: the current data's year, whose rulebook is the one in force now."""
    versions = list(region.rulebook_versions.select_related("created_by").order_by("-number"))
    in_force = dict(region.rulebooks.values_list("effective_from", "version"))
    now = rulebook_current(region, base_year)
    entries = []
    for version in versions:
        earlier = next(
            (v for v in versions if v.effective_from == version.effective_from and v.number < version.number), None
        )
        if earlier is None:
            earlier = version_before(region, version.effective_from, version.number)
        if earlier is None and version.number == 1:
            changes = "första versionen" if language == "sv" else "first version"
        elif earlier is None:
            year = version.effective_from
            changes = f"första versionen av regelboken från {year}" if language == "sv" else f"first rules from {year}"
        else:
            changes = changes_words(
                validate_rules(earlier.rules),
                validate_rules(version.rules),
                language,
                first_year=version.effective_from,
            )
        entries.append(
            VersionEntry(
                number=version.number,
                effective_from=version.effective_from,
                by=version.created_by.get_username() if version.created_by else "",
                at=version.created_at,
                restored_from=version.restored_from,
                changes=changes,
                current=in_force.get(version.effective_from) == version.number,
                in_force_now=now is not None and now.version == version.number,
            )
        )
    return entries
