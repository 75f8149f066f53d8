"""A stored projection as an HTTP answer: the cache's gzipped bytes as they are when the client
accepts gzip (most do), unpacked otherwise; its ETag is the cache key, so a client that already
has it gets 304 without a byte of the body."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

from simulation.services.projections import StoredProjection

#: gzip named in Accept-Encoding, not refused with q=0 (RFC 9110 §12.5.3).
_GZIP = re.compile(r"(?:^|,)\s*(?:gzip|\*)\s*(?:;\s*q\s*=\s*(?P<q>[0-9.]+))?\s*(?=,|$)", re.IGNORECASE)


def accepts_gzip(request: HttpRequest) -> bool:
    found = _GZIP.search(request.headers.get("Accept-Encoding", ""))
    return found is not None and float(found["q"] or 1) > 0


def stored_projection_response(request: HttpRequest, stored: StoredProjection) -> HttpResponse:
    etag = f'"{stored.key}"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response: HttpResponse = HttpResponseNotModified()
    elif accepts_gzip(request):
        response = HttpResponse(stored.body, content_type="application/json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(stored.json(), content_type="application/json")
    response["ETag"] = etag
    patch_vary_headers(response, ["Accept-Encoding"])
    return response
