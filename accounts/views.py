"""Sign-in with the region's account: ``/oidc/authenticate/`` → the provider → ``/oidc/callback/``;
and sign-out, which ends the provider's session too when it offers RP-initiated logout.

Every way this can fail ends on a page in words (never a traceback) and with no one signed in.
"""

from __future__ import annotations

import logging

from authlib.integrations.base_client import MismatchingStateError, OAuthError
from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.views import LogoutView
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from joserfc.errors import (
    BadSignatureError,
    ClaimError,
    ExpiredTokenError,
    InvalidKeyIdError,
    JoseError,
    UnsupportedAlgorithmError,
)

from accounts.oidc import OidcSettings, ProviderError, id_token_claims_options, oidc_client, oidc_settings
from accounts.roles import claim_value, claim_values, role_from_claim
from accounts.services import oidc_user_sign_in, vardpeng_values

logger = logging.getLogger(__name__)

SESSION_NEXT = "vardpeng_oidc_next"
#: The ID token of the sign-in, sent back to the provider as id_token_hint at sign-out.
SESSION_ID_TOKEN = "vardpeng_oidc_id_token"


@never_cache
@require_GET
def oidc_authenticate(request):
    """Off to the provider's sign-in page, with state, nonce and a PKCE challenge; ``next`` (a
    page of this site only) is where the callback sends the person afterwards."""
    config = oidc_settings()
    if config is None:
        return _not_configured(request)
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = ""
    callback = request.build_absolute_uri(reverse("oidc-callback"))
    try:
        response = oidc_client(config).authorize_redirect(request, callback)
    except Exception as error:  # anything the provider does wrong ends here, on a page in words
        return _provider_unavailable(request, config, error)
    request.session[SESSION_NEXT] = next_url
    return response


@never_cache
@require_GET
def oidc_callback(request):
    """The provider's answer: checked (state, code with the PKCE verifier, the ID token's
    signature, issuer, audience, nonce and time), then the person is signed in with the role their
    claim grants, or shown why not."""
    config = oidc_settings()
    if config is None:
        return _not_configured(request)
    client = oidc_client(config)
    try:
        token = client.authorize_access_token(request, claims_options=id_token_claims_options(config))
    except MismatchingStateError:
        return _refused(
            request, _("The sign-in had expired or was started in another browser window. Please try again.")
        )
    except OAuthError as error:
        logger.warning("OIDC sign-in refused by the provider: %s %s", error.error, error.description)
        reason = _("The region's sign-in service did not sign you in (it answered: %(error)s).") % {
            "error": error.error or "error"
        }
        return _refused(request, reason)
    except JoseError as error:
        logger.warning("OIDC ID token refused: %r", error)
        return _refused(request, _token_refusal(error))
    except Exception as error:
        return _provider_unavailable(request, config, error)
    claims = token.get("userinfo")
    if not token.get("id_token") or not claims:
        logger.warning("OIDC token response without an ID token")
        return _refused(request, _("The region's sign-in service sent no ID token."))
    try:
        role_claim = _role_claim(client, config, token, claims)
    except _SubjectMismatch:
        return _refused(request, _("The region's sign-in service described another person than the one who signed in."))
    except Exception as error:
        return _provider_unavailable(request, config, error)
    granted = role_from_claim(role_claim)
    next_url = request.session.pop(SESSION_NEXT, "")
    user, _identity = oidc_user_sign_in(
        issuer=config.issuer, claims=claims, granted=granted, role_values=vardpeng_values(claim_values(role_claim))
    )
    if user is None or not user.is_active:
        logout(request)
        if user is None:
            contact = getattr(settings, "VARDPENG_OIDC_ROLE_CONTACT", "")
            return render(request, "accounts/no_role.html", {"claims": claims, "config": config, "contact": contact})
        return _refused(request, _("Your Vårdpeng account is switched off. Ask Vårdpeng's administrator."), status=403)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SESSION_ID_TOKEN] = token["id_token"]
    logger.info("OIDC sign-in of %s (%s)", user, granted.kind)
    return redirect(next_url or resolve_url(settings.LOGIN_REDIRECT_URL))


class SignOutView(LogoutView):
    """Django's sign-out, then — for a person who signed in with the region's account, when the
    provider's discovery names an ``end_session_endpoint`` — on to the provider to end its session
    too (RP-initiated logout, with ``id_token_hint``; it sends the person back to the home page)."""

    def post(self, request, *args, **kwargs):
        id_token = request.session.get(SESSION_ID_TOKEN)
        response = super().post(request, *args, **kwargs)
        config = oidc_settings()
        if not id_token or config is None:
            return response
        client = oidc_client(config)
        try:
            if not client.load_server_metadata().get("end_session_endpoint"):
                return response
            return client.logout_redirect(
                request,
                post_logout_redirect_uri=request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL)),
                id_token_hint=id_token,
                client_id=config.client_id,
            )
        except Exception:
            # Signed out here; the provider's session stays, which is no reason to show an error.
            logger.warning("OIDC sign-out at the provider skipped: its discovery could not be read", exc_info=True)
            return response


class _SubjectMismatch(Exception):
    pass


def _role_claim(client, config: OidcSettings, token: dict, claims: dict) -> object:
    """The role claim from the ID token, or else from the user info endpoint (some providers put
    roles only there), which must describe the same ``sub`` (OpenID Connect Core §5.3.2)."""
    value = claim_value(claims, config.role_claim)
    if value is not None or not client.load_server_metadata().get("userinfo_endpoint"):
        return value
    info = client.userinfo(token=token)
    if info.get("sub") != claims["sub"]:
        raise _SubjectMismatch
    return claim_value(info, config.role_claim)


def _token_refusal(error: JoseError) -> str:
    if isinstance(error, ExpiredTokenError):
        problem = _("it has expired")
    elif isinstance(error, ClaimError) and error.claim == "nonce":
        problem = _("it does not answer this sign-in (wrong nonce)")
    elif isinstance(error, ClaimError) and error.claim in ("aud", "azp"):
        problem = _("it was issued for another service (wrong audience)")
    elif isinstance(error, ClaimError) and error.claim == "iss":
        problem = _("it was issued by another identity provider")
    elif isinstance(error, ClaimError):
        problem = _("its claim %(claim)s is missing or wrong") % {"claim": error.claim}
    elif isinstance(error, UnsupportedAlgorithmError):
        problem = _("it is unsigned or signed with an algorithm Vårdpeng does not accept")
    elif isinstance(error, BadSignatureError | InvalidKeyIdError):
        problem = _("its signature does not match the sign-in service's keys")
    else:
        problem = _("it could not be read")
    return _("The region's sign-in service sent an ID token Vårdpeng cannot accept: %(problem)s.") % {
        "problem": problem
    }


def _refused(request, reason: str, status: int = 400):
    logout(request)
    return _problem(request, reason, status)


def _provider_unavailable(request, config: OidcSettings, error: Exception):
    logger.error("OIDC provider %s could not be used: %r", config.issuer, error, exc_info=True)
    if isinstance(error, ProviderError):
        detail = error.reason
    else:
        detail = _("%(address)s did not answer as an OpenID provider should") % {"address": config.discovery_url}
    reason = _(
        "The region's sign-in service could not be reached or is not set up right (%(detail)s). Try again in a "
        "while; if it goes on, tell Vårdpeng's administrator."
    ) % {"detail": detail}
    return _problem(request, reason, 502)


def _not_configured(request):
    return _problem(request, _("Signing in with the region's account is not set up on this server."), 404)


def _problem(request, reason: str, status: int):
    return render(request, "accounts/sign_in_problem.html", {"reason": reason}, status=status)
