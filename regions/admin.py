from django.contrib import admin

from .models import Region, Role, Rulebook


class RulebookInline(admin.StackedInline):
    model = Rulebook
    extra = 0


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "population", "is_demo"]
    search_fields = ["code", "name"]
    inlines = [RulebookInline]


@admin.register(Rulebook)
class RulebookAdmin(admin.ModelAdmin):
    list_display = ["region", "effective_from", "updated_at"]
    list_filter = ["region"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "kind"]
    list_filter = ["kind"]
    filter_horizontal = ["regions"]
