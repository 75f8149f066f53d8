"""The pages' shared fixtures: the demo regions, and an analyst of Västerbotten signed in."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from regions.models import Region, Role


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def analyst(client):
    user = get_user_model().objects.create_user("ada", password="pw-for-tests-only")
    role = Role.objects.create(user=user, kind=Role.Kind.ANALYST)
    role.regions.set([Region.objects.get(code="AC")])
    client.force_login(user)
    return user
