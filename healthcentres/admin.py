from django.contrib import admin

from common.admin import ReadOnly
from healthcentres.models import CentreFacts, Dataset, HealthCentre, Outturn, OutturnRow


@admin.register(HealthCentre)
class HealthCentreAdmin(ReadOnly, admin.ModelAdmin):
    """Read-only, like datasets: a centre's code, name, form and unit go into every document of its
    region's data, and change through an upload published as a new dataset (which the projection
    cache's key follows). An edit here would change figures under a key that did not change."""

    list_display = ["code", "name", "region", "municipality", "operating_form", "unit", "rural"]
    list_filter = ["region", "operating_form", "rural"]
    search_fields = ["code", "name", "municipality", "unit"]


class CentreFactsInline(ReadOnly, admin.TabularInline):
    model = CentreFacts
    extra = 0
    can_delete = False
    show_change_link = False


@admin.register(Dataset)
class DatasetAdmin(ReadOnly, admin.ModelAdmin):
    """Datasets are read-only here: a new upload is a new dataset (traceability), and publishing or
    deleting a draft happens on the region's data pages, through the services that record it."""

    list_display = ["name", "region", "status", "base_year", "uploaded_at", "uploaded_by", "is_demo"]
    list_filter = ["region", "status", "base_year", "is_demo"]
    inlines = [CentreFactsInline]


@admin.register(CentreFacts)
class CentreFactsAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["name", "dataset", "operating_form", "unit", "listed"]
    list_filter = ["dataset__region", "operating_form"]


class OutturnRowInline(ReadOnly, admin.TabularInline):
    model = OutturnRow
    extra = 0
    can_delete = False
    show_change_link = False


@admin.register(Outturn)
class OutturnAdmin(ReadOnly, admin.ModelAdmin):
    """Outturn is read-only here, like datasets: an upload is a new version, made on the region's
    outturn page (or its API), through the service that checks it against the history."""

    list_display = ["year", "region", "status", "source_filename", "uploaded_at", "uploaded_by", "is_demo"]
    list_filter = ["region", "status", "year", "is_demo"]
    inlines = [OutturnRowInline]
