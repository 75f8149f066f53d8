from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from common.admin import ReadOnly
from regions.models import AuditEvent, Region, Role, Rulebook, RulebookVersion
from regions.services import rulebook_publish


class RulebookInline(ReadOnly, admin.StackedInline):
    """A region's rulebooks, read here: they change on the rules page (checked against the region's
    baseline) or, for a region's first rules, by adding a rulebook."""

    model = Rulebook
    extra = 0


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "population"]
    search_fields = ["code", "name"]
    inlines = [RulebookInline]


class RulebookAddForm(forms.ModelForm):
    """A region's first rules. Once the region has data, its rules change on the rules page, where
    each change is run on the region's baseline before it is saved (this layer cannot run it)."""

    class Meta:
        model = Rulebook
        fields = ["region", "effective_from", "rules"]

    def clean_region(self):
        region = self.cleaned_data["region"]
        if region.datasets.exists():
            raise forms.ValidationError(
                _(
                    "%(region)s has data: change its rules on the rules page (/regions/%(code)s/rules/), where "
                    "they are tried on its baseline before they are saved."
                )
                % {"region": region.name, "code": region.code}
            )
        return region


@admin.register(Rulebook)
class RulebookAdmin(admin.ModelAdmin):
    """Rulebooks are read here; a region's first rules may be added (see RulebookAddForm)."""

    list_display = ["region", "effective_from", "version", "updated_at"]
    list_filter = ["region"]
    readonly_fields = ["version"]
    form = RulebookAddForm

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        # The same way as the rules page and the API: a new version, with who, and audited.
        rulebook_publish(region=obj.region, effective_from=obj.effective_from, rules=obj.rules, user=request.user)
        obj.pk = Rulebook.objects.get(region=obj.region, effective_from=obj.effective_from).pk
        obj.refresh_from_db()


@admin.register(RulebookVersion)
class RulebookVersionAdmin(ReadOnly, admin.ModelAdmin):
    """Every published version of a region's rules: read-only, since undo publishes a new one."""

    list_display = ["region", "number", "effective_from", "created_by", "created_at", "restored_from"]
    list_filter = ["region"]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "region_codes"]
    list_filter = ["kind"]
    search_fields = ["user__username"]
    filter_horizontal = ["regions"]

    @admin.display(description=_("regions"))
    def region_codes(self, role: Role) -> str:
        return ", ".join(region.code for region in role.regions.all())


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnly, admin.ModelAdmin):
    """The record of changes: read-only, as a record must be."""

    list_display = ["at", "region", "user", "action", "summary"]
    list_filter = ["region", "action"]
    search_fields = ["summary", "object_id"]
