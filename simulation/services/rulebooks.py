"""Publishing a region's rules only when its baseline can still be calculated with them.

``regions.rulebooks`` checks a rulebook on its own (each field, §2); but some refusals only show on
the region's centres — supplements that exceed the fixed pot in a year (R8, §8) need the listed
and their growth. A rulebook that passes the first check and fails the second would be saved and
then break the region's every page (its baseline, /national/). So every save — the rules page,
its upload and the API's PUT — first runs the same ``prepare`` a run would do, on the region's
current dataset with the new rules, and refuses at ``rules.…`` paths.
"""

from __future__ import annotations

import copy
from typing import Any

from healthcentres.models import DATA_YEARS
from healthcentres.selectors import dataset_current, dataset_document
from regions.models import Region, RulebookVersion
from regions.rulebooks import rulebook_check, rulebook_publish, rulebook_restore
from regions.services import version_before
from simulation.core.scenario import Problem, ScenarioInvalid, prepare, validate_rules
from simulation.core.scenario.fields import RULE_KEYS, RULEBOOK_KEYS

#: A save that would publish the very rules in force: refused, a version must change something.
UNCHANGED = "unchanged: nothing to save"
#: A section a stored rulebook lacks, as the validator reads its absence (§2's defaults).
_ABSENT: dict[str, Any] = {"assumptions": {}, "costs": {}, "ledger": {}, "neutrality_compensation": False}


def rules_shown(rules: dict[str, Any]) -> dict[str, Any]:
    """The rules as the API and the downloads give them: exactly the published sections, each one
    present (an absent one as its default, so that a reader sees what the region runs on)."""
    normal = validate_rules(rules)
    shown = {}
    for key in RULEBOOK_KEYS:
        value = rules.get(key)
        shown[key] = copy.deepcopy(value) if value is not None else normal.get(key, _ABSENT.get(key))
    return shown


def rules_complete(rules: Any, prefix: str = "rules") -> None:
    """Refuse rules from outside (a PUT, a file) that leave out a section or add a non-rule: a
    missing ``ledger`` must not silently reset the region's ledger to the defaults."""
    if not isinstance(rules, dict):
        return  # the rules' own check says what they must be
    at = f"{prefix}." if prefix else ""
    # null is no section either (the validator would read it as absent: the defaults).
    problems = [Problem(f"{at}{key}", "required") for key in RULEBOOK_KEYS if rules.get(key) is None]
    problems += [Problem(f"{at}{key}", "unknown key") for key in rules if key not in RULEBOOK_KEYS]
    if problems:
        raise ScenarioInvalid(problems)


def rules_not_lost(region: Region, effective_from: int, rules: dict[str, Any]) -> None:
    """Refuse rules that leave out a section the rules in force have: whatever the way in (the
    page's form, a file, a PUT), a form whose hidden rules lost their ledger must not reset the
    region's ledger to the defaults. A section the region never had may stay out."""
    stored = version_before(region, effective_from) if isinstance(effective_from, int) else None
    had = stored.rules if stored else {}
    lost = [key for key in RULEBOOK_KEYS if rules.get(key) is None and had.get(key) is not None]
    if lost:
        raise ScenarioInvalid([Problem(f"rules.{key}", "required") for key in lost])


def rules_kept(region: Region, effective_from: int, rules: dict[str, Any]) -> dict[str, Any]:
    """``rules`` with the stored rulebook's baseline settings that are not rules (horizon,
    uncertainty) kept, when the rules do not give them."""
    stored = version_before(region, effective_from) if isinstance(effective_from, int) else None
    kept = {k: v for k, v in (stored.rules if stored else {}).items() if k not in RULEBOOK_KEYS}
    return kept | rules


def _start_year(effective_from: Any) -> None:
    """A rulebook starts within the years data may describe (``DATA_YEARS``, the one bound of every
    dataset's base year): rules from before any data could be would never be run, and the API's
    schema and the page then agree. The region's own published years are not the bound — a region
    publishes its rules before its first data, and next year's rules before next year's data."""
    whole = isinstance(effective_from, int) and not isinstance(effective_from, bool)
    if whole and not DATA_YEARS[0] <= effective_from <= DATA_YEARS[1]:
        raise ScenarioInvalid([Problem("effective_from", f"must be within {DATA_YEARS[0]}–{DATA_YEARS[1]}")])


def rules_runnable(region: Region, rules: Any, effective_from: Any, prefix: str = "rules") -> None:
    """Refuse (ScenarioInvalid at ``prefix.…``) rules with which the region's baseline cannot run.

    Without published data there is nothing to run them on: the rules' own check is then all."""
    _start_year(effective_from)
    rulebook_check(rules, effective_from, prefix)
    dataset = dataset_current(region)
    if dataset is None:
        return
    document = {k: v for k, v in dataset_document(dataset).items() if k not in RULE_KEYS}
    document |= {k: v for k, v in rules.items() if k in RULE_KEYS}
    try:
        prepare(document)
    except ScenarioInvalid as invalid:
        raise ScenarioInvalid(
            [
                Problem(f"{prefix}.{p.path}" if prefix and p.path else (p.path or prefix), p.message)
                for p in invalid.problems
            ]
        ) from None


def rulebook_publish_checked(*, region: Region, effective_from: int, rules: Any, **kwargs: Any) -> RulebookVersion:
    """``rulebook_publish`` after the region's baseline has been checked with the rules."""
    if isinstance(rules, dict):
        rules_not_lost(region, effective_from, rules)
        rules = rules_kept(region, effective_from, rules)
    rules_runnable(region, rules, effective_from)
    stored = region.rulebooks.filter(effective_from=effective_from).first()
    if stored is not None and validate_rules(stored.rules) == validate_rules(rules):
        raise ScenarioInvalid([Problem("rules", UNCHANGED)])
    return rulebook_publish(region=region, effective_from=effective_from, rules=rules, **kwargs)


def rulebook_restore_checked(*, region: Region, number: int, user=None) -> RulebookVersion:
    """Undo, refused like any save when the old rules no longer run on the region's current data."""
    old = region.rulebook_versions.filter(number=number).first()
    if old is not None:
        rules_runnable(region, old.rules, old.effective_from)
    return rulebook_restore(region=region, number=number, user=user)
