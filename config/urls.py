from django.contrib import admin
from django.urls import include, path

from config.views import healthz
from regions import views as region_views

urlpatterns = [
    path("", region_views.home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("config.api_urls")),
]

handler404 = "config.views.not_found"
handler500 = "config.views.server_error"
