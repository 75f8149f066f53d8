from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts.models import OidcIdentity

#: Django stores a permission's name in English when the tables are made ("Can add user"); the
#: administration names it in its own language instead, from the action and the model.
ACTIONS = {
    "add": lambda model: _("Can add %(model)s") % {"model": model},
    "change": lambda model: _("Can change %(model)s") % {"model": model},
    "delete": lambda model: _("Can delete %(model)s") % {"model": model},
    "view": lambda model: _("Can view %(model)s") % {"model": model},
}


def permission_label(permission: Permission) -> str:
    model_class = permission.content_type.model_class()
    action = permission.codename.split("_", 1)[0]
    if model_class is None or action not in ACTIONS:
        return str(permission)
    meta = model_class._meta
    app = capfirst(str(meta.app_config.verbose_name))
    return f"{app} | {capfirst(str(meta.verbose_name))} | {ACTIONS[action](meta.verbose_name)}"


class PermissionsInOwnWords:
    """The permission pickers of users and groups, labelled in the page's language."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions") and field is not None:
            field.label_from_instance = permission_label
        return field


class SwedishGroupAdmin(PermissionsInOwnWords, GroupAdmin):
    pass


class SwedishUserAdmin(PermissionsInOwnWords, UserAdmin):
    pass


for model, model_admin in ((Group, SwedishGroupAdmin), (get_user_model(), SwedishUserAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)


@admin.register(OidcIdentity)
class OidcIdentityAdmin(admin.ModelAdmin):
    """Who signed in with the region's account, and the role claim they last came with. Read-only:
    the link is made at the first sign-in; deleting the user removes it."""

    list_display = ["user", "subject", "issuer", "role_claim", "last_sign_in_at"]
    search_fields = ["user__username", "subject"]
    readonly_fields = ["user", "issuer", "subject", "created_at", "last_sign_in_at", "role_claim"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
