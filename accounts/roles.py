"""Vårdpeng roles from the identity provider's role claim (pure: no Django).

The claim (``VARDPENG_OIDC_ROLE_CLAIM``, default ``roles``) is a list of strings (or one string of
values separated by spaces or commas). Values Vårdpeng reads, every other value is ignored:

- ``vardpeng:admin``: administrator (everything, every region);
- ``vardpeng:analyst:AC``: analyst of region AC (the region's letter code); several give several
  regions;
- ``vardpeng:viewer``: reads and may simulate.

The strongest role wins (admin over analyst over viewer). No value at all: no role, and no sign-in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

PREFIX = "vardpeng:"
ADMIN = "vardpeng:admin"
VIEWER = "vardpeng:viewer"
ANALYST_PREFIX = "vardpeng:analyst:"
_REGION_CODE = re.compile(r"^[A-Z]{1,4}$")  # as Region.code


@dataclass(frozen=True)
class GrantedRole:
    """What the claim grants: ``kind`` is "admin", "analyst" or "viewer" (as ``regions.Role.Kind``)."""

    kind: str
    regions: frozenset[str] = field(default_factory=frozenset)


def claim_value(claims: Mapping, name: str) -> object:
    """The claim ``name``; a dotted name reaches into nested claims (Keycloak's
    ``realm_access.roles``) unless a claim of that exact name exists (URI-named claims have dots)."""
    if name in claims:
        return claims[name]
    value: object = claims
    for part in name.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def claim_values(value: object) -> list[str]:
    if isinstance(value, str):
        return [v for v in re.split(r"[\s,]+", value) if v]
    if isinstance(value, list | tuple):
        return [v.strip() for v in value if isinstance(v, str)]
    return []


def role_from_claim(value: object) -> GrantedRole | None:
    """The role a claim value grants, or None when it grants none (see the module's docstring)."""
    values = claim_values(value)
    if ADMIN in values:
        return GrantedRole("admin")
    regions = {v[len(ANALYST_PREFIX) :].strip().upper() for v in values if v.startswith(ANALYST_PREFIX)}
    regions = {code for code in regions if _REGION_CODE.match(code)}
    if regions:
        return GrantedRole("analyst", frozenset(regions))
    if VIEWER in values:
        return GrantedRole("viewer")
    return None
