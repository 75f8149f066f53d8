"""The region's scenarios: a list with open, edit in the builder, clone, rename and delete; each
scenario's history (who changed what, when) and the difference of two versions in words; and
"run on the current data" for a scenario saved on older data, or for all of them at once (a preset
always runs on the current data). Every change goes through the
services (validated, versioned, recorded) in one transaction."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from common.access import public_read
from common.query import whole_number
from healthcentres.selectors import dataset_current
from regions.access import can_edit_region
from regions.selectors import region_get
from simulation.core.errors import DomainError
from simulation.core.scenario import ScenarioInvalid
from simulation.models import Scenario, ScenarioVersion
from simulation.presentation.describe import versions_difference
from simulation.services.rebase import scenario_rebase, scenario_rebase_all, scenarios_on_older_data
from simulation.services.scenarios import scenario_clone, scenario_dataset, scenario_delete, scenario_rename
from simulation.services.selectors import scenario_version_documents


@public_read
@require_GET
def region_scenarios(request, code: str):
    region = region_get(code)
    # The region's own scenarios first (newest change first), then the presets (the baseline first).
    saved = region.scenarios.filter(preset="").select_related("dataset", "created_by", "updated_by")
    presets = region.scenarios.exclude(preset="").select_related("dataset", "created_by", "updated_by")
    scenarios = list(saved.order_by("-updated_at")) + sorted(presets, key=lambda s: (s.preset != "baseline", s.name))
    return render(
        request,
        "simulation/scenarios.html",
        {
            "region": region,
            "can_edit": can_edit_region(request.user, region),
            "dataset": dataset_current(region),
            "scenarios": scenarios,
            "older": scenarios_on_older_data(region),
        },
    )


@require_POST
def scenarios_rebase_all(request, code: str):
    """Move every saved scenario on older data to the region's current data (the region's analysts
    only): each a new version; one the current data refuses keeps its data and is named with why."""
    region = region_get(code)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    back = f"/regions/{region.code}/scenarios/"
    if not can_edit_region(request.user, region):
        messages.error(request, _("Only analysts of this region and administrators may change its scenarios."))
        return redirect(back)
    done = scenario_rebase_all(region=region, user=request.user)
    if done.moved:
        messages.success(
            request,
            ngettext(
                "%(count)s scenario now runs on the current data (%(data)s): a new version, the earlier one is in "
                "its history.",
                "%(count)s scenarios now run on the current data (%(data)s): each a new version, the earlier ones "
                "are in their histories.",
                len(done.moved),
            )
            % {"count": len(done.moved), "data": done.moved[0].dataset.name},
        )
    for scenario, problems in done.refused:
        messages.error(
            request,
            _("%(name)s keeps its data: the current data refuses it (%(problems)s).")
            % {"name": scenario.name, "problems": "; ".join(f"{_field_name(p.path)}{p.message}" for p in problems)},
        )
    if not done.moved and not done.refused:
        messages.info(request, _("Every saved scenario already runs on the current data."))
    return redirect(back)


@public_read
@require_GET
def scenario_history(request, code: str, pk: int):
    """The versions of a scenario, newest first; ``?a=V&b=W`` shows what differs between two."""
    region = region_get(code)
    scenario = get_object_or_404(Scenario.objects.select_related("dataset"), pk=pk, region=region)
    versions = list(scenario.versions.select_related("dataset", "changed_by"))
    chosen = _chosen_versions(request, versions)
    difference = versions_difference(chosen, *scenario_version_documents(scenario, chosen)) if chosen else None
    return render(
        request,
        "simulation/scenario_history.html",
        {
            "region": region,
            "can_edit": can_edit_region(request.user, region),
            "dataset": scenario_dataset(scenario),
            "scenario": scenario,
            "versions": versions,
            "chosen": chosen,
            "difference": difference,
        },
    )


def _chosen_versions(request, versions: list[ScenarioVersion]) -> list[ScenarioVersion]:
    """The two versions to compare: ?a=&b=, else the newest against the one before it."""
    by_number = {v.version: v for v in versions}
    wanted = [whole_number(request.GET.get("a")), whole_number(request.GET.get("b"))]
    if all(w is not None and w in by_number for w in wanted) and wanted[0] != wanted[1]:
        return sorted((by_number[w] for w in wanted if w is not None), key=lambda v: v.version)
    return list(reversed(versions[:2])) if len(versions) >= 2 else []


@require_POST
def scenario_action(request, code: str, pk: int, action: str):
    """clone, rename (name), delete, rebase (run on the current data): the region's analysts only."""
    region = region_get(code)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    scenario = get_object_or_404(Scenario.objects.select_related("dataset"), pk=pk, region=region)
    back = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) or not back.startswith("/"):
        back = f"/regions/{region.code}/scenarios/"
    if not can_edit_region(request.user, region):
        messages.error(request, _("Only analysts of this region and administrators may change its scenarios."))
        return redirect(back)
    version = _int(request.POST.get("version"), scenario.version)
    try:
        if action == "clone":
            copy = scenario_clone(
                scenario=scenario, name=request.POST.get("name", "").strip() or None, user=request.user
            )
            messages.success(request, _("Saved a copy: %(name)s.") % {"name": copy.name})
        elif action == "rename":
            renamed = scenario_rename(
                scenario=scenario,
                name=request.POST.get("name", "").strip(),
                expected_version=version,
                user=request.user,
            )
            messages.success(request, _("Renamed to %(name)s.") % {"name": renamed.name})
        elif action == "delete":
            scenario_delete(scenario=scenario, user=request.user)
            messages.success(
                request, _("%(name)s was deleted (an administrator can restore it).") % {"name": scenario.name}
            )
            if f"scenario={scenario.pk}" in back:
                back = f"/regions/{region.code}/scenarios/"
        elif action == "rebase":
            rebased = scenario_rebase(scenario=scenario, expected_version=version, user=request.user)
            messages.success(
                request,
                _("%(name)s now runs on %(data)s (version %(version)s; the earlier version is in its history).")
                % {"name": rebased.name, "data": rebased.dataset.name, "version": rebased.version},
            )
        else:
            raise Http404
    except ScenarioInvalid as invalid:
        messages.error(request, "; ".join(f"{_field_name(p.path)}{p.message}" for p in invalid.problems))
    except DomainError as refused:
        messages.error(request, str(refused))
    return redirect(back)


def _field_name(path: str) -> str:
    names = {"name": _("Name"), "dataset": _("Data")}
    return f"{names[path]}: " if path in names else (f"{path}: " if path else "")


def _int(text: str | None, default: int) -> int:
    number = whole_number(text)
    return default if number is None else number
