"""Demo accounts for trying Vårdpeng on one's own machine: only with DEBUG on (local settings).

``demo-analytiker`` is an analyst of every demo region, ``demo-politiker`` a viewer; both have the
password ``vardpeng-demo``, which is written in the README, so they must never exist on a server:
with DEBUG off none is made and any left from a local run is deleted.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from regions.models import Region, Role

PASSWORD = "vardpeng-demo"
ANALYST = "demo-analytiker"
VIEWER = "demo-politiker"
USERNAMES = (ANALYST, VIEWER)


@transaction.atomic
def demo_accounts_ensure(*, region_codes: list[str]) -> str:
    """Make (or repair) the two demo accounts, the analyst's regions being ``region_codes``; with
    DEBUG off make none and delete any there are. Returns one line saying what was done and why."""
    users = get_user_model().objects
    if not settings.DEBUG:
        deleted, _ = users.filter(username__in=USERNAMES).delete()
        removed = f"; removed the {', '.join(USERNAMES)} left from a local run" if deleted else ""
        return (
            "Demo accounts: none, because DEBUG is off (their password is public; use local settings "
            f"to try them){removed}."
        )
    regions = Region.objects.filter(code__in=region_codes)
    for username, kind in ((ANALYST, Role.Kind.ANALYST), (VIEWER, Role.Kind.VIEWER)):
        user, _ = users.get_or_create(username=username)
        if not user.check_password(PASSWORD) or not user.is_active:
            user.set_password(PASSWORD)
            user.is_active = True
            user.save()
        role, _ = Role.objects.update_or_create(user=user, defaults={"kind": kind})
        role.regions.set(regions if kind == Role.Kind.ANALYST else [])
    return f"Demo accounts (password {PASSWORD}): {demo_accounts_words(sorted(r.code for r in regions))}."


def demo_accounts_words(region_codes: list[str] | None = None) -> str:
    where = ", ".join(region_codes) if region_codes else "every demo region"
    return f"{ANALYST} (analyst of {where}), {VIEWER} (viewer)"
