"""Sign-in with the region's account against a real OpenID provider (tests/accounts/oidc_provider.py,
its own process on 127.0.0.1): discovery, PKCE, state, nonce, the ID token's checks, roles from the
claim, sign-out at the provider."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model

from accounts.models import OidcIdentity
from regions.models import Region, Role
from tests.accounts.conftest import use_provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions():
    return [
        Region.objects.create(code=code, name=name) for code, name in (("AC", "Västerbotten"), ("U", "Västmanland"))
    ]


def start(client, next_url: str | None = None):
    return client.get("/oidc/authenticate/", {"next": next_url} if next_url else {})


def through_provider(client, authenticate_response):
    """The browser's part: follow the redirect to the provider, which approves at once and sends
    it back to the callback; the callback's answer."""
    assert authenticate_response.status_code == 302, authenticate_response.content[:500]
    at_provider = requests.get(authenticate_response["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    back = urlsplit(at_provider.headers["Location"])
    return client.get(back.path, parse_qs(back.query))


def sign_in(client, next_url: str | None = None):
    return through_provider(client, start(client, next_url))


def signed_in_user(client):
    return client.session.get("_auth_user_id")


def assert_refused(response, words: str, status: int = 400):
    page = response.content.decode()
    assert response.status_code == status
    assert "Inloggningen gick inte igenom" in page
    assert words in page
    assert "Traceback" not in page


def test_the_login_page_offers_the_regions_account_when_configured(client, provider):
    page = client.get("/accounts/login/", {"next": "/regions/AC/"}).content.decode()

    assert 'href="/oidc/authenticate/?next=/regions/AC/"' in page
    assert "Logga in med regionens konto" in page
    assert 'id="id_username"' in page  # local accounts stay


def test_the_login_page_offers_only_the_local_form_without_configuration(client, settings):
    settings.VARDPENG_OIDC_ISSUER = ""

    page = client.get("/accounts/login/").content.decode()

    assert "/oidc/authenticate/" not in page
    assert 'id="id_username"' in page


def test_authenticate_redirects_to_the_discovered_endpoint_with_state_nonce_and_pkce(client, provider):
    response = start(client)

    location = urlsplit(response["Location"])
    query = parse_qs(location.query)
    assert response.status_code == 302
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{provider.issuer}/authorize"
    assert query["client_id"] == ["vardpeng-test"]
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert query["redirect_uri"][0].endswith("/oidc/callback/")
    assert "openid" in query["scope"][0].split()


def test_a_viewer_signs_in_and_lands_where_they_were_going(client, provider, regions):
    response = sign_in(client, next_url="/regions/AC/")

    user = get_user_model().objects.get(pk=signed_in_user(client))
    assert response.status_code == 302 and response["Location"] == "/regions/AC/"
    assert user.username == "anna" and not user.has_usable_password()
    assert user.vardpeng_role.kind == Role.Kind.VIEWER
    assert provider.log()["token"][0]["checks"] == ["pkce-s256"]


def test_next_outside_the_site_is_not_followed(client, provider):
    response = sign_in(client, next_url="https://evil.example/phish")

    assert signed_in_user(client)
    assert response["Location"] == "/"


def test_an_analyst_claim_gives_the_analyst_role_for_its_regions(client, provider, regions):
    provider.configure(
        claims={
            "sub": "p-7",
            "preferred_username": "bo",
            "roles": ["vardpeng:analyst:AC", "vardpeng:analyst:u", "other:role"],
        }
    )

    sign_in(client)

    role = Role.objects.get(user__username="bo")
    assert role.kind == Role.Kind.ANALYST
    assert sorted(role.regions.values_list("code", flat=True)) == ["AC", "U"]
    assert client.get("/regions/AC/upload/").status_code == 200


def test_an_analyst_of_one_region_may_not_upload_to_another(client, provider, regions):
    provider.configure(claims={"sub": "p-12", "preferred_username": "frida", "roles": ["vardpeng:analyst:AC"]})

    sign_in(client)

    assert client.get("/regions/AC/upload/").status_code == 200
    assert client.get("/regions/U/upload/").status_code == 403


def test_roles_follow_the_claim_at_every_sign_in_and_go_when_it_no_longer_grants_one(client, provider, regions):
    person = {"sub": "p-8", "preferred_username": "cecilia"}
    provider.configure(claims=person | {"roles": ["vardpeng:admin"]})
    sign_in(client)
    assert Role.objects.get(user__username="cecilia").kind == Role.Kind.ADMIN
    client.post("/accounts/logout/")

    provider.configure(claims=person | {"roles": ["vardpeng:analyst:U"]})
    sign_in(client)
    role = Role.objects.get(user__username="cecilia")
    assert (role.kind, list(role.regions.values_list("code", flat=True))) == (Role.Kind.ANALYST, ["U"])
    client.post("/accounts/logout/")

    provider.configure(claims=person | {"roles": ["someone-elses:role"]})
    response = sign_in(client)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ditt konto har ingen roll i Vårdpeng" in page and "vardpeng:analyst:AC" in page
    assert not signed_in_user(client)
    assert not Role.objects.filter(user__username="cecilia").exists()
    assert get_user_model().objects.filter(username="cecilia").count() == 1  # the same person each time


def test_a_person_without_a_role_is_told_whom_to_ask_and_no_account_is_made(client, provider, settings):
    settings.VARDPENG_OIDC_ROLE_CONTACT = "Regionens servicedesk, 090-123 45"
    provider.configure(claims={"sub": "p-9", "preferred_username": "david", "name": "David Ek"})

    response = sign_in(client)

    page = response.content.decode()
    assert response.status_code == 200
    assert "David Ek" in page and "Regionens servicedesk, 090-123 45" in page
    assert not signed_in_user(client)
    assert not get_user_model().objects.filter(username__startswith="david").exists()


def test_users_are_matched_by_subject_not_by_name(client, provider):
    local = get_user_model().objects.create_user("anna", password="a-local-password-123")
    provider.configure(claims={"sub": "p-10", "preferred_username": "anna", "roles": ["vardpeng:viewer"]})

    sign_in(client)

    identity = OidcIdentity.objects.get(subject="p-10", issuer=provider.issuer)
    assert identity.user != local and identity.user.username.startswith("anna-")
    assert int(signed_in_user(client)) == identity.user.pk


def test_roles_only_in_userinfo_are_read_from_there(client, provider, regions):
    provider.configure(
        claims={"sub": "p-11", "preferred_username": "erik", "roles": ["vardpeng:analyst:AC"]},
        roles_only_in_userinfo=True,
    )

    sign_in(client)

    assert Role.objects.get(user__username="erik").kind == Role.Kind.ANALYST
    assert provider.log()["userinfo"] == [{"known_token": True}]


@pytest.mark.parametrize(
    ("misbehave", "words"),
    [
        ("wrong_nonce", "fel nonce"),
        ("wrong_audience", "en annan tjänst"),
        ("expired", "har gått ut"),
        ("unsigned", "osignerad"),
        ("wrong_key", "signaturen stämmer inte"),
        ("wrong_issuer", "en annan identitetsleverantör"),
        ("no_id_token", "ingen identitetstoken"),
        ("deny", "access_denied"),
    ],
)
def test_a_bad_answer_from_the_provider_is_refused_in_swedish_with_no_session(client, provider, misbehave, words):
    provider.configure(misbehave=misbehave)

    response = sign_in(client)

    assert_refused(response, words)
    assert not signed_in_user(client)
    assert not get_user_model().objects.exists()


def test_a_callback_without_the_state_it_was_sent_with_is_refused(client, provider):
    first = start(client)
    at_provider = requests.get(first["Location"], allow_redirects=False, timeout=10)
    back = parse_qs(urlsplit(at_provider.headers["Location"]).query)

    response = client.get("/oidc/callback/", {"code": back["code"][0], "state": "forged-state"})

    assert_refused(response, "gått ut eller startades i ett annat webbläsarfönster")
    assert not signed_in_user(client)


def test_a_callback_used_twice_signs_in_once(client, provider):
    first = start(client)
    at_provider = requests.get(first["Location"], allow_redirects=False, timeout=10)
    back = urlsplit(at_provider.headers["Location"])
    client.get(back.path, parse_qs(back.query))
    client.post("/accounts/logout/")

    again = client.get(back.path, parse_qs(back.query))

    assert_refused(again, "gått ut")
    assert not signed_in_user(client)


def test_a_provider_whose_discovery_names_another_issuer_gets_a_page_not_a_traceback(client, provider):
    provider.configure(misbehave="discovery_wrong_issuer")

    response = start(client)

    page = response.content.decode()
    assert response.status_code == 502
    assert "Regionens inloggningstjänst kunde inte nås eller är felaktigt inställd" in page
    assert f"{provider.issuer}/elsewhere" in page


def test_a_broken_discovery_gets_a_page_and_works_once_repaired(client, provider):
    provider.configure(misbehave="discovery_broken")
    assert start(client).status_code == 502

    provider.configure()

    assert start(client).status_code == 302


def test_discovery_is_read_once_and_again_when_it_is_old(client, provider):
    from accounts import oidc

    start(client)
    start(client)
    assert len(provider.log()["discovery"]) == 1
    config = oidc.oidc_settings()
    oidc.oidc_client(config).server_metadata["_loaded_at"] -= oidc.METADATA_MAX_AGE + 1

    start(client)

    assert len(provider.log()["discovery"]) == 2


def test_an_unreachable_provider_gets_a_page_not_a_traceback(client, settings):
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    use_provider(settings, f"http://127.0.0.1:{port}")

    response = start(client)

    assert response.status_code == 502
    assert "kunde inte nås" in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_without_configuration_the_oidc_addresses_say_so(client, settings):
    settings.VARDPENG_OIDC_ISSUER = ""

    response = client.get("/oidc/authenticate/")

    assert response.status_code == 404
    assert "inte inställd" in response.content.decode()


def test_sign_out_ends_the_session_here_and_at_the_provider(client, provider):
    sign_in(client)

    response = client.post("/accounts/logout/")

    location = urlsplit(response["Location"])
    query = parse_qs(location.query)
    assert response.status_code == 302
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{provider.issuer}/end_session"
    assert query["post_logout_redirect_uri"] == ["http://testserver/"]
    assert query["id_token_hint"][0].count(".") == 2
    assert not signed_in_user(client)
    at_provider = requests.get(response["Location"], allow_redirects=False, timeout=10)
    assert at_provider.headers["Location"].startswith("http://testserver/?state=")
    assert provider.log()["end_session"][0]["id_token_hint_sub"] == "person-1"


def test_sign_out_stays_local_when_the_provider_offers_no_end_session(client, provider):
    provider.configure(end_session=False)
    sign_in(client)

    response = client.post("/accounts/logout/")

    assert response["Location"] == "/"
    assert not signed_in_user(client)


def test_a_local_account_signs_out_locally(client, provider):
    get_user_model().objects.create_user("lokal", password="a-local-password-123")
    client.login(username="lokal", password="a-local-password-123")

    response = client.post("/accounts/logout/")

    assert response["Location"] == "/"
    assert not signed_in_user(client)


def test_the_settings_let_the_sign_out_form_go_on_to_the_providers_origin():
    # Sign-out posts to us and is redirected to the provider: Chromium holds that redirect to the
    # page's form-action (the browser test fails without it).
    environment = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "VARDPENG_OIDC_ISSUER": "https://idp.region.example/realms/vard",
    }
    code = "from django.conf import settings; print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'])"

    printed = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True, timeout=60
    ).stdout

    assert "https://idp.region.example'" in printed and "'self'" in printed
