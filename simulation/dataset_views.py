"""The region's data: its datasets with their status, and a dataset's review page — what publishing
it would change, with Publish, Publish again (undo) and Delete (a draft) for the region's analysts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from common.access import public_read
from common.locale import page_language
from healthcentres.models import Dataset
from healthcentres.selectors import dataset_current, datasets_visible
from healthcentres.services import dataset_delete, dataset_publish
from regions.access import can_edit_region
from regions.models import AuditEvent
from regions.selectors import region_get

from .dataset_review import dataset_review
from .errors import DomainError
from .scenario.fields import centre_field_label


def _visible(request, region, pk: int) -> Dataset:
    """A dataset of this region; a draft only for those who may publish it (404 for others)."""
    dataset = get_object_or_404(Dataset.objects.select_related("uploaded_by", "published_by"), pk=pk, region=region)
    if dataset.status == Dataset.Status.DRAFT and not can_edit_region(request.user, region):
        raise Http404
    return dataset


@public_read
@require_GET
def region_datasets(request, code: str):
    region = region_get(code)
    can_edit = can_edit_region(request.user, region)
    events = AuditEvent.objects.filter(region=region, action__startswith="dataset.").select_related("user")[:20]
    return render(
        request,
        "simulation/datasets.html",
        {
            "region": region,
            "can_edit": can_edit,
            "dataset": dataset_current(region),
            "datasets": datasets_visible(region, can_edit),
            "events": events,
        },
    )


@public_read
@require_GET
def dataset_page(request, code: str, pk: int):
    region = region_get(code)
    dataset = _visible(request, region, pk)
    review = dataset_review(dataset)
    language = page_language()
    changed = [
        {"id": c.id, "name": c.name, "changes": [(centre_field_label(f, language), b, a) for f, b, a in c.changes]}
        for c in review.changes.changed
    ]
    return render(
        request,
        "simulation/dataset.html",
        {
            "region": region,
            "can_edit": can_edit_region(request.user, region),
            "dataset": dataset,
            "review": review,
            "changed": changed,
            "figure_rows": _figure_rows(review),
        },
    )


def _figure_rows(review) -> list[dict]:
    """The headline figures of the region's rules on both datasets, with their difference."""
    names = [
        ("centres", _("Health centres"), "count"),
        ("listed", _("Listed patients"), "count"),
        ("net_cost_first", _("Net cost, base year"), "money"),
        ("net_cost_last", _("Net cost, last year"), "money"),
        ("net_cost_total", _("Net cost over the period"), "money"),
        ("consolidated_cost_total", _("Cost in the consolidated view over the period"), "money"),
        ("loss_coverage_total", _("Loss coverage over the period"), "money"),
    ]
    return [
        {
            "label": label,
            "kind": kind,
            "values": [getattr(f, name) for f in review.figures],
            "difference": review.difference(name),
        }
        for name, label, kind in names
    ]


@require_POST
def dataset_action(request, code: str, pk: int, action: str):
    """Publish (also a previous dataset: undo) or delete (a draft). Refusals come back as a message."""
    region = region_get(code)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("region-dataset", args=[region.code, pk]))
    dataset = _visible(request, region, pk)
    if not can_edit_region(request.user, region):
        messages.error(request, _("Only analysts of this region and administrators may change its data."))
        return redirect("region-dataset", region.code, dataset.pk)
    try:
        if action == "publish":
            dataset_publish(dataset=dataset, user=request.user)
            messages.success(
                request, _("%(name)s is now the region's current data: every page shows it.") % {"name": dataset.name}
            )
            return redirect("region-dataset", region.code, dataset.pk)
        if action == "delete":
            dataset_delete(dataset=dataset, user=request.user)
            messages.success(request, _("The draft %(name)s was deleted.") % {"name": dataset.name})
            return redirect("region-datasets", region.code)
    except DomainError as refused:
        messages.error(request, str(refused))
        if refused.status == 404:  # deleted meanwhile: its page is gone too
            return redirect("region-datasets", region.code)
        return redirect("region-dataset", region.code, dataset.pk)
    raise Http404
