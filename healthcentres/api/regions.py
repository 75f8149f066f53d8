"""Regions with their current datasets, for REST clients (read-only)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import errors
from healthcentres.selectors import dataset_summaries, datasets_current
from regions.selectors import region_get, region_list
from simulation.core.engine.inputs import FORMS


class FormSummarySerializer(serializers.Serializer):
    centres = serializers.IntegerField()
    listed = serializers.FloatField()
    market_share = serializers.FloatField()


class DatasetSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    base_year = serializers.IntegerField()
    is_demo = serializers.BooleanField()
    centres = serializers.IntegerField()
    listed = serializers.FloatField()
    by_form = serializers.DictField(child=FormSummarySerializer())


class RegionOutputSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    population = serializers.IntegerField(allow_null=True)
    is_demo = serializers.BooleanField(help_text="Its current dataset is synthetic demo data")
    current_dataset = DatasetSummarySerializer(allow_null=True)
    scenarios_url = serializers.CharField()
    datasets_url = serializers.CharField()


def region_output(region, dataset, summary) -> dict:
    current = None
    if dataset is not None:
        listed = summary["listed"]
        current = {
            "id": dataset.pk,
            "name": dataset.name,
            "base_year": dataset.base_year,
            "is_demo": dataset.is_demo,
            "centres": summary["centres"],
            "listed": listed,
            "by_form": {form: summary["by_form"][form] for form in FORMS},
        }
    return {
        "code": region.code,
        "name": region.name,
        "population": region.population,
        "is_demo": dataset is not None and dataset.is_demo,
        "current_dataset": current,
        "scenarios_url": f"/api/v1/regions/{region.code}/scenarios/",
        "datasets_url": f"/api/v1/regions/{region.code}/datasets/",
    }


def regions_output(regions) -> list[dict]:
    current = datasets_current(regions)
    summaries = dataset_summaries(list(current.values()))
    return [
        region_output(r, current.get(r.pk), summaries.get(current[r.pk].pk) if r.pk in current else None)
        for r in regions
    ]


class RegionListApi(APIView):
    """The regions, each with a summary of its current dataset."""

    public_read = True

    @extend_schema(responses={200: RegionOutputSerializer(many=True), **errors(401)}, tags=["regions"])
    def get(self, request):
        return Response(regions_output(list(region_list())))


class RegionDetailApi(APIView):
    public_read = True

    @extend_schema(responses={200: RegionOutputSerializer, **errors(401, 404)}, tags=["regions"])
    def get(self, request, code: str):
        return Response(regions_output([region_get(code)])[0])
