"""Answers come gzipped when the client asks and plain when it does not (issue 27): pages, the
static files (plotly.js), and in production WhiteNoise's precompressed files. Which answers are
never compressed, and why, is common/compression.py (BREACH)."""

import gzip

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client

from regions.models import Region

PLOTLY = "vendor/plotly/plotly-finance-4.1.0.min.js"


@pytest.fixture
def client(db, settings):
    settings.VARDPENG_PUBLIC_READ = True
    Region.objects.create(code="AA", name="Region AA")
    return Client()


def test_a_page_is_gzipped_when_asked_and_plain_when_not(client):
    plain = client.get("/method/")
    zipped = client.get("/method/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    refused = client.get("/method/", HTTP_ACCEPT_ENCODING="gzip;q=0, identity")

    assert plain.status_code == zipped.status_code == 200
    assert "Content-Encoding" not in plain and "Content-Encoding" not in refused
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    # The same page (the CSRF token and the nonces differ per answer, so compare the structure).
    assert gzip.decompress(zipped.content).decode().count("<section") == plain.content.decode().count("<section")
    assert len(zipped.content) < len(plain.content) / 3


@pytest.mark.parametrize(
    ("header", "zipped"),
    [
        ("br, gzip ; q = 0.5", True),
        ("*", False),  # as Django's middleware reads it: only a named gzip
        ("identity, gzip;q=0", False),
        ("gzip;q=0.000", False),
        ("deflate", False),
        ("gzip" + " " * 8000 + "x", False),  # a header of spaces: read in linear time, and no coding
    ],
)
def test_accept_encoding_is_read_as_rfc_9110_says(client, header, zipped):
    response = client.get("/method/", HTTP_ACCEPT_ENCODING=header)

    assert response.status_code == 200
    assert (response.get("Content-Encoding") == "gzip") is zipped


@pytest.mark.parametrize("header", ["gzip;q=1..0", "gzip;q=.", "*;q=0.5.5"])
def test_a_malformed_weight_gets_a_plain_answer_not_an_error(client, header):
    response = client.get("/method/", HTTP_ACCEPT_ENCODING=header)

    assert response.status_code == 200
    assert "Content-Encoding" not in response


def test_answers_that_may_reflect_input_beside_a_secret_stay_plain(client, django_user_model):
    django_user_model.objects.create_superuser("admin", password="pw-for-tests-only")
    client.login(username="admin", password="pw-for-tests-only")

    posted = client.post("/i18n/setlang/", {"language": "en", "next": "/method/"}, HTTP_ACCEPT_ENCODING="gzip")
    admin = client.get("/admin/", HTTP_ACCEPT_ENCODING="gzip")
    sign_in = Client().get("/accounts/login/", HTTP_ACCEPT_ENCODING="gzip")

    assert admin.status_code == sign_in.status_code == 200
    assert all("Content-Encoding" not in r for r in (posted, admin, sign_in))


def test_plotly_is_gzipped_when_asked_and_plain_when_not(client):
    url = staticfiles_storage.url(PLOTLY)
    plain = client.get(url)
    zipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip")

    body = b"".join(plain.streaming_content)
    assert "Content-Encoding" not in plain and body.startswith(b"/**")
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(b"".join(zipped.streaming_content)) == body


@pytest.mark.slow
def test_in_production_whitenoise_serves_the_gzip_collectstatic_made(client, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    }
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    call_command("collectstatic", interactive=False, verbosity=0)
    fresh = Client()  # its handler builds WhiteNoise now, over the collected files
    url = staticfiles_storage.url(PLOTLY)

    plain = fresh.get(url)
    zipped = fresh.get(url, HTTP_ACCEPT_ENCODING="gzip")

    stored = next(tmp_path.glob("vendor/plotly/plotly-finance-4.1.0.min.*.js.gz")).read_bytes()
    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip"
    assert b"".join(zipped.streaming_content) == stored  # the file collectstatic made, as it is
    assert gzip.decompress(stored) == b"".join(plain.streaming_content)
