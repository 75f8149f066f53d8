"""The region's data: its datasets with their status, and a dataset's review page — what publishing
it would change, with Publish, Publish again (undo) and Delete (a draft) for the region's analysts.

Publishing and deleting each ask first on a page of their own (a plain form: no script needed), and
publishing what would move a figure of the region's pages by more than 10 % needs a box ticked
there too."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from common.access import public_read
from common.locale import page_language
from healthcentres.models import Dataset
from healthcentres.review import FIGURES, column_move_words, dataset_review, move_words, repeated_balance_words
from healthcentres.selectors import dataset_current, datasets_visible
from healthcentres.services import dataset_delete, dataset_publish, publish_plan
from regions.access import can_edit_region
from regions.models import AuditEvent
from regions.selectors import region_get
from simulation.core import numbers
from simulation.core.errors import DomainError
from simulation.core.scenario.fields import CENTRE_RECORD, centre_field_label

#: Shares are shown as people write them: 78,0 %, not 0,78.
SHARE_FIELDS = frozenset(f.name for f in CENTRE_RECORD if f.unit == "share 0–1")
ACTIONS = ("publish", "delete")


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
        {
            "id": c.id,
            "name": c.name,
            "changes": [(centre_field_label(f, language), _shown(f, b), _shown(f, a)) for f, b, a in c.changes],
        }
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
            "becomes_current": publish_plan(dataset, list(region.datasets.all()))[1] == Dataset.Status.CURRENT,
        }
        | _warnings(review, language),
    )


def _shown(field: str, value):
    return numbers.percent(value) if field in SHARE_FIELDS and isinstance(value, int | float) else value


def _warnings(review, language: str) -> dict:
    """The review's warnings in words: figures that publishing would move by more than 10 %, the
    column totals behind them, and opening balances that look repeated on each centre of a unit."""
    return {
        "figure_warnings": [move_words(review, m) for m in review.figure_moves],
        "column_warnings": [column_move_words(m, language) for m in review.column_moves],
        "balance_warnings": [repeated_balance_words(r) for r in review.repeated_balances],
    }


def _figure_rows(review) -> list[dict]:
    """The headline figures of the region's rules on both datasets, with their difference."""
    return [
        {
            "label": label,
            "kind": kind,
            "values": [getattr(f, name) for f in review.figures],
            "difference": review.difference(name),
        }
        for name, label, kind in FIGURES
    ]


@require_http_methods(["GET", "POST"])
def dataset_action(request, code: str, pk: int, action: str):
    """Publish (also a previous dataset: undo) or delete (a draft), each after a page that asks
    first (GET); the POST from that page acts. Refusals come back as a message."""
    if action not in ACTIONS:
        raise Http404
    region = region_get(code)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("region-dataset", args=[region.code, pk]))
    dataset = _visible(request, region, pk)
    if not can_edit_region(request.user, region):
        messages.error(request, _("Only analysts of this region and administrators may change its data."))
        return redirect("region-dataset", region.code, dataset.pk)
    refusal = _state_refusal(dataset, action)
    if refusal is not None:
        messages.error(request, refusal)
        return redirect("region-dataset", region.code, dataset.pk)
    if action == "publish":
        review = dataset_review(dataset)
        acknowledged = request.POST.get("acknowledge") == "yes"
        if (
            request.method == "GET"
            or request.POST.get("confirmed") != "yes"
            or (review.needs_confirmation and not acknowledged)
        ):
            missing = request.method == "POST" and request.POST.get("confirmed") == "yes"
            return _confirmation(request, region, dataset, action, review, missing_acknowledgement=missing)
    elif request.method == "GET" or request.POST.get("confirmed") != "yes":
        return _confirmation(request, region, dataset, action)
    try:
        if action == "publish":
            published = dataset_publish(dataset=dataset, user=request.user)
            messages.success(request, _published_words(published))
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


def publish_effect(dataset) -> str:
    """What publishing ``dataset`` would do, in words: which data it becomes and what it replaces."""
    replaced, becomes = publish_plan(dataset, list(dataset.region.datasets.all()))
    named = {"name": dataset.name, "year": dataset.base_year}
    if becomes == Dataset.Status.PUBLISHED:
        text = _(
            "%(name)s becomes the published data for %(year)s: the history shows it. The region's current data "
            "does not change."
        )
    elif dataset.status == Dataset.Status.PUBLISHED:
        text = _("%(name)s becomes the region's current data again: every page and every new scenario uses it.")
    else:
        text = _("%(name)s becomes the region's current data: every page and every new scenario uses it.")
    words = [text % named]
    withdrawn = [d.name for d, status in replaced if status == Dataset.Status.PREVIOUS]
    if withdrawn:
        words.append(_("%(names)s becomes previous and can be published again.") % {"names": ", ".join(withdrawn)})
    kept = [d.name for d, status in replaced if status == Dataset.Status.PUBLISHED]
    if kept:
        words.append(_("%(names)s stays in the history as the data of its year.") % {"names": ", ".join(kept)})
    return " ".join(words)


def _published_words(dataset) -> str:
    named = {"name": dataset.name, "year": dataset.base_year}
    if dataset.status == Dataset.Status.PUBLISHED:
        return (
            _(
                "%(name)s is now the published data for %(year)s: the history shows it, and the region's current "
                "data is unchanged."
            )
            % named
        )
    return _("%(name)s is now the region's current data: every page shows it.") % named


def _state_refusal(dataset, action: str) -> str | None:
    """Why the dataset cannot take this action now (before asking to confirm it), or None."""
    if action == "publish" and dataset.status == Dataset.Status.CURRENT:
        return _("%(name)s is already the region's current data.") % {"name": dataset.name}
    if action == "delete" and dataset.status != Dataset.Status.DRAFT:
        return _("Only a draft can be deleted; published data is kept so that every report can be traced to it.")
    return None


def _confirmation(request, region, dataset, action: str, review=None, missing_acknowledgement: bool = False):
    """The page that asks before publishing or deleting: what it does, the review's warnings, and,
    when publishing would move a figure by more than 10 %, a box to tick."""
    context = {
        "region": region,
        "dataset": dataset,
        "action": action,
        "current": review.current if review is not None else None,
        "effect": publish_effect(dataset) if action == "publish" else "",
        "needs_acknowledgement": review is not None and review.needs_confirmation,
        "missing_acknowledgement": missing_acknowledgement,
    }
    if review is not None:
        context |= _warnings(review, page_language())
    return render(request, "simulation/dataset_confirm.html", context, status=400 if missing_acknowledgement else 200)
