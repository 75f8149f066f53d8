"""Rulebooks in the administration: a region's first rules may be added there (a new version, with
who); a region with data changes its rules on the rules page, where each change is run on its
baseline before it is saved, so the administration changes and deletes none."""

import io
import json

import pytest
from django.core.management import call_command

from regions.models import Region, Rulebook, RulebookVersion


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def test_a_rulebook_changed_in_the_administration_is_a_new_version_too(admin_client):
    region = Region.objects.create(code="AA", name="Region AA")
    rules = {"compensation": {"budget_per_listed": 4000, "fixed_share": 0.9}}

    response = admin_client.post(
        "/admin/regions/rulebook/add/", {"region": region.pk, "effective_from": 2024, "rules": json.dumps(rules)}
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    version = RulebookVersion.objects.get(region=region)
    assert version.rules == rules and version.created_by.username == "admin"
    assert Rulebook.objects.get(region=region).version == version.number


def test_the_administration_adds_only_a_regions_first_rules_and_changes_none(demo, admin_client):
    # A region with data changes its rules on the rules page, where they are run on its baseline.
    region = Region.objects.get(code="AC")
    before = RulebookVersion.objects.count()

    added = admin_client.post(
        "/admin/regions/rulebook/add/", {"region": region.pk, "effective_from": 2030, "rules": json.dumps({})}
    )
    changed = admin_client.post(
        f"/admin/regions/rulebook/{Rulebook.objects.filter(region=region).first().pk}/change/", {"rules": "{}"}
    )

    assert added.status_code == 200 and "/regions/AC/rules/" in added.content.decode()
    assert changed.status_code == 403
    assert RulebookVersion.objects.count() == before
