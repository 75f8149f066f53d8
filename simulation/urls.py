"""simulation's addresses: its pages (``urlpatterns``) and its part of the REST API
(``api_urlpatterns``, under /api/v1/ by config.api_urls)."""

from django.urls import path

from simulation.api.builder import BuilderPreviewApi, BuilderSaveApi
from simulation.api.history import BacktestApi, HistoryApi
from simulation.api.jobs import AnalysisCreateApi, JobDetailApi, SimulationCreateApi, job_figure_api
from simulation.api.rulebooks import AdoptApi, RulebookApi, RulebookRestoreApi, RulebookVersionsApi
from simulation.api.scenario_actions import ScenarioCloneApi, ScenarioRebaseApi, ScenarioVersionsApi
from simulation.api.scenarios import (
    ScenarioDetailApi,
    ScenarioDocumentApi,
    ScenarioListCreateApi,
    ScenarioProjectionApi,
    SimulateApi,
)
from simulation.core.analysis.kinds import figure_kinds
from simulation.pages import compare as compare_views
from simulation.pages import history as history_views
from simulation.pages import national as national_views
from simulation.pages import rules as rules_views
from simulation.pages import scenarios as scenario_views
from simulation.pages import views

urlpatterns = [
    path("", views.home, name="home"),
    path("method/", views.method, name="method"),
    path("national/", national_views.national_overview, name="national"),
    path("regions/<str:code>/", views.region_dashboard, name="region-dashboard"),
    path("regions/<str:code>/compare/", compare_views.region_compare, name="region-compare"),
    path("regions/<str:code>/compare/print/", compare_views.region_compare_print, name="region-compare-print"),
    path(
        "regions/<str:code>/compare/export.<str:kind>",
        compare_views.region_compare_export,
        name="region-compare-export",
    ),
    path("regions/<str:code>/builder/", views.builder, name="region-builder"),
    path("regions/<str:code>/drivers/", views.region_drivers, name="region-drivers"),
    path("regions/<str:code>/why/", views.region_why, name="region-why"),
    path("regions/<str:code>/history/", history_views.region_history, name="region-history"),
    path("regions/<str:code>/scenarios/", scenario_views.region_scenarios, name="region-scenarios"),
    path("regions/<str:code>/rules/", rules_views.region_rules, name="region-rules"),
    path(
        "regions/<str:code>/rules/download.<str:kind>", rules_views.region_rules_download, name="region-rules-download"
    ),
    path(
        "regions/<str:code>/scenarios/rebase-all/",
        scenario_views.scenarios_rebase_all,
        name="region-scenarios-rebase-all",
    ),
    path(
        "regions/<str:code>/scenarios/<int:pk>/history/",
        scenario_views.scenario_history,
        name="region-scenario-history",
    ),
    path(
        "regions/<str:code>/scenarios/<int:pk>/<str:action>/",
        scenario_views.scenario_action,
        name="region-scenario-action",
    ),
]

api_urlpatterns = [
    path("simulate", SimulateApi.as_view(), name="api-simulate"),
    path("simulations", SimulationCreateApi.as_view(), name="api-simulations"),
    path("analyses", AnalysisCreateApi.as_view(), name="api-analyses"),
    path("jobs/<str:pk>", JobDetailApi.as_view(), name="api-job"),
    # What each analysis kind draws of its result (tornado, answer, sobol): one view each.
    *(path(f"jobs/<str:pk>/{name}", job_figure_api(name).as_view(), name=f"api-job-{name}") for name in figure_kinds()),
    path("regions/<str:code>/scenarios/", ScenarioListCreateApi.as_view(), name="api-scenarios"),
    path("regions/<str:code>/builder/preview", BuilderPreviewApi.as_view(), name="region-builder-preview"),
    path("regions/<str:code>/history", HistoryApi.as_view(), name="api-history"),
    path("regions/<str:code>/backtest", BacktestApi.as_view(), name="api-backtest"),
    path("regions/<str:code>/builder/save", BuilderSaveApi.as_view(), name="region-builder-save"),
    path("regions/<str:code>/rulebook", RulebookApi.as_view(), name="api-rulebook"),
    path("regions/<str:code>/rulebook/versions", RulebookVersionsApi.as_view(), name="api-rulebook-versions"),
    path(
        "regions/<str:code>/rulebook/versions/<int:number>/restore",
        RulebookRestoreApi.as_view(),
        name="api-rulebook-restore",
    ),
    path("regions/<str:code>/adopt", AdoptApi.as_view(), name="api-adopt"),
    path("scenarios/<int:pk>/", ScenarioDetailApi.as_view(), name="api-scenario"),
    path("scenarios/<int:pk>/document", ScenarioDocumentApi.as_view(), name="api-scenario-document"),
    path("scenarios/<int:pk>/projection", ScenarioProjectionApi.as_view(), name="api-scenario-projection"),
    path("scenarios/<int:pk>/versions", ScenarioVersionsApi.as_view(), name="api-scenario-versions"),
    path("scenarios/<int:pk>/clone", ScenarioCloneApi.as_view(), name="api-scenario-clone"),
    path("scenarios/<int:pk>/rebase", ScenarioRebaseApi.as_view(), name="api-scenario-rebase"),
]
