from django.contrib import admin
from django.urls import include, path

from config.views import favicon, healthz
from healthcentres import urls as healthcentres_urls
from simulation import urls as simulation_urls

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("", include(simulation_urls.urlpatterns)),
    path("", include(healthcentres_urls.urlpatterns)),
    path("", include("accounts.urls")),  # /oidc/… and the sign-out, before Django's own
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("config.api_urls")),
]

handler404 = "config.views.not_found"
handler500 = "config.views.server_error"
