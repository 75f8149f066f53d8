"""Users from the region's identity provider: found by issuer and subject, their role from the claim."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Mapping

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import OidcIdentity
from accounts.roles import PREFIX, GrantedRole
from regions.models import Region, Role

logger = logging.getLogger(__name__)

_USERNAME_CHARACTERS = re.compile(r"[^\w.@+-]")


@transaction.atomic
def oidc_user_sign_in(
    *, issuer: str, claims: Mapping, granted: GrantedRole | None, role_values: list[str]
) -> tuple[object | None, OidcIdentity | None]:
    """The user signing in as ``claims["sub"]`` at ``issuer``, with their role set from the claim.

    Their role is replaced at every sign-in, so a role taken away at the provider is gone here at
    the next sign-in. A claim that grants no role signs no one in: an existing user of that
    identity loses their role, and no new user is made (returns ``(None, identity or None)``).
    Users are matched by issuer and subject only, never by e-mail or user name.
    """
    subject = claims["sub"]
    identity = (
        OidcIdentity.objects.select_for_update().select_related("user").filter(issuer=issuer, subject=subject).first()
    )
    if granted is None:
        if identity is not None:
            Role.objects.filter(user=identity.user).delete()
            identity.role_claim = role_values
            identity.save(update_fields=["role_claim"])
            logger.info("OIDC sign-in of %s refused: the role claim grants no Vårdpeng role", identity.user)
        return None, identity
    if identity is None:
        identity = _identity_create(issuer, subject, claims)
    user = identity.user
    _update_profile(user, claims)
    _set_role(user, granted)
    identity.last_sign_in_at = timezone.now()
    identity.role_claim = role_values
    identity.save(update_fields=["last_sign_in_at", "role_claim"])
    return user, identity


def _identity_create(issuer: str, subject: str, claims: Mapping) -> OidcIdentity:
    try:
        with transaction.atomic():
            user = get_user_model().objects.create_user(username=_free_username(issuer, claims))
            return OidcIdentity.objects.create(user=user, issuer=issuer, subject=subject)
    except IntegrityError:
        # The same person signing in twice at once: the other request made them first.
        return OidcIdentity.objects.select_related("user").get(issuer=issuer, subject=subject)


def vardpeng_values(values: list[str]) -> list[str]:
    """The claim's values that concern Vårdpeng (kept with the identity, shown in the admin)."""
    return sorted({v for v in values if v.startswith(PREFIX)})


def _free_username(issuer: str, claims: Mapping) -> str:
    wanted = claims.get("preferred_username") or claims.get("email") or "user"
    base = _USERNAME_CHARACTERS.sub("", str(wanted))[:140] or "user"
    users = get_user_model().objects
    if not users.filter(username=base).exists():
        return base
    # A local account (or another person) has that name: the provider's person gets their own.
    suffix = hashlib.sha256(f"{issuer}\n{claims['sub']}".encode()).hexdigest()[:8]
    return f"{base}-{suffix}"


def _update_profile(user, claims: Mapping) -> None:
    fields = {
        "email": claims.get("email"),
        "first_name": claims.get("given_name"),
        "last_name": claims.get("family_name"),
    }
    changed = []
    for name, value in fields.items():
        if isinstance(value, str) and value != getattr(user, name):
            setattr(user, name, value[: user._meta.get_field(name).max_length])
            changed.append(name)
    if changed:
        user.save(update_fields=changed)


def _set_role(user, granted: GrantedRole) -> None:
    role, _created = Role.objects.update_or_create(user=user, defaults={"kind": granted.kind})
    regions = Region.objects.filter(code__in=granted.regions) if granted.kind == Role.Kind.ANALYST else []
    role.regions.set(regions)
    unknown = set(granted.regions) - {r.code for r in regions}
    if unknown:
        logger.warning("OIDC role claim of %s names regions Vårdpeng does not have: %s", user, sorted(unknown))
