import datetime

from django.conf import settings
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiRequest, OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import ClosedSerializer, PayloadTooLarge, errors
from healthcentres.models import DATA_YEARS, Dataset
from healthcentres.selectors import dataset_summary, datasets_visible
from healthcentres.services import dataset_import
from healthcentres.uploads.limits import body_too_large, limit_upload
from healthcentres.uploads.reading import refuse
from healthcentres.uploads.template import template_csv, template_xlsx
from regions.access import can_edit_region
from regions.selectors import region_get

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class DatasetUploadSerializer(ClosedSerializer):
    file = serializers.FileField(help_text="CSV (comma or semicolon, UTF-8) or .xlsx (first sheet), at most 10 MB")
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    base_year = serializers.IntegerField(
        required=False,
        min_value=DATA_YEARS[0],
        max_value=DATA_YEARS[1],
        help_text="The year the data describes; default last year",
    )


class DatasetOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    base_year = serializers.IntegerField()
    centres = serializers.IntegerField()
    listed = serializers.FloatField()
    source_filename = serializers.CharField()
    checksum = serializers.CharField()
    uploaded_at = serializers.DateTimeField()
    uploaded_by = serializers.CharField(allow_null=True)
    is_demo = serializers.BooleanField()
    status = serializers.ChoiceField(
        Dataset.Status.values,
        help_text="draft: uploaded, changes nothing anyone sees; current: the latest year's published data, "
        "what the region's pages and new scenarios use; published: the published data of an earlier base year "
        "(the history: one per year); previous: replaced in its year, can be published again",
    )
    published_at = serializers.DateTimeField(allow_null=True, help_text="When it was last published")
    published_by = serializers.CharField(allow_null=True)
    url = serializers.CharField()


def dataset_output(dataset, centres: int, listed: float) -> dict:
    return {
        "id": dataset.pk,
        "name": dataset.name,
        "base_year": dataset.base_year,
        "centres": centres,
        "listed": listed or 0.0,
        "source_filename": dataset.source_filename,
        "checksum": dataset.checksum,
        "uploaded_at": dataset.uploaded_at,
        "uploaded_by": dataset.uploaded_by.username if dataset.uploaded_by else None,
        "is_demo": dataset.is_demo,
        "status": dataset.status,
        "published_at": dataset.published_at,
        "published_by": dataset.published_by.username if dataset.published_by else None,
        "url": reverse("api-dataset", args=[dataset.pk]),
    }


class DatasetListCreateApi(APIView):
    """A region's datasets (newest first; drafts only for its analysts and admins). Analysts of the
    region upload new ones: an upload is a *draft* until it is published (POST …/publish)."""

    parser_classes = [MultiPartParser]

    def initial(self, request, *args, **kwargs):
        """An upload's size is bounded before anything reads its body, authentication included (a
        session's CSRF check reads the form): like a proxy's body limit, it precedes the rest."""
        if request.method == "POST":
            limit = settings.VARDPENG_MAX_UPLOAD_BYTES
            if body_too_large(request, limit):
                raise _too_large(limit)
            request._upload_limit = limit_upload(request, limit)
        super().initial(request, *args, **kwargs)

    @extend_schema(responses={200: DatasetOutputSerializer(many=True), **errors(401, 404)}, tags=["datasets"])
    def get(self, request, code: str):
        region = region_get(code)
        datasets = datasets_visible(region, can_edit_region(request.user, region)).annotate(
            centre_count=Count("rows"), listed_total=Sum("rows__listed")
        )
        return Response([dataset_output(d, d.centre_count, d.listed_total) for d in datasets])

    @extend_schema(
        request={
            "multipart/form-data": OpenApiRequest(
                DatasetUploadSerializer, encoding={"file": {"contentType": f"text/csv, {XLSX}"}}
            )
        },
        responses={201: DatasetOutputSerializer, **errors(400, 401, 403, 404, 413, 415, upload=True)},
        tags=["datasets"],
    )
    def post(self, request, code: str):
        region = region_get(code)
        if not can_edit_region(request.user, region):
            raise exceptions.PermissionDenied(
                _("Only analysts of %(region)s and admins may upload datasets.") % {"region": region.code}
            )
        limit = settings.VARDPENG_MAX_UPLOAD_BYTES
        upload = request.FILES.get("file")
        if request._upload_limit.exceeded or (upload is not None and upload.size > limit):
            raise _too_large(limit)
        if upload is None:
            raise refuse("Send the file as the multipart field 'file'.")
        form = DatasetUploadSerializer(
            data={k: request.data[k] for k in request.data if k != "file"} | {"file": upload}
        )
        if not form.is_valid():
            raise refuse("; ".join(f"{field}: {' '.join(map(str, msgs))}" for field, msgs in form.errors.items()))
        base_year = form.validated_data.get("base_year") or datetime.date.today().year - 1
        dataset = dataset_import(
            region=region,
            filename=upload.name,
            data=upload.read(),
            base_year=base_year,
            name=form.validated_data.get("name", ""),
            uploaded_by=request.user,
        )
        summary = dataset_summary(dataset)
        body = dataset_output(dataset, summary["centres"], summary["listed"]) | {"by_form": summary["by_form"]}
        response = Response(body, status=status.HTTP_201_CREATED)
        response["Location"] = body["url"]  # the draft: what it would change, and how to publish it
        return response


def _too_large(limit: int) -> PayloadTooLarge:
    size = limit // (1024 * 1024)
    return PayloadTooLarge(_("The file is larger than %(size)s MB; nothing was stored.") % {"size": size})


class TemplateCsvApi(APIView):
    """An upload template: every column, two example rows, semicolons and decimal commas."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR)}, tags=["datasets"])
    def get(self, request):
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="vardpeng-centres-template.csv"'
        return response


class TemplateXlsxApi(APIView):
    """The upload template as a workbook, with a second sheet explaining every column."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY)}, tags=["datasets"])
    def get(self, request):
        # The sheet that explains the columns speaks the caller's language (a page's, or Accept-Language).
        response = HttpResponse(template_xlsx(translation.get_language() or "sv"), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="vardpeng-centres-template.xlsx"'
        return response
