"""The regions side by side (``/national/``, issue 23): per listed patient, each region's cost,
consolidated cost, market shares and balances — every figure from the region's own baseline (its
rules on its data), read from its projection through ``region_overview_list``; nothing recomputed."""

from __future__ import annotations

from typing import Any

from django.shortcuts import render
from django.views.decorators.http import require_GET

from common.access import public_read
from regions.selectors import rulebook_current
from simulation.core.engine import FORMS
from simulation.core.summary import per_listed
from simulation.pages.overviews import RegionOverview, region_overview_list


def _row(overview: RegionOverview) -> dict[str, Any] | None:
    first, last = overview.first_year, overview.last_year
    if first is None or last is None:
        return None
    return {
        "region": overview.region,
        "dataset": overview.dataset,
        "year": first["year"],
        "last_year": last["year"],
        "listed": first["listed"],
        "net_cost": per_listed(first["net_cost"], first["listed"]),
        "consolidated_cost": per_listed(first["consolidated_cost"], first["listed"]),
        "net_cost_last": per_listed(last["net_cost"], last["listed"]),
        "consolidated_cost_last": per_listed(last["consolidated_cost"], last["listed"]),
        "shares": [first["by_form"].get(form, {}).get("market_share", 0.0) for form in FORMS],
        "balance": per_listed(first["region_run_balance"], first["listed"]),
        "balance_last": per_listed(last["region_run_balance"], last["listed"]),
        # Which rules the figures rest on, cited with a link to them (the rules page).
        "rulebook": rulebook_current(overview.region, overview.dataset.base_year if overview.dataset else None),
    }


@public_read
@require_GET
def national_overview(request):
    overviews = region_overview_list()
    rows = [row for o in overviews if (row := _row(o)) is not None]
    missing = [o.region for o in overviews if _row(o) is None]
    return render(request, "simulation/national.html", {"rows": rows, "missing": missing, "forms": FORMS})
