"""A small but real OpenID provider for the tests, run in its own process on 127.0.0.1.

``python -m tests.accounts.oidc_provider`` binds a port the OS chooses, prints ``PORT <n>`` and
serves until it is stopped:

- ``/.well-known/openid-configuration``: discovery (issuer ``http://127.0.0.1:<n>``);
- ``/authorize``: checks the request (client, ``response_type=code``, a redirect URI, ``openid``,
  a PKCE S256 challenge) and approves the configured person at once: back to the redirect URI
  with a code and the state;
- ``/token``: the authorization code grant, the client authenticated by ``client_secret_basic`` or
  ``client_secret_post``, the code used once, for the same redirect URI, and the PKCE verifier
  checked against the challenge (S256); the ID token is signed RS256 with joserfc;
- ``/jwks``, ``/userinfo`` (Bearer access token) and ``/end_session`` (RP-initiated logout:
  checks ``id_token_hint`` and sends the browser to ``post_logout_redirect_uri`` with the state).

Tests configure it per test with ``POST /test/config`` (JSON) and read what it was asked with
``GET /test/log``. The configuration: ``client_id``, ``client_secret``, ``claims`` (the person:
``sub``, ``preferred_username``, ``roles``, …), ``end_session`` (whether discovery names the
endpoint), ``roles_only_in_userinfo`` and ``misbehave``, one of:

``wrong_nonce``, ``wrong_audience``, ``expired``, ``unsigned`` (``alg: none``), ``wrong_key``
(signed by a key not in the JWKS, under the published key's kid), ``wrong_issuer`` (in the ID
token), ``no_id_token``, ``deny`` (the person refuses: ``error=access_denied``),
``discovery_wrong_issuer`` and ``discovery_broken`` (discovery answers 500).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

KID = "vardpeng-test-key"
KEY = RSAKey.generate_key(2048, parameters={"kid": KID, "use": "sig", "alg": "RS256"})
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": KID, "use": "sig", "alg": "RS256"})

DEFAULT_CONFIG = {
    "client_id": "vardpeng-test",
    "client_secret": "test-secret",
    "claims": {"sub": "person-1", "preferred_username": "anna", "roles": ["vardpeng:viewer"]},
    "end_session": True,
    "roles_only_in_userinfo": False,
    "misbehave": None,
}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Provider:
    def __init__(self, issuer: str) -> None:
        self.issuer = issuer
        self.lock = threading.Lock()
        self.config = dict(DEFAULT_CONFIG)
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}
        self.log: dict[str, list] = {"discovery": [], "authorize": [], "token": [], "userinfo": [], "end_session": []}

    def discovery(self) -> dict:
        issuer = self.issuer + "/elsewhere" if self.config["misbehave"] == "discovery_wrong_issuer" else self.issuer
        document = {
            "issuer": issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", "email", "profile"],
        }
        if self.config["end_session"]:
            document["end_session_endpoint"] = f"{self.issuer}/end_session"
        return document

    def id_token(self, nonce: str | None) -> str:
        misbehave = self.config["misbehave"]
        now = int(time.time())
        claims = {k: v for k, v in self.config["claims"].items() if not (k == "roles" and self.roles_elsewhere)}
        claims |= {
            "iss": self.issuer + "/other" if misbehave == "wrong_issuer" else self.issuer,
            "aud": "another-service" if misbehave == "wrong_audience" else self.config["client_id"],
            "iat": now - 7200 if misbehave == "expired" else now,
            "exp": now - 3600 if misbehave == "expired" else now + 300,
            "auth_time": now,
        }
        if nonce is not None:
            claims["nonce"] = "not-the-nonce-that-was-sent" if misbehave == "wrong_nonce" else nonce
        if misbehave == "unsigned":
            header = {"alg": "none", "typ": "JWT"}
            return f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}."
        key = OTHER_KEY if misbehave == "wrong_key" else KEY
        return jwt.encode({"alg": "RS256", "kid": KID, "typ": "JWT"}, claims, key)

    @property
    def roles_elsewhere(self) -> bool:
        return bool(self.config["roles_only_in_userinfo"])


class Handler(BaseHTTPRequestHandler):
    provider: Provider

    def log_message(self, format, *args) -> None:  # quiet: the tests read /test/log
        pass

    # -- plumbing

    def _send(self, status: int, body: bytes = b"", content_type: str = "text/plain", headers=None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data) -> None:
        self._send(status, json.dumps(data).encode(), "application/json")

    def _redirect(self, url: str) -> None:
        self._send(302, headers={"Location": url})

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    # -- routes

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        route = {
            "/.well-known/openid-configuration": self.discovery,
            "/authorize": self.authorize,
            "/jwks": self.jwks,
            "/userinfo": self.userinfo,
            "/end_session": self.end_session,
            "/test/log": self.test_log,
        }.get(url.path)
        if route is None:
            return self._send(404, b"not found")
        with self.provider.lock:
            route(query)

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        body = self._body()
        with self.provider.lock:
            if url.path == "/token":
                return self.token({k: v[0] for k, v in parse_qs(body.decode()).items()})
            if url.path == "/test/config":
                self.provider.config = DEFAULT_CONFIG | json.loads(body or b"{}")
                self.provider.codes.clear()
                self.provider.access_tokens.clear()
                for entries in self.provider.log.values():
                    entries.clear()
                return self._json(200, self.provider.config)
        self._send(404, b"not found")

    def discovery(self, query: dict) -> None:
        self.provider.log["discovery"].append({})
        if self.provider.config["misbehave"] == "discovery_broken":
            return self._send(500, b"internal error")
        self._json(200, self.provider.discovery())

    def jwks(self, query: dict) -> None:
        self._json(200, KeySet([KEY]).as_dict(private=False))

    def authorize(self, query: dict) -> None:
        provider = self.provider
        provider.log["authorize"].append(query)
        problems = []
        if query.get("client_id") != provider.config["client_id"]:
            problems.append("unknown client_id")
        if query.get("response_type") != "code":
            problems.append("response_type must be code")
        if "openid" not in query.get("scope", "").split():
            problems.append("scope must include openid")
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            problems.append("a PKCE S256 code_challenge is required")
        if not query.get("redirect_uri"):
            problems.append("redirect_uri is required")
        if problems:
            return self._send(400, "; ".join(problems).encode())
        back = query["redirect_uri"] + ("&" if "?" in query["redirect_uri"] else "?")
        if provider.config["misbehave"] == "deny":
            return self._redirect(back + urlencode({"error": "access_denied", "state": query.get("state", "")}))
        code = secrets.token_urlsafe(24)
        provider.codes[code] = {
            "client_id": query["client_id"],
            "redirect_uri": query["redirect_uri"],
            "code_challenge": query["code_challenge"],
            "nonce": query.get("nonce"),
        }
        self._redirect(back + urlencode({"code": code, "state": query.get("state", "")}))

    def _client(self, form: dict) -> tuple[str | None, str | None]:
        authorization = self.headers.get("Authorization", "")
        if authorization.startswith("Basic "):
            decoded = base64.b64decode(authorization[6:]).decode()
            client_id, _, secret = decoded.partition(":")
            return unquote(client_id), unquote(secret)
        return form.get("client_id"), form.get("client_secret")

    def token(self, form: dict) -> None:
        provider = self.provider
        client_id, secret = self._client(form)
        entry = {"grant_type": form.get("grant_type"), "code_verifier": form.get("code_verifier"), "checks": []}
        provider.log["token"].append(entry)
        if client_id != provider.config["client_id"] or secret != provider.config["client_secret"]:
            return self._json(401, {"error": "invalid_client"})
        if form.get("grant_type") != "authorization_code":
            return self._json(400, {"error": "unsupported_grant_type"})
        grant = provider.codes.pop(form.get("code", ""), None)  # a code is good once
        if grant is None or grant["client_id"] != client_id or grant["redirect_uri"] != form.get("redirect_uri"):
            return self._json(400, {"error": "invalid_grant", "error_description": "unknown code or redirect_uri"})
        verifier = form.get("code_verifier") or ""
        if b64url(hashlib.sha256(verifier.encode()).digest()) != grant["code_challenge"]:
            return self._json(400, {"error": "invalid_grant", "error_description": "PKCE verification failed"})
        entry["checks"].append("pkce-s256")
        access_token = secrets.token_urlsafe(24)
        provider.access_tokens[access_token] = dict(provider.config["claims"])
        answer = {"access_token": access_token, "token_type": "Bearer", "expires_in": 300}
        if provider.config["misbehave"] != "no_id_token":
            answer["id_token"] = provider.id_token(grant["nonce"])
        self._json(200, answer)

    def userinfo(self, query: dict) -> None:
        authorization = self.headers.get("Authorization", "")
        claims = self.provider.access_tokens.get(authorization.removeprefix("Bearer "))
        self.provider.log["userinfo"].append({"known_token": claims is not None})
        if claims is None:
            return self._send(401, b"", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
        self._json(200, claims)

    def end_session(self, query: dict) -> None:
        entry = dict(query)
        try:
            hint = jwt.decode(query.get("id_token_hint", ""), KEY)
            entry["id_token_hint_sub"] = hint.claims.get("sub")
        except Exception:
            entry["id_token_hint_sub"] = None
        self.provider.log["end_session"].append(entry)
        target = query.get("post_logout_redirect_uri")
        if not target:
            return self._send(200, b"signed out")
        self._redirect(target + ("?" + urlencode({"state": query["state"]}) if query.get("state") else ""))

    def test_log(self, query: dict) -> None:
        self._json(200, self.provider.log)


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    Handler.provider = Provider(f"http://127.0.0.1:{port}")
    print(f"PORT {port}", flush=True)
    server.serve_forever()  # until the tests terminate the process


if __name__ == "__main__":
    main()
