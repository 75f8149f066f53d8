import io

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from healthcentres.services import dataset_create, dataset_publish
from regions.models import Region, Role
from regions.services import rulebook_save
from simulation.models import Scenario
from tests.conftest import minimal_document

RULES = {k: v for k, v in minimal_document().items() if k in ("horizon", "compensation")}


def make_region(code: str) -> Region:
    region = Region.objects.create(code=code, name=f"Region {code}")
    rulebook_save(region=region, effective_from=2024, rules=RULES)
    dataset = dataset_create(region=region, base_year=2024, name="data", rows=minimal_document()["centres"])
    dataset = dataset_publish(dataset=dataset, user=None)
    Scenario.objects.create(region=region, dataset=dataset, name="Basscenario", preset="baseline")
    return region


@pytest.fixture
def regions(db):
    return make_region("AA"), make_region("BB")


def client_for(username: str | None, role: str | None = None, codes=()) -> APIClient:
    client = APIClient()
    if username is None:
        return client
    call_command(
        "create_api_token",
        username,
        "--role",
        role,
        *[a for c in codes for a in ("--region", c)],
        stdout=io.StringIO(),
    )
    token = Token.objects.get(user__username=username)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def clients(regions):
    """One API client per kind of caller; the analyst works on AA only."""
    return {
        "anonymous": client_for(None),
        "viewer": client_for("vera", Role.Kind.VIEWER),
        "analyst": client_for("ada", Role.Kind.ANALYST, ["AA"]),
        "admin": client_for("root", Role.Kind.ADMIN),
    }
