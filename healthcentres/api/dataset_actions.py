"""A dataset's review and life cycle: GET /api/v1/datasets/{id} (what publishing it would change),
POST /api/v1/datasets/{id}/publish, DELETE /api/v1/datasets/{id} (a draft)."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import ClosedSerializer, errors
from common.locale import page_language
from healthcentres.api.datasets import DatasetOutputSerializer, dataset_output
from healthcentres.models import Dataset
from healthcentres.review import (
    BaselineFigures,
    DatasetReview,
    column_move_words,
    dataset_review,
    move_words,
    repeated_balance_words,
)
from healthcentres.selectors import dataset_centre_records, dataset_summary
from healthcentres.services import dataset_delete, dataset_publish
from healthcentres.uploads.template import template_csv
from regions.access import can_edit_region
from simulation.core.errors import DomainError


class CentreRecordSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    operating_form = serializers.CharField()
    listed = serializers.FloatField()


class CentreChangeSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    changes = serializers.ListField(
        child=serializers.DictField(), help_text="[{field, before, after}] for every field of the record that differs"
    )


class BaselineSerializer(serializers.Serializer):
    dataset = serializers.IntegerField()
    centres = serializers.IntegerField()
    listed = serializers.FloatField()
    first_year = serializers.IntegerField(allow_null=True)
    last_year = serializers.IntegerField(allow_null=True)
    net_cost_first = serializers.FloatField(allow_null=True, help_text="SEK, the base year")
    net_cost_last = serializers.FloatField(allow_null=True, help_text="SEK, the last projected year")
    net_cost_total = serializers.FloatField(allow_null=True, help_text="SEK over the horizon (R21)")
    consolidated_cost_total = serializers.FloatField(allow_null=True, help_text="SEK over the horizon (R26)")
    loss_coverage_total = serializers.FloatField(allow_null=True, help_text="SEK over the horizon")
    problems = serializers.ListField(child=serializers.CharField(), help_text="Why the rules cannot run on it")


class ReviewWarningSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        ["figure", "column", "repeated_balance"],
        help_text="figure: a figure of the region's pages would move by more than 10 %; column: a column's "
        "total moves by more than 10 % (the likely cause); repeated_balance: a pooled unit whose centres all "
        "carry the same non-zero opening balance (likely the unit's balance repeated on each row)",
    )
    field = serializers.CharField(help_text="The figure (as in baseline), the column, or the result unit")
    before = serializers.FloatField(allow_null=True, help_text="In the current data (SEK, or a count)")
    after = serializers.FloatField(help_text="In this dataset (SEK, or a count)")
    change = serializers.FloatField(allow_null=True, help_text="Relative change (−0.54 = −54 %); null from zero")
    message = serializers.CharField()


class DatasetReviewSerializer(DatasetOutputSerializer):
    compared_with = serializers.IntegerField(allow_null=True, help_text="The region's current dataset, if another")
    added = CentreRecordSerializer(many=True)
    removed = CentreRecordSerializer(many=True)
    changed = CentreChangeSerializer(many=True)
    baseline = BaselineSerializer(many=True, help_text="The region's rules on this dataset, then on the current one")
    warnings = ReviewWarningSerializer(many=True, help_text="What to look at before publishing")
    needs_confirmation = serializers.BooleanField(
        help_text='Publishing would move a figure by more than 10 %: POST …/publish needs {"confirm": true}'
    )


class DatasetPublishSerializer(ClosedSerializer):
    confirm = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Publish although it moves a figure of the region's pages by more than 10 % (the review's "
        "needs_confirmation); not needed otherwise",
    )


class PublishNeedsConfirmation(DomainError):
    """Publishing would move a published figure by more than 10 %, and the request did not confirm it."""

    path = "confirm"

    def __init__(self, review: DatasetReview) -> None:
        moves = " ".join(move_words(review, m) for m in review.figure_moves)
        super().__init__(
            f"Publishing {review.dataset.name} would move figures of the region's pages by more than 10 %: {moves} "
            'Look at GET /api/v1/datasets/{id} (warnings), then send {"confirm": true} to publish anyway.'
        )


def visible_dataset(request, pk: int) -> Dataset:
    """A draft exists only for those who may publish it (404 for anyone else)."""
    dataset = get_object_or_404(Dataset.objects.select_related("region", "uploaded_by", "published_by"), pk=pk)
    if dataset.status == Dataset.Status.DRAFT and not can_edit_region(request.user, dataset.region):
        raise exceptions.NotFound(_("No such dataset."))
    return dataset


def editable_dataset(request, pk: int) -> Dataset:
    dataset = visible_dataset(request, pk)
    if not can_edit_region(request.user, dataset.region):
        raise exceptions.PermissionDenied(
            _("Only analysts of %(region)s and admins may change its datasets.") % {"region": dataset.region.code}
        )
    return dataset


def _record(record: dict) -> dict:
    return {key: record[key] for key in ("id", "name", "operating_form", "listed")}


def _baseline(figures: BaselineFigures) -> dict:
    names = (
        "centres",
        "listed",
        "first_year",
        "last_year",
        "net_cost_first",
        "net_cost_last",
        "net_cost_total",
        "consolidated_cost_total",
        "loss_coverage_total",
    )
    return {"dataset": figures.dataset.pk} | {n: getattr(figures, n) for n in names} | {"problems": figures.problems}


def _changes(changes) -> list[dict]:
    return [{"field": field, "before": before, "after": after} for field, before, after in changes]


def review_warnings(review: DatasetReview) -> list[dict]:
    """The review's warnings for REST clients: the moved figures, the column totals behind them,
    and repeated opening balances."""
    language = page_language()
    found = [
        {
            "kind": "figure",
            "field": m.name,
            "before": m.before,
            "after": m.after,
            "change": m.change,
            "message": move_words(review, m),
        }
        for m in review.figure_moves
    ]
    found += [
        {
            "kind": "column",
            "field": m.name,
            "before": m.before,
            "after": m.after,
            "change": m.change,
            "message": column_move_words(m, language),
        }
        for m in review.column_moves
    ]
    found += [
        {
            "kind": "repeated_balance",
            "field": r.unit,
            "before": None,
            "after": r.balance,
            "change": None,
            "message": repeated_balance_words(r),
        }
        for r in review.repeated_balances
    ]
    return found


def _output(dataset: Dataset) -> dict:
    counts = dataset_summary(dataset)
    return dataset_output(dataset, counts["centres"], counts["listed"])


class DatasetDetailApi(APIView):
    """A dataset and what publishing it would change: its centres against the region's current
    dataset (added, removed, changed) and the region's rules run on both."""

    public_read = True

    @extend_schema(responses={200: DatasetReviewSerializer, **errors(401, 404)}, tags=["datasets"])
    def get(self, request, pk: int):
        review = dataset_review(visible_dataset(request, pk))
        changes = review.changes
        body = _output(review.dataset) | {
            "compared_with": review.current.pk if review.current else None,
            "added": [_record(r) for r in changes.added],
            "removed": [_record(r) for r in changes.removed],
            "changed": [{"id": c.id, "name": c.name, "changes": _changes(c.changes)} for c in changes.changed],
            "baseline": [_baseline(f) for f in review.figures],
            "warnings": review_warnings(review),
            "needs_confirmation": review.needs_confirmation,
        }
        return Response(body)

    @extend_schema(responses={204: None, **errors(401, 403, 404, 409)}, tags=["datasets"])
    def delete(self, request, pk: int):
        """Delete a draft (a published dataset is kept: 409)."""
        dataset_delete(dataset=editable_dataset(request, pk), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DatasetPublishApi(APIView):
    """Make a draft — or a previous dataset again (undo) — the region's current dataset. When that
    would move a figure of the region's pages by more than 10 % (the review's ``needs_confirmation``),
    the request must say so with ``{"confirm": true}``; otherwise it is refused (400 at ``confirm``)
    and nothing changes. Without such warnings no body is needed."""

    @extend_schema(
        request=DatasetPublishSerializer,
        responses={
            200: OpenApiResponse(DatasetOutputSerializer, description="Now the region's current dataset"),
            **errors(400, 401, 403, 404, 409),
        },
        tags=["datasets"],
    )
    def post(self, request, pk: int):
        dataset = editable_dataset(request, pk)
        form = DatasetPublishSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        if not form.validated_data["confirm"] and dataset.status != Dataset.Status.CURRENT:
            # Inside a transaction, so that the refusal leaves nothing behind, not even the cached
            # projections the review ran to find the moves.
            with transaction.atomic():
                review = dataset_review(dataset)
                if review.needs_confirmation:
                    raise PublishNeedsConfirmation(review)
        dataset = dataset_publish(dataset=dataset, user=request.user)
        return Response(_output(dataset))


class DatasetCentresCsvApi(APIView):
    """A dataset's centres in the upload template's format (semicolons, decimal commas): edit them in
    a spreadsheet and upload them again as a new draft."""

    public_read = True

    @extend_schema(
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR), **errors(401, 404)}, tags=["datasets"]
    )
    def get(self, request, pk: int):
        dataset = visible_dataset(request, pk)
        response = HttpResponse(template_csv(dataset_centre_records(dataset)), content_type="text/csv; charset=utf-8")
        filename = f"vardpeng-{dataset.region.code}-{dataset.base_year}-{dataset.pk}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
