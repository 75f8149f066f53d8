"""Publishing a region's rules only when its baseline can still be calculated with them.

``regions.rulebooks`` checks a rulebook on its own (each field, §2); but some refusals only show on
the region's centres — supplements that exceed the fixed pot in a year (R8, §8) need the listed
and their growth. A rulebook that passes the first check and fails the second would be saved and
then break the region's every page (its baseline, /national/). So every save — the rules page,
its upload and the API's PUT — first runs the same ``prepare`` a run would do, on the region's
current dataset with the new rules, and refuses at ``rules.…`` paths.
"""

from __future__ import annotations

from typing import Any

from healthcentres.selectors import dataset_current, dataset_document
from regions.models import Region, RulebookVersion
from regions.rulebooks import rulebook_check, rulebook_publish, rulebook_restore
from simulation.core.scenario import Problem, ScenarioInvalid, prepare
from simulation.core.scenario.fields import RULE_KEYS


def rules_runnable(region: Region, rules: Any, effective_from: Any, prefix: str = "rules") -> None:
    """Refuse (ScenarioInvalid at ``prefix.…``) rules with which the region's baseline cannot run.

    Without published data there is nothing to run them on: the rules' own check is then all."""
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
    rules_runnable(region, rules, effective_from)
    return rulebook_publish(region=region, effective_from=effective_from, rules=rules, **kwargs)


def rulebook_restore_checked(*, region: Region, number: int, user=None) -> RulebookVersion:
    """Undo, refused like any save when the old rules no longer run on the region's current data."""
    old = region.rulebook_versions.filter(number=number).first()
    if old is not None:
        rules_runnable(region, old.rules, old.effective_from)
    return rulebook_restore(region=region, number=number, user=user)
