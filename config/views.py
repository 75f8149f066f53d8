import sys

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common.unavailable import UNAVAILABLE, unavailable_response


@never_cache
@require_GET
def healthz(request):
    """200 when the app and its database answer, 503 otherwise (spec §9)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "not answering"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _api_error(request, status: int, message: str):
    return JsonResponse({"errors": [{"path": "", "message": message}]}, status=status)


def not_found(request, exception=None):
    """404 for URLs no route matches: the API's JSON error shape under /api/, a page elsewhere."""
    if request.path.startswith("/api/"):
        return _api_error(request, 404, "Not found: no such API endpoint or object.")
    return render(request, "404.html", status=404)


def server_error(request):
    # A middleware that read the session or the user from a database that does not answer.
    if isinstance(sys.exc_info()[1], UNAVAILABLE):
        return unavailable_response(request)
    if request.path.startswith("/api/"):
        return _api_error(request, 500, "Something went wrong on our side; it has been logged.")
    return render(request, "500.html", status=500)


def favicon(request):
    """Browsers ask for /favicon.ico on every page without an icon link (the admin, the API docs)."""
    return redirect(static("favicon.svg"), permanent=True)
