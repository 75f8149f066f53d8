"""A stored projection as an HTTP answer: the cache's gzipped bytes as they are when the client
accepts gzip (most do), unpacked otherwise; its ETag is the cache key, so a client that already
has it gets 304 without a byte of the body."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

from common.compression import accepts_gzip
from simulation.services.projections import StoredProjection


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
