"""The OpenID Connect client: discovery, the authorization code flow with PKCE, ID token checks.

Authlib's Django client does the protocol (chosen over mozilla-django-oidc, which has no discovery:
its endpoints and keys are typed into settings by hand). From the issuer alone it reads
``/.well-known/openid-configuration`` and the provider's keys (JWKS, fetched again when the
provider rotates them); it sends state, nonce and a PKCE S256 challenge, keeps them in the session,
and ``authorize_access_token`` checks the state, exchanges the code with the verifier and verifies
the ID token's signature and claims. What is added here is policy, not token handling: only RS256
is accepted, the discovered issuer must be the configured one, the ID token's audience must be our
client id, and every network call has a timeout.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from authlib.integrations.django_client import DjangoOAuth2App, OAuth
from django.conf import settings
from django.utils.translation import gettext as _

#: Only RSA with SHA-256 (the issue's RS256): "none", HMAC with a guessable key and the rest refused.
ALGORITHMS = ["RS256"]
#: Seconds to wait for the provider on any one call (discovery, keys, token, user info).
TIMEOUT = 10
#: Discovery is read again after this many seconds (a provider may move endpoints or keys).
METADATA_MAX_AGE = 3600


@dataclass(frozen=True)
class OidcSettings:
    issuer: str
    client_id: str
    client_secret: str
    role_claim: str
    scopes: str

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"


def oidc_settings() -> OidcSettings | None:
    """The provider from the settings, or None when sign-in with the region's account is off
    (any of issuer, client id and client secret missing)."""
    issuer = getattr(settings, "VARDPENG_OIDC_ISSUER", "")
    client_id = getattr(settings, "VARDPENG_OIDC_CLIENT_ID", "")
    client_secret = getattr(settings, "VARDPENG_OIDC_CLIENT_SECRET", "")
    if not (issuer and client_id and client_secret):
        return None
    return OidcSettings(
        issuer=issuer,
        client_id=client_id,
        client_secret=client_secret,
        role_claim=getattr(settings, "VARDPENG_OIDC_ROLE_CLAIM", "") or "roles",
        scopes=_with_openid(getattr(settings, "VARDPENG_OIDC_SCOPES", "") or "openid email profile"),
    )


def _with_openid(scopes: str) -> str:
    # Without "openid" there is no ID token (and Authlib would send no nonce): it is always asked for.
    words = scopes.replace(",", " ").split()
    return " ".join(words if "openid" in words else ["openid", *words])


def provider_origin(issuer: str) -> str:
    """scheme://host[:port] of an issuer address (for the Content-Security-Policy)."""
    parts = urlsplit(issuer)
    return f"{parts.scheme}://{parts.netloc}"


class ProviderError(Exception):
    """The provider could not be used: unreachable, or its discovery document is not acceptable.
    ``reason`` says what, in words for the person who configures it (shown on the error page)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _ProviderApp(DjangoOAuth2App):
    """Authlib's Django client, with discovery checked once loaded and refreshed hourly."""

    def load_server_metadata(self):
        loaded_at = self.server_metadata.get("_loaded_at")
        if loaded_at is not None and time.time() - loaded_at > METADATA_MAX_AGE:
            self.server_metadata.clear()  # read discovery and keys again
        metadata = super().load_server_metadata()
        if not metadata.get("_vardpeng_checked"):
            try:
                _check_metadata(metadata, self._vardpeng_issuer)
            except ProviderError:
                self.server_metadata.clear()  # a corrected provider is read again next time
                raise
            # The ID token's signature algorithm is ours to choose, not the provider's to widen.
            metadata["id_token_signing_alg_values_supported"] = ALGORITHMS
            metadata["_vardpeng_checked"] = True
        return metadata


def _check_metadata(metadata: dict, issuer: str) -> None:
    # OpenID Connect Discovery §4.3: the issuer in the document must be the one it was read from.
    if metadata.get("issuer") != issuer:
        raise ProviderError(
            _("its discovery document names the issuer %(found)s, not %(issuer)s")
            % {"found": metadata.get("issuer"), "issuer": issuer}
        )
    for endpoint in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(metadata.get(endpoint), str):
            raise ProviderError(_("its discovery document has no %(endpoint)s") % {"endpoint": endpoint})
    algorithms = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
    if not set(ALGORITHMS) & set(algorithms):
        raise ProviderError(
            _("it does not sign ID tokens with RS256 (it offers %(algorithms)s)")
            % {"algorithms": ", ".join(map(str, algorithms))}
        )


_clients: dict[OidcSettings, _ProviderApp] = {}
_clients_lock = threading.Lock()


def oidc_client(config: OidcSettings) -> _ProviderApp:
    """The client of this configuration, one per process (it caches discovery and keys)."""
    with _clients_lock:
        client = _clients.get(config)
        if client is None:
            client = OAuth().register(
                name="vardpeng",
                client_cls=_ProviderApp,
                client_id=config.client_id,
                client_secret=config.client_secret,
                server_metadata_url=config.discovery_url,
                client_kwargs={"scope": config.scopes, "code_challenge_method": "S256", "default_timeout": TIMEOUT},
            )
            client._vardpeng_issuer = config.issuer
            _clients[config] = client
        return client


def id_token_claims_options(config: OidcSettings) -> dict:
    """What the ID token's claims must be, beyond signature, nonce and time (which Authlib checks):
    issued by our issuer, to us, about someone."""
    return {
        "iss": {"essential": True, "value": config.issuer},
        "aud": {"essential": True, "value": config.client_id},
        "sub": {"essential": True},
        "exp": {"essential": True},
    }
