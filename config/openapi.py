"""The OpenAPI schema says what the server enforces (checked by schemathesis in CI, `.ci/api-fuzz`)."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import permissions

from simulation.core.analysis.json_schema import components as analysis_components
from simulation.core.scenario.json_schema import components as document_components


class AutoSchema(SpectacularAutoSchema):
    """Anonymous reading is documented where the server allows it (``public_read`` views, when
    the server runs with public read on): such operations also list the empty security requirement."""

    def get_auth(self):
        auths = super().get_auth()
        if (
            settings.VARDPENG_PUBLIC_READ
            and getattr(self.view, "public_read", False)
            and self.method in permissions.SAFE_METHODS
            and {} not in auths
        ):
            auths.append({})
        return auths


def close_request_objects(result, generator, request, public):
    """Add the scenario document's components; close every request object (the server refuses
    unknown keys), so a client learns of a typo from the schema, not from a 400."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(document_components())
    schemas.update(analysis_components())
    for name, schema in schemas.items():
        if name.endswith("Request") and schema.get("type") == "object":
            schema.setdefault("additionalProperties", False)
    return result
