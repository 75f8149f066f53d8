"""The administration pages speak Swedish: app headings, model names, field labels, the role form."""

import re
from html import unescape

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.text import capfirst

from regions.models import Region, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    get_user_model().objects.create_superuser("chef", password="an-admin-password-123")
    client.login(username="chef", password="an-admin-password-123")
    return client


def in_both(text_of) -> tuple[str, str]:
    with translation.override("en"):
        english = str(text_of())
    with translation.override("sv"):
        swedish = str(text_of())
    return english, swedish


def texts(html: str, pattern: str) -> set[str]:
    return {unescape(re.sub(r"<[^>]+>", "", m)).strip() for m in re.findall(pattern, html, re.S)}


def test_the_admin_index_names_every_app_and_model_in_swedish(admin_client):
    html = admin_client.get("/admin/").content.decode()

    captions = texts(html, r"<caption>(.*?)</caption>")
    rows = texts(html, r'<th scope="row"[^>]*>(.*?)</th>')
    app_labels = {model._meta.app_label for model in admin.site._registry}
    for label in app_labels:
        english, swedish = in_both(lambda label=label: apps.get_app_config(label).verbose_name)
        assert english != swedish, f"the app {label} has no Swedish name"
        assert swedish in captions and english not in captions
    for model in admin.site._registry:
        english, swedish = in_both(lambda model=model: capfirst(model._meta.verbose_name_plural))
        assert swedish in rows, swedish
        assert english == swedish or english not in rows, english


def test_the_role_form_is_in_swedish(admin_client):
    user = get_user_model().objects.create_user("ada")
    role = Role.objects.create(user=user, kind=Role.Kind.ANALYST)
    role.regions.set([Region.objects.create(code="AC", name="Västerbotten")])

    html = admin_client.get(f"/admin/regions/role/{role.pk}/change/").content.decode()

    labels = texts(html, r"<label[^>]*>(.*?)</label>")
    options = texts(html, r"<option[^>]*>(.*?)</option>")
    helps = texts(html, r'<div class="help"[^>]*>(.*?)</div>')
    assert {"Användare:", "Roll:", "Regioner:"} <= labels
    assert {"läsare", "analytiker", "administratör"} <= options
    assert not {"viewer", "analyst", "admin", "administrator"} & options
    assert any("Läsare läser och får simulera" in h for h in helps)
    assert not any("The regions an analyst works on" in h for h in helps)
    assert "Ändra roll" in html


def one_of_each(user) -> None:
    """An object of every model the administration shows, so that its list has columns."""
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from accounts.models import OidcIdentity
    from healthcentres.models import CentreFacts, Dataset, HealthCentre, Outturn, OutturnRow
    from regions.models import AuditEvent, Rulebook, RulebookVersion
    from simulation.models import CachedProjection, Scenario, ScenarioVersion

    region = Region.objects.create(code="AC", name="Västerbotten")
    Rulebook.objects.create(region=region, effective_from=2024, rules={})
    RulebookVersion.objects.create(region=region, number=1, effective_from=2024, rules={})
    centre = HealthCentre.objects.create(
        region=region, code="C1", name="Centrum", operating_form="egen_regi", unit="C1"
    )
    dataset = Dataset.objects.create(region=region, base_year=2024, name="Data", checksum="0" * 64)
    CentreFacts.objects.create(
        dataset=dataset, centre=centre, position=0, name="Centrum", unit="C1", operating_form="egen_regi", listed=1
    )
    outturn = Outturn.objects.create(region=region, year=2024, checksum="0" * 64)
    OutturnRow.objects.create(outturn=outturn, position=0, unit="C1", result_sek=1.0, balance_close_sek=0.0)
    scenario = Scenario.objects.create(region=region, dataset=dataset, name="Scenario")
    ScenarioVersion.objects.create(scenario=scenario, version=1, name="Scenario", dataset=dataset, change="created")
    AuditEvent.objects.create(region=region, user=user, action="x", object_type="x", object_id="1", summary="x")
    CachedProjection.objects.create(key="k", engine_version="1", body=b"", summary=b"")
    Role.objects.create(user=user, kind=Role.Kind.ADMIN)
    OidcIdentity.objects.create(user=user, issuer="https://idp.example", subject="s")
    Token.objects.create(user=user)
    Group.objects.create(name="Grupp")


#: Labels that are the same word in Swedish and English.
SAME_IN_BOTH = {"Dataset", "Status", "Version", "Region", "ID", "Id", "Token", "Tokens", "Superuser-status"}


def headings_and_labels(client, url: str, language: str) -> set[str]:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(url).content.decode()
    found = texts(html, r'<th scope="col"[^>]*>(.*?)</th>') | texts(html, r"<label[^>]*>(.*?)</label>")
    return {text.rstrip(":") for text in found if text and "\n" not in text}


def test_every_admin_list_and_form_labels_its_fields_in_swedish(admin_client):
    one_of_each(get_user_model().objects.get(username="chef"))
    english_left = {}
    shown = 0

    for model in admin.site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for url in (base, f"{base}{model._base_manager.first().pk}/change/"):
            english = headings_and_labels(admin_client, url, "en")
            swedish = headings_and_labels(admin_client, url, "sv")
            shown += len(swedish)
            if left := (english & swedish) - SAME_IN_BOTH:
                english_left[url] = sorted(left)

    assert shown > 100
    assert english_left == {}
