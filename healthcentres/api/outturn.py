"""Outturn (*utfall*) through the API: GET/POST /api/v1/regions/{code}/outturn/ (the versions; an
analyst uploads a file of booked results) and POST /api/v1/outturn/{id}/publish (undo: a previous
version of a year made current again)."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiRequest, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import ClosedSerializer, PayloadTooLarge, errors
from healthcentres.api.datasets import XLSX
from healthcentres.models import Outturn
from healthcentres.outturns import outturn_import, outturn_publish
from healthcentres.selectors import outturns_visible
from healthcentres.uploads.limits import body_too_large, limit_upload
from healthcentres.uploads.reading import refuse
from regions.access import can_edit_region
from regions.selectors import region_get


class OutturnUploadSerializer(ClosedSerializer):
    file = serializers.FileField(
        help_text="CSV (comma or semicolon, UTF-8) or .xlsx (first sheet) with the columns year;unit;result;"
        "balance_close (money in SEK), at most 10 MB"
    )


class OutturnOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    status = serializers.ChoiceField(
        Outturn.Status.values,
        help_text="current: the year's booked results the history shows; previous: replaced by a later upload, "
        "can be made current again",
    )
    units = serializers.IntegerField(help_text="Result units with a booked result")
    result = serializers.FloatField(help_text="SEK: the units' booked results summed")
    source_filename = serializers.CharField()
    checksum = serializers.CharField()
    uploaded_at = serializers.DateTimeField()
    uploaded_by = serializers.CharField(allow_null=True)
    is_demo = serializers.BooleanField()


def outturn_output(outturn: Outturn) -> dict:
    if hasattr(outturn, "unit_count"):  # outturns_visible counted them in its query
        units, result = outturn.unit_count, outturn.result_total or 0.0
    else:
        rows = list(outturn.rows.values_list("result_sek", flat=True))
        units, result = len(rows), sum(rows)
    return {
        "id": outturn.pk,
        "year": outturn.year,
        "status": outturn.status,
        "units": units,
        "result": float(result),
        "source_filename": outturn.source_filename,
        "checksum": outturn.checksum,
        "uploaded_at": outturn.uploaded_at,
        "uploaded_by": outturn.uploaded_by.username if outturn.uploaded_by else None,
        "is_demo": outturn.is_demo,
    }


def _too_large(limit: int) -> PayloadTooLarge:
    return PayloadTooLarge(f"The file is larger than {limit // (1024 * 1024)} MB; nothing was stored.")


class OutturnListCreateApi(APIView):
    """The region's outturn, every version (latest year and upload first). Analysts of the region
    upload booked results per result unit and year: each year of the file becomes that year's
    current outturn (the version it replaces stays, as previous). A file is refused whole, with
    every problem by row, column and cell: text in a number, a year the history does not have, a
    unit that year's data does not know."""

    parser_classes = [MultiPartParser]
    public_read = True

    def initial(self, request, *args, **kwargs):
        """The upload's size is bounded before anything reads its body (see DatasetListCreateApi)."""
        if request.method == "POST":
            limit = settings.VARDPENG_MAX_UPLOAD_BYTES
            if body_too_large(request, limit):
                raise _too_large(limit)
            request._upload_limit = limit_upload(request, limit)
        super().initial(request, *args, **kwargs)

    @extend_schema(responses={200: OutturnOutputSerializer(many=True), **errors(401, 404)}, tags=["outturn"])
    def get(self, request, code: str):
        region = region_get(code)
        return Response([outturn_output(o) for o in outturns_visible(region)])

    @extend_schema(
        request={
            "multipart/form-data": OpenApiRequest(
                OutturnUploadSerializer, encoding={"file": {"contentType": f"text/csv, {XLSX}"}}
            )
        },
        responses={
            201: OutturnOutputSerializer(many=True),
            **errors(400, 401, 403, 404, 413, 415, upload=True),
        },
        tags=["outturn"],
    )
    def post(self, request, code: str):
        region = region_get(code)
        if not can_edit_region(request.user, region):
            raise exceptions.PermissionDenied(f"Only analysts of {region.code} and admins may upload outturn.")
        limit = settings.VARDPENG_MAX_UPLOAD_BYTES
        upload = request.FILES.get("file")
        if request._upload_limit.exceeded or (upload is not None and upload.size > limit):
            raise _too_large(limit)
        if upload is None:
            raise refuse("Send the file as the multipart field 'file'.")
        unknown = sorted(set(request.data) - {"file"})
        if unknown:
            raise refuse(f"Unknown fields: {', '.join(unknown)[:200]} (send only 'file').")
        stored = outturn_import(region=region, filename=upload.name, data=upload.read(), uploaded_by=request.user)
        return Response([outturn_output(o) for o in stored], status=status.HTTP_201_CREATED)


class OutturnPublishApi(APIView):
    """Make a previous version of a year's outturn current again (undo a later upload of that year)."""

    @extend_schema(
        request=None,
        responses={200: OutturnOutputSerializer, **errors(401, 403, 404, 409)},
        tags=["outturn"],
    )
    def post(self, request, pk: int):
        outturn = get_object_or_404(Outturn.objects.select_related("region"), pk=pk)
        if not can_edit_region(request.user, outturn.region):
            raise exceptions.PermissionDenied(f"Only analysts of {outturn.region.code} and admins may change it.")
        return Response(outturn_output(outturn_publish(outturn=outturn, user=request.user)))
