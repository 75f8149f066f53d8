"""The whole sign-in with the region's account in headless Chromium, against the test provider
(its own process on 127.0.0.1): sign in, the role from the claim, sign out here and there."""

import io
import os
import shutil
from urllib.parse import urlparse

import pytest
from django.core.management import call_command

from tests.accounts.conftest import use_provider

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed (.ci/run installs it)"),
]
# Playwright's sync API runs an event loop in this thread; the test's own database work happens
# before and after it, never while a page is talking to the live server.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def site(live_server, transactional_db, oidc_provider_process, settings):
    call_command("load_demo", stdout=io.StringIO())
    oidc_provider_process.configure(
        claims={
            "sub": "browser-person",
            "preferred_username": "greta.analytiker",
            "name": "Greta Analytiker",
            "roles": ["vardpeng:analyst:AC"],
        }
    )
    use_provider(settings, oidc_provider_process.issuer)
    yield live_server.url
    from accounts import oidc

    oidc._clients.clear()


@pytest.fixture
def page(site, oidc_provider_process):
    """A Chromium page that records every error, failed response and request to any host but the
    site and the provider."""
    from playwright.sync_api import sync_playwright

    allowed = {urlparse(site).netloc, urlparse(oidc_provider_process.issuer).netloc}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="sv-SE")
        page = context.new_page()
        problems = []
        page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
        page.on("response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None)
        page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on(
            "request",
            lambda r: (
                problems.append(f"outside request: {r.url}")
                if urlparse(r.url).scheme in ("http", "https") and urlparse(r.url).netloc not in allowed
                else None
            ),
        )
        yield page, problems
        browser.close()


def test_sign_in_with_the_regions_account_gives_the_claims_role_and_sign_out_ends_both_sessions(
    page, site, oidc_provider_process
):
    page, problems = page
    page.goto(f"{site}/regions/AC/upload/")  # an analyst's page: first to the sign-in page
    page.click("#oidc-sign-in")

    page.wait_for_url(f"{site}/regions/AC/upload/")
    assert page.locator("#id_file").is_visible()  # the analyst role for AC, from the claim
    assert "greta.analytiker" in page.inner_text(".site-header")

    page.click("form.logout button[type=submit]")

    page.wait_for_url(lambda url: urlparse(url).path == "/" and urlparse(url).netloc == urlparse(site).netloc)
    assert page.locator(".site-header a", has_text="Logga in").count() == 1
    assert [e["id_token_hint_sub"] for e in oidc_provider_process.log()["end_session"]] == ["browser-person"]
    page.goto(f"{site}/regions/AC/upload/")
    assert urlparse(page.url).path == "/accounts/login/"  # signed out here too
    assert problems == []
