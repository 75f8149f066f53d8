"""REST API, version 1 (spec §9)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from healthcentres.api.dataset_actions import DatasetCentresCsvApi, DatasetDetailApi, DatasetPublishApi
from healthcentres.api.datasets import DatasetListCreateApi, TemplateCsvApi, TemplateXlsxApi
from healthcentres.api.regions import RegionDetailApi, RegionListApi
from simulation.api.builder import BuilderPreviewApi, BuilderSaveApi
from simulation.api.jobs import (
    AnalysisCreateApi,
    JobAnswerApi,
    JobDetailApi,
    JobFigureApi,
    JobSobolApi,
    SimulationCreateApi,
)
from simulation.api.scenario_actions import ScenarioCloneApi, ScenarioRebaseApi, ScenarioVersionsApi
from simulation.api.scenarios import (
    ScenarioDetailApi,
    ScenarioDocumentApi,
    ScenarioListCreateApi,
    ScenarioProjectionApi,
    SimulateApi,
)

urlpatterns = [
    path("simulate", SimulateApi.as_view(), name="api-simulate"),
    path("simulations", SimulationCreateApi.as_view(), name="api-simulations"),
    path("analyses", AnalysisCreateApi.as_view(), name="api-analyses"),
    path("jobs/<str:pk>", JobDetailApi.as_view(), name="api-job"),
    path("jobs/<str:pk>/tornado", JobFigureApi.as_view(), name="api-job-tornado"),
    path("jobs/<str:pk>/answer", JobAnswerApi.as_view(), name="api-job-answer"),
    path("jobs/<str:pk>/sobol", JobSobolApi.as_view(), name="api-job-sobol"),
    path("schema/", SpectacularAPIView.as_view(permission_classes=[]), name="api-schema"),
    # The split view serves its start-up script as a file, so the docs page passes our CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema", permission_classes=[]), name="api-docs"),
    path("regions/", RegionListApi.as_view(), name="api-regions"),
    path("regions/<str:code>/", RegionDetailApi.as_view(), name="api-region"),
    path("regions/<str:code>/datasets/", DatasetListCreateApi.as_view(), name="api-datasets"),
    path("regions/<str:code>/scenarios/", ScenarioListCreateApi.as_view(), name="api-scenarios"),
    path("regions/<str:code>/builder/preview", BuilderPreviewApi.as_view(), name="region-builder-preview"),
    path("regions/<str:code>/builder/save", BuilderSaveApi.as_view(), name="region-builder-save"),
    path("datasets/<int:pk>", DatasetDetailApi.as_view(), name="api-dataset"),
    path("datasets/<int:pk>/publish", DatasetPublishApi.as_view(), name="api-dataset-publish"),
    path("datasets/<int:pk>/centres.csv", DatasetCentresCsvApi.as_view(), name="api-dataset-centres-csv"),
    path("datasets/template.csv", TemplateCsvApi.as_view(), name="api-template-csv"),
    path("datasets/template.xlsx", TemplateXlsxApi.as_view(), name="api-template-xlsx"),
    path("scenarios/<int:pk>/", ScenarioDetailApi.as_view(), name="api-scenario"),
    path("scenarios/<int:pk>/document", ScenarioDocumentApi.as_view(), name="api-scenario-document"),
    path("scenarios/<int:pk>/projection", ScenarioProjectionApi.as_view(), name="api-scenario-projection"),
    path("scenarios/<int:pk>/versions", ScenarioVersionsApi.as_view(), name="api-scenario-versions"),
    path("scenarios/<int:pk>/clone", ScenarioCloneApi.as_view(), name="api-scenario-clone"),
    path("scenarios/<int:pk>/rebase", ScenarioRebaseApi.as_view(), name="api-scenario-rebase"),
]
