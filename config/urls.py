from django.contrib import admin
from django.urls import include, path

from config.views import favicon, healthz
from healthcentres.pages import datasets as dataset_views
from healthcentres.pages import upload as centre_views
from simulation.pages import scenarios as scenario_views
from simulation.pages import views as simulation_views

urlpatterns = [
    path("", simulation_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("regions/<str:code>/", simulation_views.region_dashboard, name="region-dashboard"),
    path("regions/<str:code>/compare/", simulation_views.region_compare, name="region-compare"),
    path("regions/<str:code>/compare/print/", simulation_views.region_compare_print, name="region-compare-print"),
    path(
        "regions/<str:code>/compare/export.<str:kind>",
        simulation_views.region_compare_export,
        name="region-compare-export",
    ),
    path("method/", simulation_views.method, name="method"),
    path("regions/<str:code>/builder/", simulation_views.builder, name="region-builder"),
    path("regions/<str:code>/drivers/", simulation_views.region_drivers, name="region-drivers"),
    path("regions/<str:code>/why/", simulation_views.region_why, name="region-why"),
    path("regions/<str:code>/upload/", centre_views.dataset_upload, name="region-upload"),
    path("regions/<str:code>/scenarios/", scenario_views.region_scenarios, name="region-scenarios"),
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
    path("regions/<str:code>/datasets/", dataset_views.region_datasets, name="region-datasets"),
    path("regions/<str:code>/datasets/<int:pk>/", dataset_views.dataset_page, name="region-dataset"),
    path(
        "regions/<str:code>/datasets/<int:pk>/<str:action>/",
        dataset_views.dataset_action,
        name="region-dataset-action",
    ),
    path("", include("accounts.urls")),  # /oidc/… and the sign-out, before Django's own
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("config.api_urls")),
]

handler404 = "config.views.not_found"
handler500 = "config.views.server_error"
