"""REST API, version 1 (spec §9): each app's part, and the schema that documents them all."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from healthcentres import urls as healthcentres_urls
from simulation import urls as simulation_urls

urlpatterns = [
    *simulation_urls.api_urlpatterns,
    *healthcentres_urls.api_urlpatterns,
    path("schema/", SpectacularAPIView.as_view(permission_classes=[]), name="api-schema"),
    # The split view serves its start-up script as a file, so the docs page passes our CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema", permission_classes=[]), name="api-docs"),
]
