from django.contrib import admin

from .models import Scenario


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "dataset", "preset", "version", "updated_at"]
    list_filter = ["region"]
    search_fields = ["name", "description"]
    readonly_fields = ["version", "created_at", "updated_at"]
