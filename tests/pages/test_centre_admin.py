"""A centre's code, name, form and unit go into every document of its region's data; they change by
an upload published as a new dataset, which the projection cache's key follows. The administration
shows centres and changes none (an edit there changed figures under an unchanged key)."""

import io

from django.core.management import call_command

from healthcentres.models import HealthCentre


def test_the_administration_shows_a_centre_and_changes_none(db, admin_client):
    call_command("load_demo", stdout=io.StringIO())
    centre = HealthCentre.objects.filter(region__code="AC").first()

    shown = admin_client.get(f"/admin/healthcentres/healthcentre/{centre.pk}/change/")
    changed = admin_client.post(f"/admin/healthcentres/healthcentre/{centre.pk}/change/", {"code": centre.code + "X"})

    assert shown.status_code == 200 and centre.name in shown.content.decode()
    assert changed.status_code == 403
    assert HealthCentre.objects.get(pk=centre.pk).code == centre.code
