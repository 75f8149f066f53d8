"""gzip for answers, chosen with BREACH in mind.

BREACH reads a secret out of a compressed HTTPS answer by making the victim's browser send many
requests that reflect a guess next to the secret, and watching the answer's length. It needs all
three: a secret in the body, attacker-chosen text reflected in the same body, and compression.
So we compress only where one of them is missing or defeated:

- Only GET and HEAD. A POST's answer (a refused form, say) reflects what was sent, next to the
  CSRF token; those answers are small and stay plain.
- The one secret our pages carry in their bodies is the CSRF token, and Django masks it afresh
  for every answer (a new random salt each time), which is Django's own BREACH mitigation: the
  bytes an attacker would guess change on every request. Session ids and API tokens travel in
  headers, which body compression never touches; no page shows a token (templates hold only
  ``csrf_token``).
- Our pages reflect the address only as validated choices (scenario ids, years, page numbers,
  numbers of the builder's form), not free text next to anything secret.
- Not the admin or the sign-in pages: the admin's search reflects free text beside data, and the
  sign-in form is small. Neither is worth the doubt.
- Django's GZipMiddleware also pads every answer with 0–99 random bytes (Heal the BREACH), which
  makes any remaining length oracle cost many more requests.

Answers that already carry a Content-Encoding pass as they are: WhiteNoise's precompressed
static files (``CompressedManifestStaticFilesStorage``: plotly.js as ``.gz``) and the projection
cache's stored gzip (``simulation.api.stored``). nginx (deploy/nginx) does not compress again.
"""

from __future__ import annotations

from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers

#: Paths whose answers stay plain (see the module's doc).
PLAIN_PREFIXES = ("/admin/", "/accounts/")


def accepts_gzip(request) -> bool:
    """Whether the client accepts gzip: named, and not refused with q=0, which Django's own test (any
    "gzip" in the header) would take for a yes (RFC 9110 §12.5.3). Only "gzip" as browsers write it
    counts (not "*" or "GZIP"), as Django's middleware, which does the compressing, sees it.
    Parsed by splitting, not by a regular expression: a header of spaces must cost linear time."""
    for coding in request.headers.get("Accept-Encoding", "").split(","):
        name, _semicolon, parameters = coding.partition(";")
        if name.strip() != "gzip":
            continue
        key, _equals, weight = parameters.partition("=")
        if not parameters.strip():
            return True
        if key.strip().lower() != "q":
            return False
        try:
            return float(weight.strip()) > 0
        except ValueError:  # a weight such as "1..0" is no weight: answer plain rather than guess
            return False
    return False


class BreachAwareGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if request.method not in ("GET", "HEAD") or request.path.startswith(PLAIN_PREFIXES):
            return response
        if not accepts_gzip(request):
            if not response.has_header("Content-Encoding"):
                patch_vary_headers(response, ("Accept-Encoding",))
            return response
        return super().process_response(request, response)
