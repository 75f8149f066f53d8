"""Another region's model on this region's data (issue 23): a complete, runnable scenario document
of this region's current centres under the other region's rules.

What is "the model" and what stays this region's own — a public-finance analyst's reading of §2:
- taken from the other region: how the money is paid and who bears results — ``compensation``
  (split, supplements, goals, visit pay, fees, VAT) and ``ledger`` and ``neutrality_compensation``;
- kept from this region: its facts and forecasts — ``assumptions`` listed, wage and price growth,
  ``costs`` (what hired staff and GPs cost here), ``horizon`` and ``uncertainty``;
- the budget level is a choice (issue 23 §4): by default this region's own ``budget_per_listed``
  and its growth (``assumptions.compensation_growth``, R3–R4), so that only the model changes;
  ``budget="other"`` takes both from the other region too.
"""

from __future__ import annotations

import copy
from typing import Any

from healthcentres.selectors import dataset_current, dataset_document
from regions.models import Region
from regions.selectors import rulebook_for_year
from simulation.core.errors import DomainError
from simulation.core.scenario import Problem, ScenarioInvalid
from simulation.core.scenario.rule_words import genitive

BUDGETS = ("own", "other")


class NothingToAdopt(DomainError):
    """This region has no published data, or the other region no rules."""

    status = 409


def adopt_document(region: Region, model: Region, budget: str = "own") -> dict[str, Any]:
    """This region's current centres under ``model``'s rules in force in the data's base year."""
    if budget not in BUDGETS:
        raise ScenarioInvalid([Problem("budget", f"must be one of {', '.join(BUDGETS)}")])
    dataset = dataset_current(region)
    if dataset is None:
        raise NothingToAdopt(f"{region.code} has no published data to run another model on")
    own = dataset_document(dataset)
    rulebook = rulebook_for_year(model, dataset.base_year)
    if rulebook is None:
        raise NothingToAdopt(f"{model.code} has no rules yet")
    theirs = copy.deepcopy(rulebook.rules)
    ours, their = genitive(region.name), genitive(model.name)
    compensation = dict(theirs["compensation"])
    assumptions = dict(own.get("assumptions") or {})
    if budget == "own":
        compensation["budget_per_listed"] = own["compensation"]["budget_per_listed"]
        budget_words = f"budgetnivån (budget per listad och dess uppräkning) är {ours} egen"
    else:
        compensation["budget_per_listed"] = theirs["compensation"]["budget_per_listed"]
        growth = (theirs.get("assumptions") or {}).get("compensation_growth")
        if growth is None:
            assumptions.pop("compensation_growth", None)
        else:
            assumptions["compensation_growth"] = growth
        budget_words = f"budgetnivån (budget per listad och dess uppräkning) är {their}"
    description = (
        f"{ours} vårdcentraler och data ({dataset.name}, {dataset.base_year}) med {their} "
        f"ersättningsmodell: ersättning, resultatregler och neutralitet från {their} regler "
        f"i kraft {dataset.base_year}; {budget_words}. Befolknings-, löne- och prisantaganden och "
        f"kostnader är {ours} egna."
    )
    return {
        **own,
        "name": f"{their} modell på {ours} data",
        "description": description,
        "assumptions": assumptions,
        "compensation": compensation,
        "ledger": copy.deepcopy(theirs.get("ledger") or {}),
        "neutrality_compensation": theirs.get("neutrality_compensation", False),
    }
