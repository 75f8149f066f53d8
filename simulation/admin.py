"""The administration of scenarios: every write goes through the services.

Django imports this module at start-up (``django.setup()`` autodiscovers every app's admin), also
for ``manage.py simulate``: the services, and the analyses behind them, are imported where a
request uses them, not here (they took a second of every command's start)."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from simulation.core.scenario import ScenarioInvalid
from simulation.models import CachedProjection, Scenario, ScenarioVersion


class ScenarioAdminForm(forms.ModelForm):
    """Refuses what the scenario document would refuse, with the validator's paths."""

    class Meta:
        model = Scenario
        fields = ["region", "dataset", "name", "description", "overrides", "levers", "variants", "preset"]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        from simulation.services.scenarios import scenario_check

        candidate = Scenario(pk=self.instance.pk, **{f: data.get(f) for f in self.Meta.fields})
        try:
            scenario_check(candidate)
        except ScenarioInvalid as invalid:
            messages_ = [f"{p.path}: {p.message}" if p.path else p.message for p in invalid.problems]
            raise forms.ValidationError(messages_) from None
        return data


class ScenarioVersionInline(admin.TabularInline):
    model = ScenarioVersion
    extra = 0
    can_delete = False
    fields = ["version", "change", "changed_by", "changed_at", "name", "dataset"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    """Every write goes through the services: validated, versioned, recorded. Deleting hides a
    scenario; "Restore" brings it back."""

    form = ScenarioAdminForm
    list_display = ["name", "region", "dataset", "preset", "version", "updated_at", "deleted_at"]
    list_filter = ["region", ("deleted_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "description"]
    readonly_fields = ["version", "created_at", "updated_at", "deleted_at", "deleted_by"]
    inlines = [ScenarioVersionInline]
    actions = ["restore"]

    def get_queryset(self, request):
        return Scenario.all_objects.select_related("region", "dataset")

    def save_model(self, request, obj, form, change) -> None:
        from simulation.services.scenarios import VERSIONED_FIELDS, scenario_create, scenario_update

        fields = {f: form.cleaned_data[f] for f in ("region", "dataset", *VERSIONED_FIELDS, "preset")}
        if change:
            changes = {f: v for f, v in fields.items() if f in form.changed_data and f != "region"}
            saved = scenario_update(
                scenario_id=obj.pk, expected_version=obj.version, changes=changes, user=request.user
            )
        else:
            region = fields.pop("region")
            saved = scenario_create(region=region, created_by=request.user, **fields)
        obj.pk, obj.version = saved.pk, saved.version

    def delete_model(self, request, obj) -> None:
        from simulation.services.scenarios import scenario_delete

        scenario_delete(scenario=obj, user=request.user)

    def delete_queryset(self, request, queryset) -> None:
        from simulation.services.scenarios import scenario_delete

        for scenario in queryset:
            scenario_delete(scenario=scenario, user=request.user)

    @admin.action(description=_("Restore the selected deleted scenarios"))
    def restore(self, request, queryset) -> None:
        from simulation.services.scenarios import scenario_restore

        restored = [scenario_restore(scenario=s, user=request.user) for s in queryset if s.deleted_at]
        self.message_user(request, _("%(count)s restored.") % {"count": len(restored)}, messages.SUCCESS)


@admin.register(CachedProjection)
class CachedProjectionAdmin(admin.ModelAdmin):
    list_display = ["key", "engine_version", "created_at"]
    readonly_fields = ["key", "engine_version", "cells", "values", "created_at"]
    exclude = ["body", "summary"]
