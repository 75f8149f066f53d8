"""When the database does not answer: 503 with a message and Retry-After, never a 500 page.

The API's own handler (config.api) answers its views the same way; this covers the pages, in
``DatabaseUnavailableMiddleware`` for what a view raises, and in the 500 handler
(config.views.server_error) for what a middleware raises before a view runs (a session or the
signed-in user read from the database)."""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

logger = logging.getLogger(__name__)

#: The errors of a database that is down, unreachable or overloaded (not of a bad query).
UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER = "30"
API_MESSAGE = gettext_noop("The database does not answer right now; try again shortly.")


def unavailable_response(request) -> HttpResponse:
    """503: the API's JSON error shape under /api/, a page in the visitor's language elsewhere.
    The page is rendered without the request (its context would read the signed-in user)."""
    if request.path.startswith("/api/"):
        response = JsonResponse({"errors": [{"path": "", "message": _(API_MESSAGE)}]}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = RETRY_AFTER
    return response


class DatabaseUnavailableMiddleware:
    """A view that meets a database that does not answer becomes a 503 (also with DEBUG on)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, UNAVAILABLE):
            logger.warning("database unavailable for %s: %s", request.path, exception)
            return unavailable_response(request)
        return None
