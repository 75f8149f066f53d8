"""The data pages: publishing and deleting ask first on a page of their own (plain forms, no script),
a draft that moves a figure by more than 10 % needs a ticked box, uploads are refused by size
before they are read and a missing column is named."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from healthcentres.models import Dataset
from healthcentres.selectors import dataset_centre_records
from healthcentres.uploads.template import template_csv
from regions.models import Region, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def analyst(client):
    user = get_user_model().objects.create_user("ada", password="pw-for-tests-only")
    Role.objects.create(user=user, kind=Role.Kind.ANALYST).regions.set([Region.objects.get(code="AC")])
    client.force_login(user)
    return user


def current() -> Dataset:
    return Region.objects.get(code="AC").datasets.get(status="current")


def upload(client, text: str, name: str = "Ny data"):
    file = io.BytesIO(text.encode())
    file.name = "centres.csv"
    return client.post("/regions/AC/upload/", {"file": file, "base_year": 2025, "name": name})


def draft_of(client, records: list[dict]) -> Dataset:
    assert upload(client, template_csv(records)).status_code == 302
    return Dataset.objects.get(name="Ny data")


def small_change() -> list[dict]:
    """The demo's centres with one telephone accessibility changed: no figure moves by 10 %."""
    records = dataset_centre_records(current())
    records[0]["phone_access"] = 0.9
    return records


def test_publishing_asks_first_on_its_own_page_and_publishes_only_from_it(client, demo, analyst):
    draft = draft_of(client, small_change())
    url = f"/regions/AC/datasets/{draft.pk}/publish/"

    review = client.get(f"/regions/AC/datasets/{draft.pk}/").content.decode()
    asked = client.get(url).content.decode()
    unconfirmed = client.post(url)
    draft.refresh_from_db()
    still_draft = draft.status
    published = client.post(url, {"confirmed": "yes"})
    draft.refresh_from_db()

    assert f'<form method="get" action="{url}"' in review  # a button that opens the question, no script
    assert "Publicera Ny data?" in asked and 'id="confirm-publish-button"' in asked
    assert 'name="acknowledge"' not in asked  # nothing moves by 10 %: one question is enough
    assert unconfirmed.status_code == 200 and still_draft == "draft"
    assert published.status_code == 302 and draft.status == "current"


def test_a_draft_that_moves_figures_needs_the_box_ticked_to_be_published(client, demo, analyst):
    before = current()
    draft = draft_of(client, [r for r in dataset_centre_records(before) if r["operating_form"] != "private"])
    url = f"/regions/AC/datasets/{draft.pk}/publish/"

    review = client.get(f"/regions/AC/datasets/{draft.pk}/").content.decode()
    asked = client.get(url).content.decode()
    without_box = client.post(url, {"confirmed": "yes"})
    unchanged = current()
    with_box = client.post(url, {"confirmed": "yes", "acknowledge": "yes"})

    assert 'id="review-warnings" role="alert"' in review and "skulle gå från" in review
    assert '<input type="checkbox" name="acknowledge" value="yes" id="acknowledge" required' in asked
    assert '<label for="acknowledge">' in asked
    assert without_box.status_code == 400 and "Kryssa i rutan" in without_box.content.decode()
    assert unchanged == before
    assert with_box.status_code == 302 and current() == draft


def test_deleting_a_draft_asks_first_and_deletes_only_from_the_question(client, demo, analyst):
    draft = draft_of(client, small_change())
    url = f"/regions/AC/datasets/{draft.pk}/delete/"

    asked = client.get(url).content.decode()
    unconfirmed = client.post(url)
    kept = Dataset.objects.filter(pk=draft.pk).exists()
    deleted = client.post(url, {"confirmed": "yes"})

    assert "Ta bort utkastet Ny data?" in asked and 'id="confirm-delete-button"' in asked
    assert f'href="/regions/AC/datasets/{draft.pk}/"' in asked  # "no, go back" is a plain link
    assert unconfirmed.status_code == 200 and kept
    assert deleted.status_code == 302 and not Dataset.objects.filter(pk=draft.pk).exists()


def test_the_question_is_not_asked_for_what_cannot_be_done(client, demo, analyst):
    published = current()

    response = client.get(f"/regions/AC/datasets/{published.pk}/delete/", follow=True)

    assert response.redirect_chain[-1][0] == f"/regions/AC/datasets/{published.pk}/"
    assert "Bara ett utkast kan tas bort" in response.content.decode()


def test_the_review_shows_shares_in_percent(client, demo, analyst):
    draft = draft_of(client, small_change())

    page = client.get(f"/regions/AC/datasets/{draft.pk}/").content.decode()

    changed = page.split('id="centres-changed"')[1].split("</table>")[0]
    assert "<td>Telefontillgänglighet</td>" in changed
    assert "90,0\u00a0%" in changed and "0,9<" not in changed


def test_a_page_upload_without_staff_cost_is_refused_naming_the_column(client, demo, analyst):
    lines = template_csv().splitlines()
    position = lines[0].split(";").index("staff_cost")
    text = "\n".join(";".join(v for i, v in enumerate(line.split(";")) if i != position) for line in lines)
    before = Dataset.objects.count()

    response = upload(client, text)

    page = response.content.decode()
    assert response.status_code == 200 and 'id="upload-errors"' in page
    assert "<td>staff_cost (Personalkostnad)</td>" in page
    assert "Kolumnen staff_cost (Personalkostnad) saknas" in page
    assert Dataset.objects.count() == before


def test_a_page_upload_larger_than_the_limit_is_refused_before_its_body_is_read(client, demo, analyst):
    before = Dataset.objects.count()

    # The body is empty but declares 300 MB: reading it would fail the test client's stream.
    response = client.generic(
        "POST", "/regions/AC/upload/", b"", content_type="multipart/form-data; boundary=x", CONTENT_LENGTH="314572800"
    )

    assert response.status_code == 413
    assert "Filen är större än 10 MB" in response.content.decode()
    assert Dataset.objects.count() == before


def test_a_page_upload_over_the_limit_is_stopped_while_it_streams(client, demo, analyst, settings):
    settings.VARDPENG_MAX_UPLOAD_BYTES = 1000
    before = Dataset.objects.count()

    response = upload(client, template_csv() * 3)

    assert response.status_code == 413
    assert Dataset.objects.count() == before


def test_the_upload_page_still_checks_csrf(demo, analyst):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(analyst)
    file = io.BytesIO(template_csv().encode())
    file.name = "centres.csv"

    response = strict.post("/regions/AC/upload/", {"file": file, "base_year": 2025})

    assert response.status_code == 403
