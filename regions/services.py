from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext_noop

from regions.models import AuditEvent, Region, Rulebook, RulebookVersion, summary_words
from simulation.core.errors import DomainError
from simulation.core.scenario import Problem, ScenarioInvalid, validate_rules
from simulation.core.scenario.fields import YEAR_RANGE
from simulation.core.scenario.rule_words import changes_words


def audit_record(*, region: Region, user, action: str, obj, summary: str | None = None, parts=()) -> AuditEvent:
    """Record a change in the caller's transaction: it is kept exactly when the change is.

    ``parts`` ([msgid, values], … with msgids marked by gettext_noop) make a summary that reads in
    the language of whoever opens the log; ``summary`` is then written from them in the site's
    language (for the admin). Without parts, ``summary`` is words no one translates (a name)."""
    parts = [[message, dict(values)] for message, values in parts]
    if parts:
        with translation.override(settings.LANGUAGE_CODE):
            summary = summary_words(parts)
    return AuditEvent.objects.create(
        region=region,
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        object_type=type(obj).__name__.lower(),
        object_id=str(obj.pk),
        summary=(summary or "")[:300],
        parts=parts,
    )


class RulebookStale(DomainError):
    """The rulebook changed since the caller read it: saving would silently undo someone's edit."""

    status = 412
    path = "version"


def _prefixed(invalid: ScenarioInvalid, prefix: str) -> ScenarioInvalid:
    at = f"{prefix}." if prefix else ""  # no prefix: the rules' own paths (a form's fields)
    return ScenarioInvalid([Problem(f"{at}{p.path}" if p.path else prefix, p.message) for p in invalid.problems])


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


@transaction.atomic
def rulebook_save(*, region: Region, effective_from: int, rules: dict) -> Rulebook:
    """Store the region's rules from a year on, refused (ScenarioInvalid) exactly as a document would
    be; a new version by nobody (the demo loader, tests). People publish with ``rulebook_publish``."""
    validate_rules(rules)
    rulebook_publish(region=region, effective_from=effective_from, rules=rules, audit=False)
    return Rulebook.objects.get(region=region, effective_from=effective_from)
