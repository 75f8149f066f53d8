"""What the region pages share: the frame around their content and the scenario the address chose."""

from __future__ import annotations

from typing import Any

from common.query import whole_number
from regions.access import can_edit_region
from simulation.models import Scenario
from simulation.services.selectors import scenario_baseline


def region_context(request, region, current) -> dict[str, Any]:
    """What every region page shows around its content; ``current`` is the region's current dataset."""
    return {"region": region, "can_edit": can_edit_region(request.user, region), "current_dataset": current}


def chosen_scenario(request, region, dataset) -> Scenario:
    """The scenario of ?scenario=ID when the region has it, else the region's baseline."""
    chosen = whole_number(request.GET.get("scenario"))
    if chosen is not None:
        found = region.scenarios.filter(pk=chosen).select_related("dataset").first()
        if found is not None:
            return found
    return scenario_baseline(region, dataset)


def int_choice(text: str | None, default: int, allowed) -> int:
    """``text`` as a number when it is one of ``allowed``, else ``default`` (a hand-edited address)."""
    number = whole_number(text)
    return number if number is not None and number in allowed else default
