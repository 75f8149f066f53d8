"""healthcentres' addresses: the upload, dataset and outturn pages (``urlpatterns``) and the
regions', datasets' and outturn's REST API (``api_urlpatterns``, under /api/v1/ by
config.api_urls). The region list lives here because each region is shown with its current
dataset (regions knows nothing of datasets)."""

from django.urls import path

from healthcentres.api.dataset_actions import DatasetCentresCsvApi, DatasetDetailApi, DatasetPublishApi
from healthcentres.api.datasets import DatasetListCreateApi, TemplateCsvApi, TemplateXlsxApi
from healthcentres.api.outturn import OutturnListCreateApi, OutturnPublishApi
from healthcentres.api.regions import RegionDetailApi, RegionListApi
from healthcentres.pages import datasets, outturn, upload

urlpatterns = [
    path("regions/<str:code>/upload/", upload.dataset_upload, name="region-upload"),
    path("regions/<str:code>/datasets/", datasets.region_datasets, name="region-datasets"),
    path("regions/<str:code>/datasets/<int:pk>/", datasets.dataset_page, name="region-dataset"),
    path("regions/<str:code>/datasets/<int:pk>/<str:action>/", datasets.dataset_action, name="region-dataset-action"),
    path("regions/<str:code>/outturn/", outturn.outturn_upload, name="region-outturn"),
    path("regions/<str:code>/outturn/<int:pk>/publish/", outturn.outturn_restore, name="region-outturn-publish"),
]

api_urlpatterns = [
    path("regions/", RegionListApi.as_view(), name="api-regions"),
    path("regions/<str:code>/", RegionDetailApi.as_view(), name="api-region"),
    path("regions/<str:code>/datasets/", DatasetListCreateApi.as_view(), name="api-datasets"),
    path("datasets/<int:pk>", DatasetDetailApi.as_view(), name="api-dataset"),
    path("datasets/<int:pk>/publish", DatasetPublishApi.as_view(), name="api-dataset-publish"),
    path("datasets/<int:pk>/centres.csv", DatasetCentresCsvApi.as_view(), name="api-dataset-centres-csv"),
    path("datasets/template.csv", TemplateCsvApi.as_view(), name="api-template-csv"),
    path("datasets/template.xlsx", TemplateXlsxApi.as_view(), name="api-template-xlsx"),
    path("regions/<str:code>/outturn/", OutturnListCreateApi.as_view(), name="api-outturn"),
    path("outturn/<int:pk>/publish", OutturnPublishApi.as_view(), name="api-outturn-publish"),
]
