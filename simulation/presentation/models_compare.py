"""Runs of whole documents beside the region's scenarios, for the comparison's usual answer: other
regions' models on this region's data (``/compare/?models=U,Z``, issue 23) and a rules change
previewed against the rules in force (the rules page). They read projections through the core,
like the comparison itself; they compute no money.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from healthcentres.models import Dataset
from regions.models import Region
from simulation.core.numbers import current_language
from simulation.core.projection import scenario_project
from simulation.core.projection_summary import summarise
from simulation.core.scenario import ScenarioInvalid, prepare, validate_rules
from simulation.core.scenario.fields import RULE_KEYS
from simulation.core.scenario.rule_words import genitive, rule_changes
from simulation.models import Scenario
from simulation.presentation.comparison import Compared, Comparison
from simulation.services.adopt import BUDGETS, adopt_document
from simulation.services.bounds import refuse_too_large, sync_bound

#: At most this many other models beside the region's scenarios (each is a whole projection).
MAX_MODELS = 3


def document_compared(label: str, document: dict[str, Any], region: Region, dataset: Dataset) -> Compared:
    """A document's baseline run as one column of a comparison (an unsaved scenario names it)."""
    prepared = prepare(document)
    refuse_too_large(prepared, sync_bound())
    # In the shape of the saved scenarios' columns (the stored summary's), which the comparison reads.
    summarised = summarise(scenario_project(prepared), prepared.document)
    run = summarised["runs"][0]
    stub = Scenario(region=region, dataset=dataset, name=label, description=document.get("description", ""))
    return Compared(label, stub, run, summarised["document"], run["scenario_hash"])


def rules_preview(region: Region, dataset: Dataset, current: dict, proposed: dict) -> Comparison:
    """The region's baseline under its rules in force and under the proposed rules (on its current
    data): the comparison the rules page shows before anything is saved."""
    from healthcentres.selectors import dataset_document

    plain = dataset_document(dataset)
    today_label, changed_label = _("Today's rules"), _("With the change")
    today = {**plain, **{k: v for k, v in current.items() if k in RULE_KEYS}, "name": today_label}
    changed = {k: v for k, v in plain.items() if k not in RULE_KEYS}
    changed |= {k: v for k, v in proposed.items() if k in RULE_KEYS} | {"name": changed_label}
    compared = [
        document_compared(today_label, today, region, dataset),
        document_compared(changed_label, changed, region, dataset),
    ]
    return Comparison(compared, [r["year"] for r in compared[0].run["region"]])


@dataclass(frozen=True)
class ModelsChoice:
    """Which other regions' models the comparison adds, and whose budget level they run with."""

    codes: list[str]
    budget: str
    offered: list[Region]
    ignored: tuple[str, ...] = ()  # what the address asked for that is not offered, as written


def models_choice(query: Any, region: Region) -> ModelsChoice:
    """``?models=U,Z`` (or repeated ``models``) and ``budget=own|other`` from the address."""
    offered = list(Region.objects.exclude(pk=region.pk).filter(rulebooks__isnull=False).distinct().order_by("name"))
    known = {r.code for r in offered}
    asked = [c.strip().upper() for raw in query.getlist("models") for c in raw.split(",") if c.strip()]
    wanted = list(dict.fromkeys(asked))
    codes = [c for c in wanted if c in known][:MAX_MODELS]
    # Said back to the reader rather than dropped in silence: a mistyped code shows no column.
    ignored = [f"models={c[:10]}" for c in wanted if c not in codes]
    budget = query.get("budget") if query.get("budget") in BUDGETS else "own"
    if query.get("budget") not in (None, "", *BUDGETS):
        ignored.append(f"budget={query.get('budget')[:20]}")
    return ModelsChoice(codes, budget, offered, tuple(ignored))


def models_query(choice: ModelsChoice) -> list[tuple[str, str]]:
    """The choice as address parameters, so that print and export links show the same columns."""
    return [("models", ",".join(choice.codes)), ("budget", choice.budget)] if choice.codes else []


def with_models(compared: Comparison, region: Region, dataset: Dataset, choice: ModelsChoice) -> Comparison:
    """The comparison with a column per chosen model: this region's data under that region's rules."""
    if not choice.codes:
        return compared
    added = []
    for model in Region.objects.filter(code__in=choice.codes).order_by("name"):
        document = adopt_document(region, model, choice.budget)
        label = _("%(owner)s model") % {"owner": genitive(model.name, current_language())}
        added.append(document_compared(label, document | {"name": label}, region, dataset))
    return Comparison([*compared.scenarios, *added], compared.years)


def model_differences(compared: Comparison, language: str = "sv") -> list[dict[str, Any]]:
    """For each added model: the parameters in which its rules differ from the reference's, in words."""
    reference = _rules_of(compared.reference.document)
    found = []
    for other in compared.others:
        if other.scenario.pk is not None:
            continue  # a saved scenario: the comparison's own differences say what it changes
        changes = rule_changes(reference, _rules_of(other.document))
        found.append({"label": other.label, "changes": [c.words(language) for c in changes]})
    return found


def _rules_of(document: dict[str, Any]) -> dict[str, Any]:
    try:
        return validate_rules({k: v for k, v in document.items() if k in RULE_KEYS and v is not None})
    except ScenarioInvalid:
        return {}
