from django.contrib import admin

from .models import CachedProjection, Scenario


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "dataset", "preset", "version", "updated_at"]
    list_filter = ["region"]
    search_fields = ["name", "description"]
    readonly_fields = ["version", "created_at", "updated_at"]


@admin.register(CachedProjection)
class CachedProjectionAdmin(admin.ModelAdmin):
    list_display = ["key", "engine_version", "created_at"]
    readonly_fields = ["key", "engine_version", "created_at", "projection"]
